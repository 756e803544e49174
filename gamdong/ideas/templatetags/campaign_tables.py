"""The progress page's tables of departments, written in Python.

The mayor's page lists every 국 and every 과 (a few hundred rows of six numbers); through the
template engine each cell cost a variable lookup and a localisation, about half the page's time
at 1,500 staff (bench/profile_ops.py --side creative --ops progress_mayor). Here each row is one
format_html call; every value is still escaped.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from gamdong.ideas.selectors_campaigns import UnitProgress

register = template.Library()

_HEAD = mark_safe(
    '<th scope="col">부서</th><th scope="col" class="gd-num">대상 인원</th>'
    '<th scope="col" class="gd-num">제안한 직원</th><th scope="col" class="gd-num">참여율</th>'
    '<th scope="col" class="gd-num">제안 건수</th>'
)


def _row(unit: UnitProgress, ranked: bool) -> tuple:
    rank = format_html('<td class="gd-num">{}</td>', unit.rank) if ranked else ""
    indent = format_html(' class="gd-indent-{}"', unit.level) if unit.level else ""
    direct = format_html(' <span class="gd-muted">{}</span>', "(직속)") if unit.direct_only else ""
    return (rank, indent, unit.department.name, direct, unit.staff, unit.proposers, unit.rate, unit.proposals)


@register.simple_tag
def unit_table(units: list[UnitProgress], caption: str, ranked: bool = False) -> str:
    """A scrollable table of `units` (UnitProgress), with a rank column when `ranked`."""
    rows = format_html_join(
        "\n",
        '<tr>{}<th scope="row"{}>{}{}</th><td class="gd-num">{}</td><td class="gd-num">{}</td>'
        '<td class="gd-num">{}%</td><td class="gd-num">{}</td></tr>',
        (_row(unit, ranked) for unit in units),
    )
    rank_head = format_html('<th scope="col" class="gd-num">{}</th>', "순위") if ranked else ""
    return format_html(
        '<div class="gd-scroll" role="region" aria-label="{}" tabindex="0">\n<table class="krds-table">\n'
        "  <caption>{}</caption>\n  <thead><tr>{}{}</tr></thead>\n  <tbody>\n{}\n  </tbody>\n</table>\n</div>",
        caption, caption, rank_head, _HEAD, rows,
    )

