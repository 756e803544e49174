from django import template
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext

from gamdong.core.deadline_text import korean_datetime

register = template.Library()

STATUS_BADGES = {
    "submitted": "bg-light-warning",
    "received": "bg-light-primary",
    "assigned": "bg-light-primary",
    "answered": "bg-light-success",
    "closed": "bg-light-gray",
    "transferred_out": "bg-light-gray",
    "merged": "bg-light-secondary",
}


@register.filter
def korean_dt(value) -> str:
    """2026년 3월 2일(월) 18:00 in Seoul time; empty for None."""
    if not value:
        return ""
    local = timezone.localtime(value)
    if (get_language() or "ko").startswith("ko"):
        return korean_datetime(local)
    # Translators: a date format (Django's date filter): 2026년 3월 2일(월) 18:00
    return dateformat.format(local, gettext("Y년 n월 j일(D) H:i"))


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "bg-light-gray")
