"""Kinds (DOMAIN.md §2): 공무원제안 by staff, 국민제안 by residents, 공모제안 as an answer to a
call on a theme (the last in test_proposals.test_a_proposal_from_a_dialogue_idea_a_club_and_a_campaign)."""

from gamdong.ideas import services
from gamdong.ideas.models import ProposalKind


def test_rule_kinds_a_staff_proposal_is_gongmuwon_and_a_residents_is_gukmin(district):
    staff = district.submit()
    citizen = services.house_submit(author=district.resident, title="공원 벤치 그늘막",
                                    situation="여름에 벤치가 뜨겁습니다.", improvement="그늘막을 달아 주세요.",
                                    effect="어르신이 쉴 수 있습니다.")
    assert (staff.kind, staff.get_kind_display()) == (ProposalKind.STAFF, "공무원제안")
    assert (citizen.kind, citizen.get_kind_display()) == (ProposalKind.CITIZEN, "국민제안")
    assert ProposalKind.CALL.label == "공모제안"
