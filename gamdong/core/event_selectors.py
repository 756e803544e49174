"""Reads of the event record: a subject's timeline and the administrators' audit list.

    events_for(subject)    the subject's events, oldest first, actors loaded (one query)
    timeline_for(subject)  the same as entries ready for core/_timeline.html
    audit_page(...)        one page of the whole record, newest first, keyset-paginated
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from gamdong.core.events import EventType
from gamdong.core.models import Event

SYSTEM_ACTOR = "시스템"
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    field: str  # the field's Korean label when known
    before: str
    after: str


@dataclass(frozen=True)
class TimelineEntry:
    event: Event
    occurred_at: dt.datetime
    label: str
    actor: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""


_EVENT_FIELDS = tuple(f.name for f in Event._meta.concrete_fields)


def events_for(subject: models.Model) -> models.QuerySet[Event]:
    """The events about `subject`, oldest first, with their actors (one query): of an actor only
    what names them (actor_label), not the whole account."""
    return (Event.objects.for_subject(subject).select_related("actor")
            .only(*_EVENT_FIELDS, "actor__name", "actor__username").order_by("occurred_at", "id"))


def timeline_for(subject: models.Model) -> list[TimelineEntry]:
    """The subject's history as timeline entries (see core/_timeline.html).

    Related rows named in the events (a department, an officer) are shown by name, read in
    one query per related model."""
    model = type(subject)
    events = list(events_for(subject))
    labels = related_labels(model, events)
    return [to_entry(event, model=model, labels=labels) for event in events]


def related_labels(model: type[models.Model], events: list[Event]) -> dict[str, dict[str, str]]:
    """For each foreign-key field of `model` that the events mention: {str(pk): str(row)}."""
    wanted: dict[str, set] = {}
    for event in events:
        for values in (event.before, event.after):
            if not isinstance(values, dict):
                continue
            for name, value in values.items():
                if value in (None, "") or isinstance(value, (dict, list, bool)):
                    continue
                try:
                    field = model._meta.get_field(name)
                except Exception:  # noqa: BLE001 - not a field of the model
                    continue
                if getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False):
                    wanted.setdefault(name, set()).add(value)
    labels: dict[str, dict[str, str]] = {}
    for name, ids in wanted.items():
        related = model._meta.get_field(name).related_model
        rows_qs = related._default_manager.all()
        if any(f.name == "user" and f.is_relation for f in related._meta.fields):
            rows_qs = rows_qs.select_related("user")  # people are named by their account
        rows = rows_qs.in_bulk([int(i) for i in ids if str(i).isdigit()])
        labels[name] = {str(pk): str(row) for pk, row in rows.items()}
    return labels


def to_entry(
    event: Event, *, model: type[models.Model] | None = None, labels: dict[str, dict[str, str]] | None = None
) -> TimelineEntry:
    return TimelineEntry(
        event=event,
        occurred_at=timezone.localtime(event.occurred_at),
        label=event.get_event_type_display(),
        actor=actor_label(event.actor),
        changes=diff(event.before, event.after, model=model, labels=labels),
        note=event.note,
    )


def actor_label(actor) -> str:
    if actor is None:
        return SYSTEM_ACTOR
    return getattr(actor, "name", "") or str(actor)


def diff(
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    model: type[models.Model] | None = None,
    labels: dict[str, dict[str, str]] | None = None,
) -> list[Change]:
    """The fields whose value differs between `before` and `after`, in a readable form.

    A field only in `after` was set (shown as "— → value"); one only in `before` was
    cleared. Field names become the model's verbose names and choice values their labels
    when `model` is given.
    """
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    names = list(before) + [name for name in after if name not in before]
    changes = []
    for name in names:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        label, choices = _field_info(model, name)
        if labels and name in labels:
            choices = {**choices, **labels[name]}
        changes.append(Change(field=label, before=_show(old, choices), after=_show(new, choices)))
    return changes


def _field_info(model, name: str) -> tuple[str, dict]:
    if model is None:
        return name, {}
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # a name that is not a field (a computed value in the snapshot)
        return name, {}
    label = str(getattr(model_field, "verbose_name", name) or name)
    choices = {str(key): str(value) for key, value in (getattr(model_field, "flatchoices", None) or [])}
    return label, choices


def _show(value: Any, choices: dict[str, str]) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if str(value) in choices:
        return choices[str(value)]
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(item, choices) for item in value) or EMPTY
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_show(item, choices)}" for key, item in value.items()) or EMPTY
    return str(value)


# --- The audit list ---------------------------------------------------------------------------

AUDIT_PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditPage:
    entries: list[TimelineEntry]
    next_cursor: str  # "" on the last page


def audit_page(
    *,
    event_type: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    actor: str = "",
    cursor: str = "",
    size: int = AUDIT_PAGE_SIZE,
) -> AuditPage:
    """One page of the event record, newest first.

    `since` and `until` are days in Seoul, both included. `actor` matches a login ID or a
    name exactly; "시스템" means events without a person. `cursor` is the `next_cursor` of
    the previous page (keyset pagination: pages stay fast however long the record is).
    """
    events = Event.objects.select_related("actor", "subject_type")
    if event_type is not None:
        events = events.filter(event_type=event_type)
    if since is not None:
        events = events.filter(occurred_at__gte=_start_of(since))
    if until is not None:
        events = events.filter(occurred_at__lt=_start_of(until + dt.timedelta(days=1)))
    actor = actor.strip()
    if actor == SYSTEM_ACTOR:
        events = events.filter(actor__isnull=True)
    elif actor:
        events = events.filter(Q(actor__username=actor) | Q(actor__name=actor))
    position = parse_cursor(cursor)
    if position is not None:
        moment, pk = position
        events = events.filter(Q(occurred_at__lt=moment) | Q(occurred_at=moment, pk__lt=pk))
    rows = list(events.order_by("-occurred_at", "-id")[: size + 1])
    next_cursor = make_cursor(rows[size - 1]) if len(rows) > size else ""
    return AuditPage(entries=[_audit_entry(event) for event in rows[:size]], next_cursor=next_cursor)


def _audit_entry(event: Event) -> TimelineEntry:
    model = event.subject_type.model_class() if event.subject_type_id else None
    return to_entry(event, model=model)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def make_cursor(event: Event) -> str:
    return f"{event.occurred_at.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%S.%f')}_{event.pk}"


def parse_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    """The (occurred_at, id) a cursor points after, or None for a missing or malformed cursor."""
    if not cursor:
        return None
    try:
        stamp, _, pk = cursor.partition("_")
        moment = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S.%f").replace(tzinfo=dt.UTC)
        return moment, int(pk)
    except ValueError:
        return None


def event_type_choices() -> list[tuple[int, str]]:
    return list(EventType.choices)
