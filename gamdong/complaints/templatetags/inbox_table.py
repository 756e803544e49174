"""The inbox's rows, written in Python.

Each of the page's 25 rows had about fifteen template lookups, two choice labels (Django's
get_FOO_display rebuilds the field's whole choice map on every call), a URL reversed and two
dates localised: together about half of the inbox page's CPU (bench/profile_ops.py --ops inbox).
Here each row is one format_html call with labels and the URL pattern looked up once per page;
every value is still escaped and every fixed phrase still translated.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from gamdong.complaints.models import Kind, Status
from gamdong.complaints.selectors_office import InboxRow, TimePhrases, format_working_time
from gamdong.complaints.templatetags._rows import ChoiceLabels, url_for_each

register = template.Library()

_OVERDUE, _DUE_TODAY, _NEITHER = (mark_safe(f' class="{css}"') for css in ("is-overdue", "is-due-today", ""))


@register.simple_tag
def inbox_rows(rows: list[InboxRow]) -> str:
    """The <tr> of each InboxRow: time left (with the overdue / due-today flag), receipt number and
    title linked to the complaint, status, category and kind, department and officer, deadline."""
    statuses, kinds = ChoiceLabels(Status), ChoiceLabels(Kind)
    detail_url = url_for_each("office:detail", 2_147_000_001)
    overdue_flag = format_html('<span class="gd-flag gd-flag--overdue">{}</span>', gettext("기한 지남"))
    today_flag = format_html('<span class="gd-flag gd-flag--today">{}</span>', gettext("오늘 마감"))
    unassigned = gettext("미배정")
    receipt_due = format_html('<br><span class="gd-muted">{}</span>', gettext("접수 기한"))
    phrases = TimePhrases.current()

    def cells(row: InboxRow) -> tuple:
        c = row.complaint
        if row.overdue:
            css, flag = _OVERDUE, overdue_flag
        elif row.due_today:
            css, flag = _DUE_TODAY, today_flag
        else:
            css, flag = _NEITHER, ""
        deadline = ""
        if row.deadline:
            local = timezone.localtime(row.deadline)
            deadline = format_html('<time datetime="{}">{}</time>{}', local.isoformat(), local.strftime("%m-%d %H:%M"),
                                   receipt_due if c.status == Status.SUBMITTED else "")
        left = format_working_time(row.time_left, overdue=row.overdue, phrases=phrases)
        return (css, flag, left, detail_url(c.pk), c.receipt_number, c.title,
                statuses[c.status], c.category.name, kinds[c.kind], c.department.name,
                c.officer.user.name if c.officer_id else unassigned, deadline)

    return format_html_join(
        "\n",
        '<tr{}><td>{}<span class="gd-time-left">{}</span></td>'
        '<td><a href="{}"><span class="gd-receipt">{}</span> {}</a></td>'
        "<td>{}</td>"
        '<td>{}<br><span class="gd-muted">{}</span></td>'
        '<td>{}<br><span class="gd-muted">{}</span></td>'
        "<td>{}</td></tr>",
        (cells(row) for row in rows),
    )
