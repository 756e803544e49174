"""Many complaints fast: `gamdong seed --complaints N` for large N, and the benchmark's fill.

The demo's service path (gamdong.demo.complaints) files each complaint through the services,
a few milliseconds each: fine for a few thousand, hours for a million. This path writes the
same rows the services would have written, straight into the tables, in big batches:

- the complaint (receipt number from the year's counter, kind and period from its category,
  due time by the district calendar, department by the catalogue's routing), at a stage of
  its life: about 5% open (received or assigned), the rest answered or closed;
- its events: COMPLAINT_SUBMITTED and COMPLAINT_RECEIVED always, and for handled complaints
  COMPLAINT_ASSIGNED, COMPLAINT_ANSWERED and COMPLAINT_CLOSED, with the same before/after
  the services record;
- the answer (department, officer and contact) of every answered complaint;
- its word-search entry (gamdong.complaints.search.index_new_complaints), unless
  `search_index=False`;
- the receipt counter of each year, moved past the numbers given.

COPY on PostgreSQL, executemany in one transaction per batch on SQLite. No notices are sent.
It needs the demo district (seed_demo_district) to exist.

Loading mode (`_loading`), for the minutes a million complaints take: foreign keys are not
checked row by row (every id written here was just written or read here), SQLite does not sync
to disk between batches, and on PostgreSQL an empty search table loses its GIN index during
the load and gets it back at the end, built once (instead of ~60 GIN entries per complaint). Everything is restored afterwards, also on error.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from gamdong.accounts.models import Role, RoleGrant, User, UserKind
from gamdong.complaints import rules, search
from gamdong.complaints.models import (
    Answer,
    AnswerKind,
    Category,
    Channel,
    Complaint,
    ComplaintSearchEntry,
    ReceiptCounter,
    Status,
)
from gamdong.complaints.search import GIN_INDEX, index_new_complaints
from gamdong.core import deadlines
from gamdong.core.calendar_selectors import calendar_settings, district_calendar
from gamdong.core.deadlines import DAYS, counting_for, first_counted_day
from gamdong.core.district_settings import district_setting
from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.demo import catalogue, district
from gamdong.demo.names import korean_name
from gamdong.org.models import Department, DepartmentKind, Employee

BATCH = 20_000
OPEN_SHARE = 0.05


@dataclass(frozen=True)
class Resident:
    pk: int
    name: str
    phone: str
    email: str


@dataclass
class Row:
    """One complaint to write: what the resident filed, and whether it is still open."""

    title: str
    body: str
    resident: int  # index into the residents list
    submitted_at: dt.datetime
    open: bool
    department: int | None = None  # a Department pk; None: route by the category
    category: str | None = None  # a catalogue code; None: drawn by the catalogue's weights


# --- residents -------------------------------------------------------------------------------


def bulk_residents(count: int, *, rng: random.Random, prefix: str = "demo-resident-") -> list[Resident]:
    """`count` resident accounts (unusable passwords, the resident role), made in bulk."""
    users = []
    for i in range(count):
        user = User(username=f"{prefix}{i:06d}", name=korean_name(rng), kind=UserKind.RESIDENT,
                    phone=f"0109{i:07d}", email=f"{prefix}{i:06d}@example.com")
        user.password = "!"  # unusable, like set_unusable_password() without its random suffix
        users.append(user)
    made = User.objects.bulk_create(users, batch_size=5_000)
    if made and made[0].pk is None:  # backends that do not return ids
        by_name = dict(User.objects.filter(username__startswith=prefix).values_list("username", "pk"))
        for user in made:
            user.pk = by_name[user.username]
    RoleGrant.objects.bulk_create([RoleGrant(user_id=u.pk, role=Role.RESIDENT) for u in made], batch_size=5_000)
    return [Resident(u.pk, u.name, u.phone, u.email) for u in made]


# --- the rows of a year of demo complaints ------------------------------------------------------


def demo_rows(n: int, *, residents: int, rng: random.Random, now: dt.datetime) -> Iterator[Row]:
    """n complaints from the catalogue over the year before `now`, oldest first."""
    codes = [spec.code for spec in catalogue.CATEGORIES]
    weights = [spec.weight for spec in catalogue.CATEGORIES]
    specs = {spec.code: spec for spec in catalogue.CATEGORIES}
    start = now - dt.timedelta(days=365)
    span = (now - dt.timedelta(minutes=5) - start).total_seconds()
    recent = now - dt.timedelta(days=14)
    local_tz = timezone.get_current_timezone()
    for i in range(n):
        at = start + dt.timedelta(seconds=span * (i + rng.random()) / n)
        local = at.astimezone(local_tz)
        if not 7 <= local.hour <= 22:  # people write in the day: move night filings to the morning
            at = at.replace(hour=(rng.randint(0, 2)), minute=rng.randint(0, 59))  # 09-11 KST in UTC
        at = min(at, now - dt.timedelta(minutes=5))
        code = rng.choices(codes, weights)[0]
        spec = specs[code]
        title = rng.choice(spec.titles) if spec.titles else spec.name
        body = rng.choice(spec.bodies) if spec.bodies else spec.name
        is_open = rng.random() < (0.5 if at > recent else OPEN_SHARE * 0.6)
        yield Row(title=title, body=body, resident=rng.randrange(residents), submitted_at=at, open=is_open,
                  category=code)


# --- writing -----------------------------------------------------------------------------------


class _Writer:
    """Rows of one table, written in batches (COPY on PostgreSQL, executemany on SQLite)."""

    def __init__(self, model, columns: list[str]):
        self.model, self.columns, self.rows = model, columns, []
        qn = connection.ops.quote_name
        self.table = qn(model._meta.db_table)
        self.column_sql = ", ".join(qn(c) for c in columns)
        self.count = 0
        self.seconds = 0.0

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def flush(self, cursor) -> None:
        if not self.rows:
            return
        began = time.perf_counter()
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {self.table} ({self.column_sql}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f"INSERT INTO {self.table} ({self.column_sql}) VALUES ({marks})", self.rows)
        self.count += len(self.rows)
        self.rows = []
        self.seconds += time.perf_counter() - began


def _db_time_sqlite(value: dt.datetime | None):
    """What Django's SQLite backend stores for an aware datetime: naive UTC, ISO with a space."""
    if value is None:
        return None
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.isoformat(" ")[:-6]  # without "+00:00"


def _same(value):
    return value


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class _DueTimes:
    """compute_due_at for many rows: the district calendar read once, and a period counted
    in days (whose due time is the end of the last counted day, so it depends only on the
    first counted day) computed once per first day."""

    def __init__(self):
        self.conf, self.calendar = calendar_settings(), district_calendar()
        self.by_first_day: dict[tuple[dt.date, int], dt.datetime] = {}

    def __call__(self, received: dt.datetime, *, days: int | None = None, hours: float | None = None) -> dt.datetime:
        conf, calendar = self.conf, self.calendar
        key = None
        if counting_for(days, hours, hour_based_max_days=conf.hour_based_max_days) == DAYS:
            key = (first_counted_day(calendar.local(received), calendar=calendar), days)
            found = self.by_first_day.get(key)
            if found is not None:
                return found
        due = deadlines.due_at(received, days=days, hours=hours, calendar=calendar,
                               hour_based_max_days=conf.hour_based_max_days, hours_per_day=conf.hours.hours_per_day)
        if key is not None:
            self.by_first_day[key] = due
        return due


class _Points:
    """A few hundred points inside each 동, so that every complaint has a place on the map."""

    def __init__(self, rng: random.Random, dongs: list[str]):
        from gamdong.demo.complaints import _point_in

        self.by_dong = {dong: [_point_in(rng, dong) for _ in range(40)] for dong in dongs}

    def pick(self, rng: random.Random, dong: str) -> tuple[Decimal, Decimal]:
        lat, lng = rng.choice(self.by_dong[dong])
        return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


@contextmanager
def _loading(*, search_index: bool):
    """Bulk-load settings for this connection (see the module docstring)."""
    restore: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:  # only a superuser may turn the FK triggers off
                cursor.execute("SET session_replication_role = replica")
                restore.append("SET session_replication_role = DEFAULT")
            table = connection.ops.quote_name(ComplaintSearchEntry._meta.db_table)
            cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table})")
            if search_index and cursor.fetchone()[0]:
                cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [GIN_INDEX])
                definition = cursor.fetchone()[0]
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(GIN_INDEX)}")
                restore.insert(0, f"ANALYZE {table}")
                restore.insert(0, definition)
                restore.insert(0, "SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending
                restore.insert(0, "SET maintenance_work_mem = '1GB'")
        else:
            if not connection.in_atomic_block:  # SQLite changes these only outside a transaction
                cursor.execute("PRAGMA foreign_keys=OFF")
                cursor.execute("PRAGMA synchronous=OFF")
                restore += ["PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"]
            if search_index:  # the FTS index is rebuilt once at the end: ~10× faster than row by row
                restore[:0] = search.pause_fts_inserts(cursor)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in restore:
                cursor.execute(statement)
            if connection.vendor == "postgresql":
                cursor.execute("RESET maintenance_work_mem")


def bulk_complaints(
    n: int,
    *,
    progress: Callable[[str], None] = print,
    rows: Iterable[Row] | None = None,
    residents: list[Resident] | None = None,
    search_index: bool = True,
    now: dt.datetime | None = None,
    seed: int = 2007,
) -> dict[str, int]:
    """Write n complaints (and what the services write with them) as fast as the database
    allows; return the row counts. `rows` (oldest first) default to a year of the demo
    catalogue's complaints; `residents` default to new accounts, one per ~20 complaints."""
    if not Department.objects.filter(code=district.ROOT_CODE).exists():
        raise RuntimeError("데모 구가 없습니다. 먼저 seed_demo_district()로 조직과 직원을 만드세요.")
    rng = random.Random(seed)
    now = now or timezone.now()
    began = time.perf_counter()
    if not Category.objects.exists():
        from gamdong.demo.complaints import create_catalogue

        with transaction.atomic():
            create_catalogue()
    if residents is None:
        progress(f"주민 계정 {max(240, n // 20):,}개를 만듭니다")
        with transaction.atomic():
            residents = bulk_residents(max(240, n // 20), rng=rng, prefix=f"bulk-{int(now.timestamp())}-")
    if rows is None:
        rows = demo_rows(n, residents=len(residents), rng=rng, now=now)

    from gamdong.demo.complaints import _staff_by_department

    categories = {c.code: c for c in Category.objects.all()}
    specs = {spec.code: spec for spec in catalogue.CATEGORIES if spec.code in categories}
    codes = list(specs)
    weights = [specs[c].weight for c in codes]
    departments = {d.pk: d for d in Department.objects.all()}
    centres = {d.dong_name: d for d in departments.values() if d.kind == DepartmentKind.COMMUNITY_CENTRE and d.dong_name}
    by_code = {d.code: d for d in departments.values()}
    intake = by_code.get(district_setting("complaints.intake_department_code") or catalogue.INTAKE_CODE)
    planning = by_code.get("B10-10-04", intake)
    staff = _staff_by_department()
    fallback = (Employee.objects.filter(department=intake, active=True).select_related("user").first()
                or Employee.objects.filter(active=True).select_related("user").first())
    fallback_user = fallback.user
    periods = {code: rules.period_for(c.default_kind, statutory_days=c.statutory_days, setting=district_setting)
               for code, c in categories.items()}
    receipt_hours = district_setting("complaints.online_receipt_hours")
    ct = ContentType.objects.get_for_model(Complaint).pk
    dongs = list(centres) or list(district.DONGS)
    points = _Points(rng, dongs)
    compute_due_at = _DueTimes()
    is_pg = connection.vendor == "postgresql"
    _db_time = _same if is_pg else _db_time_sqlite
    _db_decimal = _same if is_pg else (lambda v: None if v is None else str(v))
    web_label = str(Channel.WEB.label)

    next_id = (Complaint.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    counters = dict(ReceiptCounter.objects.values_list("year", "last"))

    complaint_cols = [
        "id", "receipt_number", "category_id", "kind", "channel", "title", "body", "extra_answers",
        "complainant_id", "complainant_name", "complainant_phone", "complainant_email", "registered_by_id",
        "latitude", "longitude", "address", "dong", "department_id", "officer_id", "status",
        "submitted_at", "receipt_due_at", "received_at", "due_at", "answered_at", "closed_at",
        "last_progress_notice_at", "period_days", "period_hours", "extension_count", "excluded_spans",
        "reopen_count", "notified_results", "merged_into_id", "repeat_of_id", "version", "idempotency_key",
    ]
    event_cols = ["occurred_at", "event_type", "actor_id", "subject_type_id", "subject_id", "subject_label",
                  "before", "after", "note"]
    answer_cols = ["complaint_id", "kind", "body", "refusal_reasons", "remedies", "department_name",
                   "officer_name", "contact", "answered_by_id", "answered_at"]
    complaints_w = _Writer(Complaint, complaint_cols)
    events_w = _Writer(Event, event_cols)
    answers_w = _Writer(Answer, answer_cols)
    to_index: list[tuple[int, dt.datetime, int, str, str, str]] = []
    indexed = 0
    due_s = 0.0
    timings = {"index": 0.0}
    text_terms: dict[tuple[str, str], set[str]] = {}
    local_tz = timezone.get_current_timezone()

    encoded: dict[int, str] = {}  # the JSON of before/after dicts that repeat (by identity)

    def as_json(value) -> str | None:
        if value is None:
            return None
        if type(value) is str:  # already JSON
            return value
        return json.dumps(value)

    def constant(value: dict) -> str:
        return encoded.setdefault(id(value), json.dumps(value))

    def event(at, kind, actor, pk, label, before, after, note=""):
        events_w.add((_db_time(at), int(kind), actor, ct, str(pk), label, as_json(before), as_json(after), note))

    received_status = constant({"officer": None, "status": Status.RECEIVED})
    status_assigned = constant({"status": Status.ASSIGNED})
    status_answered = constant({"status": Status.ANSWERED})
    status_closed = constant({"status": Status.CLOSED})

    def write(cursor) -> None:
        nonlocal indexed
        complaints_w.flush(cursor)
        events_w.flush(cursor)
        answers_w.flush(cursor)
        if search_index and to_index:
            began = time.perf_counter()
            indexed += index_new_complaints(to_index, text_terms=text_terms)
            to_index.clear()
            timings["index"] += time.perf_counter() - began

    with connection.cursor() as cursor:
        if not is_pg:
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MB for this connection's bulk writes
    made = 0
    last_said = time.perf_counter()

    def add(row: Row) -> None:
        nonlocal next_id, made, due_s
        pk = next_id
        next_id += 1
        made += 1
        code = row.category or rng.choices(codes, weights)[0]
        category = categories[code]
        kind = category.default_kind
        period = periods[code]
        submitted = row.submitted_at
        year = submitted.astimezone(local_tz).year
        counters[year] = counters.get(year, 0) + 1
        receipt = rules.receipt_number(year, counters[year])
        resident = residents[row.resident]
        dong = rng.choice(dongs)
        lat, lng = points.pick(rng, dong)

        if row.department is not None:
            department, received = departments[row.department], submitted
        elif category.routed_by_area and dong in centres:
            department, received = centres[dong], submitted
        elif category.department_id:
            department, received = departments[category.department_id], submitted
        else:  # the intake team classifies it within hours
            department = planning if kind == "suggestion" else intake
            received = submitted + dt.timedelta(hours=rng.uniform(0.5, 6))
        t0 = time.perf_counter()
        due = compute_due_at(received, days=period.days, hours=period.hours)
        due_s += time.perf_counter() - t0
        people = staff.get(department.pk) or []
        officer = rng.choice(people) if people else fallback  # a department without staff: the intake team's

        status, receipt_due = Status.RECEIVED, None
        answered_at = closed_at = None
        assigned_at = received + dt.timedelta(minutes=rng.randint(20, 240))
        if row.open:
            if received > now:  # filed moments ago, not yet classified
                status, received, due = Status.SUBMITTED, None, None
                receipt_due = compute_due_at(submitted, hours=receipt_hours)
            elif assigned_at < now and rng.random() < 0.6:
                status = Status.ASSIGNED
        else:
            late = rng.random() < 0.07
            answered_at = received + (due - received) * (rng.uniform(1.05, 1.6) if late
                                                         else rng.uniform(0.15, 0.95))
            closed_at = answered_at + dt.timedelta(days=rng.randint(3, 20))
            status = Status.CLOSED if rng.random() < 0.8 else Status.ANSWERED
            if closed_at > now:
                status, closed_at = Status.ANSWERED, None
            if answered_at > now:
                status, answered_at = Status.ASSIGNED, None
            if closed_at is not None and status != Status.CLOSED:
                closed_at = None
        assigned = officer if status in (Status.ASSIGNED, Status.ANSWERED, Status.CLOSED) else None
        label = f"{receipt} {row.title}"[:200]
        version = 1 + (status != Status.SUBMITTED) + (assigned is not None) + (answered_at is not None) + (
            closed_at is not None)
        complaints_w.add((
            pk, receipt, category.pk, str(kind), str(Channel.WEB), row.title, row.body, "{}",
            resident.pk, resident.name, resident.phone, resident.email, None,
            _db_decimal(lat), _db_decimal(lng), f"감동구 {dong} {rng.randint(1, 300)}-{rng.randint(1, 40)} 앞",
            dong, department.pk, assigned.pk if assigned else None, str(status),
            _db_time(submitted), _db_time(receipt_due), _db_time(received), _db_time(due),
            _db_time(answered_at), _db_time(closed_at), None, period.days, period.hours, 0, "[]",
            0, 1 if answered_at else 0, None, None, version, "",
        ))
        first_status = Status.SUBMITTED if received is None or received > submitted else Status.RECEIVED
        event(submitted, EventType.COMPLAINT_SUBMITTED, resident.pk, pk, label, None, {
            "receipt_number": receipt, "category": category.pk, "kind": kind, "channel": "web",
            "status": first_status, "due_at": _iso(due) if first_status == Status.RECEIVED else None,
        }, web_label)
        if received is not None:
            event(received, EventType.COMPLAINT_RECEIVED,
                  None if received == submitted else fallback_user.pk, pk, label, None,
                  {"department": department.pk, "received_at": _iso(received), "due_at": _iso(due)})
        if assigned is not None:
            event(assigned_at, EventType.COMPLAINT_ASSIGNED, assigned.user_id, pk, label,
                  received_status, f'{{"officer": {assigned.pk}, "status": "assigned"}}')
        if answered_at is not None:
            body = rng.choice(catalogue.ANSWERS[kind]).format(
                date=answered_at.astimezone(local_tz).strftime("%m월 %d일"))
            answers_w.add((pk, str(AnswerKind.ANSWER), body, "", "", department.name, assigned.user.name,
                           assigned.office_phone or department.phone or "02-0000-2114",
                           assigned.user_id, _db_time(answered_at)))
            event(answered_at, EventType.COMPLAINT_ANSWERED, assigned.user_id, pk, label,
                  status_assigned, status_answered)
        if closed_at is not None:
            event(closed_at, EventType.COMPLAINT_CLOSED, assigned.user_id, pk, label,
                  status_answered, status_closed)
        if search_index:
            to_index.append((pk, submitted, department.pk, row.title, row.body, receipt))

    iterator = iter(rows)
    with _loading(search_index=search_index):
        while made < n:
            batch = list(islice(iterator, min(BATCH, n - made)))
            if not batch:
                break
            with transaction.atomic(), connection.cursor() as cursor:
                for row in batch:
                    add(row)
                write(cursor)
            if made >= n or time.perf_counter() - last_said > 10:
                last_said = time.perf_counter()
                progress(f"민원 {made:,}/{n:,}건 ({last_said - began:.0f}초)")
        if is_pg and search_index:
            progress("검색 색인을 만듭니다")

    with transaction.atomic():
        for year, last in counters.items():
            ReceiptCounter.objects.update_or_create(year=year, defaults={"last": last})
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Complaint, Event, Answer]):
                cursor.execute(statement)
    return {
        "complaints": complaints_w.count,
        "events": events_w.count,
        "answers": answers_w.count,
        "indexed": indexed,
        "seconds": round(time.perf_counter() - began, 1),
        "due_at_seconds": round(due_s, 1),
        "write_seconds": round(complaints_w.seconds + events_w.seconds + answers_w.seconds, 1),
        "index_seconds": round(timings["index"], 1),
    }
