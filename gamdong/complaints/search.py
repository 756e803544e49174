"""Korean word search over complaints: the index and the query (see search_terms.py for the
pure part and DESIGN.md "Known traps" for why it is built this way).

Index: per complaint one ComplaintSearchDocument (its normalised text) and one
ComplaintSearchTerm row per distinct character and character bigram, keyed
(term, submitted_at, complaint) so that "newest complaints containing a term" is one
backward range scan on both SQLite and PostgreSQL.

Filing writes only the document and one "pending" posting (term PENDING_TERM, the empty
string, never a real term) in its transaction: ~100 postings a filing cost a few milliseconds
and a page write each. index_pending() (a huey task every minute: complaints.tasks) turns the
pending postings into terms, whatever the time since filing: a crash after the filing's commit
leaves the pending posting, and the next sweep indexes it. Until then search finds a pending
complaint by its document: the pending complaints (few) are checked on every search and merged
into the page.

Query, newest first, `limit` per page:
1. each query word needs its terms; the rarest term of all (a COUNT capped at
   TERM_COUNT_CAP, cached) drives the candidates;
2. a common driver (at the cap) first looks at the newest WINDOW_ROWS complaints only
   (a range on complaint.submitted_at), which usually fills a page at once;
3. otherwise (or for the rest of the page) the candidates come from the driver's postings,
   newest first, joined to the staff member's visible, filtered complaints;
4. every candidate must contain every query word contiguously in its normalised text
   (instr on SQLite, strpos on PostgreSQL: Django's StrIndex), so 도로공사 is a phrase,
   not 도로 and 공사 anywhere.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from gamdong.complaints.models import Complaint, ComplaintSearchDocument, ComplaintSearchTerm
from gamdong.complaints.search_terms import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    QueryWord,
    index_terms,
    normalise,
    normalised_terms,
    query_plan,
)

TERM_COUNT_CAP = 5_000  # postings counted at most; a term at the cap is "common"
TERM_COUNT_TTL = 600  # seconds a term's capped count stays cached
TERM_COUNT_CACHE_MIN = 500  # smaller counts are not cached (cheap, and must stay exact)
WINDOW_ROWS = 3_000  # newest complaints looked at first when the driving term is common
REINDEX_BATCH = 2_000
PENDING_TERM = ""  # the posting of a complaint filed but not yet term-indexed (index_pending)
PENDING_BATCH = 500


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


def document_text(complaint: Complaint) -> str:
    """What search looks in: the title, the body and the receipt number, normalised.

    Never the complainant's name, contact or address: search results are shown masked.
    """
    return normalise(f"{complaint.title} {complaint.body} {complaint.receipt_number}")


def _adapt(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _term_table() -> str:
    return connection.ops.quote_name(ComplaintSearchTerm._meta.db_table)


def _insert_terms(rows: list[tuple[str, object, int]]) -> None:
    """Insert (term, submitted_at, complaint_id) rows; COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    table = _term_table()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (term, submitted_at, complaint_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} (term, submitted_at, complaint_id) VALUES (%s, %s, %s)", rows
            )


def _delete_terms(rows: list[tuple[str, object, int]]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {_term_table()} WHERE term = %s AND submitted_at = %s AND complaint_id = %s", rows
        )


def _index_batch(complaints: list[Complaint]) -> None:
    """(Re)index a batch: old terms are found from the old document (no scan by complaint)."""
    old_docs = dict(
        ComplaintSearchDocument.objects.filter(complaint__in=[c.pk for c in complaints]).values_list(
            "complaint_id", "text"
        )
    )
    stale: list[tuple[str, object, int]] = []
    fresh: list[tuple[str, object, int]] = []
    docs: list[ComplaintSearchDocument] = []
    for complaint in complaints:
        text = document_text(complaint)
        at = _adapt(complaint.submitted_at)
        if complaint.pk in old_docs:
            stale.extend((term, at, complaint.pk) for term in index_terms(old_docs[complaint.pk]))
            stale.append((PENDING_TERM, at, complaint.pk))
        fresh.extend((term, at, complaint.pk) for term in index_terms(text))
        docs.append(ComplaintSearchDocument(complaint_id=complaint.pk, text=text))
    with transaction.atomic():
        _delete_terms(stale)
        ComplaintSearchDocument.objects.filter(complaint__in=list(old_docs)).delete()
        ComplaintSearchDocument.objects.bulk_create(docs)
        fresh.sort()  # in index order: appends to fewer B-tree pages
        _insert_terms(fresh)


def index_new_complaints(items: Iterable[tuple[int, dt.datetime, str, str, str]]) -> int:
    """Index complaints that have never been indexed, in bulk (gamdong.demo.bulk): items are
    (id, submitted_at, title, body, receipt_number). Nothing is deleted first, so it is only
    correct for complaints without a search document. Call it inside a transaction."""
    docs: list[tuple[int, str]] = []
    terms: list[tuple[str, object, int]] = []
    for pk, submitted_at, title, body, receipt_number in items:
        text = normalise(f"{title} {body} {receipt_number}")
        at = _adapt(submitted_at)
        docs.append((pk, text))
        terms.extend((term, at, pk) for term in normalised_terms(text))
    if not docs:
        return 0
    table = connection.ops.quote_name(ComplaintSearchDocument._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (complaint_id, text) FROM STDIN") as copy:
                for row in docs:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} (complaint_id, text) VALUES (%s, %s)", docs)
    terms.sort()  # in index order: appends to fewer B-tree pages
    _insert_terms(terms)
    return len(docs)


def index_complaint(complaint: Complaint) -> None:
    """(Re)index a complaint's terms now, inside the caller's transaction."""
    _index_batch([complaint])


def index_complaint_later(complaint: Complaint) -> None:
    """Make a new complaint findable at once, cheaply (complaint_submit, in its transaction):
    its search document and its pending posting; index_pending writes its terms later."""
    docs = connection.ops.quote_name(ComplaintSearchDocument._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {docs} (complaint_id, text) VALUES (%s, %s)",
                       [complaint.pk, document_text(complaint)])
        cursor.execute(f"INSERT INTO {_term_table()} (term, submitted_at, complaint_id) VALUES (%s, %s, %s)",
                       [PENDING_TERM, _adapt(complaint.submitted_at), complaint.pk])


def index_pending(*, batch: int = PENDING_BATCH) -> int:
    """Write the terms of every pending complaint (oldest first, `batch` a transaction) and
    drop their pending postings; returns how many. Safe to run at any time and in several
    processes at once: each pending posting is taken by the one transaction that deletes it."""
    table = _term_table()
    done = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE term = %s AND complaint_id IN (SELECT complaint_id FROM {table}"
                f" WHERE term = %s ORDER BY submitted_at LIMIT %s) RETURNING complaint_id, submitted_at",
                [PENDING_TERM, PENDING_TERM, batch],
            )
            taken = cursor.fetchall()
            if not taken:
                return done
            texts = dict(
                ComplaintSearchDocument.objects.filter(complaint__in=[pk for pk, _ in taken]).values_list(
                    "complaint_id", "text")
            )
            rows = sorted((term, at, pk) for pk, at in taken for term in normalised_terms(texts.get(pk, "")))
            if rows:  # a reindex may have written some of them meanwhile
                cursor.executemany(
                    f"INSERT INTO {table} (term, submitted_at, complaint_id) VALUES (%s, %s, %s)"
                    " ON CONFLICT DO NOTHING", rows
                )
        done += len(taken)
        if len(taken) < batch:
            return done


def reindex(queryset: Iterable[Complaint] | None = None, batch: int = REINDEX_BATCH, progress=None) -> int:
    """(Re)index complaints in batches; returns how many. With no queryset: all of them,
    starting from an empty index (fast: no per-row delete)."""
    if queryset is None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {_term_table()}")
            ComplaintSearchDocument.objects.all().delete()
        queryset = Complaint.objects.all()
    if hasattr(queryset, "only"):
        queryset = queryset.only("id", "title", "body", "receipt_number", "submitted_at").order_by("pk")
    done = 0
    chunk: list[Complaint] = []
    for complaint in queryset.iterator(chunk_size=batch) if hasattr(queryset, "iterator") else queryset:
        chunk.append(complaint)
        if len(chunk) >= batch:
            _index_batch(chunk)
            done += len(chunk)
            chunk = []
            if progress:
                progress(done)
    if chunk:
        _index_batch(chunk)
        done += len(chunk)
        if progress:
            progress(done)
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


def encode_cursor(complaint: Complaint) -> str:
    raw = f"{complaint.submitted_at.isoformat()}|{complaint.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[dt.datetime, int] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.rsplit("|", 1)
        at = parse_datetime(stamp)
        if at is None or at.tzinfo is None:
            raise ValueError(stamp)
        return at, int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise SearchQueryError(_("다음 쪽 표시가 올바르지 않습니다. 처음부터 다시 검색해 주세요."), field="cursor") from None


def term_count(term: str) -> int:
    """How many complaints contain `term`, counted up to TERM_COUNT_CAP (cached a while)."""
    key = "complaints:search:tf:" + term.encode().hex()
    count = cache.get(key)
    if count is None:
        count = ComplaintSearchTerm.objects.filter(term=term)[:TERM_COUNT_CAP].count()
        # Only large counts are cached: they only steer the plan. A small one is cheap to count
        # again, and a cached 0 would hide a complaint filed a minute later.
        if count >= TERM_COUNT_CACHE_MIN:
            cache.set(key, count, TERM_COUNT_TTL)
    return count


def _older_than(prefix: str, at: dt.datetime, pk: int, *, pk_field: str = "id") -> Q:
    """(submitted_at, id) < (at, pk), written so that submitted_at <= at bounds an index range."""
    return Q(**{f"{prefix}submitted_at__lte": at}) & (
        Q(**{f"{prefix}submitted_at__lt": at}) | Q(**{f"{prefix}{pk_field}__lt": pk})
    )


def _verified(queryset, plan: list[QueryWord]):
    """Only complaints whose normalised text contains every query word contiguously."""
    for i, q in enumerate(plan):
        queryset = queryset.alias(**{f"_word{i}": StrIndex("search_document__text", Value(q.word))}).filter(
            **{f"_word{i}__gt": 0}
        )
    return queryset


def _window_start(after: tuple[dt.datetime, int] | None) -> dt.datetime | None:
    """submitted_at of the WINDOW_ROWS-th newest complaint (older than the cursor), or None
    when fewer remain: then the window is everything left."""
    newest = Complaint.objects.all()
    if after is not None:
        newest = newest.filter(_older_than("", *after))
    found = newest.order_by("-submitted_at").values_list("submitted_at", flat=True)[WINDOW_ROWS - 1 : WINDOW_ROWS]
    found = list(found)
    return found[0] if found else None


def search_complaints(*, query: str, base_queryset, limit: int = 25, cursor: str | None = None) -> SearchPage:
    """The complaints of `base_queryset` containing every word of `query`, newest first.

    `base_queryset` is what the staff member may see with the inbox filters applied.
    `cursor` is the `next_cursor` of the previous page. Raises SearchQueryError for a query
    that cannot be searched (empty, over 100 characters, no letters or digits).
    """
    plan = check_query(query)
    after = decode_cursor(cursor)
    limit = max(1, min(int(limit), 100))
    candidates = _verified(base_queryset, plan)
    found = _indexed_matches(plan, candidates, after, limit)
    pending = _pending_matches(candidates, after, limit)
    if pending:  # merged by (submitted_at, id); the window may have found some already
        merged = {c.pk: c for c in found}
        for c in pending:
            merged.setdefault(c.pk, c)
        found = sorted(merged.values(), key=lambda c: (c.submitted_at, c.pk), reverse=True)[: limit + 1]
    return _page(found, limit)


def _pending_matches(candidates, after: tuple[dt.datetime, int] | None, limit: int) -> list[Complaint]:
    """The newest limit + 1 matching complaints among those not yet term-indexed."""
    pending = candidates.filter(search_terms__term=PENDING_TERM)
    if after is not None:
        pending = pending.filter(_older_than("", *after))
    return list(pending.order_by("-submitted_at", "-id")[: limit + 1])


def _indexed_matches(plan: list[QueryWord], candidates, after: tuple[dt.datetime, int] | None,
                     limit: int) -> list[Complaint]:
    """The newest limit + 1 matching complaints found through the term index (or the window)."""
    counts = {term: term_count(term) for q in plan for term in q.terms}
    driver = min(counts, key=lambda t: (counts[t], -len(t), t))
    if counts[driver] == 0:
        return []

    found: list[Complaint] = []
    index_before: dt.datetime | None = None  # the postings path looks only at complaints older than this
    if counts[driver] >= TERM_COUNT_CAP:
        # A common term: the newest complaints usually hold a page of matches already.
        start = _window_start(after)
        window = candidates
        if after is not None:
            window = window.filter(_older_than("", *after))
        if start is not None:
            window = window.filter(submitted_at__gte=start)
        found = list(window.order_by("-submitted_at", "-id")[: limit + 1])
        if len(found) > limit or start is None:
            return found
        index_before = start

    condition = Q(search_terms__term=driver)
    if index_before is not None:
        condition &= Q(search_terms__submitted_at__lt=index_before)
    if after is not None:
        condition &= _older_than("search_terms__", *after, pk_field="complaint_id")
    # One filter() call: the conditions and the ordering share one join to the postings.
    postings = candidates.filter(condition).order_by("-search_terms__submitted_at", "-search_terms__complaint_id")
    found += list(postings[: limit + 1 - len(found)])
    return found


def _page(found: list[Complaint], limit: int) -> SearchPage:
    if len(found) > limit:
        return SearchPage(complaints=found[:limit], next_cursor=encode_cursor(found[limit - 1]))
    return SearchPage(complaints=found, next_cursor=None)


# --- what a staff member may search ----------------------------------------------------------


def searchable_complaints_for(
    *,
    viewer,
    status: str = "",
    category: str = "",
    department: int | None = None,
    dong: str = "",
):
    """The complaints `viewer` may see (their visible departments), with the inbox filters.

    Filters: status (a Status value), category (its code), department (an id, only within
    what the viewer sees), dong. Residents and strangers get nothing.
    """
    from gamdong.org.permissions import departments_visible_to

    queryset = Complaint.objects.filter(department__in=departments_visible_to(viewer))
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category__code=category)
    if department is not None:
        queryset = queryset.filter(department_id=department)
    if dong:
        queryset = queryset.filter(dong=dong)
    return queryset.select_related("category", "department", "officer__user")
