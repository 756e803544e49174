"""불채택제안 보존: rejected proposals are kept 2 years (proposals.rejected_keep_years)."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from gamdong.ideas.models import Proposal, ProposalStatus
from gamdong.ideas.selectors import rejected_past_retention
from tests.ideas.conftest import seoul


def _decided(district, title, status, decided_at):
    proposal = district.submit(title=title)
    Proposal.objects.filter(pk=proposal.pk).update(status=status, decided_at=decided_at)
    return proposal


def test_rule_rejected_proposals_are_kept_two_years_then_listed_for_disposal(district):
    old = _decided(district, "오래된 불채택", ProposalStatus.REJECTED, seoul(2024, 3, 1, 10))
    _decided(district, "최근 불채택", ProposalStatus.REJECTED, seoul(2024, 9, 1, 10))
    _decided(district, "오래된 채택", ProposalStatus.ADOPTED, seoul(2023, 3, 1, 10))
    _decided(district, "재심사 요청 중", ProposalStatus.REREVIEW_REQUESTED, seoul(2023, 3, 1, 10))
    assert [p.pk for p in rejected_past_retention(today=dt.date(2026, 3, 1))] == []  # exactly two years: kept
    assert [p.pk for p in rejected_past_retention(today=dt.date(2026, 3, 2))] == [old.pk]

    out = StringIO()
    call_command("rejected_retention", "--today", "2026-06-01", stdout=out)
    text = out.getvalue()
    assert "오래된 불채택" in text and "최근 불채택" not in text and "오래된 채택" not in text
    assert "보존 기간(2년)이 지난 불채택 제안 1건" in text
    assert Proposal.objects.filter(pk=old.pk).exists()  # listed, never deleted
