"""Resident sign-up over the API: ask for a code, verify it, finish sign-up.

    POST /api/v1/accounts/codes         {address, purpose}        → 202 {channel, masked_address, expires_in, resend_after}
    POST /api/v1/accounts/codes/verify  {address, purpose, code}  → 200 {token, expires_in}
    POST /api/v1/accounts/signup        {token, name, password}   → 201 {username, name, kind, ...}

Errors have the API's one shape {code, message, field}: 400 for bad input (invalid_address,
wrong_code, code_expired, no_code, invalid_token, weak_password), 409 already_registered,
429 rate_limited / too_many_attempts (with Retry-After), 503 send_failed. Sign-up over the
API does not start a browser session: the client logs in afterwards.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from gamdong.accounts import services, verification
from gamdong.accounts.identifiers import mask, parse_address
from gamdong.accounts.views import _ip
from gamdong.api import ApiError, error_body

router = Router(tags=["accounts"], auth=None)

Purpose = Literal["signup", "password_reset"]


class CodeRequestIn(Schema):
    address: str
    purpose: Purpose = "signup"


class CodeRequestOut(Schema):
    channel: str
    masked_address: str
    expires_in: int
    resend_after: int


class CodeVerifyIn(Schema):
    address: str
    purpose: Purpose = "signup"
    code: str = Field(..., max_length=20)


class CodeVerifyOut(Schema):
    token: str
    expires_in: int


class SignupIn(Schema):
    token: str
    name: str = Field(..., max_length=50)
    password: str = Field(..., max_length=4096)


class SignupOut(Schema):
    username: str
    name: str
    kind: str
    email: str
    phone: str


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


ERRORS = {400: ErrorOut, 409: ErrorOut, 429: ErrorOut, 503: ErrorOut}


def _address(text: str):
    address = parse_address(text)
    if address is None:
        raise ApiError(
            "이메일 주소나 휴대전화 번호(예: 010-1234-5678)를 정확히 입력하세요.",
            code="invalid_address",
            field="address",
        )
    return address


def _error_response(request: HttpRequest, exc: services.AccountError):
    from gamdong.api import api

    response = api.create_response(request, error_body(exc.code, exc.message, exc.field), status=exc.status)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    elif exc.status == 429:
        response["Retry-After"] = "60"
    return response


@router.post("/codes", response={202: CodeRequestOut, **ERRORS}, summary="Send a one-time code")
def request_code(request: HttpRequest, body: CodeRequestIn):
    """Send a 6-digit code to an email address or Korean mobile number.

    For password_reset the answer is the same whether or not the address has an account.
    """
    address = _address(body.address)
    try:
        services.code_request(address=address, purpose=body.purpose, ip=_ip(request))
    except services.AccountError as exc:
        return _error_response(request, exc)
    return Status(
        202,
        {
            "channel": address.channel,
            "masked_address": mask(address),
            "expires_in": verification.limit("VERIFICATION_CODE_TTL_SECONDS"),
            "resend_after": verification.limit("VERIFICATION_RESEND_INTERVAL_SECONDS"),
        },
    )


@router.post("/codes/verify", response={200: CodeVerifyOut, **ERRORS}, summary="Verify a one-time code")
def verify_code(request: HttpRequest, body: CodeVerifyIn):
    """Check the code; the token it returns proves the address for the last step."""
    address = _address(body.address)
    try:
        row = services.code_verify(address=address, purpose=body.purpose, code=body.code)
    except services.AccountError as exc:
        return _error_response(request, exc)
    return Status(
        200,
        {
            "token": services.verified_token(row),
            "expires_in": verification.limit("VERIFICATION_COMPLETE_WINDOW_SECONDS"),
        },
    )


@router.post("/signup", response={201: SignupOut, **ERRORS}, summary="Finish resident sign-up")
def signup(request: HttpRequest, body: SignupIn):
    """Create the resident account for the verified address."""
    if not body.name.strip():
        raise ApiError("이름을 입력하세요.", code="required", field="name")
    try:
        user = services.resident_sign_up(token=body.token, name=body.name, password=body.password)
    except services.AccountError as exc:
        return _error_response(request, exc)
    return Status(
        201,
        {
            "username": user.username,
            "name": user.name,
            "kind": user.kind,
            "email": user.email,
            "phone": user.phone,
        },
    )
