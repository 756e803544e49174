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


@register.simple_tag
def complaint_list_items(rows: list[dict]) -> str:
    """The <li> of each row of a resident's list (complaints/resident/mine.html): status badge,
    whether it is only followed, receipt number, title linked to the complaint, category,
    due time and the latest step. One format_html per item: through the template engine each
    item's dozen lookups, filters and translations were most of the page's CPU
    (bench/profile_ops.py --ops resident_list); every value is still escaped."""
    from django.utils.html import format_html, format_html_join

    from gamdong.complaints.models import Status
    from gamdong.complaints.templatetags._rows import ChoiceLabels, url_for_each

    detail_url = url_for_each("complaints:detail", "R-E-C-E-I-P-T")
    statuses = ChoiceLabels(Status)
    followed = format_html('<span class="krds-badge bg-light-secondary">{}</span>', gettext("함께 지켜보는 민원"))
    kind_label, due_label, latest_label = gettext("민원 종류"), gettext("처리기한"), gettext("최근 진행")
    due_later = gettext("접수 후 정해집니다")

    def item(row: dict) -> tuple:
        c = row["complaint"]
        latest = ""
        if row["latest"]:
            latest = format_html("<div><dt>{}</dt><dd>{} ({})</dd></div>", latest_label, row["latest"],
                                 korean_dt(c.latest_event_at))
        return (status_badge(c.status), statuses[c.status], "" if row["is_owner"] else followed, c.receipt_number,
                detail_url(c.receipt_number), c.title, kind_label, c.category.name, due_label,
                korean_dt(c.due_at) if c.due_at else due_later, latest)

    return format_html_join(
        "\n",
        '<li class="gd-complaint-list__item">'
        '<p class="gd-complaint-list__meta"><span class="krds-badge {}">{}</span>{}'
        '<span class="gd-muted">{}</span></p>'
        '<h2 class="gd-complaint-list__title"><a href="{}">{}</a></h2>'
        '<dl class="gd-complaint-list__facts"><div><dt>{}</dt><dd>{}</dd></div>'
        "<div><dt>{}</dt><dd>{}</dd></div>{}</dl></li>",
        (item(row) for row in rows),
    )
