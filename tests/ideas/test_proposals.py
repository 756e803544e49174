"""The formal proposal (제안): writing, submitting, its sources, attachments, and who sees it."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gamdong.complaints.models import Category, Kind
from gamdong.complaints.services import Submission, complaint_submit
from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification
from gamdong.core.services import district_setting_change
from gamdong.ideas import services
from gamdong.ideas.models import (
    Campaign,
    Club,
    Idea,
    IdeaStatus,
    Proposal,
    ProposalAttachment,
    ProposalKind,
    ProposalStatus,
)
from tests.ideas.conftest import FULL, full_draft

PAGE = "/ideas/proposals/new/"


def html(response) -> str:
    """The page as a person reads it (entities unescaped)."""
    from html import unescape

    return unescape(response.content.decode())


def form_data(**changes):
    return {**FULL, "action": "submit", **changes}


# --- writing and submitting -----------------------------------------------------------------------


def test_submitting_with_a_missing_section_is_a_korean_400_naming_the_field(district, client):
    client.force_login(district.officer)
    response = client.post(PAGE, form_data(problem="", expected_effect=""))
    assert response.status_code == 400
    page = html(response)
    assert "'문제점' 항목을 적어 주세요" in page and "기대 효과" in page
    assert not Proposal.objects.exists()
    api = client.post("/api/v1/proposals/", {**FULL, "improvement": "", "submit": True}, content_type="application/json")
    assert api.status_code == 400
    assert api.json() == {"code": "required", "message": api.json()["message"], "field": "improvement"}
    assert "개선 방안" in api.json()["message"]


def test_a_draft_needs_only_a_title_and_takes_no_number_until_submitted(district, client):
    client.force_login(district.officer)
    response = client.post(PAGE, {"title": "초안 제목", "action": "draft"})
    draft = Proposal.objects.get()
    assert response.status_code == 302 and draft.status == ProposalStatus.DRAFT and draft.number is None
    response = client.post(f"/ideas/proposals/{draft.pk}/edit/", form_data(version=draft.version))
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED and draft.number.endswith("-0001")


def test_proposal_numbers_run_per_year(district):
    now = dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC)
    a = services.proposal_save(proposer=district.officer, draft=full_draft(title="가"), submit=True, now=now)
    b = services.proposal_save(proposer=district.officer2, draft=full_draft(title="나"), submit=True, now=now)
    c = services.proposal_save(proposer=district.officer2, draft=full_draft(title="다"), submit=True,
                               now=dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC))
    assert (a.number, b.number, c.number) == ("2026-0001", "2026-0002", "2027-0001")


def test_a_double_click_on_submit_never_makes_two_proposals(district, client):
    """Idempotency on submit: the page's form token is the key."""
    client.force_login(district.officer)
    first = client.post(PAGE, form_data(form_token="tok-1"))
    second = client.post(PAGE, form_data(form_token="tok-1"))
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Proposal.objects.count() == 1
    headers = {"HTTP_IDEMPOTENCY_KEY": "api-key-1"}
    one = client.post("/api/v1/proposals/", {**FULL, "title": "API 제안", "submit": True},
                      content_type="application/json", **headers)
    two = client.post("/api/v1/proposals/", {**FULL, "title": "API 제안", "submit": True},
                      content_type="application/json", **headers)
    assert one.status_code == two.status_code == 201 and one.json()["id"] == two.json()["id"]
    assert Proposal.objects.count() == 2
    assert services.proposal_save(proposer=district.officer, draft=full_draft(), submit=True,
                                  idempotency_key="svc").pk == \
        services.proposal_save(proposer=district.officer, draft=full_draft(), submit=True, idempotency_key="svc").pk


def test_submitting_writes_events_and_tells_the_proposer(district):
    proposal = district.submit()
    kinds = list(Event.objects.filter(subject_id=str(proposal.pk)).values_list("event_type", flat=True))
    assert EventType.PROPOSAL_DRAFTED in kinds and EventType.PROPOSAL_SUBMITTED in kinds
    notice = Notification.objects.get(template="proposal_notice", recipient=district.officer)
    assert proposal.number in notice.body and "담당 부서" in notice.body


def test_co_proposers_are_picked_by_name_or_employee_number(district, client):
    client.force_login(district.officer)
    client.post(PAGE, form_data(co_proposers="이공원, 20180003"))
    proposal = Proposal.objects.get()
    assert set(proposal.co_proposers.values_list("user__name", flat=True)) == {"이공원", "박포장"}
    response = client.post(PAGE, form_data(title="다른 제안", co_proposers="없는사람"))
    assert response.status_code == 400 and "찾지 못했습니다" in html(response)


def test_reference_links_must_be_web_addresses_and_are_shown(district, client):
    client.force_login(district.officer)
    bad = client.post(PAGE, form_data(links="javascript:alert(1)"))
    assert bad.status_code == 400 and "https://" in html(bad)
    client.post(PAGE, form_data(links="https://www.law.go.kr/법령/공무원제안규정"))
    proposal = Proposal.objects.get()
    page = html(client.get(f"/ideas/proposals/{proposal.pk}/"))
    assert "https://www.law.go.kr/법령/공무원제안규정" in page


# --- where a proposal comes from ------------------------------------------------------------------


def test_a_plaza_idea_becomes_a_proposal_with_its_revisers_suggested_as_co_proposers(district, client):
    idea = services.idea_post(author=district.officer, title="가로등 밝기 조절", body="심야에 밝기를 낮추자")
    services.idea_revise(idea_id=idea.pk, editor=district.officer2, title="가로등 밝기 자동 조절",
                         body="심야 시간대 밝기를 자동으로 낮추자", expected_version=1)
    client.force_login(district.officer)
    page = html(client.get(f"{PAGE}?idea={idea.pk}"))
    assert "가로등 밝기 자동 조절" in page and "이공원(20180002)" in page
    client.post(PAGE, form_data(idea=idea.pk, co_proposers="이공원(20180002)"))
    idea.refresh_from_db()
    proposal = Proposal.objects.get()
    assert idea.status == IdeaStatus.PROPOSED and proposal.idea_id == idea.pk
    assert list(proposal.co_proposers.values_list("user__name", flat=True)) == ["이공원"]


def _complaint(district, title, dong):
    category, _ = Category.objects.get_or_create(
        code="STREET", defaults={"name": "가로등 고장", "default_kind": Kind.OTHER, "department": district.depts["ROADS"]})
    complaint, _created = complaint_submit(
        submission=Submission(category=category, title=title, body="불이 꺼졌어요", complainant_name="정주민", dong=dong),
        complainant=district.resident)
    return complaint


def test_an_institutional_proposal_from_several_complaints_shows_their_evidence(district, client):
    """제도개선 from one or many complaints: kind institutional, receipt numbers, categories and dongs shown."""
    one = _complaint(district, "가로등 꺼짐", "감동1동")
    two = _complaint(district, "골목 가로등 고장", "감동2동")
    client.force_login(district.officer)
    form = html(client.get(f"{PAGE}?complaints={one.pk},{two.pk}"))
    assert one.receipt_number in form and "감동2동" in form
    client.post(PAGE, form_data(complaints=f"{one.pk},{two.pk}"))
    proposal = Proposal.objects.get()
    assert proposal.kind == ProposalKind.INSTITUTIONAL
    page = html(client.get(f"/ideas/proposals/{proposal.pk}/"))
    for text in (one.receipt_number, two.receipt_number, "가로등 고장", "감동1동", "감동2동"):
        assert text in page
    assert Event.objects.filter(event_type=EventType.PROPOSAL_LINKED, subject_id=str(proposal.pk)).exists()


def test_a_proposal_from_a_dialogue_idea_a_club_and_a_campaign(district, client):
    from gamdong.field.models import Dialogue, DialogueItem

    dialogue = Dialogue.objects.create(held_at=dt.datetime(2026, 5, 1, 14, tzinfo=dt.UTC), place="구민회관",
                                       title="감동1동 주민과의 대화", host=district.head)
    item = DialogueItem.objects.create(dialogue=dialogue, kind="idea", text="어린이 통학로에 노란 발자국을 그려 주세요")
    club = Club.objects.create(name="스마트행정 연구회", theme="민원 서식 줄이기", year=2026, created_by=district.planner)
    campaign = Campaign.objects.create(kind="themed_call", title="2026 안전 공모", starts_on=dt.date(2026, 1, 1),
                                       ends_on=dt.date(2026, 12, 31), created_by=district.planner)
    client.force_login(district.officer)
    page = html(client.get(f"{PAGE}?dialogue_item={item.pk}&club={club.pk}&campaign={campaign.pk}"))
    assert "노란 발자국" in page and "스마트행정 연구회" in page and "2026 안전 공모" in page
    client.post(PAGE, form_data(dialogue_item=item.pk, club=club.pk, campaign=campaign.pk))
    proposal = Proposal.objects.get()
    assert (proposal.dialogue_item, proposal.club, proposal.campaign) == (item, club, campaign)
    assert proposal.kind == ProposalKind.CALL  # an answer to a 공모
    assert "감동1동 주민과의 대화" in html(client.get(f"/ideas/proposals/{proposal.pk}/"))


def test_an_unknown_source_is_a_400_naming_it(district):
    with pytest.raises(services.IdeaError) as caught:
        services.proposal_save(proposer=district.officer, draft=full_draft(complaint_ids=[999]), submit=True)
    assert caught.value.field == "complaints"


# --- attachments ---------------------------------------------------------------------------------------


def test_an_oversize_or_wrong_type_attachment_is_a_korean_400_and_nothing_is_stored(district, client):
    district_setting_change(actor=None, key="proposals.attachment_max_mb", raw_value="1")
    client.force_login(district.officer)
    big = SimpleUploadedFile("계획.pdf", b"x" * (1024 * 1024 + 1), content_type="application/pdf")
    response = client.post(PAGE, {**form_data(), "attachments": [big]})
    assert response.status_code == 400 and "1MB까지" in html(response)
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(PAGE, {**form_data(), "attachments": [exe]})
    assert response.status_code == 400 and "첨부할 수 없는 형식" in html(response)
    assert not Proposal.objects.exists() and not ProposalAttachment.objects.exists()


def test_an_attachment_is_downloaded_only_by_those_who_may_see_the_proposal(district, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(district.officer)
    doc = SimpleUploadedFile("현황조사.hwpx", b"PK\x03\x04hwpx", content_type="application/octet-stream")
    client.post(PAGE, {**form_data(), "attachments": [doc]})
    proposal = Proposal.objects.get()
    attachment = proposal.attachments.get()
    url = f"/ideas/proposals/{proposal.pk}/attachments/{attachment.pk}/"
    assert b"".join(client.get(url).streaming_content) == b"PK\x03\x04hwpx"
    client.force_login(district.officer2)
    assert client.get(url).status_code == 404
    client.force_login(district.planner)
    assert client.get(url).status_code == 200


# --- who sees a proposal ------------------------------------------------------------------------------


def test_visibility_proposer_co_proposers_planner_department_head_and_committee_after_intake(district, client):
    proposal = services.proposal_save(proposer=district.officer, draft=full_draft(co_proposer_ids=[district.officer3.pk]),
                                      submit=True)
    url = f"/ideas/proposals/{proposal.pk}/"

    def status(user):
        client.force_login(user)
        return client.get(url).status_code

    assert status(district.officer) == 200 and status(district.officer3) == 200
    assert status(district.planner) == 200 and status(district.head) == 200
    assert status(district.officer2) == 404 and status(district.resident) == 404
    assert status(district.committee) == 404  # not before it goes to review
    services.proposal_accept_for_review(proposal_id=proposal.pk, actor=district.planner)
    assert status(district.committee) == 200


def test_a_draft_is_seen_only_by_its_writers(district, client):
    draft = services.proposal_save(proposer=district.officer, draft=full_draft(), submit=False)
    client.force_login(district.planner)
    assert client.get(f"/ideas/proposals/{draft.pk}/").status_code == 404


def test_my_proposals_lists_mine_and_co_proposed_ones(district, client):
    district.submit(title="내 제안")
    services.proposal_save(proposer=district.officer2, draft=full_draft(title="같이 쓴 제안",
                                                                        co_proposer_ids=[district.officer.pk]), submit=True)
    district.submit(user=district.officer3, title="남의 제안")
    client.force_login(district.officer)
    page = html(client.get("/ideas/proposals/mine/"))
    assert "내 제안" in page and "같이 쓴 제안" in page and "남의 제안" not in page
    assert {p["title"] for p in client.get("/api/v1/proposals/mine").json()} == {"내 제안", "같이 쓴 제안"}


def test_proposal_page_has_a_fixed_number_of_queries(district, client, django_assert_max_num_queries):
    complaints = [_complaint(district, f"가로등 {n}", "감동1동") for n in range(5)]
    proposal = services.proposal_save(
        proposer=district.officer, submit=True,
        draft=full_draft(co_proposer_ids=[district.officer2.pk, district.officer3.pk],
                         complaint_ids=[c.pk for c in complaints]))
    services.proposal_receive(proposal_id=proposal.pk, actor=district.planner)
    client.force_login(district.planner)
    client.get(f"/ideas/proposals/{proposal.pk}/")
    # session, user with roles, proposal (4), events, the review (its agenda items: none yet), the
    # policy, and the departments of the planner's accept form
    with django_assert_max_num_queries(10):
        response = client.get(f"/ideas/proposals/{proposal.pk}/")
    page = html(response)
    assert "보완 요구 기한" in page and complaints[4].receipt_number in page
    assert 'id="review-panel"' in page  # the review panel: its status, to the planner


def test_a_plaza_idea_is_gone_from_idea_reads_of_other_venues(district):
    house = Idea.objects.create(venue="house", author=district.resident, title="t", body="b")
    with pytest.raises(services.IdeaError):
        services.proposal_save(proposer=district.officer, draft=full_draft(idea_id=house.pk), submit=True)


def test_the_one_proposal_visibility_check_agrees_with_the_visible_list(district):
    from gamdong.ideas.selectors import can_view_proposal, proposals_visible_to

    draft = services.proposal_save(proposer=district.officer, draft=full_draft(co_proposer_ids=[district.officer3.pk]),
                                   submit=False)
    waiting = district.submit(title="대기")
    reviewed = district.submit(user=district.officer2, title="심사")
    services.proposal_accept_for_review(proposal_id=reviewed.pk, actor=district.planner)
    house = services.house_submit(author=district.resident, title="t", situation="s", improvement="i", effect="e")
    people = [district.officer, district.officer2, district.officer3, district.head, district.planner,
              district.committee, district.resident, district.resident2]
    for user in people:
        listed = set(proposals_visible_to(user).values_list("pk", flat=True))
        for stale in (draft, waiting, reviewed, house):
            proposal = Proposal.objects.get(pk=stale.pk)
            assert can_view_proposal(user, proposal) == (proposal.pk in listed), (user, proposal.title)
