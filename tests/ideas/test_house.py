"""아이디어하우스: residents (and staff) submit ideas all year, screened like every proposal."""

from html import unescape

from gamdong.ideas import services
from gamdong.ideas.models import Idea, IneligibleReason, Proposal, ProposalKind, ProposalStatus

IDEA = {"title": "공원 벤치에 그늘막", "situation": "여름에 공원 벤치가 너무 뜨거워 앉을 수 없어요.",
        "improvement": "벤치 위에 접이식 그늘막을 달아 주세요.", "effect": "어르신들이 여름에도 쉴 수 있어요."}


def page(response) -> str:
    return unescape(response.content.decode())


def test_a_residents_idea_becomes_a_house_idea_and_a_submitted_citizen_proposal(district, client):
    client.force_login(district.resident)
    response = client.post("/ideas/house/", {**IDEA, "form_token": "t1"})
    assert response.status_code == 302 and response.url == "/ideas/mine/"
    idea = Idea.objects.get()
    proposal = Proposal.objects.get()
    assert idea.venue == "house" and idea.author == district.resident
    assert proposal.kind == ProposalKind.CITIZEN and proposal.status == ProposalStatus.SUBMITTED
    assert proposal.idea == idea and proposal.number
    assert proposal.current_situation == IDEA["situation"] and proposal.improvement == IDEA["improvement"]
    # a double click makes no second idea
    client.post("/ideas/house/", {**IDEA, "form_token": "t1"})
    assert Proposal.objects.count() == 1 and Idea.objects.count() == 1


def test_the_house_form_uses_plain_language_and_names_a_missing_section(district, client):
    client.force_login(district.resident)
    form = page(client.get("/ideas/house/"))
    assert "지금 불편한 점" in form and "이렇게 바꾸면 좋겠어요" in form and "바뀌면 좋아지는 점" in form
    response = client.post("/ideas/house/", {**IDEA, "improvement": ""})
    assert response.status_code == 400 and "이렇게 바꾸면 좋겠어요" in page(response)
    assert not Proposal.objects.exists()


def test_a_resident_sees_their_own_ideas_and_status_in_my_ideas(district, client):
    client.force_login(district.resident)
    client.post("/ideas/house/", IDEA)
    proposal = Proposal.objects.get()
    services.proposal_request_supplement(proposal_id=proposal.pk, actor=district.planner, missing="장소를 알려 주세요")
    mine = page(client.get("/ideas/mine/"))
    assert IDEA["title"] in mine and "보완 요구" in mine and "장소를 알려 주세요" in mine
    client.force_login(district.resident2)
    assert IDEA["title"] not in page(client.get("/ideas/mine/"))
    assert client.get(f"/ideas/proposals/{proposal.pk}/").status_code == 404


def test_a_resident_supplements_in_plain_words_and_it_returns_to_screening(district, client):
    client.force_login(district.resident)
    client.post("/ideas/house/", IDEA)
    proposal = Proposal.objects.get()
    services.proposal_request_supplement(proposal_id=proposal.pk, actor=district.planner, missing="장소")
    form = page(client.get(f"/ideas/proposals/{proposal.pk}/edit/"))
    assert "지금 불편한 점" in form and "공동제안자" not in form
    response = client.post(f"/ideas/proposals/{proposal.pk}/edit/", {
        "title": IDEA["title"], "current_situation": IDEA["situation"] + " (감동근린공원)",
        "improvement": IDEA["improvement"], "expected_effect": IDEA["effect"], "action": "submit"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and "감동근린공원" in proposal.current_situation


def test_public_results_show_title_summary_and_outcome_never_names_or_scores(district, client):
    client.force_login(district.resident)
    client.post("/ideas/house/", IDEA)
    client.post("/ideas/house/", {**IDEA, "title": "골목 반사경", "improvement": "굽은 골목에 반사경을 달아 주세요."})
    adopted, rejected = Proposal.objects.order_by("pk")
    Proposal.objects.filter(pk=adopted.pk).update(status=ProposalStatus.ADOPTED, grade="우수", award_krw=500000)
    services.proposal_rule_ineligible(proposal_id=rejected.pk, actor=district.planner,
                                      reason=IneligibleReason.ALREADY_IN_FORCE, note="설치 예정")
    client.force_login(district.resident2)
    results = page(client.get("/ideas/house/"))
    assert "공원 벤치에 그늘막" in results and "채택" in results and "골목 반사경" in results and "제안 아님" in results
    assert "정주민" not in results and "우수" not in results and "500" not in results


def test_a_resident_never_sees_the_plaza_even_from_the_house(district, client):
    client.force_login(district.resident)
    assert "창의광장" not in page(client.get("/ideas/house/"))
    assert client.get("/ideas/proposals/new/").url == "/ideas/house/"


def test_staff_may_use_the_idea_house_too(district, client):
    client.force_login(district.officer)
    client.post("/ideas/house/", IDEA)
    proposal = Proposal.objects.get()
    assert proposal.kind == ProposalKind.STAFF and proposal.idea.venue == "house"


def test_the_resident_home_links_to_the_idea_house(district, client):
    client.force_login(district.resident)
    assert "/ideas/house/" in page(client.get("/"))


def test_staff_homes_have_shortcuts_to_the_plaza_my_proposals_and_the_screening_queue(district, client):
    client.force_login(district.officer)
    home = page(client.get("/"))
    assert 'href="/ideas/"' in home and 'href="/ideas/proposals/mine/"' in home
    client.force_login(district.planner)
    assert 'href="/ideas/proposals/queue/"' in page(client.get("/"))
