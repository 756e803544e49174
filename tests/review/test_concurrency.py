"""Two submissions of the same scorecard at once (a double tap on a phone): one sheet, one 409."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from gamdong.review import services
from gamdong.review.models import ScoreSheet
from tests.review.conftest import all_fives


@pytest.mark.django_db(transaction=True)
def test_a_double_submission_writes_one_sheet(rd, scored_item):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL")
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            services.score_submit(actor=rd.chair, item=scored_item, scores=all_fives(rd.committee, 7))
            outcomes.append("ok")
        except services.ReviewConflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert ScoreSheet.objects.filter(item=scored_item).count() == 1
