"""Login, logout and lockout become events (connected in AccountsConfig.ready).

The password is never recorded; the name that was tried is (in canonical form: an
email lower-cased, a phone number as digits), with the client's IP address.
"""

from __future__ import annotations

from gamdong.core.events import EventType, record_event


def _ip(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")


def on_logged_in(sender, request, user, **kwargs):
    record_event(EventType.USER_LOGGED_IN, actor=user, subject=user, after={"ip": _ip(request)})


def on_logged_out(sender, request, user, **kwargs):
    if user is None or not getattr(user, "pk", None):
        return
    record_event(EventType.USER_LOGGED_OUT, actor=user, subject=user, after={"ip": _ip(request)})


def on_login_failed(sender, credentials, request=None, **kwargs):
    from gamdong.accounts.backends import resolve_login

    tried = str(credentials.get("username", ""))[:150]
    user = resolve_login(tried) if tried else None
    record_event(
        EventType.USER_LOGIN_FAILED,
        actor=None,
        subject=user,
        after={"username": tried, "ip": _ip(request)},
        note=f"시도한 아이디: {tried}",
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    from gamdong.accounts.backends import resolve_login

    user = resolve_login(username) if username else None
    failures = getattr(request, "axes_failures_since_start", None)
    record_event(
        EventType.USER_LOCKED_OUT,
        actor=None,
        subject=user,
        after={"username": username, "ip": ip_address, "failures": failures},
        note=f"잠긴 아이디: {username}",
    )


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_logged_in, dispatch_uid="gamdong.accounts.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="gamdong.accounts.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="gamdong.accounts.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="gamdong.accounts.locked_out")
