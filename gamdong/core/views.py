from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from gamdong.accounts.models import STAFF_ROLES, Role
from gamdong.core import event_selectors
from gamdong.core import home as home_rules
from gamdong.core.events import EventType, record_event
from gamdong.core.forms import AuditFilterForm


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "unavailable", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def home(request: HttpRequest) -> HttpResponse:
    """The landing for visitors, the resident home, or the staff home for the roles held."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "core/landing.html")
    today = timezone.localdate()
    context = {"today": home_rules.day_status(today)}
    if user.is_employee or user.has_role(*STAFF_ROLES):
        context |= {
            "role_cards": home_rules.role_cards(user),
            "employee": home_rules.employee_facts(user),
        }
        return render(request, "core/staff_home.html", context)
    return render(request, "core/resident_home.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    """개인정보처리방침: what personal data gamdong keeps, why, and who sees it."""
    return render(request, "core/privacy.html")


def _is_administrator(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN)))


@never_cache
def audit(request: HttpRequest) -> HttpResponse:
    """The whole event record, for administrators (403 for everyone else)."""
    if not _is_administrator(request.user):
        raise PermissionDenied("감사 기록은 관리자만 볼 수 있습니다.")
    form = AuditFilterForm(request.GET or None)
    context = {"form": form, "page": None, "page_size": event_selectors.AUDIT_PAGE_SIZE}
    if request.GET and not form.is_valid():
        return render(request, "core/audit.html", context, status=400)
    filters = form.cleaned_data if request.GET else {}
    cursor = request.GET.get("cursor", "")
    page = event_selectors.audit_page(
        event_type=filters.get("event_type"),
        since=filters.get("since"),
        until=filters.get("until"),
        actor=filters.get("actor") or "",
        cursor=cursor,
    )
    # The record holds personal data (names in labels, before/after values): each view is logged.
    shown = {key: str(value) for key, value in filters.items() if value not in (None, "")}
    record_event(
        EventType.PERSONAL_DATA_VIEWED,
        actor=request.user,
        note=f"감사 기록 열람 {shown}" + (" (다음 쪽)" if cursor else ""),
    )
    base = {key: value for key, value in request.GET.items() if key != "cursor" and value}
    context.update(
        page=page,
        cursor=cursor,
        first_query=urlencode(base),
        next_query=urlencode({**base, "cursor": page.next_cursor}),
    )
    return render(request, "core/audit.html", context)
