"""The demo's campaign and clubs (gamdong.demo.clubs), seeded on the demo district."""

import datetime as dt
import random

import pytest

from gamdong.accounts.models import User
from gamdong.core.models import Notification
from gamdong.demo import seed
from gamdong.demo.clubs import seed_clubs_and_campaigns
from gamdong.ideas import selectors_campaigns
from gamdong.ideas.models import Club, ClubReport, Presentation, PresentationStatus, Proposal

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def demo(db):
    seed.seed_demo_district(progress=lambda text: None, today=TODAY)
    return seed_clubs_and_campaigns(rng=random.Random(2026), today=TODAY, progress=lambda text: None)


def test_a_running_campaign_with_uneven_participation_per_division(demo):
    campaign = selectors_campaigns.current_campaign(today=TODAY)
    assert campaign.title == "2026년 1직원 1제안" and campaign.starts_on <= TODAY <= campaign.ends_on
    office = selectors_campaigns.office_progress(campaign)
    assert office.total.staff >= 280 and 0.3 < office.total.proposers / office.total.staff < 0.9
    rates = [u.rate for u in office.divisions]
    assert max(rates) - min(rates) >= 30
    assert Proposal.objects.filter(campaign=campaign, submitted_at__date__gt=TODAY).count() == 0


def test_three_clubs_with_members_minutes_and_reports_and_a_presentation_held_this_month(demo):
    clubs = list(Club.objects.prefetch_related("memberships", "meetings", "reports"))
    assert len(clubs) == 3 and demo["clubs"] == 3
    for club in clubs:
        assert club.memberships.count() >= 4 and club.meetings.count() >= 3
        assert all(m.minutes for m in club.meetings.all())
    presentation = Presentation.objects.get()
    assert presentation.status == PresentationStatus.HELD
    assert (presentation.held_at.year, presentation.held_at.month) == (2026, 11)
    assert ClubReport.objects.filter(presentation=presentation).count() == 2
    assert Proposal.objects.filter(club__isnull=False).count() == 2
    assert not Notification.objects.exists()  # demo history sends no notices


def test_the_demo_supervisor_and_mayor_see_the_progress_page(demo, client):
    campaign = selectors_campaigns.current_campaign(today=TODAY)
    client.force_login(User.objects.get(username="supervisor"))
    html = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "아직 제안하지 않은 직원" in html
    client.force_login(User.objects.get(username="mayor"))
    html = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "과별 참여율 순위" in html and "아직 제안하지 않은 직원" not in html
