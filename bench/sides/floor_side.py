"""The floor: bare Django inserting one row and listing the 25 newest rows of an indexed table."""

from harness import Op, bulk_load, expect

DJANGO_SETTINGS_MODULE = "floor.settings"
VERSIONS_OF = ["Django", "psycopg"]


def fill(n, corpus):
    from floor.models import Row

    def rows():
        for i in range(n):
            c = corpus.complaint(i)
            yield (i + 1, c["title"], c["body"], c["department"], c["created"])

    bulk_load(Row, ["id", "title", "body", "department", "created"], rows(), total=n, label="floor rows")
    return {"rows": n}


def operations(corpus):
    from django.test import Client

    client = Client()

    def insert(i):
        c = corpus.new_complaint(i)
        expect(client.post("/rows/new/", {"title": c["title"], "body": c["body"], "department": c["department"]}), 201)

    def latest(i):
        expect(client.get("/rows/"), 200)

    return {
        "list": Op("GET 25 newest rows of an indexed table (rendered)", latest),
        "insert": Op("POST one row (one INSERT)", insert),
    }
