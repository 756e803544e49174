"""Pages for logging in and out, resident sign-up, password reset and password change.

Status codes people's browsers (and the tests) see:
    a form that could not be accepted (wrong password, bad code, weak password)  400
    an address that already has an account (sign-up)                              409
    too many codes asked, or too many wrong codes for one code                    429
    locked out after repeated failed logins (django-axes)                         429 + Retry-After
"""

from __future__ import annotations

import math

from axes.helpers import get_client_ip_address, get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from gamdong.accounts import services
from gamdong.accounts.forms import (
    AddressForm,
    CodeForm,
    LoginForm,
    NewPasswordForm,
    PasswordChangeForm,
    SignupForm,
)
from gamdong.accounts.identifiers import EMAIL, Address, format_phone, mask
from gamdong.accounts.models import CodePurpose

SIGNUP = CodePurpose.SIGNUP.value
RESET = CodePurpose.PASSWORD_RESET.value

# What differs between the two code flows: names of the pages and words on them.
FLOWS = {
    SIGNUP: {
        "title": "주민 가입",
        "start": "accounts:signup",
        "verify": "accounts:signup_verify",
        "complete": "accounts:signup_complete",
    },
    RESET: {
        "title": "비밀번호 찾기",
        "start": "accounts:password_reset",
        "verify": "accounts:password_reset_verify",
        "complete": "accounts:password_reset_complete",
    },
}
SIGNUP_BACKEND = "gamdong.accounts.backends.IdentifierBackend"


def _ip(request: HttpRequest) -> str | None:
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or None


# --- login, logout, lockout ------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """The login page. A form that does not log in is shown again with 400."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "failure_limit": settings.AXES_FAILURE_LIMIT}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule): a link cannot log anyone out."""


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login: the Korean page, 429, and when to retry."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


# --- the code flows: step 1, address ---------------------------------------------------------------


def _flow(request: HttpRequest, purpose: str) -> dict:
    return request.session.get(f"accounts.{purpose}", {})


def _set_flow(request: HttpRequest, purpose: str, **values) -> None:
    request.session[f"accounts.{purpose}"] = {**_flow(request, purpose), **values}


def _shown(address: Address) -> str:
    return address.value if address.channel == EMAIL else format_phone(address.value)


@never_cache
@require_http_methods(["GET", "POST"])
def code_start(request: HttpRequest, purpose: str) -> HttpResponse:
    """Step 1: the email or mobile number to send a code to."""
    flow = FLOWS[purpose]
    form = AddressForm(request.POST or None)
    status = 200
    already_registered = False
    if request.method == "POST":
        status = 400
        if form.is_valid():
            address = form.cleaned_data["address"]
            try:
                services.code_request(address=address, purpose=purpose, ip=_ip(request))
            except services.AccountError as exc:
                form.add_error("address", exc.message)
                status = exc.status
                already_registered = isinstance(exc, services.AlreadyRegistered)
            else:
                request.session[f"accounts.{purpose}"] = {
                    "channel": address.channel,
                    "address": address.value,
                }
                return redirect(flow["verify"])
    context = {"form": form, "flow": flow, "purpose": purpose, "already_registered": already_registered}
    return render(request, "accounts/code_start.html", context, status=status)


# --- step 2, the code ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def code_verify(request: HttpRequest, purpose: str) -> HttpResponse:
    """Step 2: type the code; or ask for a new one (limited)."""
    flow = FLOWS[purpose]
    state = _flow(request, purpose)
    if not state.get("address"):
        return redirect(flow["start"])
    address = Address(state["channel"], state["address"])
    status = 200
    notice = resend_error = ""
    form = CodeForm()
    if request.method == "POST" and request.POST.get("action") == "resend":
        try:
            services.code_request(address=address, purpose=purpose, ip=_ip(request))
        except services.AccountError as exc:
            resend_error = exc.message
            status = exc.status
        else:
            notice = "새 인증번호를 보냈습니다. 먼저 받은 번호는 더 이상 쓸 수 없습니다."
    elif request.method == "POST":
        form = CodeForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                row = services.code_verify(address=address, purpose=purpose, code=form.cleaned_data["code"])
            except services.AccountError as exc:
                form.add_error("code", exc.message)
                status = exc.status
            else:
                _set_flow(request, purpose, token=services.verified_token(row))
                return redirect(flow["complete"])
    context = {
        "form": form,
        "flow": flow,
        "purpose": purpose,
        "shown_address": _shown(address),
        "masked_address": mask(address),
        "channel": address.channel,
        "notice": notice,
        "resend_error": resend_error,
    }
    return render(request, "accounts/code_verify.html", context, status=status)


# --- step 3: sign-up or new password ---------------------------------------------------------------


def _finish_verified_flow(request: HttpRequest, purpose: str, *, form_class, template: str, finish) -> HttpResponse:
    """Step 3 of a code-verified flow (sign-up, password reset): the address proved in step 2,
    a form, and `finish(token, cleaned_data)` that applies the change and returns the response.
    A weak password or an account error re-renders the form with the reason."""
    flow = FLOWS[purpose]
    token = _flow(request, purpose).get("token", "")
    address = services.address_from_token(token, purpose=purpose)
    if address is None:
        messages.error(request, "인증 시간이 지났습니다. 처음부터 다시 하세요.")
        return redirect(flow["start"])
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                response = finish(token, form.cleaned_data)
            except services.WeakPassword as exc:
                for message in exc.messages:
                    form.add_error("password1", message)
            except services.AccountError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                request.session.pop(f"accounts.{purpose}", None)
                return response
    context = {"form": form, "flow": flow, "shown_address": _shown(address)}
    return render(request, template, context, status=status)


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup_complete(request: HttpRequest) -> HttpResponse:
    """Step 3 of sign-up: name and password; the account is made and logged in."""

    def finish(token: str, data: dict) -> HttpResponse:
        user = services.resident_sign_up(token=token, name=data["name"], password=data["password1"])
        login(request, user, backend=SIGNUP_BACKEND)
        messages.success(request, f"{user.name}님, 가입을 환영합니다.")
        return redirect(settings.LOGIN_REDIRECT_URL)

    return _finish_verified_flow(request, SIGNUP, form_class=SignupForm,
                                 template="accounts/signup_complete.html", finish=finish)


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def password_reset_complete(request: HttpRequest) -> HttpResponse:
    """Step 3 of password reset: the new password; then log in with it."""

    def finish(token: str, data: dict) -> HttpResponse:
        services.password_reset_complete(token=token, password=data["password1"])
        messages.success(request, "비밀번호를 바꿨습니다. 새 비밀번호로 로그인하세요.")
        return redirect(reverse("accounts:login"))

    return _finish_verified_flow(request, RESET, form_class=NewPasswordForm,
                                 template="accounts/password_reset_complete.html", finish=finish)


# --- password change ---------------------------------------------------------------------------


@never_cache
@csrf_protect
@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            services.password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
            update_session_auth_hash(request, request.user)
            messages.success(request, "비밀번호를 바꿨습니다.")
            return redirect(reverse("accounts:password_change"))
    return render(request, "accounts/password_change.html", {"form": form}, status=status)
