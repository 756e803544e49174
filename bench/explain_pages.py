"""EXPLAIN (ANALYZE on PostgreSQL, QUERY PLAN on SQLite) of the queries behind the measured pages:
the department inbox (page and counts) of the busiest department's head, and a resident's list.

    .venv/bin/python bench/explain_pages.py --db-url sqlite:////abs/bench/.data/gamdong-1m.sqlite3

With --side creative, every SELECT of one request of each creative page (bench/sides/creative_side.py
operations, on a database bench/run-creative-progress --keep left) under EXPLAIN ANALYZE on PostgreSQL:
planning and execution time per query, the plans with --plans.

    .venv/bin/python bench/explain_pages.py --side creative --ops proposal,progress_mayor \
        --db-url postgres://postgres@127.0.0.1:5432/bench_creative_creative
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db-url", required=True)
    ap.add_argument("--side", choices=["gamdong", "creative"], default="gamdong")
    ap.add_argument("--ops", default="proposal,progress_mayor,progress_supervisor,progress_employee")
    ap.add_argument("--plans", action="store_true", help="print each plan, not only its times")
    args = ap.parse_args()
    os.environ["DATABASE_URL"] = args.db_url
    if args.side == "creative":
        return explain_creative(args)
    os.environ.setdefault("SECRET_KEY", "bench-explain")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gamdong.settings"
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from gamdong.accounts.models import User
    from gamdong.complaints import selectors_office as sel
    from gamdong.complaints.models import OPEN_STATUSES, Complaint
    from gamdong.complaints.selectors import complaints_of_resident
    from gamdong.org.models import Department

    busiest = (Complaint.objects.filter(status__in=OPEN_STATUSES, department__head__isnull=False)
               .values("department").annotate(n=Count("pk")).order_by("-n").first())
    department = Department.objects.select_related("head__user").get(pk=busiest["department"])
    scope = sel.office_scope(department.head.user)
    print(f"complaints {Complaint.objects.count():,}; busiest department {department.name}: {busiest['n']} open")
    page = sel.inbox_queryset(scope=scope, view=sel.DEPARTMENT).select_related(
        "category", "department", "officer__user")[:26]
    resident = User.objects.get(pk=Complaint.objects.order_by("-pk").values_list("complainant_id", flat=True)[0])
    queries = {"inbox page": page, "resident list": complaints_of_resident(user=resident)[:21]}
    analyze = connection.vendor == "postgresql"
    for name, qs in queries.items():
        print(f"--- {name}")
        print(qs.explain(analyze=analyze) if analyze else qs.explain())
    # The counts are an aggregate (no queryset to explain): run its SQL under EXPLAIN.
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        sel.inbox_counts(scope=scope, view=sel.DEPARTMENT)
    sql = ctx.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN ANALYZE " if analyze else "EXPLAIN QUERY PLAN ") + sql)
        print("--- inbox counts")
        for row in cursor.fetchall():
            print(" ".join(str(x) for x in row))


def explain_creative(args) -> None:
    """Each SELECT of one request per page, under EXPLAIN (ANALYZE on PostgreSQL)."""
    sides = Path(__file__).resolve().parent / "sides"
    sys.path[:0] = [str(sides), str(sides.parent)]
    os.environ["BENCH_DATABASE_URL"] = args.db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gamdong.settings"
    import creative_side
    import django

    django.setup()
    import harness
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ops = creative_side.operations(harness.Corpus(50_000))
    analyze = connection.vendor == "postgresql"
    for name in args.ops.split(","):
        ops[name].fn(0)  # warm
        with CaptureQueriesContext(connection) as ctx:
            ops[name].fn(1)
        selects = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip(" (").upper().startswith("SELECT")]
        print(f"=== {name}: {len(ctx.captured_queries)} queries, {len(selects)} SELECT")
        totals = [0.0, 0.0]
        for sql in selects:
            with connection.cursor() as cursor:
                cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN QUERY PLAN ") + sql)
                plan = [" ".join(str(x) for x in row) for row in cursor.fetchall()]
            times = {line.split(":")[0].strip(): float(line.split(":")[1].split()[0])
                     for line in plan if line.startswith(("Planning Time", "Execution Time"))}
            totals[0] += times.get("Planning Time", 0.0)
            totals[1] += times.get("Execution Time", 0.0)
            print(f"  plan {times.get('Planning Time', 0):6.2f} ms  run {times.get('Execution Time', 0):6.2f} ms  "
                  f"{sql[:140]}")
            if args.plans:
                print("\n".join(f"      {line}" for line in plan))
        print(f"  total: planning {totals[0]:.2f} ms, execution {totals[1]:.2f} ms")


if __name__ == "__main__":
    main()
