"""창의행정 benchmark: the plaza list (each sort, and a Korean word search), an idea page and a
proposal page, over 50k ideas, 50k proposals and 200k comments; and the campaign progress
page (URL name `campaigns:progress`) when this branch has it.

Run as `bench/run-creative` (both databases) or
`bench/run-creative --db sqlite --ideas 5000 --comments 20000` for a quick look.
Each database is filled and measured in a fresh subprocess of this file with DATABASE_URL
set (SQLite: bench/.data/creative.sqlite3, recreated; PostgreSQL: database bench_creative,
recreated). Requests go through the Django test Client (the full middleware stack,
in-process), after a warm-up; p50/p95 in ms. Results: bench/creative.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "bench" / ".data"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "bench_creative"
SEARCH_WORD = "도로"  # a 2-syllable word: in about 1/20 of the ideas
WORDS = ["도로", "주차", "가로등", "공원", "민원실", "번호표", "쓰레기", "분리배출", "횡단보도", "버스정류장",
         "놀이터", "도서관", "복지", "세무", "건축", "하수구", "제설", "반려견", "자전거", "화장실"]
SENTENCES = ["현장에서 자주 듣는 불편입니다.", "예산이 많이 들지 않습니다.", "다른 구에서 효과를 본 방법입니다.",
             "시범으로 한 동에서 먼저 해 봅시다.", "주민 만족도가 높아질 것입니다.", "담당 부서와 협의가 필요합니다."]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# --- parent: run each database in a fresh process ----------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--ideas", type=int, default=50_000)
    parser.add_argument("--proposals", type=int, default=50_000)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    started = dt.datetime.now(dt.UTC)
    results = {}
    for db in (["sqlite", "postgresql"] if args.db == "both" else [args.db]):
        url = _prepare(db)
        env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(DATA / "creative-var"), "LOG_LEVEL": "WARNING",
               "SECRET_KEY": "bench-creative-not-secret", "DJANGO_SETTINGS_MODULE": "gamdong.settings"}
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", db, "--ideas", str(args.ideas),
               "--proposals", str(args.proposals), "--comments", str(args.comments), "--requests", str(args.requests)]
        print(f"== {db}: fill and measure", file=sys.stderr, flush=True)
        out = subprocess.run(cmd, cwd=str(REPO), env=env, stdout=subprocess.PIPE, text=True, check=True)
        results[db] = json.loads(out.stdout.strip().splitlines()[-1])
    _write(results, args, started, " ".join(["bench/run-creative", *sys.argv[1:]]))


def _prepare(db: str) -> str:
    DATA.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        path = DATA / "creative.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        conn.execute(f"CREATE DATABASE {PG_NAME} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                     "LC_CTYPE 'C.UTF-8'")
    return f"{PG_URL}/{PG_NAME}"


def _write(results: dict, args, started: dt.datetime, command: str) -> None:
    lines = [
        "# 창의행정 benchmark", "",
        "Written by `bench/creative_bench.py` (see its docstring). In-process Django test Client, full "
        "middleware stack, after warm-up; times in ms.", "",
        f"- Run: {started:%Y-%m-%dT%H:%M:%S+00:00} to {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%S+00:00}",
        f"- Command: `{command}`",
        f"- Data: {args.ideas:,} plaza ideas, {args.proposals:,} proposals, {args.comments:,} comments "
        "(plus supports, one filing event per idea and proposal, and one event per comment)",
        f"- Machine: {_cpu()}, {os.cpu_count()} cores; Python {platform.python_version()}", "",
    ]
    for db, result in results.items():
        lines += [f"## {db}", "", f"- {result['versions']}", f"- fill: {result['fill_s']} s; load average before/after "
                  f"measuring: {result['load'][0]}/{result['load'][1]}", "",
                  "| operation | request | n | p50 | p95 | max | queries |", "|---|---|---|---|---|---|---|"]
        for name, row in result["ops"].items():
            if "skipped" in row:
                lines.append(f"| {name} | {row['label']} | – | – | – | – | {row['skipped']} |")
            else:
                lines.append(f"| {name} | {row['label']} | {row['n']} | {row['p50']} | {row['p95']} | {row['max']} | "
                             f"{row['queries']} |")
        lines.append("")
    lines += NOTES.splitlines()
    (REPO / "bench" / "creative.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print((REPO / "bench" / "creative.md").read_text(encoding="utf-8"))


NOTES = """## Reading the figures

- The machine is shared: the load average above (2 cores) says how much other work ran at the
  same time; with a load of 10 the figures are pessimistic.
- The plaza lists show one status at a time, so each sort walks its index (venue, status, key)
  and stops after the page: the cost does not grow with the number of ideas. A search walks
  the newest-first index and checks each idea's title and body for the word (a substring, so
  2-syllable words are found); it stops after the page and does not count every match. A rare
  word makes it read more rows: measure before the plaza reaches complaint-sized volumes.
- The idea page of the most discussed ideas (thousands of comments) shows 50 comments a page,
  the first 50 supporters and the latest 50 events other than comments and supports.
- The proposal page checks visibility on the row it read. Before that change it filtered on
  the visible-proposals query, and SQLite took 120 ms at 50k proposals (PostgreSQL 27 ms).
- `campaigns:progress` belongs to the campaigns branch; it is measured when the URL resolves.
"""


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


# --- child: fill and measure one database ----------------------------------------------------


def child(args) -> None:
    sys.path[:0] = [str(REPO), str(REPO / "bench" / "sides")]  # this checkout's gamdong; harness
    import django

    django.setup()
    from django.core.management import call_command
    from harness import plain_static_files

    plain_static_files()

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    fixture = fill(ideas=args.ideas, proposals=args.proposals, comments=args.comments)
    fill_s = round(time.perf_counter() - began, 1)
    load_before = os.getloadavg()[0]
    ops = measure(fixture, requests=args.requests)
    from django.db import connection

    versions = f"Django {django.get_version()}, {connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.cursor().connection.info.server_version}"  # noqa: E501
    print(json.dumps({"fill_s": fill_s, "ops": ops, "versions": versions,
                      "load": [round(load_before, 2), round(os.getloadavg()[0], 2)]}))


def fill(*, ideas: int, proposals: int, comments: int) -> dict:
    """The organisation through the org services; ideas, comments, supports, proposals and their
    filing events in bulk, with the counters the services would keep."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from gamdong.accounts.models import Role
    from gamdong.core.events import EventType
    from gamdong.core.models import Event
    from gamdong.ideas.models import Idea, IdeaComment, IdeaRevision, IdeaSupport, Proposal, ProposalCounter
    from gamdong.org import services as org
    from gamdong.org.models import DepartmentKind, Series

    rng = random.Random(2007)
    specs = [org.DepartmentSpec(code="R", name="감동구청", kind=DepartmentKind.DISTRICT)]
    specs += [org.DepartmentSpec(code=f"D{n}", name=f"{w}과", kind=DepartmentKind.DIVISION, parent_code="R")
              for n, w in enumerate(WORDS[:12])]
    depts = org.departments_create_many(actor=None, specs=specs)[1:]
    series = Series.objects.get(code="admin")
    people = org.employees_create_many(actor=None, specs=[
        org.EmployeeSpec(employee_number=f"2020{n:04d}", name=f"직원{n}", department=depts[n % len(depts)], grade=7,
                         series=series, hire_date=dt.date(2020, 3, 2),
                         roles=(Role.OFFICER, Role.PLANNER) if n == 0 else (Role.OFFICER,))
        for n in range(300)])
    users = [e.user for e in people]
    now = timezone.now()
    span = dt.timedelta(days=3 * 365).total_seconds()

    def text(k: int) -> tuple[str, str]:
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        title = f"{a} {rng.choice(['개선', '정비', '안내', '알림', '간소화'])} 아이디어 {k}"
        return title, f"{a}와 {b} 관련. " + " ".join(rng.sample(SENTENCES, 3))

    batch = 5000
    comment_counts = [0] * ideas
    for _ in range(comments):
        comment_counts[int(rng.paretovariate(1.2)) % ideas if rng.random() < 0.3 else rng.randrange(ideas)] += 1
    idea_type = ContentType.objects.get_for_model(Idea)
    with transaction.atomic():
        for start in range(0, ideas, batch):
            rows = []
            for k in range(start, min(ideas, start + batch)):
                title, body = text(k)
                created = now - dt.timedelta(seconds=span * (1 - k / ideas))
                rows.append(Idea(venue="plaza", author=users[k % len(users)], department_id=depts[k % len(depts)].pk,
                                 title=title, body=body, status=rng.choice(["open"] * 8 + ["proposed", "closed"]),
                                 support_count=min(int(rng.expovariate(0.3)), 299), comment_count=comment_counts[k],
                                 created_at=created, last_activity_at=created))
            Idea.objects.bulk_create(rows)
        print(f"ideas {ideas}", file=sys.stderr, flush=True)
        idea_rows = list(Idea.objects.order_by("pk").values_list("pk", "support_count", "created_at", "author_id"))
        Event.objects.bulk_create([Event(occurred_at=c, event_type=EventType.IDEA_POSTED, actor_id=a,
                                         subject_type=idea_type, subject_id=str(pk), subject_label="아이디어")
                                   for pk, _s, c, a in idea_rows], batch_size=batch)
        IdeaRevision.objects.bulk_create([IdeaRevision(idea_id=pk, editor_id=a, title="처음", body="처음", note="처음 작성",
                                                       created_at=c) for pk, _s, c, a in idea_rows], batch_size=batch)
        supports = [IdeaSupport(idea_id=pk, user_id=users[(pk + j) % len(users)].pk)
                    for pk, count, _c, _a in idea_rows for j in range(count)]
        IdeaSupport.objects.bulk_create(supports, batch_size=batch)
        print(f"supports {len(supports)}", file=sys.stderr, flush=True)
        rows, events = [], []
        for (pk, _s, created, _a), count in zip(idea_rows, comment_counts, strict=True):
            for j in range(count):
                author = users[(pk * 7 + j) % len(users)]
                moment = created + dt.timedelta(minutes=j)
                rows.append(IdeaComment(idea_id=pk, author=author, body=rng.choice(SENTENCES), created_at=moment))
                # the services write one event per comment: the idea's timeline must skip them fast
                events.append(Event(occurred_at=moment, event_type=EventType.IDEA_COMMENTED, actor_id=author.pk,
                                    subject_type=idea_type, subject_id=str(pk), subject_label="아이디어"))
                if len(rows) >= batch:
                    IdeaComment.objects.bulk_create(rows)
                    Event.objects.bulk_create(events)
                    rows, events = [], []
        IdeaComment.objects.bulk_create(rows)
        Event.objects.bulk_create(events)
        print(f"comments {comments}", file=sys.stderr, flush=True)
        statuses = ["submitted"] * 2 + ["supplement", "review", "review", "adopted", "rejected", "ineligible", "withdrawn"]
        proposal_type = ContentType.objects.get_for_model(Proposal)
        for start in range(0, proposals, batch):
            rows = []
            for k in range(start, min(proposals, start + batch)):
                title, body = text(k)
                submitted = now - dt.timedelta(seconds=span * (1 - k / proposals))
                status = rng.choice(statuses)
                rows.append(Proposal(
                    number=f"{submitted.year}-{k:06d}", status=status, title=title, current_situation=body,
                    problem=body, improvement=body, expected_effect=body, proposer=users[k % len(users)],
                    department_id=depts[k % len(depts)].pk, submitted_at=submitted, received_at=submitted,
                    decision_due_at=submitted + dt.timedelta(days=31), created_at=submitted, updated_at=submitted,
                    ineligible_reason="complaint" if status == "ineligible" else ""))
            Proposal.objects.bulk_create(rows)
        Event.objects.bulk_create([Event(occurred_at=s, event_type=EventType.PROPOSAL_SUBMITTED, actor_id=p,
                                         subject_type=proposal_type, subject_id=str(pk), subject_label="제안")
                                   for pk, s, p in Proposal.objects.values_list("pk", "submitted_at", "proposer_id")],
                                  batch_size=batch)
        ProposalCounter.objects.create(year=now.year, last=proposals)
        print(f"proposals {proposals}", file=sys.stderr, flush=True)
    busiest = list(Idea.objects.order_by("-comment_count").values_list("pk", flat=True)[:20])
    recent_proposals = list(Proposal.objects.filter(status="review").order_by("-pk").values_list("pk", flat=True)[:20])
    campaign = None
    try:
        from gamdong.ideas.models import Campaign

        campaign = Campaign.objects.create(title="2026 1직원 1제안", starts_on=dt.date(now.year, 1, 1),
                                           ends_on=dt.date(now.year, 12, 31), created_by=users[0])
    except Exception:  # noqa: BLE001 - the campaigns page is another branch's
        campaign = None
    return {"users": users, "busiest": busiest, "proposals": recent_proposals, "campaign": campaign}


def measure(fixture: dict, *, requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    staff = Client()
    staff.force_login(fixture["users"][5])
    planner = Client()
    planner.force_login(fixture["users"][0])
    ops = {
        "plaza_newest": ("GET /ideas/?sort=newest (20 a page, pages 1–5)", staff,
                         lambda i: f"/ideas/?sort=newest&page={i % 5 + 1}"),
        "plaza_supported": ("GET /ideas/?sort=supported", staff, lambda i: f"/ideas/?sort=supported&page={i % 5 + 1}"),
        "plaza_discussed": ("GET /ideas/?sort=discussed", staff, lambda i: f"/ideas/?sort=discussed&page={i % 5 + 1}"),
        "plaza_search": (f"GET /ideas/?q={SEARCH_WORD} (2-syllable word, newest first)", staff,
                         lambda i: f"/ideas/?q={SEARCH_WORD}&page={i % 3 + 1}"),
        "idea_page": ("GET /ideas/<id>/ (the 20 most discussed ideas)", staff,
                      lambda i: f"/ideas/{fixture['busiest'][i % len(fixture['busiest'])]}/"),
        "proposal_page": ("GET /ideas/proposals/<id>/ as a planner", planner,
                          lambda i: f"/ideas/proposals/{fixture['proposals'][i % len(fixture['proposals'])]}/"),
    }
    try:
        progress_url = reverse("campaigns:progress", kwargs={"pk": fixture["campaign"].pk}) if fixture["campaign"] else None
    except NoReverseMatch:
        progress_url = None
    results = {}
    if progress_url:
        ops["campaign_progress"] = ("GET " + progress_url + " as a planner", planner, lambda i: progress_url)
    else:
        results["campaign_progress"] = {"label": "campaigns:progress", "skipped": "not on this branch"}
    for name, (label, client, url_of) in ops.items():
        for i in range(10):
            response = client.get(url_of(i))
            assert response.status_code == 200, (name, response.status_code)
        executed = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):  # survives the reconnect at each request
            client.get(url_of(0))
        samples = []
        for i in range(requests):
            t0 = time.perf_counter_ns()
            response = client.get(url_of(i))
            samples.append((time.perf_counter_ns() - t0) / 1e6)
            assert response.status_code == 200
        results[name] = {"label": label, "n": len(samples), "p50": round(percentile(samples, 50), 1),
                         "p95": round(percentile(samples, 95), 1), "max": round(max(samples), 1),
                         "queries": len(executed)}
        print(f"{name}: p50 {results[name]['p50']} p95 {results[name]['p95']}", file=sys.stderr, flush=True)
    return results


if __name__ == "__main__":
    main()
