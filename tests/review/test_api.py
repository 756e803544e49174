"""/api/v1/review/: the same rules as the pages, the same error shape {code, message, field}."""

from __future__ import annotations

import pytest

from gamdong.ideas.models import ProposalStatus
from gamdong.review import services
from gamdong.review.models import ScoreSheet
from tests.review.conftest import all_fives, make_proposal


@pytest.fixture
def api(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_residents_and_non_members_get_403_with_the_error_shape(rd, scored_item, api):
    for user in (rd.resident, rd.outsider_staff):
        client = api(user)
        for url in ("/api/v1/review/committees", f"/api/v1/review/items/{scored_item.pk}/results",
                    f"/api/v1/review/meetings/{scored_item.meeting_id}"):
            response = client.get(url)
            assert response.status_code == 403
            assert set(response.json()) == {"code", "message", "field"}


def test_a_whole_review_through_the_api(rd, api):
    """Form, appoint, convene, agenda, attendance, scoring, results, decision — and the proposer's view."""
    planner = api(rd.planner)
    created = post(planner, "/api/v1/review/committees", {"name": "구민창안심사위원회", "kind": "resident",
                                                          "scale_min": 1, "scale_max": 5})
    assert created.status_code == 201, created.content
    committee_id = created.json()["id"]
    assert created.json()["criteria_weights"]["창의성"] == 1
    for user, role in ((rd.chair, "chair"), (rd.ext2, "member"), (rd.staff_member, "member")):
        assert post(planner, f"/api/v1/review/committees/{committee_id}/members",
                    {"user_id": user.pk, "role": role}).status_code == 201
    meeting = post(planner, f"/api/v1/review/committees/{committee_id}/meetings",
                   {"title": "제1차 구민창안심사", "scheduled_at": "2026-12-03T14:00:00+09:00", "place": "구청 대회의실"})
    assert meeting.status_code == 201, meeting.content
    meeting_id = meeting.json()["id"]
    proposal = make_proposal(rd, title="주민 제안", department=rd.innovation)
    item = post(planner, f"/api/v1/review/meetings/{meeting_id}/agenda", {"proposal_id": proposal.pk}).json()
    members = planner.get(f"/api/v1/review/committees/{committee_id}").json()["members"]
    assert post(planner, f"/api/v1/review/meetings/{meeting_id}/attendance",
                {"member_ids": [m["id"] for m in members]}).json()["has_quorum"]
    assert post(planner, f"/api/v1/review/items/{item['id']}/scoring/open", {}).json()["scoring"] == "open"

    bad = post(api(rd.chair), f"/api/v1/review/items/{item['id']}/scorecards",
               {"scores": {"실시가능성": 6, "창의성": 3, "효율성·효과성": 3, "적용범위": 3, "계속성": 3}})
    assert bad.status_code == 400 and bad.json()["field"] == "실시가능성" and not ScoreSheet.objects.exists()
    scores = {"실시가능성": 5, "창의성": 4, "효율성·효과성": 4, "적용범위": 3, "계속성": 4}
    ok = post(api(rd.chair), f"/api/v1/review/items/{item['id']}/scorecards", {"scores": scores})
    assert ok.status_code == 201 and ok.json()["total"] == 80.0
    twice = post(api(rd.chair), f"/api/v1/review/items/{item['id']}/scorecards", {"scores": scores})
    assert twice.status_code == 409 and twice.json()["code"] == "already_scored"

    hidden = api(rd.ext2).get(f"/api/v1/review/items/{item['id']}/results").json()
    assert hidden["visible"] is False and hidden["sheets"] == []
    post(api(rd.ext2), f"/api/v1/review/items/{item['id']}/scorecards", {"scores": scores})
    post(api(rd.staff_member), f"/api/v1/review/items/{item['id']}/scorecards", {"scores": all_fives(rd.committee, 1)})
    shown = api(rd.ext2).get(f"/api/v1/review/items/{item['id']}/results").json()
    assert shown["visible"] and len(shown["sheets"]) == 3 and shown["spread"] is None
    chair_view = api(rd.chair).get(f"/api/v1/review/items/{item['id']}/results").json()
    assert chair_view["spread"]["outlier_member_ids"] == [next(m["id"] for m in members if m["user_id"] == rd.staff_member.pk)]

    planner = api(rd.planner)  # one test client: log the planner in again
    closed = post(planner, f"/api/v1/review/items/{item['id']}/scoring/close", {})
    assert closed.status_code == 200, closed.content
    decided = post(planner, f"/api/v1/review/items/{item['id']}/decision",
                   {"outcome": "adopted_changed", "reasons": "범위를 좁혀 채택", "grade": "장려",
                    "planned_implementation_on": "2027-03-02"})
    assert decided.status_code == 201, decided.content
    assert decided.json()["award_krw"] == 300_000
    panel = api(rd.proposer).get(f"/api/v1/review/proposals/{proposal.pk}").json()
    assert panel["status"] == ProposalStatus.ADOPTED_WITH_CHANGES and panel["decision"]["grade"] == "장려"
    assert api(rd.proposer).get(f"/api/v1/review/items/{item['id']}/results").status_code == 403


def test_convening_a_committee_short_of_external_members_is_a_409(rd, api):
    planner = api(rd.planner)
    services.committee_member_remove(actor=rd.planner, member=rd.seats["ext3"])
    services.committee_member_add(actor=rd.planner, committee=rd.committee, user=rd.outsider_staff)
    response = post(planner, f"/api/v1/review/committees/{rd.committee.pk}/meetings",
                    {"title": "제2차", "scheduled_at": "2026-12-03T14:00:00+09:00", "place": "회의실"})
    assert response.status_code == 409 and response.json()["code"] == "composition"


def test_pilot_and_rereview_through_the_api(rd, proposal, scored_item, api):
    planner = api(rd.planner)
    post(planner, f"/api/v1/review/items/{scored_item.pk}/scoring/close", {})
    pilot = post(planner, f"/api/v1/review/items/{scored_item.pk}/pilot", {
        "plan": "한 달 시범", "sites": "감동1동", "starts_on": "2026-12-01", "ends_on": "2026-12-31",
        "measures": [{"name": "민원 건수", "target": "30", "unit": "건", "higher_is_better": False}]})
    assert pilot.status_code == 201, pilot.content
    pilot_id, measure_id = pilot.json()["id"], pilot.json()["measures"][0]["id"]
    recorded = post(planner, f"/api/v1/review/pilots/{pilot_id}/results", {"measure_id": measure_id, "value": "21"})
    assert recorded.json()["measures"][0]["met"] is True
    assert post(planner, f"/api/v1/review/pilots/{pilot_id}/finish", {"summary": "목표 달성"}).json()["status"] == "finished"

    second = services.meeting_convene(actor=rd.planner, committee=rd.committee, title="제2차", place="회의실",
                                      scheduled_at=scored_item.meeting.scheduled_at)
    item = services.agenda_add(actor=rd.planner, meeting=second, proposal=proposal)
    services.meeting_record_attendance(actor=rd.planner, meeting=second, present=list(rd.seats.values()))
    decided = post(planner, f"/api/v1/review/items/{item.pk}/decision", {"outcome": "rejected", "reasons": "효과 부족"})
    assert decided.status_code == 201
    assert post(api(rd.outsider_staff), f"/api/v1/review/proposals/{proposal.pk}/rereview",
                {"reason": "?"}).status_code == 403
    asked = post(api(rd.proposer), f"/api/v1/review/proposals/{proposal.pk}/rereview", {"reason": "보완 자료 제출"})
    assert asked.status_code == 201 and asked.json()["status"] == ProposalStatus.REREVIEW_REQUESTED
    make_proposal(rd)  # another one does not disturb


def test_the_committees_meetings_are_listed_latest_first(rd, meeting, api):
    rows = api(rd.ext2).get(f"/api/v1/review/committees/{rd.committee.pk}/meetings").json()
    assert [r["id"] for r in rows] == [meeting.pk] and rows[0]["agenda_items"] == 0
