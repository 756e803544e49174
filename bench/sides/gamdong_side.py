"""gamdong's side: runs in the repository's own .venv, on gamdong.settings, against the same
kind of database (bench/.data/gamdong.sqlite3 or postgres .../bench_gamdong) and the same corpus
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

from harness import Op  # noqa: F401  (used by operations() once it exists)

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

MEASURED_RESIDENTS = 50

# TODO(lead): set to True once fill() and operations() below are written against the
# complaints app; until then the runner reports gamdong as "not available yet".
IMPLEMENTED = False


def available() -> tuple[bool, str]:
    if importlib.util.find_spec("gamdong.complaints") is None:
        return False, "gamdong.complaints is not on this branch yet"
    if not IMPLEMENTED:
        return False, "bench/sides/gamdong_side.py: fill() and operations() are not written yet"
    return True, ""


def fill(n, corpus):
    """TODO(lead): the complaints app's models. A sketch of the expected shape:

    from gamdong.demo import seed
    seed.seed_demo_district(progress=lambda text: None)        # 134 departments, staff, logins
    departments = list(Department.objects.filter(...).order_by("pk").values_list("pk", flat=True))
    residents = [User.objects.create(username=f"r{k}", kind=UserKind.RESIDENT, password="!", ...)
                 for k in range(corpus.residents)]              # or bulk_load(User, ...) for 50k
    complaints = [corpus.complaint(i) for i in range(n)]
    bulk_load(Complaint, ["id", "title", "body", "department", "resident", "filed_at", "status", ...],
              ((i + 1, c["title"], c["body"], departments[c["department"] % len(departments)],
                residents[c["resident"]], c["created"], OPEN if c["open"] else CLOSED, ...)
               for i, c in enumerate(complaints)), total=n, label="gamdong complaints")
    bulk_load(Event, [...one COMPLAINT_FILED event per complaint...], ...)
    return {"complaints": n, "events": n}
    """
    raise NotImplementedError("gamdong complaints fill: see the TODO in bench/sides/gamdong_side.py")


def operations(corpus):
    """TODO(lead): the complaints pages. A sketch of the expected shape:

    from django.test import Client
    officers = [Client() for each of a few departments' officers]; c.force_login(officer)
    residents = [Client() for k in range(MEASURED_RESIDENTS)]; c.force_login(resident k)

    def inbox(i):
        expect(officers[i % len(officers)].get(reverse("complaints:inbox")), 200)
    def resident_list(i):
        expect(residents[i % len(residents)].get(reverse("complaints:mine")), 200)
    def file(i):
        c = corpus.new_complaint(i)
        expect(residents[i % len(residents)].post(reverse("complaints:file"), {...}), 302)
    def search(i):
        expect(officers[0].get(reverse("complaints:search"), {"q": SEARCH_WORD}), 200)

    return {"inbox": Op("...", inbox), "resident_list": Op("...", resident_list),
            "file": Op("...", file), "search": Op("...", search)}
    """
    raise NotImplementedError("gamdong complaints operations: see the TODO in bench/sides/gamdong_side.py")
