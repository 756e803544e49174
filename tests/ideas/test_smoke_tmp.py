from gamdong.ideas import services
from tests.ideas.conftest import full_draft


def test_smoke(district, client):
    idea = services.idea_post(author=district.officer, title="도로 표지판", body="표지판을 고치자")
    services.idea_comment(idea_id=idea.pk, author=district.officer2, body="좋아요")
    services.idea_support(idea_id=idea.pk, user=district.officer2)
    services.idea_revise(idea_id=idea.pk, editor=district.officer2, title="도로 표지판 정비", body="표지판을 고치자!", expected_version=1)
    p = services.proposal_save(proposer=district.officer, draft=full_draft(idea_id=idea.pk, co_proposer_ids=[district.officer2.pk]), submit=True)
    assert p.number.endswith("-0001")
    services.proposal_receive(proposal_id=p.pk, actor=district.planner)
    services.proposal_request_supplement(proposal_id=p.pk, actor=district.planner, missing="사진")
    client.force_login(district.officer)
    for url in ["/ideas/", f"/ideas/{idea.pk}/", "/ideas/new/", f"/ideas/{idea.pk}/revise/", "/ideas/house/", "/ideas/mine/",
                f"/ideas/proposals/new/?idea={idea.pk}", f"/ideas/proposals/{p.pk}/", f"/ideas/proposals/{p.pk}/edit/", "/ideas/proposals/mine/", "/"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
    client.force_login(district.planner)
    for url in ["/ideas/proposals/queue/", "/ideas/proposals/all/", f"/ideas/proposals/{p.pk}/", "/"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
    client.force_login(district.resident)
    r = client.post("/ideas/house/", {"title": "벤치", "situation": "앉을 곳 없음", "improvement": "벤치 설치", "effect": "쉼"})
    assert r.status_code == 302, r.content.decode()[:3000]
    for url in ["/ideas/house/", "/ideas/mine/", "/"]:
        r = client.get(url)
        assert r.status_code == 200
    assert client.get("/ideas/").status_code == 302
    assert client.get(f"/ideas/{idea.pk}/").status_code == 403
