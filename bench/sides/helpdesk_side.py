"""The peer: django-helpdesk (PyPI), a stock installation. A complaint is a ticket, a department
is a queue, a resident is a submitter e-mail address (with a login for the 50 residents whose
lists are measured). Every ticket has the "Ticket Opened" follow-up that helpdesk itself writes
when a ticket is submitted."""

import re

from harness import DEPARTMENTS, SEARCH_WORD, Op, bulk_load, expect

DJANGO_SETTINGS_MODULE = "helpdesk_project.settings"
VERSIONS_OF = ["django-helpdesk", "Django", "djangorestframework", "psycopg"]
MEASURED_RESIDENTS = 50
DATATABLES = re.compile(r"/datatables_ticket_list/[A-Za-z0-9+/=]*")


def email(resident: int) -> str:
    return f"r{resident}@example.kr"


def fill(n, corpus):
    from django.contrib.auth import get_user_model
    from helpdesk.models import FollowUp, Queue, Ticket

    User = get_user_model()
    # Unusable passwords: measuring logs in with force_login, and hashing 51 passwords would
    # only slow the fill down.
    User.objects.create(username="staff", email="staff@example.kr", password="!", is_staff=True)
    for k in range(min(MEASURED_RESIDENTS, corpus.residents)):
        User.objects.create(username=f"r{k}", email=email(k), password="!")
    queues = [
        Queue.objects.create(title=f"부서 {d}", slug=f"dept-{d}", allow_public_submission=True).pk
        for d in range(DEPARTMENTS)
    ]
    complaints = [corpus.complaint(i) for i in range(n)]  # same order, same text as the other sides

    def tickets():
        for i, c in enumerate(complaints):
            status = Ticket.OPEN_STATUS if c["open"] else Ticket.CLOSED_STATUS
            yield (i + 1, c["title"], queues[c["department"]], c["created"], c["created"],
                   email(c["resident"]), status, c["body"], 3)  # fmt: skip

    def followups():
        for i, c in enumerate(complaints):
            yield (i + 1, i + 1, c["created"], "Ticket Opened", c["body"], True)

    bulk_load(Ticket, ["id", "title", "queue", "created", "modified", "submitter_email", "status",
                       "description", "priority"], tickets(), total=n, label="helpdesk tickets")  # fmt: skip
    bulk_load(FollowUp, ["id", "ticket", "date", "title", "comment", "public"], followups(), total=n,
              label="helpdesk follow-ups")  # fmt: skip
    return {"tickets": n, "followups": n, "queues": DEPARTMENTS}


def operations(corpus):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from helpdesk.models import Queue

    User = get_user_model()
    staff = Client()
    staff.force_login(User.objects.get(username="staff"))
    residents = []
    for user in User.objects.filter(username__startswith="r").order_by("pk"):
        c = Client()
        c.force_login(user)
        residents.append(c)
    anonymous = Client()
    queue_ids = list(Queue.objects.order_by("slug").values_list("pk", flat=True))

    def ticket_list(query: str = "") -> None:
        """What a staff member waits for: the list page, then the JSON its table loads."""
        page = expect(staff.get("/tickets/", {"q": query} if query else {}), 200)
        url = DATATABLES.search(page.content.decode()).group(0)
        expect(staff.get(url, {"draw": 1, "start": 0, "length": 25}), 200)

    def page_only(i):
        expect(staff.get("/tickets/"), 200)

    default_json = {}

    def json_only(i):
        if "url" not in default_json:
            page = staff.get("/tickets/").content.decode()
            default_json["url"] = DATATABLES.search(page).group(0)
        expect(staff.get(default_json["url"], {"draw": 1, "start": 0, "length": 25}), 200)

    def resident_list(i):
        expect(residents[i % len(residents)].get("/api/user_tickets/"), 200)

    def file(i):
        c = corpus.new_complaint(i)
        data = {"queue": queue_ids[c["department"]], "title": c["title"], "body": c["body"], "priority": 3,
                "submitter_email": email(c["resident"])}  # fmt: skip
        expect(anonymous.post("/tickets/submit/", data), 302)

    return {
        "inbox": Op("staff ticket list: GET /tickets/ + its datatables JSON (open tickets, 25)", lambda i: ticket_list()),
        "inbox_page": Op("GET /tickets/ (the HTML shell only)", page_only),
        "inbox_json": Op("GET /datatables_ticket_list/<query> (the 25 rows only)", json_only),
        "resident_list": Op("GET /api/user_tickets/ as a resident (their tickets, 25 a page)", resident_list),
        "file": Op("POST /tickets/submit/ (public ticket form, anonymous)", file),
        "search": Op(f"staff ticket list searching '{SEARCH_WORD}': page + datatables JSON",
                     lambda i: ticket_list(SEARCH_WORD)),  # fmt: skip
    }
