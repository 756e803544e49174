"""Pages of the calendar: the deadline calculator (처리기한 계산기) and a year's holidays."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gamdong.core import deadline_text
from gamdong.core.calendar import SEOUL
from gamdong.core.calendar_forms import DeadlineForm
from gamdong.core.calendar_selectors import (
    calendar_settings,
    calendar_year,
    complaint_period_presets,
    compute_deadline,
)
from gamdong.core.deadline_input import HOLIDAY_LIST_MAX_YEAR, MIN_YEAR, DeadlineInputError, parse_year

FORM_FIELDS = ("received_date", "received_time", "kind", "amount", "unit")


def calculator(request: HttpRequest) -> HttpResponse:
    """The form, and once submitted (GET) the due time with the rule applied; 400 on bad
    input. An HTMX request gets only the result region."""
    presets = complaint_period_presets()
    submitted = any(name in request.GET for name in FORM_FIELDS)
    now = timezone.now().astimezone(SEOUL)
    form = DeadlineForm(
        request.GET if submitted else None,
        presets=presets,
        initial={"received_date": now.date(), "received_time": now.time().replace(second=0, microsecond=0)},
    )
    conf = calendar_settings()
    context = {"form": form, "presets": presets, "submitted": submitted, "conf": conf}
    status = 200
    if submitted:
        if form.is_valid():
            data = form.cleaned_data
            result = compute_deadline(data["received_at"], days=data["days"], hours=data["hours"])
            context.update(
                result=result,
                answer=deadline_text.answer_text(result),
                rule=deadline_text.rule_text(
                    result,
                    hour_based_max_days=conf.hour_based_max_days,
                    hours_per_day=conf.hours.hours_per_day,
                ),
                statute=deadline_text.statute(result),
                due_text=deadline_text.korean_datetime(result.due_at),
                skipped=[
                    (deadline_text.korean_date(d), name, source)
                    for d, name, source in result.non_working_days
                ],
                preset=form.presets.get(data.get("kind") or ""),
            )
        else:
            status = 400
    template = "core/calendar/_result.html" if request.htmx else "core/calendar/calculator.html"
    return render(request, template, context, status=status)


def holidays(request: HttpRequest) -> HttpResponse:
    """The non-working days and forced working days of one year (this year by default)."""
    raw = request.GET.get("year")
    this_year = timezone.now().astimezone(SEOUL).year
    try:
        year = parse_year(raw) if raw is not None else this_year
    except DeadlineInputError as exc:
        return render(
            request,
            "core/calendar/holidays.html",
            {"error": exc.message, "year": None, "this_year": this_year},
            status=400,
        )
    days = calendar_year(year)
    context = {
        "year": year,
        "this_year": this_year,
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < HOLIDAY_LIST_MAX_YEAR else None,
        "non_working_days": [(deadline_text.korean_date(d.date), d) for d in days["non_working_days"]],
        "working_days": [(deadline_text.korean_date(d.date), d) for d in days["working_days"]],
    }
    return render(request, "core/calendar/holidays.html", context)
