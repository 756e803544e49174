"""Korean word search over complaints: p50/p95 at N complaints on SQLite and PostgreSQL.

    .venv/bin/python bench/search_bench.py --db sqlite --n 100000
    .venv/bin/python bench/search_bench.py --db postgres --n 100000 [--pg postgres://postgres@127.0.0.1:5432]
    add --explain to print the query plans, --keep to keep the scratch database

Fills a scratch database (bench/.data/search-<n>.sqlite3, or the PostgreSQL database
bench_search, created and dropped here) with N complaints written from Korean word lists,
builds the search index with gamdong.complaints.search.reindex, then times
search_complaints (first page of 25, newest first) for 1-, 2-, 3- and 4-syllable words, a
rare and a common word, two words, and a 2-syllable word within one department. Not part of
the test suite; results are recorded in bench/search.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLACES = ["도로", "골목", "공원", "놀이터", "버스정류장", "횡단보도", "인도", "주차장", "시장", "학교 앞", "아파트 단지",
          "하천변", "산책로", "지하차도", "육교", "교차로", "주민센터 앞", "상가 앞", "체육공원", "자전거도로"]
ISSUES = ["소음", "악취", "불법주차", "쓰레기 무단투기", "가로등 고장", "포트홀", "보도블록 파손", "신호등 고장",
          "누수", "맨홀 뚜껑 파손", "가로수 가지치기", "꽃 화단 훼손", "배수구 막힘", "현수막 난립", "공사 소음",
          "흡연", "낙서", "방치 자전거", "빗물받이 막힘", "도로공사 지연"]
FILLER = ["때문에 너무 불편합니다", "빠른 조치 부탁드립니다", "며칠째 그대로입니다", "밤마다 심해집니다",
          "아이들이 다칠까 걱정됩니다", "지난번에도 신고했는데 해결되지 않았습니다", "확인 부탁드립니다",
          "주민들이 모두 힘들어합니다", "사진을 첨부합니다", "현장을 한번 봐 주세요", "출퇴근 시간에 특히 심합니다",
          "어르신들이 넘어질 뻔했습니다", "차량 통행이 어렵습니다", "비가 오면 물이 고입니다", "냄새가 심합니다"]
TIMES = ["아침", "저녁", "새벽", "주말", "평일 오후", "밤 11시", "점심시간"]
RARE = "싱크홀"  # put in about 1 complaint in 20,000

QUERIES = [
    ("1-syllable common (꽃)", "꽃", None),
    ("1-syllable rare (뻔)", "뻔", None),
    ("2-syllable common (도로)", "도로", None),
    ("2-syllable (소음)", "소음", None),
    ("3-syllable (가로등)", "가로등", None),
    ("4-syllable (불법주차)", "불법주차", None),
    ("4-syllable phrase (도로공사)", "도로공사", None),
    ("rare word (싱크홀)", RARE, None),
    ("absent word (코끼리)", "코끼리", None),
    ("two words (누수 새벽)", "누수 새벽", None),
    ("2-syllable, one department (소음)", "소음", "dept"),
]


def complaint_text(rng: random.Random) -> tuple[str, str]:
    place, issue = rng.choice(PLACES), rng.choice(ISSUES)
    title = f"{place} {issue}"
    sentences = [f"{rng.choice(TIMES)}에 {place}에서 {issue} 문제가 있습니다."]
    sentences += [f"{rng.choice(PLACES)} 근처 {rng.choice(ISSUES)} {rng.choice(FILLER)}." for _ in range(rng.randint(1, 3))]
    sentences.append(f"{rng.randint(1, 30)}단지 {rng.randint(100, 1500)}동 부근입니다.")
    if rng.random() < 1 / 20_000:
        sentences.append(f"{RARE}이 생긴 것 같습니다.")
    rng.shuffle(sentences)
    return title, " ".join(sentences)


def setup_database(db: str, n: int, pg: str) -> str:
    if db == "sqlite":
        data = ROOT / "bench" / ".data"
        data.mkdir(parents=True, exist_ok=True)
        path = data / f"search-{n}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_search")
        conn.execute("CREATE DATABASE bench_search ENCODING 'UTF8' TEMPLATE template0")
    return f"{pg}/bench_search"


def drop_database(db: str, pg: str) -> None:
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_search")


def fill(n: int, seed: int = 1) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.db import transaction

    from gamdong.complaints.models import Category, Complaint, Kind, Status
    from gamdong.org import services as org
    from gamdong.org.models import DepartmentKind

    rng = random.Random(seed)
    specs = [org.DepartmentSpec(code="R", name="감동구청", kind=DepartmentKind.DISTRICT)]
    specs += [org.DepartmentSpec(code=f"D{i:02}", name=f"부서{i}", kind=DepartmentKind.DIVISION, parent_code="R")
              for i in range(40)]
    departments = org.departments_create_many(actor=None, specs=specs)[1:]
    category = Category.objects.create(code="ETC", name="기타", default_kind=Kind.OTHER)
    at = dt.datetime(2023, 1, 2, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    step = dt.timedelta(days=3 * 365) / n
    batch = []
    for i in range(n):
        at += step * rng.uniform(0.5, 1.5)
        title, body = complaint_text(rng)
        batch.append(Complaint(
            receipt_number=f"B{i:09}", category=category, kind=Kind.OTHER, title=title, body=body,
            complainant_name="홍길동", department=rng.choice(departments), status=Status.RECEIVED,
            submitted_at=at, received_at=at, due_at=at + dt.timedelta(days=7), period_days=7,
        ))
        if len(batch) == 5_000:
            with transaction.atomic():
                Complaint.objects.bulk_create(batch)
            batch = []
    if batch:
        Complaint.objects.bulk_create(batch)


def measure(runs: int, explain: bool) -> list[tuple[str, float, float, int]]:
    from django.core.cache import cache
    from django.db import connection

    from gamdong.complaints.models import Complaint
    from gamdong.complaints.search import search_complaints

    department = Complaint.objects.order_by("-submitted_at").values_list("department_id", flat=True).first()
    rows = []
    for label, query, scope in QUERIES:
        base = Complaint.objects.all()
        if scope == "dept":
            base = base.filter(department_id=department)
        base = base.select_related("category", "department")
        departments = [department] if scope == "dept" else None
        cache.clear()
        search_complaints(query=query, base_queryset=base, departments=departments)  # warm the statistics
        times, hits = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            page = search_complaints(query=query, base_queryset=base, departments=departments)
            times.append((time.perf_counter() - start) * 1000)
            hits = len(page.complaints)
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        rows.append((label, statistics.median(times), p95, hits))
        if explain:
            connection.queries_log.clear()
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                search_complaints(query=query, base_queryset=base, departments=departments)
            for q in ctx.captured_queries[-2:]:
                with connection.cursor() as cursor:
                    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, COSTS OFF) "
                    cursor.execute(prefix + q["sql"])
                    print(f"--- {label}: {q['sql'][:160]}...")
                    for line in cursor.fetchall():
                        print("   ", line if connection.vendor == "sqlite" else line[0])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    url = setup_database(args.db, args.n, args.pg)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gamdong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gamdong.complaints.search import reindex

    try:
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        fill(args.n)
        t1 = time.perf_counter()
        reindex(None, batch=5_000)
        t2 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT COUNT(*) FROM complaints_complaintsearchentry")
            postings = cursor.fetchone()[0]
        print(f"# {args.db} ({connection.vendor} {connection.Database.__name__} "
              f"{getattr(connection.Database, 'sqlite_version', '') or connection.pg_version}), n={args.n}")
        print(f"# fill {t1 - t0:.1f} s, reindex {t2 - t1:.1f} s, {postings:,} entries "
              f"({postings / args.n:.0f} per complaint)")
        print("| query | p50 ms | p95 ms | hits (page of 25) |")
        print("|---|---:|---:|---:|")
        for label, p50, p95, hits in measure(args.runs, args.explain):
            print(f"| {label} | {p50:.1f} | {p95:.1f} | {hits} |")
    finally:
        connection.close()
        if not args.keep:
            drop_database(args.db, args.pg)


if __name__ == "__main__":
    main()
