"""The /review/ pages: who sees what (403 for residents and non-member staff), blind scoring,
the chair's spread and outliers, decisions from the form, and bounded query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gamdong.ideas.models import ProposalStatus
from gamdong.review import documents, services
from gamdong.review.models import Decision, ScoreSheet
from tests.review.conftest import all_fives, make_proposal


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def _score(rd, item, values):
    for user, value in zip((rd.chair, rd.ext2, rd.ext3, rd.staff_member), values, strict=False):
        services.score_submit(actor=user, item=item, scores=all_fives(rd.committee, value))


def test_residents_and_non_member_staff_get_403_on_review_pages_and_scores(rd, scored_item, login, client):
    urls = ["/review/", f"/review/committees/{rd.committee.pk}/", f"/review/meetings/{scored_item.meeting_id}/",
            f"/review/items/{scored_item.pk}/results/", f"/review/items/{scored_item.pk}/score/",
            f"/review/items/{scored_item.pk}/decide/"]
    for user in (rd.resident, rd.outsider_staff):
        login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)


def test_visitors_are_sent_to_log_in(client):
    assert client.get("/review/").status_code == 302


def test_the_index_lists_committees_and_upcoming_meetings_for_a_member(rd, meeting, login):
    page = login(rd.ext2).get("/review/").content.decode()
    assert rd.committee.name in page and meeting.title in page


def test_a_member_scores_from_the_scoring_page(rd, scored_item, login):
    client = login(rd.ext2)
    page = client.get(f"/review/items/{scored_item.pk}/score/")
    assert page.status_code == 200 and "실시가능성 (1–10점)" in page.content.decode()
    data = {f"c{i}": 7 for i in range(5)} | {"comment": "현장 적용이 쉬움"}
    response = client.post(f"/review/items/{scored_item.pk}/score/", data)
    assert response.status_code == 302
    assert ScoreSheet.objects.get().comment == "현장 적용이 쉬움"


def test_an_out_of_scale_score_on_the_page_is_a_400_with_the_message_and_nothing_written(rd, scored_item, login):
    data = {f"c{i}": 7 for i in range(5)} | {"c1": 12}
    response = login(rd.ext2).post(f"/review/items/{scored_item.pk}/score/", data)
    assert response.status_code == 400
    assert "1–10 사이" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_scoring_ones_own_proposal_on_the_page_is_403(rd, meeting, login):
    mine = make_proposal(rd, title="외부위원의 제안", proposer=rd.ext2, department=rd.parks)
    item = services.agenda_add(actor=rd.planner, meeting=meeting, proposal=mine)
    services.meeting_record_attendance(actor=rd.planner, meeting=meeting, present=list(rd.seats.values()))
    services.scoring_open(actor=rd.planner, item=item)
    response = login(rd.ext2).post(f"/review/items/{item.pk}/score/", {f"c{i}": 5 for i in range(5)})
    assert response.status_code == 403


def test_rule_scores_stay_hidden_until_all_present_members_have_scored(rd, scored_item, login, client):
    """Blind scoring: a member sees only their own sheet until every present member who may
    score has scored; then the totals are visible to members."""
    _score(rd, scored_item, (8, 7, 9))  # three of the four who may score
    page = login(rd.ext2).get(f"/review/items/{scored_item.pk}/results/").content.decode()
    assert 'id="scores-hidden"' in page and "외부이 (나)" in page and "외부장" not in page
    services.score_submit(actor=rd.staff_member, item=scored_item, scores=all_fives(rd.committee, 6))
    page = login(rd.ext2).get(f"/review/items/{scored_item.pk}/results/").content.decode()
    assert 'id="scores-hidden"' not in page and "외부장" in page and "공원위" in page
    assert 'id="spread"' not in page  # a plain member does not see spread and outliers


def test_rule_the_chair_sees_spread_and_the_outlier_sheet(rd, scored_item, login):
    """Outlier rule: a sheet more than 20 points from the median of the totals is flagged."""
    _score(rd, scored_item, (8, 8, 8, 2))  # 80, 80, 80, 20: the last is 60 points off the median
    page = login(rd.chair).get(f"/review/items/{scored_item.pk}/results/").content.decode()
    assert 'id="spread"' in page and "표준편차" in page
    assert "rv-outlier" in page and "공원위(20.0점)" in page


def test_the_proposer_sees_only_the_decision(rd, proposal, scored_item, login):
    _score(rd, scored_item, (8, 8, 8, 8))
    services.scoring_close(actor=rd.planner, item=scored_item)
    client = login(rd.proposer)
    assert client.get(f"/review/items/{scored_item.pk}/results/").status_code == 403
    assert client.get(f"/review/meetings/{scored_item.meeting_id}/").status_code == 403
    services.decision_record(actor=rd.planner, item=scored_item, outcome="adopted", grade="장려",
                             planned_implementation_on=dt.date(2027, 2, 1))
    page = client.get(f"/review/proposals/{proposal.pk}/").content.decode()
    assert "채택" in page and "2027. 2. 1." in page and "장려" in page
    assert "80.0" not in page  # no scores


def test_the_secretary_records_the_decision_from_the_form(rd, proposal, scored_item, login):
    _score(rd, scored_item, (8, 8, 8, 8))
    services.scoring_close(actor=rd.planner, item=scored_item)
    client = login(rd.secretary)
    response = client.post(f"/review/items/{scored_item.pk}/decide/", {"outcome": "rejected", "reasons": ""})
    assert response.status_code == 400 and "사유" in response.content.decode()
    response = client.post(f"/review/items/{scored_item.pk}/decide/",
                           {"outcome": "rejected", "reasons": "예산 대비 효과가 작습니다."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED


def test_the_proposer_requests_a_re_review_from_the_panel(rd, proposal, scored_item, login):
    services.scoring_close(actor=rd.planner, item=scored_item)
    services.decision_record(actor=rd.planner, item=scored_item, outcome="rejected", reasons="효과 불분명")
    client = login(rd.proposer)
    page = client.get(f"/review/proposals/{proposal.pk}/").content.decode()
    assert "재심사 요청" in page
    response = client.post(f"/review/proposals/{proposal.pk}/rereview/", {"reason": "자료를 보완했습니다."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REREVIEW_REQUESTED


def test_convening_without_enough_external_members_shows_the_reason(rd, login):
    services.committee_member_remove(actor=rd.planner, member=rd.seats["ext3"])
    services.committee_member_add(actor=rd.planner, committee=rd.committee, user=rd.outsider_staff)
    when = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT14:00")
    response = login(rd.planner).post(f"/review/committees/{rd.committee.pk}/",
                                      {"action": "convene", "title": "제3차", "scheduled_at": when, "place": "회의실"})
    assert response.status_code == 409 and "외부위원이 부족합니다" in response.content.decode()


def test_the_planner_forms_a_committee_and_runs_a_meeting_from_the_pages(rd, login):
    client = login(rd.planner)
    response = client.post("/review/", {"name": "구민창안심사위원회", "kind": "resident", "external_share_required": "on",
                                        "exclude_proposer_department": "on"})
    assert response.status_code == 302
    proposal = make_proposal(rd, title="주민 제안")
    meeting_url = None
    when = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT14:00")
    response = client.post(f"/review/committees/{rd.committee.pk}/",
                           {"action": "convene", "title": "제4차", "scheduled_at": when, "place": "회의실"})
    assert response.status_code == 302
    meeting_url = response["Location"]
    assert client.post(meeting_url, {"action": "agenda", "proposal": proposal.pk}).status_code == 302
    present = [s.pk for s in rd.seats.values()]
    assert client.post(meeting_url, {"action": "attendance", "present": present}).status_code == 302
    item = proposal.agenda_items.get()
    assert client.post(meeting_url, {"action": "open", "item": item.pk}).status_code == 302
    item.refresh_from_db()
    assert item.scoring == "open"


def _busy_meeting(rd, meeting, n=6):
    items = []
    for i in range(n):
        p = make_proposal(rd, title=f"제안 {i}", co=[rd.co1], department=rd.parks if i % 2 else rd.roads)
        items.append(services.agenda_add(actor=rd.planner, meeting=meeting, proposal=p))
    services.meeting_record_attendance(actor=rd.planner, meeting=meeting, present=list(rd.seats.values()))
    for item in items:
        services.scoring_open(actor=rd.planner, item=item)
        _score(rd, item, (7, 8, 9))
    return items


def test_the_meeting_page_has_a_fixed_number_of_queries(rd, meeting, login, django_assert_max_num_queries):
    _busy_meeting(rd, meeting, n=2)
    client = login(rd.planner)
    client.get(f"/review/meetings/{meeting.pk}/")
    with django_assert_max_num_queries(16) as few:
        client.get(f"/review/meetings/{meeting.pk}/")
    _busy_meeting(rd, meeting, n=6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/review/meetings/{meeting.pk}/").status_code == 200


def test_the_results_page_has_a_fixed_number_of_queries(rd, meeting, login, django_assert_max_num_queries):
    item = _busy_meeting(rd, meeting, n=1)[0]
    services.scoring_close(actor=rd.planner, item=item)
    client = login(rd.chair)
    with django_assert_max_num_queries(14):
        assert client.get(f"/review/items/{item.pk}/results/").status_code == 200


@pytest.mark.skipif(not hasattr(documents, "render"), reason="the HWPX/PDF renderer is merged by the lead")
def test_minutes_and_decision_notice_download(rd, proposal, scored_item, login):
    services.scoring_close(actor=rd.planner, item=scored_item)
    decision = services.decision_record(actor=rd.planner, item=scored_item, outcome="held", reasons="보류")
    client = login(rd.planner)
    minutes_url = f"/review/meetings/{scored_item.meeting_id}/minutes.pdf"
    incomplete = client.get(minutes_url)  # no proceedings written yet: a page saying so, not a blank file
    assert incomplete.status_code == 400 and "회의 내용" in incomplete.content.decode()
    services.meeting_record_minutes(actor=rd.planner, meeting=scored_item.meeting, minutes="제안 1건을 심사하여 보류하였다.")
    pdf = client.get(minutes_url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    hwpx = client.get(f"/review/decisions/{decision.pk}/notice.hwpx")
    assert hwpx.status_code == 200 and hwpx.content.startswith(b"PK") and ".hwpx" in hwpx["Content-Disposition"]
    assert Decision.objects.count() == 1


def test_the_documents_carry_the_minutes_and_the_decision(rd, proposal, scored_item):
    """The data of the HWPX/PDF (rendered by documents.render): attendees, outcomes, re-review right."""
    from gamdong.review import selectors

    _score(rd, scored_item, (8, 8, 8, 8))
    services.scoring_close(actor=rd.planner, item=scored_item)
    decision = services.decision_record(actor=rd.planner, item=scored_item, outcome="rejected", reasons="이미 시행 중")
    minutes = selectors.minutes_document(scored_item.meeting)
    assert minutes.chair == "외부장" and minutes.secretary == "간사보"
    assert set(minutes.attendees) == {"외부장", "외부이", "외부삼", "공원위", "도로위"}
    assert minutes.agenda[0].outcome == "불채택" and minutes.agenda[0].score == "80.0점"
    notice = selectors.decision_notice(decision)
    assert notice.outcome == "불채택" and "재심사" in notice.rereview_notice and notice.recipient == "제안자"


def test_downloads_are_for_the_committee_and_the_proposer_only(rd, proposal, scored_item, login, client):
    services.scoring_close(actor=rd.planner, item=scored_item)
    decision = services.decision_record(actor=rd.planner, item=scored_item, outcome="held", reasons="보류")
    login(rd.outsider_staff)
    assert client.get(f"/review/meetings/{scored_item.meeting_id}/minutes.pdf").status_code == 403
    assert client.get(f"/review/decisions/{decision.pk}/notice.pdf").status_code == 403
    login(rd.proposer)
    assert client.get(f"/review/meetings/{scored_item.meeting_id}/minutes.pdf").status_code == 403
    expected = 200 if hasattr(documents, "render") else 503
    assert client.get(f"/review/decisions/{decision.pk}/notice.pdf").status_code == expected
    assert client.get(f"/review/decisions/{decision.pk}/notice.doc").status_code == 404


def test_the_proposal_panel_is_not_for_other_residents(rd, proposal, login):
    assert login(rd.resident).get(f"/review/proposals/{proposal.pk}/").status_code == 403
    page = login(rd.proposer).get(f"/review/proposals/{proposal.pk}/").content.decode()
    assert "심사위원회가 심사하고 있습니다" in page


def test_the_proposal_panel_selector_for_the_lead_page(rd, proposal, scored_item, django_assert_max_num_queries):
    from gamdong.review import selectors

    services.scoring_close(actor=rd.planner, item=scored_item)
    services.decision_record(actor=rd.planner, item=scored_item, outcome="rejected", reasons="효과 불분명")
    proposal.refresh_from_db()
    with django_assert_max_num_queries(8):
        panel = selectors.proposal_panel(proposal, rd.proposer)
    assert panel["is_proposer"] and panel["rereview_open"] and not panel["insider"] and panel["meetings"] == []
    insider = selectors.proposal_panel(proposal, rd.planner)
    assert insider["insider"] and not insider["rereview_open"] and len(insider["meetings"]) == 1


def test_results_keep_the_criteria_they_were_scored_on_after_the_committee_changes_them(rd, scored_item, login):
    _score(rd, scored_item, (8, 8, 8, 8))
    services.scoring_close(actor=rd.planner, item=scored_item)
    services.committee_change(actor=rd.planner, committee=rd.committee, weights={"파급효과": 2, "창의성": 1})
    page = login(rd.chair).get(f"/review/items/{scored_item.pk}/results/").content.decode()
    assert "실시가능성" in page and "파급효과" not in page and "80.0" in page
