from django import template
from django.utils import timezone

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
    return korean_datetime(timezone.localtime(value))


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "bg-light-gray")
