"""Migration 0006 replaces the postings with the per-database search index and fills it from
the complaints already there: after it, every existing complaint is found as before."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gamdong.complaints import search
from gamdong.complaints.models import ComplaintSearchEntry
from gamdong.complaints.services import Submission, complaint_submit
from tests.complaints.conftest import seoul

BEFORE = ("complaints", "0005_perf_search_term_without_rowid")
AFTER = ("complaints", "0006_search_fts")


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _find(user, query):
    base = search.searchable_complaints_for(viewer=user)
    page = search.search_complaints(query=query, base_queryset=base, limit=100,
                                    departments=search.index_departments_for(user))
    return [c.title for c in page.complaints]


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_complaints_already_filed(district):
    for n, (title, body) in enumerate([("꽃 화단 훼손", "도로공사 차량"), ("도로 소음", "새벽마다"), ("가로등", "꺼짐")]):
        complaint_submit(
            submission=Submission(category=district.pothole, title=title, body=body,
                                  complainant_name=district.resident.name),
            complainant=district.resident, now=seoul(2026, 3, 2, 9, 0) + dt.timedelta(minutes=n))
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    assert "complaints_complaintsearchterm" in _tables()
    assert "complaints_complaintsearchentry" not in _tables()

    executor.loader.build_graph()
    executor.migrate([AFTER])
    assert {"complaints_complaintsearchterm", "complaints_complaintsearchdocument"}.isdisjoint(_tables())
    assert ComplaintSearchEntry.objects.count() == 3
    user = district.supervisor.user
    assert _find(user, "꽃") == ["꽃 화단 훼손"]
    assert _find(user, "도로") == ["도로 소음", "꽃 화단 훼손"]
    assert _find(user, "도로공사") == ["꽃 화단 훼손"]
    assert _find(district.park_officer.user, "도로") == []
    assert search.index_repair() == 0
