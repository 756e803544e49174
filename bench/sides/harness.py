"""What every side shares. It runs inside that side's own virtualenv, so it uses only the
standard library and Django (imported lazily, after the side's settings are chosen).

- `database_settings(url)`: the DATABASES entry, built the way gamdong/settings.py builds its own
  (same SQLite pragmas and transaction mode, same persistent PostgreSQL connections), so that the
  three sides differ in their code, not in their connection settings.
- `Corpus`: deterministic Korean complaint text (titles, bodies, departments, residents) shared
  by every side, so every side stores and searches the same words.
- `bulk_load(model, fields, rows)`: COPY on PostgreSQL, executemany in big transactions on SQLite.
- `measure(fn)`: warm-up, then N timed calls; p50/p95/max in milliseconds.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlparse

# --- Progress and the JSON protocol --------------------------------------------------------


def progress(message: str) -> None:
    """Human progress goes to stderr; stdout carries only the final JSON line for the runner."""
    print(message, file=sys.stderr, flush=True)


class Progress:
    """Rate-limited "k/n rows" lines."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.start, self.last = label, total, time.perf_counter(), 0.0

    def __call__(self, done: int) -> None:
        now = time.perf_counter()
        if done >= self.total or now - self.last >= 5:
            self.last = now
            pct = 100 * done / self.total if self.total else 100
            progress(f"    {self.label}: {done:,}/{self.total:,} ({pct:.0f}%) {now - self.start:.0f}s")


# --- Databases ----------------------------------------------------------------------------


def database_settings(url: str) -> dict:
    """sqlite:////abs/path or postgres://user@host:port/name, configured like gamdong's."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parsed.path)[1:] if parsed.path.startswith("//") else unquote(parsed.path),
            "CONN_MAX_AGE": 0,
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    " PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parsed.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/"),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ValueError(f"unsupported database URL: {url}")


# --- The shared Korean corpus -------------------------------------------------------------

DONGS = [
    "감동1동", "감동2동", "새솔동", "푸른동", "한빛동", "누리동", "샘골동", "들말동", "솔내동", "가람동",
    "별빛동", "마루동", "꽃뫼동", "은행동", "버들동", "다솜동", "하늘동", "미리내동", "온새동", "너울동",
]  # fmt: skip
# 40 subjects, drawn uniformly: each is in about 2.5% of complaints.
SUBJECTS = [
    "가로등", "불법주차", "쓰레기", "층간소음", "도로파손", "보도블록", "악취", "불법광고물", "누수", "방치자전거",
    "가로수", "맨홀", "신호등", "공사장소음", "길고양이", "빗물받이", "횡단보도", "버스정류장", "공원벤치", "놀이터",
    "무단투기", "노점상", "현수막", "전동킥보드", "과속방지턱", "하수구", "제설", "낙엽", "방범카메라", "공중화장실",
    "인도턱", "포트홀", "벽화", "간판", "흡연", "반려견", "자전거도로", "분리수거", "어린이보호구역", "주차장",
]  # fmt: skip
PROBLEMS = ["고장 신고", "처리 요청", "개선 요청", "정비 요청", "단속 요청", "민원", "문의", "설치 요청"]
SENTENCES = [
    "며칠째 그대로라서 주민들이 불편을 겪고 있습니다.",
    "밤에 지나가기가 무섭습니다.",
    "아이들이 다니는 길이라 빠른 조치 부탁드립니다.",
    "지난달에도 신고했는데 아직 해결되지 않았습니다.",
    "사진을 첨부하니 확인 부탁드립니다.",
    "출퇴근 시간에 특히 심합니다.",
    "어르신들이 넘어질 뻔한 적이 여러 번 있습니다.",
    "비가 오면 상황이 더 나빠집니다.",
    "관리 주체가 어디인지 알려 주시면 감사하겠습니다.",
    "현장 확인 후 연락 주시기 바랍니다.",
    "이웃 주민들도 같은 의견입니다.",
    "주말마다 반복되고 있습니다.",
]
# The word searched for: one subject, so about 2.5% of complaints contain it.
SEARCH_WORD = "맨홀"
DEPARTMENTS = 134  # as many as the 감동구 demo district has


class Corpus:
    """Complaint number i (0-based) always has the same text, department, resident and status."""

    def __init__(self, n: int, *, seed: int = 20260101) -> None:
        self.n = n
        self.residents = max(1, n // 20)  # about 20 complaints per resident
        self.rng = random.Random(seed)
        self.end = datetime(2026, 1, 1, tzinfo=UTC)
        self.start = self.end - timedelta(days=3 * 365)

    def complaint(self, i: int) -> dict:
        r = self.rng
        dong = r.choice(DONGS)
        subject = r.choice(SUBJECTS)
        title = f"{dong} {r.randint(1, 300)}번지 앞 {subject} {r.choice(PROBLEMS)}"
        body = f"{dong} {subject} 관련입니다. " + " ".join(r.sample(SENTENCES, 3))
        created = self.start + (self.end - self.start) * (i / max(1, self.n))
        recent = i >= self.n * 0.95
        is_open = r.random() < (0.7 if recent else 0.02)
        return {
            "title": title,
            "body": body,
            "department": r.randrange(DEPARTMENTS),
            "resident": r.randrange(self.residents),
            "created": created,
            "open": is_open,
        }

    def new_complaint(self, i: int) -> dict:
        """A complaint filed during measurement (text differs per call)."""
        c = self.complaint(i)
        c["title"] = f"{c['title']} ({i})"
        return c


# --- Bulk loading -------------------------------------------------------------------------


def bulk_load(model, fields: Sequence[str], rows: Iterable[Sequence], *, total: int, label: str) -> None:
    """Insert rows (tuples in `fields` order, explicit primary keys allowed) as fast as the
    database allows; every other concrete field gets its default. Resets the id sequence."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    meta = model._meta
    given = [meta.get_field(f) for f in fields]
    others = [
        f for f in meta.concrete_fields if f.name not in fields and f.attname not in fields and not f.primary_key
    ]
    constants = []
    for f in others:
        default = f.get_default() if f.has_default() or f.null else ""
        constants.append(f.get_db_prep_save(default, connection))
    columns = [f.column for f in given] + [f.column for f in others]
    table = meta.db_table
    qn = connection.ops.quote_name
    tick = Progress(f"{label} ({table})", total)
    is_pg = connection.vendor == "postgresql"
    dt_idx = [k for k, f in enumerate(given) if f.get_internal_type() == "DateTimeField"]

    def sqlite_prep(row):
        row = list(row)
        for k in dt_idx:
            v = row[k]
            if v is not None:
                row[k] = v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        return (*row, *constants)

    if not is_pg:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")  # for the fill only; measuring reconnects
    with transaction.atomic():
        with connection.cursor() as cursor:
            if is_pg:
                sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for done, row in enumerate(rows, 1):
                        copy.write_row((*row, *constants))
                        if done % 50_000 == 0:
                            tick(done)
            else:
                sql = (
                    f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})"
                )
                batch, done = [], 0
                for row in rows:
                    batch.append(sqlite_prep(row))
                    if len(batch) == 20_000:
                        cursor.executemany(sql, batch)
                        done += len(batch)
                        batch = []
                        tick(done)
                if batch:
                    cursor.executemany(sql, batch)
                    done += len(batch)
            for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(statement)
    tick(total)


def analyze() -> None:
    """What a database at rest has had: statistics gathered, SQLite's WAL checkpointed."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- Measuring ----------------------------------------------------------------------------


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    k = max(1, math.ceil(p / 100 * len(sorted_ms)))
    return sorted_ms[k - 1]


def measure(fn: Callable[[int], None], *, requests: int, budget_s: float, warmup: int, min_requests: int = 10,
            prepare: Callable[[int], None] | None = None) -> dict:
    """Call fn(i) `warmup` times untimed (fewer, at least one, once a third of `budget_s` is spent:
    a request taking seconds is warm after one), then up to `requests` times timed, stopping early
    once `budget_s` is spent and at least `min_requests` were timed. `prepare(i)`, when given,
    runs untimed before each fn(i) (what a browser does before the measured request)."""
    prepare = prepare or (lambda i: None)
    began = time.perf_counter()
    for i in range(warmup):
        prepare(i)
        fn(i)
        if time.perf_counter() - began > budget_s / 3:
            break
    samples: list[float] = []
    cpu: list[float] = []
    began = time.perf_counter()
    for i in range(requests):
        prepare(warmup + i)
        t0, c0 = time.perf_counter_ns(), time.process_time_ns()
        fn(warmup + i)
        samples.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.process_time_ns() - c0) / 1e6)
        if len(samples) >= min_requests and time.perf_counter() - began > budget_s:
            break
    samples.sort()
    cpu.sort()
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 50), 3),
        "p95_ms": round(percentile(samples, 95), 3),
        "max_ms": round(samples[-1], 3),
        "mean_ms": round(sum(samples) / len(samples), 3),
        # CPU time of the measuring process: what the request itself costs, much less sensitive to
        # other work on the machine than wall time. It leaves out PostgreSQL's server process
        # (SQLite runs inside the measuring process and is counted).
        "cpu_p50_ms": round(percentile(cpu, 50), 3),
        "cpu_p95_ms": round(percentile(cpu, 95), 3),
    }


def expect(response, *codes: int):
    """A measured request that fails is a broken benchmark, not a slow one."""
    if response.status_code not in codes:
        body = getattr(response, "content", b"")[:500]
        raise AssertionError(f"HTTP {response.status_code} (wanted {codes}): {body!r}")
    return response


class Op:
    """One measured operation: a label for the report and fn(i) making request number i; and
    optionally prepare(i), run untimed just before fn(i)."""

    def __init__(self, label: str, fn: Callable[[int], None], prepare: Callable[[int], None] | None = None) -> None:
        self.label, self.fn, self.prepare = label, fn, prepare


def plain_static_files() -> None:
    """Plain static URLs instead of the production manifest, which needs `collectstatic`, and
    that fails here (vendor/leaflet/leaflet.js names leaflet.js.map, which
    scripts/build_assets.py does not copy). A manifest lookup is a dict lookup: the pages cost
    the same. WhiteNoise stays in the middleware, serving nothing (no finders)."""
    from django.test.utils import override_settings

    override_settings(
        STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                  "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        WHITENOISE_USE_FINDERS=False,
    ).enable()
