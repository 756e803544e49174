"""EXPLAIN (ANALYZE on PostgreSQL, QUERY PLAN on SQLite) of the queries behind the measured pages:
the department inbox (page and counts) of the busiest department's head, and a resident's list.

    .venv/bin/python bench/explain_pages.py --db-url sqlite:////abs/bench/.data/gamdong-1m.sqlite3
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
    args = ap.parse_args()
    os.environ["DATABASE_URL"] = args.db_url
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


if __name__ == "__main__":
    main()
