from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from gamdong.accounts.models import STAFF_ROLES
from gamdong.core import home as home_rules


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
