"""Small helpers that make people for tests through the real models."""

from gamdong.accounts.models import Role, RoleGrant, User, UserKind

PASSWORD = "gamdong-test-pw-1"


def make_user(username: str, *roles: str, name: str = "홍길동", kind: str | None = None, **fields) -> User:
    if kind is None:
        kind = UserKind.RESIDENT if roles in ((), (Role.RESIDENT,)) else UserKind.STAFF
    user = User.objects.create_user(username=username, password=PASSWORD, name=name, kind=kind, **fields)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user
