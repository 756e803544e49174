"""The review side of the demo, seeded on the demo district."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from gamdong.demo import seed
from gamdong.demo.review import seed_review
from gamdong.ideas.models import ProposalStatus
from gamdong.review import selectors
from gamdong.review.models import Committee, Decision, MeritRecord, Pilot, PilotStatus

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def demo(db):
    seed.seed_demo_district(progress=lambda text: None, today=TODAY)
    return seed_review(rng=random.Random(7), today=TODAY, progress=lambda text: None)


def test_the_demo_forms_both_committees_with_enough_external_members(demo):
    from gamdong.review.services import composition_problem

    names = set(Committee.objects.values_list("name", flat=True))
    assert names == {"제안심사위원회", "구민창안심사위원회"}
    for committee in Committee.objects.all():
        assert composition_problem(committee) is None


def test_the_demo_meeting_has_adopted_rejected_held_and_a_running_pilot(demo):
    outcomes = sorted(Decision.objects.values_list("outcome", flat=True))
    assert outcomes == ["adopted", "adopted", "adopted_changed", "held", "rejected"]
    assert Decision.objects.filter(outcome="adopted", award_krw__gt=0).count() == 2
    assert Pilot.objects.get().status == PilotStatus.RUNNING
    assert Pilot.objects.get().proposal.status == ProposalStatus.PILOT
    assert MeritRecord.objects.filter(role="lead").count() == 3
    rejected = Decision.objects.get(outcome="rejected").proposal
    assert rejected.rereview_due_at is not None


def test_the_chair_of_the_demo_sees_one_outlier_on_the_first_proposal(demo):
    from gamdong.accounts.models import User

    chair = User.objects.get(username="committee-ext1")
    first = demo["meeting"].agenda.order_by("order").first()
    result = selectors.item_results(first, chair)
    assert result.visible and result.spread is not None
    assert [s.member.user.username for s in result.outliers] == ["committee"]


def test_the_demo_logins_reach_the_review_pages(demo, client):
    from gamdong.accounts.models import User

    for username in ("planner", "committee", "committee-ext1"):
        client.force_login(User.objects.get(username=username))
        assert client.get("/review/").status_code == 200
        assert client.get(f"/review/meetings/{demo['meeting'].pk}/").status_code == 200
    home = client.get("/").content.decode()
    assert "/review/" in home
