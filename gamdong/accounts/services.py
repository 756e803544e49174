"""Every change of state in accounts: one function per action a person takes.

Codes:   code_request → code_verify → (signup_token) → resident_sign_up / password_reset_complete
Users:   password_change, role_grant, role_revoke, roles_record_changes (the admin's inline)

Errors a person can act on are `AccountError` subclasses with a Korean message, an error
code, the form field at fault and an HTTP status; the views and the API map them once.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gamdong.accounts import verification
from gamdong.accounts.identifiers import EMAIL, SMS, Address
from gamdong.accounts.models import CodePurpose, Role, RoleGrant, User, UserKind, VerificationCode
from gamdong.core.events import EventType, record_event

TOKEN_SALT = "gamdong.accounts.verified-address"


# --- errors --------------------------------------------------------------------------------


class AccountError(Exception):
    code = "invalid"
    status = 400
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None, retry_after: int | None = None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field
        self.retry_after = retry_after


class AlreadyRegistered(AccountError):
    code, status, field = "already_registered", 409, "address"


class RateLimited(AccountError):
    code, status, field = "rate_limited", 429, "address"


class SendFailed(AccountError):
    code, status, field = "send_failed", 503, "address"


class NoCode(AccountError):
    code, status, field = "no_code", 400, "code"


class CodeExpired(AccountError):
    code, status, field = "code_expired", 400, "code"


class WrongCode(AccountError):
    code, status, field = "wrong_code", 400, "code"


class TooManyAttempts(AccountError):
    code, status, field = "too_many_attempts", 429, "code"


class InvalidToken(AccountError):
    code, status, field = "invalid_token", 400, "token"


class WeakPassword(AccountError):
    code, status, field = "weak_password", 400, "password"

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


# --- reads used by the actions -----------------------------------------------------------------


def user_for_address(address: Address) -> User | None:
    """The account that holds this email or mobile number, verified or not."""
    if address.channel == EMAIL:
        return User.objects.filter(email__iexact=address.value).first()
    return User.objects.filter(phone=address.value).first()


def user_for_verified_address(address: Address) -> User | None:
    """The account that proved it holds this address (the only ones a resident may log in with)."""
    if address.channel == EMAIL:
        return User.objects.filter(email__iexact=address.value, email_verified_at__isnull=False).first()
    return User.objects.filter(phone=address.value, phone_verified_at__isnull=False).first()


def _latest_code(address: Address, purpose: str) -> VerificationCode | None:
    return (
        VerificationCode.objects.filter(address=address.value, purpose=purpose, channel=address.channel)
        .order_by("-created_at", "-id")
        .first()
    )


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds}초"
    minutes = (seconds + 59) // 60
    return f"{minutes}분"


# --- codes -------------------------------------------------------------------------------------


def code_request(*, address: Address, purpose: str, ip: str | None) -> VerificationCode | None:
    """Send a new one-time code to `address` for `purpose`.

    Sign-up refuses an address that already has an account (AlreadyRegistered).
    Password reset answers the same whether or not the address has an account, and
    sends a code only if it belongs to a resident who verified it (returns None otherwise),
    so that the form does not tell a stranger who is registered.
    Limits: one code per address per resend interval, so many per address and per IP per
    hour (RateLimited, with `retry_after` in seconds).
    """
    now = timezone.now()
    with transaction.atomic():
        owner = user_for_address(address)
        if purpose == CodePurpose.SIGNUP and owner is not None:
            raise AlreadyRegistered(
                "이미 가입된 주소입니다. 로그인하거나, 비밀번호가 기억나지 않으면 비밀번호 찾기를 이용하세요."
            )
        _check_rate_limits(address=address, purpose=purpose, ip=ip, now=now)
        if purpose == CodePurpose.PASSWORD_RESET:
            verified_owner = user_for_verified_address(address)
            if (
                verified_owner is None
                or verified_owner.kind != UserKind.RESIDENT
                or not verified_owner.is_active
            ):
                # Counted for the limits like a real code, so timing and limits look alike.
                VerificationCode.objects.create(
                    channel=address.channel,
                    address=address.value,
                    purpose=purpose,
                    code_hash="!",  # matches no code
                    expires_at=now + timedelta(seconds=verification.limit("VERIFICATION_CODE_TTL_SECONDS")),
                    created_ip=ip,
                )
                return None
        code = verification.new_code()
        row = VerificationCode.objects.create(
            channel=address.channel,
            address=address.value,
            purpose=purpose,
            code_hash=verification.hash_code(code, address=address.value, purpose=purpose),
            created_at=now,
            expires_at=now + timedelta(seconds=verification.limit("VERIFICATION_CODE_TTL_SECONDS")),
            created_ip=ip,
        )
    # Sent after the commit and outside any lock: a slow gateway must not hold the database.
    message = verification.CodeMessage(
        channel=address.channel,
        address=address.value,
        purpose=purpose,
        code=code,
        text=verification.message_text(code),
        expires_at=row.expires_at,
    )
    try:
        verification.get_sender().send(message)
    except verification.CodeSendError as exc:
        verification.logger.warning("verification code not sent to %s: %s", address.channel, exc)
        VerificationCode.objects.filter(pk=row.pk).delete()
        raise SendFailed("인증번호를 보내지 못했습니다. 잠시 후 다시 시도하세요.") from exc
    return row


def _check_rate_limits(*, address: Address, purpose: str, ip: str | None, now) -> None:
    interval = verification.limit("VERIFICATION_RESEND_INTERVAL_SECONDS")
    hour_ago = now - timedelta(hours=1)
    recent = VerificationCode.objects.filter(address=address.value, created_at__gte=hour_ago)
    last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None and (now - last).total_seconds() < interval:
        wait = int(interval - (now - last).total_seconds()) + 1
        raise RateLimited(
            f"인증번호를 방금 보냈습니다. {_wait_text(wait)} 뒤에 다시 요청하세요.", retry_after=wait
        )
    per_address = verification.limit("VERIFICATION_MAX_PER_HOUR_ADDRESS")
    if recent.count() >= per_address:
        oldest = recent.order_by("created_at").values_list("created_at", flat=True).first()
        wait = int((oldest + timedelta(hours=1) - now).total_seconds()) + 1
        raise RateLimited(
            f"이 주소로 한 시간에 보낼 수 있는 인증번호({per_address}회)를 모두 보냈습니다. "
            f"{_wait_text(wait)} 뒤에 다시 요청하세요.",
            retry_after=wait,
        )
    if ip:
        per_ip = verification.limit("VERIFICATION_MAX_PER_HOUR_IP")
        from_ip = VerificationCode.objects.filter(created_ip=ip, created_at__gte=hour_ago)
        if from_ip.count() >= per_ip:
            raise RateLimited(
                "이 네트워크에서 인증번호 요청이 너무 많습니다. 한 시간 뒤에 다시 요청하세요.",
                retry_after=3600,
            )


def code_verify(*, address: Address, purpose: str, code: str) -> VerificationCode:
    """Check the code typed for the latest code sent to `address`; on success mark it verified.

    A wrong code counts as a try even though this raises: the count is committed first.
    """
    code = (code or "").strip()
    now = timezone.now()
    max_attempts = verification.limit("VERIFICATION_MAX_ATTEMPTS")
    with transaction.atomic():
        latest = _latest_code(address, purpose)
        if latest is None:
            raise NoCode("먼저 인증번호를 요청하세요.")
        row = VerificationCode.objects.select_for_update().get(pk=latest.pk)
        if row.used_at is not None:
            raise NoCode("이미 사용한 인증번호입니다. 새 인증번호를 요청하세요.")
        if row.expires_at <= now:
            minutes = max(1, verification.limit("VERIFICATION_CODE_TTL_SECONDS") // 60)
            raise CodeExpired(f"인증번호의 유효 시간({minutes}분)이 지났습니다. 새 인증번호를 요청하세요.")
        if row.attempts >= max_attempts:
            raise TooManyAttempts(f"인증번호를 {max_attempts}번 틀렸습니다. 새 인증번호를 요청하세요.")
        if row.verified_at is not None:
            return row
        row.attempts += 1
        right = verification.code_matches(code, code_hash=row.code_hash, address=row.address, purpose=purpose)
        if right:
            row.verified_at = now
        row.save(update_fields=["attempts", "verified_at"])
    if not right:
        left = max_attempts - row.attempts
        if left <= 0:
            raise TooManyAttempts(f"인증번호를 {max_attempts}번 틀렸습니다. 새 인증번호를 요청하세요.")
        raise WrongCode(f"인증번호가 맞지 않습니다. {left}번 더 입력할 수 있습니다.")
    return row


def verified_token(row: VerificationCode) -> str:
    """A signed, short-lived proof that the code `row` was verified (for the last step)."""
    return signing.dumps({"c": row.pk, "a": row.address, "p": row.purpose}, salt=TOKEN_SALT)


def _code_from_token(token: str, *, purpose: str) -> VerificationCode:
    """The verified, unused code a token names; locked for the caller's transaction."""
    try:
        data = signing.loads(
            token or "", salt=TOKEN_SALT, max_age=verification.limit("VERIFICATION_COMPLETE_WINDOW_SECONDS")
        )
    except signing.BadSignature as exc:
        raise InvalidToken("확인 시간이 지났거나 올바르지 않은 요청입니다. 처음부터 다시 하세요.") from exc
    row = VerificationCode.objects.select_for_update().filter(pk=data.get("c")).first()
    if (
        row is None
        or row.address != data.get("a")
        or row.purpose != purpose
        or data.get("p") != purpose
        or row.verified_at is None
        or row.used_at is not None
    ):
        raise InvalidToken("이미 사용했거나 확인되지 않은 인증입니다. 처음부터 다시 하세요.")
    return row


def address_from_token(token: str, *, purpose: str) -> Address | None:
    """The address a still-valid token proves (for showing it on the last step), or None."""
    try:
        with transaction.atomic():
            row = _code_from_token(token, purpose=purpose)
    except InvalidToken:
        return None
    return Address(row.channel, row.address)


def check_new_password(password: str, *, user: User) -> None:
    """Django's password validators, their messages in the request's language (Korean)."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise WeakPassword(list(exc.messages)) from exc


# --- sign-up and password reset ------------------------------------------------------------------


def _new_resident_username() -> str:
    while True:
        username = f"r{secrets.token_hex(5)}"
        if not User.objects.filter(username=username).exists():
            return username


def resident_sign_up(*, token: str, name: str, password: str) -> User:
    """Create a resident account for the address the token proves; the code is used up.

    Raises InvalidToken, AlreadyRegistered (someone took the address meanwhile) or
    WeakPassword; writes nothing in those cases.
    """
    name = name.strip()
    with transaction.atomic():
        row = _code_from_token(token, purpose=CodePurpose.SIGNUP)
        now = timezone.now()
        user = User(username=_new_resident_username(), name=name, kind=UserKind.RESIDENT)
        if row.channel == EMAIL:
            user.email, user.email_verified_at = row.address, now
        else:
            user.phone, user.phone_verified_at = row.address, now
        check_new_password(password, user=user)
        user.set_password(password)
        if user_for_address(Address(row.channel, row.address)) is not None:
            raise AlreadyRegistered("이미 가입된 주소입니다. 로그인하거나 비밀번호 찾기를 이용하세요.")
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise AlreadyRegistered(
                "이미 가입된 주소입니다. 로그인하거나 비밀번호 찾기를 이용하세요."
            ) from exc
        RoleGrant.objects.create(user=user, role=Role.RESIDENT)
        row.used_at = now
        row.save(update_fields=["used_at"])
        channel = {EMAIL: "email", SMS: "phone"}[row.channel]
        record_event(
            EventType.USER_VERIFIED, actor=user, subject=user, after={"channel": channel}, note="가입 인증"
        )
        record_event(
            EventType.USER_SIGNED_UP,
            actor=user,
            subject=user,
            after={
                "username": user.username,
                "kind": user.kind,
                "roles": [Role.RESIDENT.value],
                "via": channel,
            },
        )
        record_event(EventType.ROLE_GRANTED, actor=user, subject=user, after={"role": Role.RESIDENT.value})
    return user


def password_reset_complete(*, token: str, password: str) -> User:
    """Set a new password for the resident whose address the token proves; unlock their logins."""
    with transaction.atomic():
        row = _code_from_token(token, purpose=CodePurpose.PASSWORD_RESET)
        user = user_for_verified_address(Address(row.channel, row.address))
        if user is None or user.kind != UserKind.RESIDENT:
            raise InvalidToken("이 주소로 가입한 계정을 찾을 수 없습니다. 처음부터 다시 하세요.")
        user = User.objects.select_for_update().get(pk=user.pk)
        check_new_password(password, user=user)
        user.set_password(password)
        user.save(update_fields=["password"])
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
        channel = "email" if row.channel == EMAIL else "phone"
        record_event(
            EventType.USER_VERIFIED,
            actor=user,
            subject=user,
            after={"channel": channel},
            note="비밀번호 재설정 인증",
        )
        record_event(EventType.USER_PASSWORD_CHANGED, actor=user, subject=user, note="인증번호로 재설정")
    _unlock(user)
    return user


def password_change(*, user: User, new_password: str) -> None:
    """A logged-in user's new password (the old one is checked by the form)."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record_event(EventType.USER_PASSWORD_CHANGED, actor=user, subject=user, note="본인 변경")


def _unlock(user: User) -> None:
    """Forget failed logins under any name this user logs in with (they proved who they are)."""
    from axes.utils import reset

    for name in {user.username, user.email.lower(), user.phone} - {""}:
        reset(username=name)


# --- roles -----------------------------------------------------------------------------------


def role_grant(*, user: User, role: str, actor: User | None) -> RoleGrant:
    """Give `user` a role (nothing happens if they hold it already)."""
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(user=user, role=role)
        if created:
            record_event(EventType.ROLE_GRANTED, actor=actor, subject=user, after={"role": role})
    user.__dict__.pop("_role_set", None)
    return grant


def role_revoke(*, user: User, role: str, actor: User | None) -> None:
    """Take a role away from `user` (nothing happens if they do not hold it)."""
    with transaction.atomic():
        deleted, _ = RoleGrant.objects.filter(user=user, role=role).delete()
        if deleted:
            record_event(EventType.ROLE_REVOKED, actor=actor, subject=user, before={"role": role})
    user.__dict__.pop("_role_set", None)


def roles_record_changes(*, user: User, before: set[str], actor: User | None) -> None:
    """Record ROLE_GRANTED / ROLE_REVOKED for the difference between `before` and now.

    For editors that save RoleGrant rows themselves (the admin's inline).
    """
    after = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
    for role in sorted(after - before):
        record_event(EventType.ROLE_GRANTED, actor=actor, subject=user, after={"role": role})
    for role in sorted(before - after):
        record_event(EventType.ROLE_REVOKED, actor=actor, subject=user, before={"role": role})


def roles_before(user: User) -> set[str]:
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) if user.pk else set()
