"""Runs one side in one phase, inside that side's virtualenv; started by bench/runner.py.

    <venv>/bin/python bench/sides/driver.py --side floor --phase fill --db-url sqlite:////..../floor.sqlite3 --size 10000
    <venv>/bin/python bench/sides/driver.py --side floor --phase measure --db-url ... --size 10000

Phases: `check` (is the side available?), `fill` (fresh database, migrate, fill, analyze), `measure`
(a fresh process: warm-up then timed requests per operation, peak RSS), `drop` (remove the database).
Progress goes to stderr; the result is one JSON line on stdout.

A side is a module `bench/sides/<name>_side.py` with:
    DJANGO_SETTINGS_MODULE: str
    available() -> tuple[bool, str]        (optional; default: available)
    fill(n: int, corpus: harness.Corpus) -> dict   (fills n complaints; returns counts)
    operations(corpus: harness.Corpus) -> dict[str, Op]   (name -> Op(label, fn(i)))
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

SIDES_DIR = Path(__file__).resolve().parent
BENCH_DIR = SIDES_DIR.parent
sys.path[:0] = [str(SIDES_DIR), str(BENCH_DIR)]

import harness  # noqa: E402


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = Path(harness.database_settings(url)["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            # UTF-8 from template0: Korean text needs it (pg_trgm ignores Hangul under the C locale).
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--side", required=True)
    ap.add_argument("--phase", required=True, choices=["check", "fill", "measure", "drop"])
    ap.add_argument("--db-url", default="")
    ap.add_argument("--size", type=int, default=0)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--budget", type=float, default=15.0)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--ops", default="", help="comma-separated: measure only these operations")
    args = ap.parse_args()

    side = importlib.import_module(f"{args.side}_side")
    out: dict = {"side": args.side, "phase": args.phase, "python": sys.version.split()[0]}
    if args.phase == "check":
        ok, reason = side.available() if hasattr(side, "available") else (True, "")
        out.update(available=ok, reason=reason)
        if ok:
            import django

            out["django"] = django.get_version()
            for dist in getattr(side, "VERSIONS_OF", []):
                from importlib.metadata import version

                out.setdefault("packages", {})[dist] = version(dist)
        print(json.dumps(out), flush=True)
        return
    if args.phase == "drop":
        recreate_database(args.db_url, drop_only=True)
        print(json.dumps(out), flush=True)
        return

    os.environ["BENCH_DATABASE_URL"] = args.db_url
    os.environ["DATABASE_URL"] = args.db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = side.DJANGO_SETTINGS_MODULE
    if args.phase == "fill":
        recreate_database(args.db_url)
    import django

    django.setup()
    corpus = harness.Corpus(args.size)
    if args.phase == "fill":
        from django.core.management import call_command

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        t1 = time.perf_counter()
        counts = side.fill(args.size, corpus)
        t2 = time.perf_counter()
        harness.analyze()
        t3 = time.perf_counter()
        out.update(
            migrate_s=round(t1 - t0, 1),
            fill_s=round(t2 - t1, 1),
            analyze_s=round(t3 - t2, 1),
            rows=counts,
            peak_rss_mb=peak_rss_mb(),
        )
    else:
        ops = side.operations(corpus)
        results = {}
        only = set(filter(None, args.ops.split(",")))
        for name, op in ops.items():
            if only and name not in only:
                continue
            harness.progress(f"    {args.side}: {name} ...")
            m = harness.measure(op.fn, requests=args.requests, budget_s=args.budget, warmup=args.warmup,
                                prepare=getattr(op, "prepare", None))
            m["label"] = op.label
            results[name] = m
            harness.progress(f"    {args.side}: {name}: p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms (n={m['n']})")
        out.update(ops=results, peak_rss_mb=peak_rss_mb())
    print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
