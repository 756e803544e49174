"""Changes to the district's calendar: its own holidays (휴무일) and working days (근무일).

Each function is one action an administrator takes, runs in a transaction, records its
event, and drops the cached calendar so that the next deadline counts with the change.
Deadlines already stored on complaints are not recomputed here: the complaints app decides
what a calendar change means for open complaints.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gamdong.core.calendar import korean_public_holidays
from gamdong.core.calendar_selectors import forget_calendar_cache
from gamdong.core.events import EventType, record_event, snapshot
from gamdong.core.models import CalendarOverride

FIELDS = ["date", "kind", "name", "reason"]


def calendar_override_check(*, date: dt.date, kind: str, exclude_pk: int | None = None) -> None:
    """Raise ValidationError (Korean, by field) if this override may not be made.

    One override per date; a public holiday can never be made a working day (법 §19 never
    counts public holidays), and a forced working day on an ordinary weekday means nothing.
    """
    if kind not in CalendarOverride.Kind.values:
        raise ValidationError({"kind": "구분은 휴무일 또는 근무일이어야 합니다."})
    taken = CalendarOverride.objects.filter(date=date)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"date": f"{date:%Y-%m-%d}에는 이미 휴무일·근무일 지정이 있습니다. 그 지정을 고치세요."}
        )
    if kind == CalendarOverride.Kind.WORKING_DAY:
        holiday = korean_public_holidays(date.year).get(date)
        if holiday:
            raise ValidationError(
                {"date": f"{date:%Y-%m-%d}은(는) 법정공휴일({holiday})이라 근무일로 지정할 수 없습니다."}
            )
        if date.weekday() < 5:
            raise ValidationError(
                {
                    "date": f"{date:%Y-%m-%d}은(는) 평일이라 이미 근무일입니다. 근무일 지정은 토요일·일요일에만 합니다."
                }
            )


def _forget_now_and_on_commit() -> None:
    # Now, for this transaction's own reads; on commit, in case another request refilled
    # the cache with the old rows in between.
    forget_calendar_cache()
    transaction.on_commit(forget_calendar_cache)


def calendar_override_add(
    *, actor, date: dt.date, kind: str, name: str, reason: str = ""
) -> CalendarOverride:
    """Make `date` a district holiday or a forced working day."""
    name = name.strip()
    with transaction.atomic():
        calendar_override_check(date=date, kind=kind)
        try:
            with transaction.atomic():
                override = CalendarOverride.objects.create(
                    date=date,
                    kind=kind,
                    name=name,
                    reason=reason.strip(),
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            raise ValidationError(
                {"date": f"{date:%Y-%m-%d}에는 이미 휴무일·근무일 지정이 있습니다."}
            ) from None
        record_event(
            EventType.CALENDAR_OVERRIDE_ADDED, actor=actor, subject=override, after=snapshot(override, FIELDS)
        )
        _forget_now_and_on_commit()
    return override


def calendar_override_change(
    *, actor, override: CalendarOverride, date: dt.date, kind: str, name: str, reason: str = ""
) -> CalendarOverride:
    """Change the date, kind, name or reason of an override."""
    with transaction.atomic():
        current = CalendarOverride.objects.select_for_update().get(pk=override.pk)
        calendar_override_check(date=date, kind=kind, exclude_pk=current.pk)
        before = snapshot(current, FIELDS)
        current.date, current.kind, current.name, current.reason = date, kind, name.strip(), reason.strip()
        current.save()
        record_event(
            EventType.CALENDAR_OVERRIDE_CHANGED,
            actor=actor,
            subject=current,
            before=before,
            after=snapshot(current, FIELDS),
        )
        _forget_now_and_on_commit()
    return current


def calendar_override_remove(*, actor, override: CalendarOverride) -> None:
    """Remove an override: the date counts again as the calendar says without it."""
    with transaction.atomic():
        current = CalendarOverride.objects.select_for_update().get(pk=override.pk)
        before = snapshot(current, FIELDS)
        record_event(EventType.CALENDAR_OVERRIDE_REMOVED, actor=actor, subject=current, before=before)
        current.delete()
        _forget_now_and_on_commit()
