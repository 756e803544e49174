"""Log in with a login id (staff), or with a verified email or mobile number (residents)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import F

from gamdong.accounts.identifiers import normalize_login, parse_address
from gamdong.accounts.models import User


def resolve_login(identifier: str) -> User | None:
    """The user that `identifier` names, whatever form it was typed in.

    Order: an exact login id (staff employee numbers, and residents' generated ids);
    then an email address or mobile number that its owner verified with a code.
    An address nobody verified names nobody.
    """
    identifier = normalize_login(identifier or "")
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is not None:
        return user
    address = parse_address(identifier)
    if address is None:
        return None
    from gamdong.accounts.services import user_for_verified_address

    return user_for_verified_address(address)


class IdentifierBackend(ModelBackend):
    """ModelBackend that finds the user by login id, verified email or verified mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = resolve_login(username)
        if user is None:
            # Spend the time a password check takes, so that timing does not tell who exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in user of a request, with their roles read by the same query.

        Nearly every page asks for the roles (menus, permissions); read lazily they cost a second
        query per request (about 2.5 ms on PostgreSQL on the bench machine). The user row is
        joined to its role grants, one row per role (a person holds a few), and
        `User.role_set` is filled from them. Sessions name this backend (django-axes' backend
        only guards logins), so this is how every request finds its user.
        """
        rows = list(User._default_manager.filter(pk=user_id).annotate(granted_role=F("role_grants__role")))
        if not rows or not self.user_can_authenticate(rows[0]):
            return None
        user = rows[0]
        user._role_set = frozenset(row.granted_role for row in rows if row.granted_role)
        return user
