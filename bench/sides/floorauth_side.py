"""The floor with startproject's middleware and a signed-in user (bench/floor/settings_auth.py):
the same insert and list as the floor, behind login_required, with the session in the database."""

from floor_side import fill as fill_rows
from harness import Op, expect

DJANGO_SETTINGS_MODULE = "floor.settings_auth"
VERSIONS_OF = ["Django", "psycopg"]


def fill(n, corpus):
    from django.contrib.auth.models import User

    counts = fill_rows(n, corpus)
    User.objects.create_user("floor-officer", password="not-secret-bench")
    return {**counts, "users": 1}


def operations(corpus):
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="floor-officer"))

    def insert(i):
        c = corpus.new_complaint(i)
        expect(client.post("/rows/new/", {"title": c["title"], "body": c["body"], "department": c["department"]}), 201)

    def latest(i):
        expect(client.get("/rows/"), 200)

    return {
        "list": Op("GET 25 newest rows, signed in, startproject middleware (rendered)", latest),
        "insert": Op("POST one row, signed in, startproject middleware (one INSERT)", insert),
    }
