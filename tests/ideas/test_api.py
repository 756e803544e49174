"""The JSON API of ideas (/api/v1/ideas/) and proposals (/api/v1/proposals/): the pages' rules
and the {code, message, field} error shape."""

from gamdong.ideas import services
from gamdong.ideas.models import Proposal, ProposalStatus
from tests.ideas.conftest import FULL

JSON = "application/json"


def test_ideas_api_lists_with_sort_and_search_posts_comments_supports_and_revises(district, client):
    client.force_login(district.officer)
    created = client.post("/api/v1/ideas/", {"title": "주차장 만차 표시", "body": "입구에 만차 전광판"}, content_type=JSON)
    assert created.status_code == 201
    idea_id = created.json()["id"]
    client.post("/api/v1/ideas/", {"title": "도로 반사경", "body": "굽은 길"}, content_type=JSON)
    client.force_login(district.officer2)
    assert client.post(f"/api/v1/ideas/{idea_id}/comments", {"body": "좋아요"}, content_type=JSON).status_code == 201
    assert client.post(f"/api/v1/ideas/{idea_id}/support").json()["support_count"] == 1
    again = client.post(f"/api/v1/ideas/{idea_id}/support")
    assert again.status_code == 409 and again.json()["code"] == "already_supported"
    listing = client.get("/api/v1/ideas/?sort=supported").json()
    assert listing["results"][0]["id"] == idea_id and listing["results"][0]["supported"] is True
    assert [r["title"] for r in client.get("/api/v1/ideas/?q=길").json()["results"]] == ["도로 반사경"]
    revised = client.post(f"/api/v1/ideas/{idea_id}/revise",
                          {"title": "주차장 만차 안내", "body": "입구 전광판과 앱", "version": 1}, content_type=JSON)
    assert revised.status_code == 200 and len(revised.json()["revisions"]) == 2
    stale = client.post(f"/api/v1/ideas/{idea_id}/revise", {"title": "x", "body": "y", "version": 1}, content_type=JSON)
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    assert client.delete(f"/api/v1/ideas/{idea_id}/support").json()["support_count"] == 0
    bad = client.get("/api/v1/ideas/?sort=oldest")
    assert bad.status_code == 400 and bad.json()["field"] == "sort"


def test_ideas_api_errors_have_the_shape_code_message_field(district, client):
    client.force_login(district.officer)
    response = client.post("/api/v1/ideas/", {"title": "", "body": "내용"}, content_type=JSON)
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "field"} and response.json()["field"] == "title"
    assert client.get("/api/v1/ideas/99999").status_code == 404


def test_proposals_api_draft_then_submit_and_screening_by_the_planner(district, client):
    client.force_login(district.officer)
    draft = client.post("/api/v1/proposals/", {"title": "초안"}, content_type=JSON)
    assert draft.status_code == 201 and draft.json()["status"] == "draft" and draft.json()["number"] is None
    pid = draft.json()["id"]
    incomplete = client.post(f"/api/v1/proposals/{pid}/submit", {}, content_type=JSON)
    assert incomplete.status_code == 400 and incomplete.json()["field"] == "current_situation"
    updated = client.put(f"/api/v1/proposals/{pid}", {**FULL, "submit": True, "links": ["https://example.org/a"]},
                         content_type=JSON)
    assert updated.status_code == 200 and updated.json()["status"] == "submitted"
    assert updated.json()["links"] == ["https://example.org/a"]
    assert client.post(f"/api/v1/proposals/{pid}/receive", {}, content_type=JSON).status_code == 403
    client.force_login(district.planner)
    assert [p["id"] for p in client.get("/api/v1/proposals/queue").json()] == [pid]
    received = client.post(f"/api/v1/proposals/{pid}/receive", {}, content_type=JSON).json()
    assert received["decision_due_at"] and received["deadlines"][0]["label"] == "보완 요구 기한"
    supplement = client.post(f"/api/v1/proposals/{pid}/supplement", {"missing": "통계"}, content_type=JSON)
    assert supplement.json()["status"] == "supplement"
    client.force_login(district.officer)
    client.put(f"/api/v1/proposals/{pid}", {**FULL, "current_situation": "통계 추가", "submit": True},
               content_type=JSON)
    client.force_login(district.planner)
    expert = client.post(f"/api/v1/proposals/{pid}/expert-opinion/start", {"note": "자문"}, content_type=JSON)
    assert expert.status_code == 200
    assert client.post(f"/api/v1/proposals/{pid}/expert-opinion/end").status_code == 200
    accepted = client.post(f"/api/v1/proposals/{pid}/accept", {}, content_type=JSON)
    assert accepted.json()["status"] == ProposalStatus.UNDER_REVIEW
    client.force_login(district.officer)
    refused = client.post(f"/api/v1/proposals/{pid}/withdraw")
    assert refused.status_code == 400 and refused.json()["code"] == "not_withdrawable"


def test_proposals_api_ineligible_and_withdraw(district, client):
    one = district.submit(title="하나")
    two = district.submit(title="둘")
    client.force_login(district.planner)
    bad = client.post(f"/api/v1/proposals/{one.pk}/ineligible", {"reason": "nonsense", "note": "x"}, content_type=JSON)
    assert bad.status_code == 400 and bad.json()["field"] == "reason"
    ok = client.post(f"/api/v1/proposals/{one.pk}/ineligible", {"reason": "complaint", "note": "단순 불만입니다"},
                     content_type=JSON)
    assert ok.json()["ineligible_reason"] == "complaint"
    client.force_login(district.officer)
    assert client.post(f"/api/v1/proposals/{two.pk}/withdraw").json()["status"] == "withdrawn"


def test_proposals_api_hides_what_the_caller_may_not_see(district, client):
    proposal = district.submit()
    client.force_login(district.officer2)
    assert client.get(f"/api/v1/proposals/{proposal.pk}").status_code == 404
    client.force_login(district.resident)
    assert client.get(f"/api/v1/proposals/{proposal.pk}").status_code == 404
    assert client.post("/api/v1/proposals/", {**FULL, "co_proposer_ids": [district.officer.pk], "submit": True},
                       content_type=JSON).json()["field"] == "co_proposers"


def test_a_resident_proposal_through_the_api_is_a_citizen_proposal(district, client):
    client.force_login(district.resident)
    response = client.post("/api/v1/proposals/", {**FULL, "submit": True}, content_type=JSON)
    assert response.status_code == 201 and response.json()["kind"] == "citizen"
    assert Proposal.objects.get().proposer == district.resident
    assert services.can_use_plaza(district.resident) is False
