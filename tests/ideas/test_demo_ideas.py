"""gamdong.demo.ideas: the demo's 창의행정 — plaza ideas, idea-house ideas and proposals at every
intake stage, made through the services against a seeded demo district."""

import datetime as dt
import random

import pytest

from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.demo import seed
from gamdong.demo.ideas import seed_ideas
from gamdong.ideas.models import Idea, IdeaRevision, IdeaSupport, Proposal, ProposalKind, ProposalStatus

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def demo(db):
    seed.seed_demo_district(progress=lambda text: None, today=TODAY, complaints=60, creative=False)
    return seed_ideas(rng=random.Random(2007), today=TODAY, progress=lambda text: None)


def test_the_demo_has_forty_plaza_ideas_and_proposals_at_every_intake_stage_made_by_the_services(demo):
    plaza = Idea.objects.filter(venue="plaza")
    assert 35 <= plaza.count() <= 45 and demo["ideas"] == plaza.count()
    assert plaza.filter(comment_count__gt=0).count() >= 20
    assert IdeaSupport.objects.count() == sum(plaza.values_list("support_count", flat=True)) > 40
    assert IdeaRevision.objects.exclude(note="처음 작성").count() == sum(plaza.values_list("revision_count", flat=True)) > 5
    assert plaza.filter(status="proposed").count() >= 8
    # and proposals at every intake stage, enough under review for the review app to score
    by_status = {s: Proposal.objects.filter(status=s).count() for s in ProposalStatus.values}
    for status in ("draft", "submitted", "supplement", "ineligible", "repeat", "withdrawn"):
        assert by_status[status] >= 1, status
    assert by_status["review"] >= 8
    assert Proposal.objects.filter(status="submitted", received_at__isnull=False).exists()
    assert Proposal.objects.filter(status="submitted", received_at__isnull=True).exists()
    assert Proposal.objects.filter(kind=ProposalKind.INSTITUTIONAL, complaints__isnull=False).distinct().count() >= 1
    assert Proposal.objects.filter(dialogue_item__isnull=False).exists()
    assert Proposal.objects.filter(kind=ProposalKind.CITIZEN, idea__venue="house").count() >= 6
    assert Proposal.objects.filter(proposer__username="resident@example.com").count() == 2
    assert Proposal.objects.filter(proposer__username="officer").exists()
    # every one went through the services
    submitted = Proposal.objects.exclude(status="draft")
    assert Event.objects.filter(event_type=EventType.PROPOSAL_SUBMITTED).count() >= submitted.count()
    for p in Proposal.objects.filter(status="review"):
        assert p.number and p.received_at and p.decision_due_at
        assert Event.objects.filter(event_type=EventType.PROPOSAL_REVIEW_STARTED, subject_id=str(p.pk)).exists()
    numbers = list(submitted.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_demo_pages_open_for_the_demo_logins(demo, client):
    from gamdong.accounts.models import User

    client.force_login(User.objects.get(username="officer"))
    assert client.get("/ideas/").status_code == 200
    assert client.get("/ideas/proposals/mine/").status_code == 200
    client.force_login(User.objects.get(username="planner"))
    assert client.get("/ideas/proposals/queue/").status_code == 200
    review = Proposal.objects.filter(status="review").first()
    assert client.get(f"/ideas/proposals/{review.pk}/").status_code == 200
    client.force_login(User.objects.get(username="resident@example.com"))
    assert "공원 벤치에 그늘막" in client.get("/ideas/mine/").content.decode()
