"""The progress numbers read from the database are the counting rule applied to every row
(gamdong.ideas.campaign_rules), whatever mix of statuses, periods, co-proposers and departments."""

import datetime as dt
import random

import pytest

from gamdong.ideas import campaign_rules as rules
from gamdong.ideas import selectors_campaigns as selectors
from gamdong.ideas import services_campaigns as services
from gamdong.ideas.models import Campaign, Proposal, ProposalStatus
from gamdong.org.models import Employee
from tests.ideas.campaign_district import office_fixture, proposal_facts, propose, seoul  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _expected(campaign: Campaign, employees: list[Employee]) -> dict[int, tuple[int, int, int]]:
    """(staff, proposers, lead proposals) per department, by the pure rule over every proposal."""
    start, end = selectors.campaign_period(campaign)
    facts = proposal_facts(campaign)
    out: dict[int, list[int]] = {}
    for e in employees:
        row = out.setdefault(e.department_id, [0, 0, 0])
        row[0] += 1
        row[1] += rules.person_count(e.user_id, facts, start, end) > 0
        row[2] += sum(1 for f in facts if f.lead == e.user_id and rules.proposal_counts(f.status, f.submitted_at,
                                                                                      start, end))
    return {k: tuple(v) for k, v in out.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_progress_counts_are_the_counting_rule_applied_to_every_proposal(office, seed):
    """1직원 1제안: a proposal counts for its lead and each co-proposer when submitted in the period
    and not a draft or withdrawn; the page's staff, proposers and proposals per unit agree."""
    rng = random.Random(seed)
    campaign = services.campaign_open(actor=office.planner.user, title="2026년 1직원 1제안",
                                      starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 9, 30))
    users = [e.user for e in office.staff.values()] + [office.resident]
    statuses = [ProposalStatus.SUBMITTED, ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.ADOPTED,
                ProposalStatus.REJECTED, ProposalStatus.INELIGIBLE]
    for _ in range(40):
        lead = rng.choice(users)
        when = seoul(2026, rng.choice([2, 3, 6, 9, 10]), rng.choice([1, 28]), rng.choice([0, 12, 23]))
        co = {rng.choice(users) for _ in range(rng.choice([0, 0, 1, 2]))} - {lead}
        propose(lead, when=when, status=rng.choice(statuses), co=list(co))
    propose(users[0], when=seoul(2026, 9, 30, 23, 59))  # the last minute counts
    propose(users[1], when=seoul(2026, 10, 1, 0, 0))  # the day after does not
    propose(users[2], when=seoul(2026, 3, 1, 0, 0), co=[users[3]])  # the first minute counts for both
    employees = list(Employee.objects.filter(active=True).select_related("department"))
    expected = _expected(campaign, employees)

    office_view = selectors.office_progress(selectors.campaign_detail(pk=campaign.pk))
    assert (office_view.total.staff, office_view.total.proposers, office_view.total.proposals) == tuple(
        sum(v[i] for v in expected.values()) for i in range(3))

    team = selectors.department_progress(selectors.campaign_detail(pk=campaign.pk), root=office.general)
    for row in team.rows:
        assert (row.staff, row.proposers, row.proposals) == expected[row.department.pk]
    start, end = selectors.campaign_period(campaign)
    took_part = {e.user_id for e in employees if rules.person_count(
        e.user_id, [rules.ProposalFact(p.status, p.submitted_at, p.proposer_id,
                                       tuple(p.co_proposers.values_list("user_id", flat=True)))
                    for p in Proposal.objects.all()], start, end)}
    general = [e for e in employees if e.department.path.startswith(office.general.path)]
    assert {e.pk for e in team.not_yet} == {e.pk for e in general if e.user_id not in took_part}

    rate = selectors.overall_rate(campaign)
    assert (rate.staff, rate.proposers) == (office_view.total.staff, office_view.total.proposers)
    for e in employees:
        mine = selectors.own_progress(campaign, user=e.user)
        start, end = selectors.campaign_period(campaign)
        facts = [rules.ProposalFact(p.status, p.submitted_at, p.proposer_id,
                                    tuple(p.co_proposers.values_list("user_id", flat=True)))
                 for p in Proposal.objects.all()]
        assert mine.count == rules.person_count(e.user_id, facts, start, end)
