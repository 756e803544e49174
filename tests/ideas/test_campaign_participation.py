"""The campaigns' participation rows (CampaignParticipation) are kept by the services: after any
sequence of proposal and campaign actions they are the counting rule (campaign_rules) applied to
every proposal from scratch; the repair command finds and mends drift; the progress pages read
them in a fixed number of queries."""

import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gamdong.accounts.models import Role
from gamdong.ideas import campaign_rules as rules
from gamdong.ideas import selectors_campaigns as selectors
from gamdong.ideas import services as proposals
from gamdong.ideas import services_campaigns as campaigns
from gamdong.ideas.models import (
    Campaign,
    CampaignKind,
    CampaignParticipation,
    Proposal,
    ProposalStatus,
)
from gamdong.org import services as org
from tests.ideas.campaign_district import office_fixture, proposal_facts, propose, seoul  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

SECTIONS = {"current_situation": "현황", "problem": "문제", "improvement": "개선", "expected_effect": "효과"}


def _from_scratch(campaign: Campaign) -> dict[int, tuple[int, int]]:
    """user id -> (counting proposals taken part in, of which led), by the pure rule over every row."""
    start, end = selectors.campaign_period(campaign)
    facts = proposal_facts(campaign)
    people = {person for f in facts for person in f.proposers}
    out = {}
    for person in people:
        n = rules.person_count(person, facts, start, end)
        if n:
            led = sum(1 for f in facts if f.lead == person and rules.proposal_counts(f.status, f.submitted_at, start, end))
            out[person] = (n, led)
    return out


def _stored(campaign: Campaign) -> dict[int, tuple[int, int]]:
    return {u: (n, led) for u, n, led in
            CampaignParticipation.objects.filter(campaign=campaign).values_list("user_id", "proposals", "led")}


def _assert_kept(*cs: Campaign) -> None:
    for c in cs:
        c.refresh_from_db()
        assert _stored(c) == _from_scratch(c), c.title


class _Actions:
    """A seeded random sequence of what people do, each through the real service."""

    def __init__(self, office, rng: random.Random, call: Campaign):
        self.office, self.rng, self.call = office, rng, call
        self.staff = [e.user for e in office.staff.values()]
        self.planner = office.planner.user
        self.n = 0

    def _moment(self) -> dt.datetime:
        # inside 2026 mostly, some just outside the period of either campaign
        return self.rng.choice([seoul(2025, 12, 31, 23), seoul(2026, 1, 1, 0), seoul(2026, 3, 3, 10),
                                seoul(2026, 6, 30, 23, 59), seoul(2026, 7, 1, 9), seoul(2026, 11, 2, 14),
                                seoul(2027, 1, 1, 0)])

    def _draft(self, lead, *, call: bool) -> proposals.ProposalDraft:
        self.n += 1
        others = [u for u in self.staff if u != lead]
        co = self.rng.sample(others, k=self.rng.choice((0, 0, 1, 2)))
        return proposals.ProposalDraft(title=f"제안 {self.n}", **SECTIONS, co_proposer_ids=[u.pk for u in co],
                                       campaign_id=self.call.pk if call else None)

    def mine(self, status=None):
        rows = Proposal.objects.filter(proposer__in=self.staff)
        if status:
            rows = rows.filter(status__in=status)
        return list(rows.order_by("pk"))

    def step(self) -> None:
        rng = self.rng
        kind = rng.choice(["draft", "submit", "submit", "finish", "withdraw", "supplement", "house", "period"])
        lead = rng.choice(self.staff)
        if kind == "draft":
            proposals.proposal_save(proposer=lead, draft=self._draft(lead, call=rng.random() < 0.3), submit=False)
        elif kind == "submit":
            proposals.proposal_save(proposer=lead, draft=self._draft(lead, call=rng.random() < 0.3), submit=True,
                                    now=self._moment())
        elif kind == "finish" and (drafts := self.mine([ProposalStatus.DRAFT])):
            p = rng.choice(drafts)
            proposals.proposal_save(proposer=p.proposer, draft=self._draft(p.proposer, call=rng.random() < 0.5),
                                    submit=True, proposal_id=p.pk, now=self._moment())
        elif kind == "withdraw" and (open_ := self.mine(list(proposals.WITHDRAWABLE))):
            p = rng.choice(open_)
            proposals.proposal_withdraw(proposal_id=p.pk, actor=p.proposer)
        elif kind == "supplement" and (waiting := self.mine([ProposalStatus.SUBMITTED])):
            p = rng.choice(waiting)
            proposals.proposal_request_supplement(proposal_id=p.pk, actor=self.planner, missing="근거 자료",
                                                  now=p.submitted_at + dt.timedelta(hours=1))
            # the proposer re-submits with other co-proposers (the same number, the same submission time)
            proposals.proposal_save(proposer=p.proposer, draft=self._draft(p.proposer, call=False), submit=True,
                                    proposal_id=p.pk, now=p.submitted_at + dt.timedelta(hours=2))
        elif kind == "house":
            proposals.house_submit(author=lead, title=f"아이디어 {self.n}", situation="불편", improvement="개선",
                                   effect="효과", now=self._moment())
        elif kind == "period":
            c = rng.choice(list(Campaign.objects.order_by("pk")))
            starts = dt.date(2026, rng.choice((1, 3, 5)), 1)
            campaigns.campaign_change(actor=self.planner, campaign=c, starts_on=starts,
                                      ends_on=rng.choice((dt.date(2026, 6, 30), dt.date(2026, 12, 31))))


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_the_services_keep_participation_equal_to_the_counting_rule_after_any_sequence(office, seed):
    """Drafts, submissions inside and outside the period, co-proposers changed on re-submission,
    withdrawals, idea-house submissions by staff, a call answered or not, the period moved: after
    every step the stored rows are what counting every proposal from scratch gives."""
    one_each = campaigns.campaign_open(actor=office.planner.user, title="2026년 1직원 1제안",
                                       starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    call = campaigns.campaign_open(actor=office.planner.user, kind=CampaignKind.THEMED_CALL, title="민원 서식 공모",
                                   theme="서식 줄이기", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 12, 31))
    actions = _Actions(office, random.Random(seed), call)
    for _ in range(40):
        actions.step()
        _assert_kept(one_each, call)
    assert CampaignParticipation.objects.exists()


def test_a_campaign_opened_late_counts_what_was_already_submitted(office):
    kim, lee = office.user("김총무"), office.user("이서무")
    proposals.proposal_save(proposer=kim, draft=proposals.ProposalDraft(title="먼저 낸 제안", **SECTIONS,
                                                                         co_proposer_ids=[lee.pk]),
                            submit=True, now=seoul(2026, 2, 3, 10))
    c = campaigns.campaign_open(actor=office.planner.user, title="2026년 1직원 1제안",
                                starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    assert _stored(c) == {kim.pk: (1, 1), lee.pk: (1, 0)}


def test_withdrawing_takes_the_proposal_out_of_the_progress_page(client, office):
    """What the proposer sees: submitted, it counts on their progress; withdrawn, it no longer does."""
    today = timezone.localdate()
    c = campaigns.campaign_open(actor=office.planner.user, title="1직원 1제안", starts_on=today - dt.timedelta(days=100),
                                ends_on=today + dt.timedelta(days=200))
    kim = office.user("김총무")
    p = proposals.proposal_save(proposer=kim, draft=proposals.ProposalDraft(title="번호표 문자 알림", **SECTIONS),
                                submit=True)
    client.force_login(office.supervisor.user)
    html = client.get(f"/campaigns/{c.pk}/").content.decode()
    assert "김총무" not in html.split("아직 제안하지 않은")[-1]  # not among those who have not proposed
    proposals.proposal_withdraw(proposal_id=p.pk, actor=kim)
    html = client.get(f"/campaigns/{c.pk}/").content.decode()
    assert "김총무" in html.split("아직 제안하지 않은")[-1]
    assert _stored(c) == {}


def test_the_repair_command_reports_drift_and_mends_it(office):
    c = campaigns.campaign_open(actor=office.planner.user, title="2026년 1직원 1제안",
                                starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    kim, lee = office.user("김총무"), office.user("이서무")
    propose(kim, when=seoul(2026, 4, 1, 9), co=[lee])
    out = StringIO()
    call_command("rebuild_campaign_participation", "--check", stdout=out)
    assert "맞음" in out.getvalue()

    # rows written around the services (a bulk load): the check fails and names the person
    Proposal.objects.create(title="직접 넣은 제안", proposer=lee, status=ProposalStatus.SUBMITTED,
                            submitted_at=seoul(2026, 5, 1, 9))
    CampaignParticipation.objects.filter(campaign=c, user=kim).update(proposals=3, led=3)
    out = StringIO()
    with pytest.raises(CommandError, match="어긋난 공모 1개"):
        call_command("rebuild_campaign_participation", "--check", "--campaign", str(c.pk), stdout=out)
    assert f"사용자 {lee.pk}" in out.getvalue() and f"사용자 {kim.pk}" in out.getvalue()
    assert _stored(c)[kim.pk] == (3, 3)  # --check changes nothing

    call_command("rebuild_campaign_participation", "--campaign", str(c.pk), stdout=StringIO())
    assert _stored(c) == _from_scratch(c) == {kim.pk: (1, 1), lee.pk: (2, 1)}
    with pytest.raises(CommandError, match="없는 공모"):
        call_command("rebuild_campaign_participation", "--campaign", "999999", stdout=StringIO())


def test_the_progress_page_reads_participation_in_a_fixed_number_of_queries(
        client, office, django_assert_max_num_queries):
    """The supervisor who is also the planner sees all three sections: own, department with names,
    office. The bound holds with no proposals and with 180 (one query fewer once the district
    settings are cached)."""
    c = campaigns.campaign_open(actor=office.planner.user, title="2026년 1직원 1제안",
                                starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    org.role_grant(actor=None, user=office.supervisor.user, role=Role.PLANNER)
    client.force_login(office.supervisor.user)
    users = [e.user for e in office.staff.values()]
    for round_ in range(2):
        with django_assert_max_num_queries(PROGRESS_QUERIES_ALL_SECTIONS):
            assert client.get(f"/campaigns/{c.pk}/").status_code == 200
        for i in range(60 * (round_ + 1)):
            propose(users[i % len(users)], when=seoul(2026, 2, 1 + i % 27, 9), co=[users[(i + 3) % len(users)]])
    client.force_login(users[0])
    with django_assert_max_num_queries(PROGRESS_QUERIES_EMPLOYEE):
        assert client.get(f"/campaigns/{c.pk}/").status_code == 200


PROGRESS_QUERIES_ALL_SECTIONS = 12  # session, user with roles, campaign, its departments, own (2), supervised roots (1), subtree (2), office (2), settings
PROGRESS_QUERIES_EMPLOYEE = 7  # session, user with roles, campaign, its departments, the employee (read once), own proposals, departments headed



def _at_once(*actions) -> list[Exception]:
    """Run each action in its own thread (and database connection), released together."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(actions))
    errors: list[Exception] = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as exc:  # noqa: BLE001 - returned to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_withdrawal_and_submission_touching_the_same_person_both_count(office):
    """김총무 withdraws a proposal 이서무 co-proposed while 이서무 submits one of their own: without
    the per-person lock each would count 이서무 without seeing the other's change, and the later
    write would win. With it, the rows end as the rule says."""
    from functools import partial

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the advisory lock is exercised on PostgreSQL")
    c = campaigns.campaign_open(actor=office.planner.user, title="1직원 1제안",
                                starts_on=timezone.localdate() - dt.timedelta(days=30),
                                ends_on=timezone.localdate() + dt.timedelta(days=30))
    kim, lee = office.user("김총무"), office.user("이서무")
    for round_ in range(4):
        joint = proposals.proposal_save(proposer=kim, submit=True, draft=proposals.ProposalDraft(
            title=f"함께 쓴 제안 {round_}", **SECTIONS, co_proposer_ids=[lee.pk]))
        errors = _at_once(
            partial(proposals.proposal_withdraw, proposal_id=joint.pk, actor=kim),
            partial(proposals.proposal_save, proposer=lee, submit=True,
                    draft=proposals.ProposalDraft(title=f"혼자 쓴 제안 {round_}", **SECTIONS)),
        )
        assert not errors
        _assert_kept(c)
    assert _stored(c)[lee.pk] == (4, 4)
