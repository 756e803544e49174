"""gamdong's side: runs in the repository's own .venv, on gamdong.settings, against the same
kind of database (bench/.data/gamdong-<size>.sqlite3 or postgres .../bench_gamdong_<size>) and the same corpus
(harness.Corpus: same titles, bodies, departments, residents, statuses, dates) as the peer and
the floor.

THE INTERFACE (what bench/sides/driver.py calls; the peer and the floor implement the same one):

    DJANGO_SETTINGS_MODULE = "gamdong.settings"
    available() -> (bool, str)
        False with a reason while the complaints app is not on this branch; the runner then
        reports "not available yet" and leaves gamdong's columns and the ratios blank.
    fill(n, corpus) -> dict
        Called once after `migrate` on an empty database, in a fresh process. Must create the
        district (departments, staff) and n complaints, complaint i taken from
        corpus.complaint(i) for i in range(n), IN THAT ORDER (the corpus is a seeded random
        stream; the other sides read it in the same order). Each complaint dict has:
            title: str, body: str (Korean), department: int in [0, 134), resident: int in
            [0, corpus.residents) (about 20 complaints each), created: aware datetime (ascending
            with i, over three years), open: bool (about 5%; 70% of the newest 5%).
        Fast: harness.bulk_load(Model, fields, rows, total=n, label=...) (COPY on PostgreSQL,
        executemany on SQLite, explicit ids allowed, resets the sequence). Target: 1M in minutes.
        Whatever the services would also have written for a complaint (its filing event, search
        vectors or trigram columns, denormalised counters) must be written here too, in bulk,
        so the measured pages see a database like the one the services produce.
        Returns row counts, e.g. {"complaints": n, "events": n}.
    operations(corpus) -> dict[str, harness.Op]
        Called in a fresh process after fill. Each Op(label, fn) has fn(i) make ONE request
        through the Django test Client (the full middleware stack, in-process) and
        harness.expect(response, status) it. The runner compares these names across sides:
            "inbox"          a department officer's inbox page (the officer of department
                             i % 134 if you like; logged in with client.force_login)
            "resident_list"  a resident's own complaints page (resident i % 50, logged in)
            "file"           a resident filing a complaint (POST of the real form; the new
                             complaint's text from corpus.new_complaint(i)); expect the redirect
            "search"         a staff search for the Korean word harness.SEARCH_WORD ("맨홀",
                             in about 2.5% of complaints)
        Extra names are reported as details.

Budgets from the issue (p95, in-process, 1M complaints, on both databases): inbox and resident
list under 50 ms, filing under 30 ms, search under 50 ms.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from harness import Op

REPO_DIR = Path(__file__).resolve().parents[2]
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

DJANGO_SETTINGS_MODULE = "gamdong.settings"
VERSIONS_OF = ["Django", "psycopg"]

# gamdong.settings reads these; keep the benchmark's files out of var/ and mail out of the way.
os.environ.setdefault("DATA_DIR", str(REPO_DIR / "bench" / ".data" / "gamdong-var"))
os.environ.setdefault("SECRET_KEY", "bench-gamdong-not-secret")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Static files: see harness.plain_static_files().

MEASURED_RESIDENTS = 50

IMPLEMENTED = True
# 1 (default): the search index is filled like the services fill it (one entry per complaint,
# gamdong.complaints.search); 0 leaves it out (search is then not measured).
SEARCH_INDEX = os.environ.get("BENCH_GAMDONG_SEARCH_INDEX", "1") != "0"
INBOX_DEPARTMENTS = 10


def available() -> tuple[bool, str]:
    if importlib.util.find_spec("gamdong.complaints") is None:
        return False, "gamdong.complaints is not on this branch yet"
    if not IMPLEMENTED:
        return False, "bench/sides/gamdong_side.py: fill() and operations() are not written yet"
    return True, ""


def fill(n, corpus):
    """The demo district (134 departments, ~350 staff), corpus.residents resident accounts, and
    the corpus's complaints written by gamdong.demo.bulk (the rows the services write: complaint,
    events, answers, search entries, receipt counters)."""
    import random

    from django.db import transaction
    from harness import DEPARTMENTS, progress

    from gamdong.core.services import district_setting_change
    from gamdong.demo import seed
    from gamdong.demo.bulk import Row, bulk_complaints, bulk_residents
    from gamdong.org.models import Department

    seed.seed_demo_district(progress=lambda text: progress(f"    gamdong: {text}"), complaints=0)
    # The measured filings all come from one address (the test client): lift the hourly limit.
    district_setting_change(actor=None, key="complaints.submissions_per_hour", raw_value="1000")
    departments = list(Department.objects.order_by("pk").values_list("pk", flat=True))
    assert len(departments) >= DEPARTMENTS, len(departments)
    with transaction.atomic():
        residents = bulk_residents(corpus.residents, rng=random.Random(7), prefix="bench-r")

    def rows():
        for i in range(n):
            c = corpus.complaint(i)
            yield Row(title=c["title"], body=c["body"], resident=c["resident"], submitted_at=c["created"],
                      open=c["open"], department=departments[c["department"]])

    counts = bulk_complaints(n, progress=lambda text: progress(f"    gamdong: {text}"), rows=rows(),
                             residents=residents, search_index=SEARCH_INDEX)
    counts["residents"] = len(residents)
    return counts


def operations(corpus):
    import re
    import uuid
    from urllib.parse import urlencode

    from django.db.models import Count
    from django.test import Client
    from harness import SEARCH_WORD, expect, plain_static_files

    plain_static_files()

    from gamdong.accounts.models import User
    from gamdong.complaints.models import OPEN_STATUSES, Category, Complaint
    from gamdong.org.models import Department, DepartmentKind

    # The department inbox: the heads (team leaders, supervisors) of the departments with the
    # most open complaints, each seeing their department's inbox (the default view of a head).
    busiest = (
        Complaint.objects.filter(status__in=OPEN_STATUSES, department__head__isnull=False)
        .values("department").annotate(n=Count("pk")).order_by("-n")[:INBOX_DEPARTMENTS]
    )
    heads = []
    for row in busiest:
        department = Department.objects.select_related("head__user").get(pk=row["department"])
        c = Client()
        c.force_login(department.head.user)
        heads.append(c)
    root_head = Department.objects.select_related("head__user").get(kind=DepartmentKind.DISTRICT).head.user
    everything = Client()
    everything.force_login(root_head)

    residents = []
    for user in User.objects.filter(username__startswith="bench-r").order_by("pk")[:MEASURED_RESIDENTS]:
        c = Client()
        c.force_login(user)
        residents.append(c)

    # Filing: categories without extra questions, in each 동; the preview shows the nearest open
    # complaints of the same category in the same 동 (at most 5), and the form posts their receipt
    # numbers (similar_shown) with the preview's signed stamp, so the POST files at once, as it
    # does after the check step. (Until 2026-11-27 the bench posted every open complaint of the
    # category and 동 instead: ~260 fields at 1M, ~1 ms of parsing no browser sends.)
    categories = list(Category.objects.filter(active=True, extra_questions=[]).order_by("pk"))
    dongs = list(Department.objects.filter(kind=DepartmentKind.COMMUNITY_CENTRE).exclude(dong_name="")
                 .order_by("dong_name").values_list("dong_name", flat=True))

    def inbox(i):
        expect(heads[i % len(heads)].get("/office/complaints/"), 200)

    def resident_list(i):
        expect(residents[i % len(residents)].get("/complaints/mine/"), 200)

    pending = {}

    def file_prepare(i):
        """What the resident's browser does before the measured POST (untimed): the page's script
        loads the similar complaints of the chosen category and 동, with their signed stamp."""
        category = categories[i % len(categories)]
        dong = dongs[i % len(dongs)]
        client = residents[i % len(residents)]
        preview = expect(client.get("/complaints/new/similar/", {"category": category.pk, "dong": dong}), 200)
        html = preview.content.decode()
        found = re.search(r'name="similar_seen" value="([^"]+)"', html)
        shown = re.findall(r'name="similar_shown" value="([^"]+)"', html)
        pending[i] = (category, dong, found.group(1) if found else "", shown)

    def file(i):
        c = corpus.new_complaint(i)
        category, dong, stamp, shown = pending.pop(i)
        data = {
            "category": category.pk, "title": c["title"], "body": c["body"], "dong": dong,
            "address": f"감동구 {dong} {i % 300 + 1}-{i % 40 + 1} 앞", "latitude": "", "longitude": "",
            "token": uuid.uuid4().hex, "step": "submit", "similar_shown": shown,
            "similar_seen": stamp,
        }
        # Url-encoded, as the page's script (complaints/filing.js) posts a filing without photos.
        expect(residents[i % len(residents)].post(
            "/complaints/new/", urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"), 302)

    def search(i):
        expect(heads[i % len(heads)].get("/api/v1/complaints/search", {"q": SEARCH_WORD}), 200)

    def search_all(i):
        expect(everything.get("/api/v1/complaints/search", {"q": SEARCH_WORD}), 200)

    # Each test Client is its own handler and loads the middleware on its first request, as a
    # server process does once: make that first request here, untimed.
    for c in [*heads, everything, *residents]:
        expect(c.get("/complaints/mine/" if c in residents else "/office/complaints/"), 200)

    ops = {
        "inbox": Op(f"GET /office/complaints/ as the head of one of the {len(heads)} departments with the most "
                    "open complaints (department view, 25 a page, nearest deadline first)", inbox),
        "resident_list": Op("GET /complaints/mine/ as a resident (20 a page, newest first)", resident_list),
        "file": Op("POST /complaints/new/ (the filing form, url-encoded as its script sends it without photos: "
                   "category, title, body, 동, address, token; the similar complaints already seen in the preview "
                   "fetched untimed before) → 302 to the receipt", file, prepare=file_prepare),
    }
    if SEARCH_INDEX:
        ops["search"] = Op(f"GET /api/v1/complaints/search?q={SEARCH_WORD} as a department head (their "
                           "departments only, 25 newest)", search)
        ops["search_all"] = Op(f"GET /api/v1/complaints/search?q={SEARCH_WORD} as the deputy mayor (every "
                               "department, 25 newest)", search_all)
    return ops
