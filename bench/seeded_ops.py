"""Search and inbox timed on a database `gamdong seed --complaints N` filled (e.g. 1M).

    DATABASE_URL=sqlite:////abs/path/1m.sqlite3 .venv/bin/python bench/seeded_ops.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_search_1m .venv/bin/python bench/seeded_ops.py --runs 40

Who searches: the head of the department with the most complaints (their departments' tokens go
into the index query), and the district head (every department: no department token, filtered
by the visible departments). What: 1-, 2-, 3- and 4-syllable words, a phrase, two words, a
receipt number (one match), an absent word; first page of 25, newest first.
Two ways: in-process (search_complaints, as the page and the API call it) and through the API
(Django test Client, GET /api/v1/complaints/search, full middleware); and the head's inbox
page (/office/complaints/) for comparison. Prints p50/p95 in ms, hits on the page, the load
average before and after. Not part of the test suite; figures go to bench/search.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "sides")]  # this checkout's gamdong first; harness

QUERIES = [
    ("1 syllable (앞)", "앞"),
    ("1 syllable (뻔)", "뻔"),
    ("2 syllables, common (도로)", "도로"),
    ("2 syllables (소음)", "소음"),
    ("3 syllables (쓰레기)", "쓰레기"),
    ("3 syllables (가로등)", "가로등"),
    ("4 syllables (보도블록)", "보도블록"),
    ("phrase inside a word (이중주차)", "이중주차"),
    ("two words (골목 쓰레기)", "골목 쓰레기"),
    ("absent (코끼리)", "코끼리"),
]


def _p(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[max(0, int(round(q * len(times))) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--api-runs", type=int, default=20)
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gamdong.settings")
    import django

    django.setup()
    from harness import plain_static_files

    plain_static_files()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from gamdong.complaints.models import Complaint
    from gamdong.complaints.search import index_departments_for, search_complaints, searchable_complaints_for
    from gamdong.org.models import Department, DepartmentKind

    n = Complaint.objects.count()
    busiest = (Complaint.objects.filter(department__head__isnull=False).values("department")
               .annotate(n=Count("pk")).order_by("-n").first())
    department = Department.objects.select_related("head__user").get(pk=busiest["department"])
    head = department.head.user
    district_head = Department.objects.select_related("head__user").get(kind=DepartmentKind.DISTRICT).head.user
    receipt = Complaint.objects.order_by("-id").values_list("receipt_number", flat=True)[5000]
    queries = [*QUERIES, (f"receipt number ({receipt})", receipt)]
    version = connection.cursor().connection.execute("select sqlite_version()").fetchone()[0] if (
        connection.vendor == "sqlite") else connection.pg_version
    print(f"# {n:,} complaints, {connection.vendor} {version}, Python {platform.python_version()}")
    print(f"# head: {head.name} of {department.name} ({busiest['n']:,} complaints), "
          f"district head: {district_head.name}")
    print(f"# load average before: {os.getloadavg()}")
    rows = []
    for who, user in (("head", head), ("district head", district_head)):
        base = searchable_complaints_for(viewer=user)
        departments = index_departments_for(user)
        for label, query in queries:
            search_complaints(query=query, base_queryset=base, departments=departments)  # warm up
            times, cpu = [], []
            for _ in range(args.runs):
                t0, c0 = time.perf_counter(), time.process_time()
                page = search_complaints(query=query, base_queryset=base, departments=departments)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            rows.append(("in-process", who, label, statistics.median(times), _p(times, 0.95), _p(cpu, 0.95),
                         len(page.complaints)))
    for who, user in (("head", head), ("district head", district_head)):
        client = Client()
        client.force_login(user)
        for label, query in queries:
            client.get("/api/v1/complaints/search", {"q": query})
            times, cpu = [], []
            for _ in range(args.api_runs):
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get("/api/v1/complaints/search", {"q": query})
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, response.content[:300]
            rows.append(("API", who, label, statistics.median(times), _p(times, 0.95), _p(cpu, 0.95),
                         len(response.json()["results"])))
    client = Client()
    client.force_login(head)
    client.get("/office/complaints/")
    times, cpu = [], []
    for _ in range(args.api_runs):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get("/office/complaints/")
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    assert response.status_code == 200
    rows.append(("page", "head", "inbox (/office/complaints/)", statistics.median(times), _p(times, 0.95),
                 _p(cpu, 0.95), None))
    print(f"# load average after: {os.getloadavg()}")
    print("| how | who | query | p50 ms | p95 ms | CPU p95 ms | hits |")
    print("|---|---|---|---:|---:|---:|---:|")
    for how, who, label, p50, p95, cpu95, hits in rows:
        print(f"| {how} | {who} | {label} | {p50:.1f} | {p95:.1f} | {cpu95:.1f} | {'' if hits is None else hits} |")
    worst = max(r[4] for r in rows if r[0] == "in-process")
    print(f"# worst in-process p95: {worst:.1f} ms; worst API p95: {max(r[4] for r in rows if r[0] == 'API'):.1f} ms")


if __name__ == "__main__":
    main()
