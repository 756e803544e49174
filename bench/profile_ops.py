"""Where gamdong's measured pages spend their time: queries per request (count and SQL time)
and a cProfile of a few requests, on a database bench/sides/driver.py filled (--keep).

    .venv/bin/python bench/profile_ops.py --db-url sqlite:////abs/bench/.data/gamdong.sqlite3 --size 100000
    .venv/bin/python bench/profile_ops.py --db-url postgres://postgres@127.0.0.1:5432/bench_gamdong \
        --size 100000 --ops file --profile 30 --sql
    .venv/bin/python bench/profile_ops.py --side creative --db-url sqlite:////abs/bench/.data/creative-creative.sqlite3 \
        --size 50000 --ops progress_mayor,proposal --sql      # a database bench/run-creative-progress --keep left

PROFILE_DUMP=/tmp/x.prof with --profile also writes the raw profile (pstats: print_callers, ...).

Not part of the benchmark's figures: a tool for finding the cost, not for reporting it.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

SIDES = Path(__file__).resolve().parent / "sides"
sys.path[:0] = [str(SIDES.parent.parent), str(SIDES), str(SIDES.parent)]  # this checkout's gamdong first


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db-url", required=True)
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--side", choices=["gamdong", "creative"], default="gamdong",
                    help="gamdong: bench/run's complaint pages; creative: bench/run-creative-progress's pages")
    ap.add_argument("--ops", default="", help="comma-separated operation names; default: all of the side's")
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--profile", type=int, default=0, help="cProfile this many requests per op")
    ap.add_argument("--sql", action="store_true", help="print the SQL of one request")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--sort", default="cumulative", help="cProfile order: cumulative or tottime")
    ap.add_argument("--areas", action="store_true",
                    help="with --profile: own time summed by area (templates, ORM, driver, gamdong, ...)")
    args = ap.parse_args()

    os.environ["BENCH_DATABASE_URL"] = args.db_url
    os.environ["DATABASE_URL"] = args.db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gamdong.settings"
    import django

    django.setup()
    import importlib

    import harness
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    side = importlib.import_module(f"{args.side}_side")
    ops = side.operations(harness.Corpus(args.size))
    i = 10_000
    for name in (args.ops.split(",") if args.ops else list(ops)):
        op = ops[name]
        prepare = getattr(op, "prepare", None) or (lambda i: None)
        for _ in range(3):
            prepare(i)
            op.fn(i)
            i += 1
        times, counts, cpu = [], [], []
        for _ in range(args.requests):
            prepare(i)
            with CaptureQueriesContext(connection) as ctx:
                t0, c0 = time.perf_counter(), time.process_time()
                op.fn(i)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            i += 1
            counts.append((len(ctx.captured_queries), sum(float(q["time"]) for q in ctx.captured_queries) * 1000))
        times.sort()
        cpu.sort()
        print(f"== {name}: p50 {times[len(times) // 2]:.1f} ms, p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms; CPU of this process p50 "
              f"{cpu[len(cpu) // 2]:.1f} ms (less sensitive to other work on the machine); queries "
              f"{counts[-1][0]}, SQL {sorted(c[1] for c in counts)[len(counts) // 2]:.1f} ms (median)")
        if args.sql:
            for q in ctx.captured_queries:
                print(f"   {float(q['time']) * 1000:7.2f} ms  {q['sql'][:400]}")
        if args.profile:
            prof = cProfile.Profile()
            for _ in range(args.profile):
                prepare(i)
                prof.enable()
                op.fn(i)
                prof.disable()
                i += 1
            stats = pstats.Stats(prof)
            if os.environ.get("PROFILE_DUMP"):
                stats.dump_stats(os.environ["PROFILE_DUMP"])
            if args.areas:
                print_areas(stats, args.profile)
            else:
                stats.sort_stats(args.sort).print_stats(args.top)


AREAS = [  # (label, substring of the file name); the first that matches
    ("templates", "django/template"), ("templatetags", "templatetags"), ("forms", "django/forms"),
    ("ORM: building SQL", "django/db/models/sql"), ("ORM: models and querysets", "django/db/models"),
    ("ORM: backends", "django/db/backends"), ("PostgreSQL driver", "psycopg"),
    ("sessions and auth", "django/contrib"), ("middleware and handlers", "django/core/handlers"),
    ("Django utils (i18n, formats, html)", "django/utils"), ("URL resolving", "django/urls"),
    ("other Django", "site-packages/django/"), ("other libraries", "site-packages"),
    ("gamdong", "/gamdong/"), ("the benchmark harness", "/bench/"),
]


def print_areas(stats: pstats.Stats, requests: int) -> None:
    """Own (not cumulative) time per request by area: where a page's CPU goes."""
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        label = next((label for label, part in AREAS if part in filename), "C built-ins and the rest")
        totals[label] = totals.get(label, 0.0) + tottime
    whole = sum(totals.values())
    for label, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"   {seconds * 1000 / requests:7.2f} ms  {seconds * 100 / whole:5.1f}%  {label}")


if __name__ == "__main__":
    main()
