"""Korean word search over complaints: the index and the query (see search_terms.py for the
pure part and DESIGN.md "Known traps" for why it is built this way).

Index: one ComplaintSearchEntry per complaint, written in the transaction that files it (a
complaint is searchable the moment it is acknowledged, and a crash cannot leave it out). Its
tokens are made here in Python: every distinct character and character bigram of each word of
the normalised text (so 1- and 2-syllable words match exactly), and one department token
(`dep<id>`, never a text token: those are at most two characters). They are indexed by

- SQLite: an FTS5 table (complaints_search_fts, ascii tokenizer: splits on spaces only for
  these tokens, detail=none) whose rowid is the entry's key, kept in step by triggers;
- PostgreSQL: a tsvector column with a GIN index, queried with literal tsqueries built here
  (no text search configuration, no stemming).

The key is the filing second and the id (search_key): larger is newer, so on SQLite the newest
matches come straight off the FTS index (ORDER BY rowid DESC), and on PostgreSQL either the GIN
index (a rare word: few matches, sorted) or the key's b-tree read newest first and filtered (a
common word: a page is found within the first few hundred rows) — chosen from the column's
statistics (pg_stats.most_common_elems), so neither case degrades.

Query: the index gives keys newest first in chunks; each chunk's complaints are checked against
the staff member's visible, filtered complaints (base_queryset) and, for words of three or more
characters, that the word occurs contiguously in the text (도로공사 is a phrase, not 도로 and
공사 anywhere). Staff who see at most MAX_DEPARTMENT_TOKENS departments also narrow the index
query itself with their departments' tokens.

Department changes (complaint_receive, complaint_transfer) re-index the entry in their
transaction (index_department); the hourly repair (complaints.tasks) re-indexes anything
missing or stale (index_repair).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gamdong.complaints.models import Complaint, ComplaintSearchEntry
from gamdong.complaints.search_terms import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    QueryWord,
    normalise,
    normalised_terms,
    query_plan,
)
from gamdong.complaints.selectors_office import INBOX_ROW_FIELDS

ID_BITS = 31  # search_key: (filing second << ID_BITS) | id
ID_MASK = (1 << ID_BITS) - 1
FTS_TABLE = "complaints_search_fts"  # SQLite only (migration 0006)
GIN_INDEX = "complaints_search_tokens_gin"  # PostgreSQL only (migration 0006)
MAX_DEPARTMENT_TOKENS = 40  # more visible departments than this: filtered, not in the index query
FIRST_CHUNK = 32  # keys read from the index first; then 4× more each time, at most MAX_CHUNK
MAX_CHUNK = 5_000
WALK_MIN_SELECTIVITY = 0.01  # PostgreSQL: a query matching at least this share walks the key index
WALK_ROWS = 10_000  # PostgreSQL: how many of the newest entries the walk reads at most
STATS_TTL = 600  # seconds the PostgreSQL token statistics stay cached
REINDEX_BATCH = 5_000
RECEIPT_NUMBER = re.compile(r"\d{4}-\d{7}")  # complaints.rules.receipt_number


class SearchQueryError(ValueError):
    """A query that cannot be searched; the message is for people (Korean)."""

    def __init__(self, message: str, code: str = "invalid", field: str = "q"):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = 400


@dataclass
class SearchPage:
    complaints: list[Complaint]
    next_cursor: str | None


# --- the index -----------------------------------------------------------------------------


def search_key(submitted_at: dt.datetime, pk: int) -> int:
    """The index order: the filing second, then the id (both only grow with time)."""
    if not 0 < pk <= ID_MASK:
        raise ValueError(f"complaint id out of the search key's range: {pk}")
    return (math.floor(submitted_at.timestamp()) << ID_BITS) | pk


def department_token(department_id: int) -> str:
    return f"dep{department_id}"


def document_text(title: str, body: str, receipt_number: str) -> str:
    """What search looks in: the title, the body and the receipt number, normalised.

    Never the complainant's name, contact or address: search results are shown masked.
    """
    return normalise(f"{title} {body} {receipt_number}")


def entry_tokens(text: str, department_id: int) -> str:
    """The tokens of a normalised text and its department, space-separated."""
    return " ".join([*normalised_terms(text), department_token(department_id)])


def _entry_row(pk: int, submitted_at: dt.datetime, department_id: int, title: str, body: str,
               receipt_number: str) -> tuple[int, int, int, str]:
    text = document_text(title, body, receipt_number)
    return (search_key(submitted_at, pk), pk, department_id, entry_tokens(text, department_id))


def _entry_table() -> str:
    return connection.ops.quote_name(ComplaintSearchEntry._meta.db_table)


def _insert_entries(rows: list[tuple[int, int, int, str]]) -> None:
    """Insert (key, complaint_id, department_id, tokens) rows: COPY on PostgreSQL."""
    if not rows:
        return
    table = _entry_table()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (key, complaint_id, department_id, tokens) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} (key, complaint_id, department_id, tokens) VALUES (%s, %s, %s, %s)", rows
            )


def index_new_complaint(complaint: Complaint) -> None:
    """Put a new complaint in the index, inside the caller's (filing) transaction."""
    _insert_entries([_entry_row(complaint.pk, complaint.submitted_at, complaint.department_id, complaint.title,
                                complaint.body, complaint.receipt_number)])


def index_new_complaints(items: Iterable[tuple[int, dt.datetime, int, str, str, str]], *,
                         text_terms: dict[tuple[str, str], set[str]] | None = None) -> int:
    """Index complaints that are not in the index yet, in bulk (gamdong.demo.bulk): items are
    (id, submitted_at, department_id, title, body, receipt_number). Call it in a transaction.
    `text_terms` caches the terms of each (title, body) across calls: bulk texts repeat."""
    known = text_terms if text_terms is not None else {}
    if len(known) > 200_000:
        known.clear()
    rows = []
    for pk, submitted_at, department_id, title, body, receipt_number in items:
        terms = known.get((title, body))
        if terms is None:
            terms = known[(title, body)] = normalised_terms(normalise(f"{title} {body}"))
        # The parts are separated by spaces: their terms together are those of the whole text.
        tokens = " ".join([*(terms | normalised_terms(normalise(receipt_number))), department_token(department_id)])
        rows.append((search_key(submitted_at, pk), pk, department_id, tokens))
    _insert_entries(rows)
    return len(rows)


def index_complaints(complaints: Iterable[Complaint]) -> int:
    """(Re)index complaints whatever their state in the index, in the caller's transaction:
    after a change of department or text, or by the repair."""
    complaints = list(complaints)
    if not complaints:
        return 0
    with transaction.atomic():
        ComplaintSearchEntry.objects.filter(complaint__in=[c.pk for c in complaints]).delete()
        _insert_entries([_entry_row(c.pk, c.submitted_at, c.department_id, c.title, c.body, c.receipt_number)
                         for c in complaints])
    return len(complaints)


def index_complaint(complaint: Complaint) -> None:
    """(Re)index one complaint now (its text or department changed), in the caller's transaction."""
    index_complaints([complaint])


def index_department(complaint: Complaint) -> None:
    """A complaint's department changed (receipt, transfer): its department token follows."""
    entry = ComplaintSearchEntry.objects.filter(complaint=complaint.pk).values_list("department_id", flat=True).first()
    if entry != complaint.department_id:
        index_complaint(complaint)


_ENTRY_FIELDS = ("id", "submitted_at", "department_id", "title", "body", "receipt_number")


FTS_INSERT_TRIGGER = (f'CREATE TRIGGER "{FTS_TABLE}_ai" AFTER INSERT ON "complaints_complaintsearchentry" BEGIN'
                      f' INSERT INTO "{FTS_TABLE}" (rowid, tokens) VALUES (new."key", new."tokens"); END')


def pause_fts_inserts(cursor) -> list[str]:
    """SQLite bulk loads (gamdong.demo.bulk): new entries stop reaching the FTS index one by one
    (a trigger per row costs ~10× a rebuild). Returns the statements that rebuild the FTS index
    from the entries and restore the trigger, to run after the load. Should the process die in
    between, index_repair() restores them."""
    cursor.execute(f'DROP TRIGGER IF EXISTS "{FTS_TABLE}_ai"')
    return [f"INSERT INTO \"{FTS_TABLE}\" (\"{FTS_TABLE}\") VALUES ('rebuild')", FTS_INSERT_TRIGGER]


def _restore_fts_trigger() -> bool:
    """SQLite: restore the FTS insert trigger (and rebuild the FTS index) if a bulk load died
    without doing so; True when it had to."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [f"{FTS_TABLE}_ai"])
        if cursor.fetchone():
            return False
        with transaction.atomic():
            for statement in pause_fts_inserts(cursor):
                cursor.execute(statement)
    return True


def index_repair(*, batch: int = REINDEX_BATCH) -> int:
    """Index the complaints missing from the index and re-index those whose department changed
    since (e.g. a change made outside the services); returns how many. The hourly task.
    On SQLite it first restores the FTS index if a bulk load died half way."""
    _restore_fts_trigger()
    done = 0
    while True:
        missing = list(Complaint.objects.filter(search_entry__isnull=True).only(*_ENTRY_FIELDS)[:batch])
        stale_ids = list(ComplaintSearchEntry.objects.exclude(department_id=F("complaint__department_id"))
                         .values_list("complaint_id", flat=True)[:batch])
        stale = list(Complaint.objects.filter(pk__in=stale_ids).only(*_ENTRY_FIELDS))
        if not missing and not stale:
            return done
        done += index_complaints(missing + stale)


def reindex(queryset: Iterable[Complaint] | None = None, batch: int = REINDEX_BATCH, progress=None) -> int:
    """(Re)index complaints in batches; returns how many. With no queryset: all of them,
    starting from an empty index (no per-row delete)."""
    if queryset is None:
        with transaction.atomic():
            ComplaintSearchEntry.objects.all().delete()
        queryset = Complaint.objects.all()
        fresh = True
    else:
        fresh = False
    if hasattr(queryset, "only"):
        queryset = queryset.only(*_ENTRY_FIELDS).order_by("pk")
    done = 0
    chunk: list[Complaint] = []

    def flush() -> None:
        nonlocal done, chunk
        if fresh:
            with transaction.atomic():
                index_new_complaints((c.pk, c.submitted_at, c.department_id, c.title, c.body, c.receipt_number)
                                     for c in chunk)
        else:
            index_complaints(chunk)
        done += len(chunk)
        chunk = []
        if progress:
            progress(done)

    for complaint in queryset.iterator(chunk_size=batch) if hasattr(queryset, "iterator") else queryset:
        chunk.append(complaint)
        if len(chunk) >= batch:
            flush()
    if chunk:
        flush()
    return done


# --- the query -----------------------------------------------------------------------------


def check_query(query: str | None) -> list[QueryWord]:
    """The query's words, or SearchQueryError with a Korean message."""
    query = (query or "").strip()
    if not query:
        raise SearchQueryError(_("검색어를 입력해 주세요."), code="required")
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(_("검색어는 %(limit)s자 이내로 입력해 주세요.") % {"limit": MAX_QUERY_CHARS}, code="too_long")
    plan = query_plan(query)
    if not plan:
        raise SearchQueryError(_("검색어에 글자나 숫자가 있어야 합니다."), code="invalid")
    if len(plan) > MAX_QUERY_WORDS:
        raise SearchQueryError(_("검색어는 %(limit)s개 낱말까지 입력할 수 있습니다.") % {"limit": MAX_QUERY_WORDS}, code="too_many_words")
    return plan


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"k{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("k"):
            raise ValueError(raw)
        key = int(raw[1:])
        if key <= 0:
            raise ValueError(raw)
        return key
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise SearchQueryError(_("다음 쪽 표시가 올바르지 않습니다. 처음부터 다시 검색해 주세요."), field="cursor") from None


@dataclass(frozen=True)
class _IndexQuery:
    words: tuple[tuple[str, ...], ...]  # each query word's tokens (all required)
    departments: tuple[int, ...] | None  # any of these department tokens; None: any department

    def tokens(self) -> list[str]:
        seen: dict[str, None] = {}
        for terms in self.words:
            for term in terms:
                seen.setdefault(term, None)
        return list(seen)


def _fts_match(q: _IndexQuery) -> str:
    def quoted(token: str) -> str:
        return '"' + token.replace('"', '""') + '"'

    expression = " AND ".join(quoted(t) for t in q.tokens())
    if q.departments:
        expression += " AND (" + " OR ".join(quoted(department_token(d)) for d in q.departments) + ")"
    return expression


def _tsquery(q: _IndexQuery) -> str:
    def quoted(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    expression = " & ".join(quoted(t) for t in q.tokens())
    if q.departments:
        expression += " & (" + " | ".join(quoted(department_token(d)) for d in q.departments) + ")"
    return expression


def _token_frequencies() -> tuple[dict[str, float], float]:
    """PostgreSQL: the share of entries holding each common token (ANALYZE's
    most_common_elems), and the share assumed for any other token."""
    found = cache.get("complaints:search:token-stats")
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE tablename = %s AND attname = 'tokens'", [ComplaintSearchEntry._meta.db_table])
            row = cursor.fetchone()
        if row and row[0]:
            elems, freqs = row
            frequencies = dict(zip(elems, freqs[: len(elems)], strict=True))
            found = (frequencies, min(frequencies.values()) / 2)
        else:  # never analysed (a new or small table): every token counts as rare
            found = ({}, 0.0)
        cache.set("complaints:search:token-stats", found, STATS_TTL)
    return found


def _selectivity(q: _IndexQuery) -> float:
    """PostgreSQL: the estimated share of entries matching; a word's tokens go together (their
    rarest bounds the word), different words and the departments count as independent."""
    frequencies, other = _token_frequencies()
    share = 1.0
    for terms in q.words:
        share *= min(frequencies.get(t, other) for t in terms)
    if q.departments:
        share *= min(1.0, sum(frequencies.get(department_token(d), other) for d in q.departments))
    return share


def _index_keys(q: _IndexQuery, before: int | None, limit: int, *, floor: int | None = None) -> list[int]:
    """Up to `limit` keys matching `q`, smaller than `before`, largest (newest) first. On
    PostgreSQL with a `floor`: only keys above it, by a walk of the key's b-tree (0: all)."""
    params: list = []
    if connection.vendor == "postgresql":
        # The walk reads the key's b-tree newest first and checks each row (a common query finds
        # its matches within the first rows); otherwise `key + 0` keeps the planner off that
        # order: the GIN index gives every match, which are few, and they are sorted.
        # The walk's COALESCE keeps the planner off the GIN index (it would read every match).
        order = "key DESC" if floor is not None else "key + 0 DESC"
        tokens = "COALESCE(tokens, '')" if floor is not None else "tokens"
        sql = f"SELECT key FROM {_entry_table()} WHERE {tokens} @@ CAST(%s AS tsquery)"
        params.append(_tsquery(q))
        if before is not None:
            sql += " AND key < %s"
            params.append(before)
        if floor is not None:
            sql += " AND key > %s"
            params.append(floor)
        sql += f" ORDER BY {order} LIMIT %s"
    else:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        params.append(_fts_match(q))
        if before is not None:
            sql += " AND rowid < %s"
            params.append(before)
        sql += " ORDER BY rowid DESC LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _check(keys: list[int], base_queryset, phrases: list[str], found: list[tuple[int, int]], limit: int) -> None:
    """Append to `found` (newest first) the keys' complaints that are in base_queryset and
    contain every phrase, until it holds limit + 1 (on PostgreSQL inside _SearchPlans.by_id)."""
    key_of = {key & ID_MASK: key for key in keys}
    rows = base_queryset.filter(pk__in=list(key_of))
    if phrases:  # checked newest first, only until the page is full
        texts = {pk: (title, body, receipt) for pk, title, body, receipt
                 in rows.values_list("pk", "title", "body", "receipt_number")}
        for key, pk in sorted(((key_of[pk], pk) for pk in texts), reverse=True):
            if all(p in document_text(*texts[pk]) for p in phrases):
                found.append((key, pk))
                if len(found) > limit:
                    return
    else:
        pks = list(rows.values_list("pk", flat=True))
        found += sorted(((key_of[pk], pk) for pk in pks), reverse=True)


class _SearchPlans:
    """PostgreSQL: one search is one transaction, in which the planner may use bitmap scans
    for the index queries (GIN is read by bitmap only) and may not when the candidates are
    read by their ids (a few dozen), where it would otherwise prefer a bitmap of their
    department's index (200k rows for a large department). SET LOCAL is sent only when the
    setting changes and not reset at the end (the transaction's end resets it), so a search
    costs BEGIN, one SET and COMMIT beside its queries (it cost two transactions, each with
    two SETs). Inside an outer transaction it restores the setting at the end. On SQLite it
    does nothing (an atomic block there would take the write lock)."""

    def __init__(self) -> None:
        self.active = connection.vendor == "postgresql"
        self.bitmap = True
        self._atomic = None
        self._nested = False

    def __enter__(self) -> _SearchPlans:
        if self.active:
            self._nested = connection.in_atomic_block
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
        return self

    def _set(self, bitmap: bool) -> None:
        if self.active and self.bitmap != bitmap:
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL enable_bitmapscan = {'on' if bitmap else 'off'}")
            self.bitmap = bitmap

    def by_index(self) -> None:
        self._set(True)

    def by_id(self) -> None:
        self._set(False)

    def __exit__(self, *exc_info) -> None:
        if self._atomic is None:
            return
        try:
            if self._nested and exc_info[0] is None:
                self._set(True)
        finally:
            self._atomic.__exit__(*exc_info)


def _walk_floor() -> int | None:
    """PostgreSQL: the key of the WALK_ROWS-th newest entry (cached a minute: keys only grow,
    so a stale floor only widens the walk a little), or None when there are fewer."""
    found = cache.get("complaints:search:walk-floor")
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT key FROM {_entry_table()} ORDER BY key DESC OFFSET %s LIMIT 1", [WALK_ROWS - 1])
            row = cursor.fetchone()
        found = row[0] if row else 0
        cache.set("complaints:search:walk-floor", found, 60)
    return found or None


def search_complaints(*, query: str, base_queryset, limit: int = 25, cursor: str | None = None,
                      departments: Iterable[int] | None = None) -> SearchPage:
    """The complaints of `base_queryset` containing every word of `query`, newest first.

    `base_queryset` is what the staff member may see with the inbox filters applied;
    `departments` (optional, see index_departments_for) are department ids that hold every
    complaint of `base_queryset`: they narrow the index query itself. `cursor` is the
    `next_cursor` of the previous page. Raises SearchQueryError for a query that cannot be
    searched (empty, over 100 characters, no letters or digits).
    """
    plan = check_query(query)
    before = decode_cursor(cursor)
    limit = max(1, min(int(limit), 100))
    q = _IndexQuery(words=tuple(w.terms for w in plan),
                    departments=tuple(sorted(set(departments))) if departments is not None else None)
    if q.departments == ():
        return SearchPage(complaints=[], next_cursor=None)
    if RECEIPT_NUMBER.fullmatch(query.strip()):
        # A receipt number alone: its row by the unique index (its digit bigrams are in every
        # receipt number of the year: a slow intersection in the index for one match).
        found = list(base_queryset.filter(receipt_number=query.strip()))
        if before is not None:
            found = [c for c in found if search_key(c.submitted_at, c.pk) < before]
        return SearchPage(complaints=found[:limit], next_cursor=None)
    # PostgreSQL, a common query: first the newest WALK_ROWS entries, read newest first and
    # filtered (bounded: a word common overall may be absent from the departments asked for),
    # then the GIN index below them. Otherwise (and on SQLite) the index alone.
    phases: list[int | None] = [None]
    if connection.vendor == "postgresql" and _selectivity(q) >= WALK_MIN_SELECTIVITY:
        floor = _walk_floor()
        phases = [0] if floor is None else [floor, None]  # a small table (no floor): the walk covers it
    phrases = [w.word for w in plan if len(w.word) > 2]  # 1–2 characters: the token is the word
    found: list[tuple[int, int]] = []  # (key, id), newest first
    with _SearchPlans() as plans:
        for floor in phases:
            chunk = FIRST_CHUNK
            while len(found) <= limit:
                if floor is None:  # the GIN index (a walk reads the key's b-tree)
                    plans.by_index()
                keys = _index_keys(q, before, chunk, floor=floor)
                if keys:
                    plans.by_id()
                    _check(keys, base_queryset, phrases, found, limit)
                    before = keys[-1]
                if len(keys) < chunk:
                    break
                chunk = min(chunk * 4, MAX_CHUNK)
            if len(found) > limit:
                break
            if floor:  # the rest lies below the walked window
                before = floor + 1 if before is None else min(before, floor + 1)
        page = found[:limit]
        by_pk = {}
        if page:
            plans.by_id()
            by_pk = base_queryset.in_bulk([pk for _, pk in page])
    complaints = [by_pk[pk] for _, pk in page if pk in by_pk]
    next_cursor = encode_cursor(page[-1][0]) if len(found) > limit else None
    return SearchPage(complaints=complaints, next_cursor=next_cursor)


# --- what a staff member may search ----------------------------------------------------------


def visible_department_ids(viewer) -> list[int]:
    """The ids of the departments `viewer` may see (org.permissions.departments_visible_to), in
    their tree order: read once per search and given to searchable_complaints_for and
    index_departments_for (each read them again before: two queries more per search)."""
    from gamdong.org.permissions import departments_visible_to

    return list(departments_visible_to(viewer).values_list("pk", flat=True))


SEARCH_RESULT_FIELDS = (*INBOX_ROW_FIELDS, "submitted_at", "department_id", "officer_id")


def searchable_complaints_for(
    *,
    viewer,
    status: str = "",
    category: str = "",
    department: int | None = None,
    dong: str = "",
    visible_ids: list[int] | None = None,
):
    """The complaints `viewer` may see (their visible departments, `visible_ids` when already
    read), with the inbox filters.

    Filters: status (a Status value), category (its code), department (an id, only within
    what the viewer sees), dong. Residents and strangers get nothing.
    """
    if visible_ids is None:
        visible_ids = visible_department_ids(viewer)
    # A list, not a subquery: PostgreSQL then finds search candidates by id, not by department.
    queryset = Complaint.objects.filter(department__in=visible_ids)
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category__code=category)
    if department is not None:
        queryset = queryset.filter(department_id=department)
    if dong:
        queryset = queryset.filter(dong=dong)
    # What a result shows (the inbox's row and the API's hit), not the body and the
    # complainant's columns: a third of a search's CPU went to building whole rows.
    return queryset.select_related("category", "department", "officer__user").only(*SEARCH_RESULT_FIELDS)


def index_departments_for(viewer, department: int | None = None, *,
                          visible_ids: list[int] | None = None) -> list[int] | None:
    """The departments whose tokens narrow a search by `viewer` (see search_complaints):
    the filtered department, or every department they may see (`visible_ids` when already read)
    when they are few; None when the search is not narrowed by department in the index (many
    departments, or all)."""
    from gamdong.org.permissions import SEE_ALL_DEPARTMENTS

    if department is not None:
        return [department]
    if viewer.has_role(*SEE_ALL_DEPARTMENTS):
        return None
    visible = visible_ids if visible_ids is not None else visible_department_ids(viewer)
    return visible if len(visible) <= MAX_DEPARTMENT_TOKENS else None
