"""The demo's 정책화: implementations at every stage over a seeded district with its complaints."""

import random

import pytest
from django.utils import timezone

from gamdong.demo import seed
from gamdong.demo.complaints import seed_complaints
from gamdong.demo.policy import seed_policy
from gamdong.policy import rules
from gamdong.policy.models import Implementation, MeasureSource, ResultGrade


@pytest.fixture
def seeded(db):
    today = timezone.localdate()
    seed.seed_demo_district(progress=lambda text: None, today=today)
    seed_complaints(count=300, progress=lambda text: None)
    return today


def test_the_demo_has_implementations_at_every_stage(seeded, client):
    made = seed_policy(rng=random.Random(2007), today=seeded, progress=lambda text: None)
    assert len(made) == 5
    statuses = set(Implementation.objects.values_list("status", flat=True))
    assert {"completed", "in_progress", "suspended", "planned"} <= statuses
    assert ResultGrade.objects.count() == 1

    automatic = Implementation.objects.get(measures__source=MeasureSource.COMPLAINT_COUNT)
    measure = automatic.measures.get(source=MeasureSource.COMPLAINT_COUNT)
    assert automatic.proposal.complaints.count() >= 3 and measure.category_id and measure.dongs
    assert measure.baseline >= 3  # the demo's own complaints before adoption
    after = measure.values.get(automatic=True)
    assert after.window_from == automatic.started_on
    assert after.window_until == rules.add_months(automatic.started_on, measure.window_months)

    overdue = [i for i in Implementation.objects.all()
               if any(rules.check_state(due_on=c.due_on, checked=c.is_done, today=seeded, remind_days=14)
                      == rules.OVERDUE for c in i.checks.all())]
    assert len(overdue) == 1

    assert seed_policy(rng=random.Random(2007), today=seeded, progress=lambda text: None) == []  # once

    assert client.post("/accounts/login/", {"username": "mayor", "password": seed.DEMO_PASSWORD}).status_code == 302
    html = client.get("/policy/").content.decode()
    assert html.index(overdue[0].proposal.title) < html.index(automatic.proposal.title)
    assert client.get(f"/policy/{automatic.pk}/").status_code == 200


def test_the_demos_adopted_proposals_have_a_number_and_their_history(seeded, client):
    """A proposal the demo adopts in the past was submitted like any other: it has its 제안 번호,
    and its page tells when it was submitted, received and decided."""
    from gamdong.ideas.models import Proposal

    seed_policy(rng=random.Random(2007), today=seeded, progress=lambda text: None)
    proposals = list(Proposal.objects.filter(implementation__isnull=False))
    assert proposals and all(p.number for p in proposals)
    assert len({p.number for p in proposals}) == len(proposals)

    assert client.post("/accounts/login/", {"username": "planner", "password": seed.DEMO_PASSWORD}).status_code == 302
    page = client.get(f"/ideas/proposals/{proposals[0].pk}/").content.decode()
    assert f"제안 번호 {proposals[0].number}" in page and "번호 없음" not in page
    assert "제안 제출" in page and "제안 접수" in page and "채택 여부 결정" in page
