"""The staff complaint page: what it shows, every action through its form, permissions,
masking with a logged reveal, version conflicts, and registration of phone complaints."""

import pytest
from django.urls import reverse

from gamdong.complaints.models import Answer, Channel, Complaint, Extension, Status, Transfer
from gamdong.complaints.services import complaint_answer, complaint_assign
from gamdong.core.events import EventType
from gamdong.core.models import Event
from tests.complaints.office_helpers import add_officer, logged_in

pytestmark = pytest.mark.django_db


def act(client, complaint, action, **data):
    complaint.refresh_from_db()
    data.setdefault("expected_version", complaint.version)
    return client.post(reverse("office:act", args=[complaint.pk, action]), data)


@pytest.fixture
def assigned(district, file_complaint):
    complaint = file_complaint()
    complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    complaint.refresh_from_db()
    return complaint


def test_the_complaint_page_shows_details_timeline_and_masked_complainant(
    client, district, assigned, django_assert_max_num_queries
):
    colleague = add_officer(district.roads, "20190002", "송동료")  # same department, not the assigned officer
    logged_in(client, colleague)

    with django_assert_max_num_queries(25):
        response = client.get(reverse("office:detail", args=[assigned.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert assigned.receipt_number in text and "차가 지나갈 때 위험합니다." in text
    assert "담당자 배정" in text  # the timeline
    assert "정*민" in text and "정주민" not in text
    assert "01011112222" not in text and "010-****-2222" in text
    assert "개인정보 보기" not in text  # only the assigned officer or the supervisor may reveal


def test_the_assigned_officer_reveals_personal_data_with_a_reason_and_it_is_logged(client, district, assigned):
    logged_in(client, district.officer)
    page = client.get(reverse("office:detail", args=[assigned.pk])).content.decode()
    assert "개인정보 보기" in page and "정주민" not in page

    response = client.post(reverse("office:reveal", args=[assigned.pk]), {"reason": "현장 확인 전화"})

    assert response.status_code == 200
    assert "정주민" in response.content.decode() and "01011112222" in response.content.decode()
    event = Event.objects.get(event_type=EventType.PERSONAL_DATA_VIEWED)
    assert event.actor == district.officer.user and event.note == "현장 확인 전화"
    assert str(event.subject_id) == str(assigned.pk)


def test_a_reveal_without_a_reason_is_refused_and_not_logged(client, district, assigned):
    logged_in(client, district.supervisor)
    response = client.post(reverse("office:reveal", args=[assigned.pk]), {"reason": " "})
    assert response.status_code == 400
    assert "이유" in response.content.decode() and "정주민" not in response.content.decode()
    assert not Event.objects.filter(event_type=EventType.PERSONAL_DATA_VIEWED).exists()


def test_a_colleague_who_does_not_handle_the_case_cannot_reveal(client, district, assigned):
    logged_in(client, add_officer(district.roads, "20190002", "송동료"))
    response = client.post(reverse("office:reveal", args=[assigned.pk]), {"reason": "궁금"})
    assert response.status_code == 403
    assert not Event.objects.filter(event_type=EventType.PERSONAL_DATA_VIEWED).exists()


def test_an_officer_of_another_department_and_a_resident_get_403(client, district, assigned):
    for who in (district.park_officer, district.officer2, district.resident):
        logged_in(client, who)
        assert client.get(reverse("office:detail", args=[assigned.pk])).status_code == 403
        response = act(client, assigned, "answer", body="답변")
        assert response.status_code == 403
    assigned.refresh_from_db()
    assert assigned.status == Status.ASSIGNED


def test_the_supervisor_assigns_and_the_officer_answers(client, district, file_complaint):
    complaint = file_complaint()
    logged_in(client, district.supervisor)
    response = act(client, complaint, "assign", officer=district.officer.pk)
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.officer == district.officer and complaint.status == Status.ASSIGNED

    logged_in(client, district.officer)
    response = act(client, complaint, "answer", body="보수 공사를 마쳤습니다.")
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    answer = Answer.objects.get(complaint=complaint)
    assert answer.officer_name == "김도로" and answer.contact

    response = act(client, complaint, "close", note="완료")
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_assigning_someone_outside_the_department_is_a_korean_400(client, district, file_complaint):
    complaint = file_complaint()
    logged_in(client, district.supervisor)
    response = act(client, complaint, "assign", officer=district.park_officer.pk)
    assert response.status_code == 400
    assert "배정할 수 있습니다" in response.content.decode()


def test_two_officers_at_once_the_second_gets_409_and_keeps_their_text(client, district, assigned):
    seen_version = assigned.version
    complaint_answer(complaint=assigned, actor=district.officer.user, body="먼저 보낸 답변")  # someone else first
    logged_in(client, district.supervisor)

    response = client.post(reverse("office:act", args=[assigned.pk, "refuse"]),
                           {"expected_version": seen_version, "reasons": "관할 아님", "remedies": "행정심판"})

    text = response.content.decode()
    assert response.status_code == 409
    assert "다른 직원이 이 민원을 먼저 변경했습니다" in text
    assert "관할 아님" in text  # what they typed is still in the form
    assert "답변 완료" in text  # and the page shows the fresh state
    assert Answer.objects.filter(complaint=assigned).count() == 1


def test_a_form_without_its_version_is_refused(client, district, assigned):
    logged_in(client, district.officer)
    response = client.post(reverse("office:act", args=[assigned.pk, "answer"]), {"body": "답변"})
    assert response.status_code == 400
    assigned.refresh_from_db()
    assert assigned.status == Status.ASSIGNED


def test_transfer_inside_and_to_another_agency(client, district, file_complaint):
    inside = file_complaint()
    outside = file_complaint()
    logged_in(client, district.supervisor)

    assert act(client, inside, "transfer", to_department=district.parks.pk, reason="공원 안 도로").status_code == 302
    inside.refresh_from_db()
    assert inside.department == district.parks
    assert Transfer.objects.filter(complaint=inside, kind="internal").exists()

    empty = act(client, outside, "transfer_out", agency="", reason="국도")
    assert empty.status_code == 400 and "이송 기관" in empty.content.decode()
    assert act(client, outside, "transfer_out", agency="서울국토관리사무소", reason="국도 관할").status_code == 302
    outside.refresh_from_db()
    assert outside.status == Status.TRANSFERRED_OUT


def test_extension_once_then_a_second_needs_consent(client, district, file_complaint):
    complaint = file_complaint(district.question)
    logged_in(client, district.supervisor)

    assert act(client, complaint, "extend", days=5, reason="관계 기관 협의").status_code == 302
    second = act(client, complaint, "extend", days=5, reason="추가 협의")
    assert second.status_code == 400 and "동의" in second.content.decode()
    assert act(client, complaint, "extend", days=5, reason="추가 협의",
               consent_note="2026-03-12 전화로 동의").status_code == 302
    assert Extension.objects.filter(complaint=complaint).count() == 2


def test_grievance_field_investigation_start_and_end(client, district, file_complaint):
    complaint = file_complaint(district.grievance)
    logged_in(client, district.supervisor)
    assert act(client, complaint, "investigation_start").status_code == 302
    assert "현장조사 종료" in client.get(reverse("office:detail", args=[complaint.pk])).content.decode()
    assert act(client, complaint, "investigation_end").status_code == 302
    complaint.refresh_from_db()
    assert complaint.excluded_spans and complaint.excluded_spans[0][1] is not None


def test_refusal_states_reasons_and_remedies(client, district, assigned):
    logged_in(client, district.officer)
    missing = act(client, assigned, "refuse", reasons="사유", remedies="")
    assert missing.status_code == 400 and "불복 방법" in missing.content.decode()
    assert act(client, assigned, "refuse", reasons="사유", remedies="행정심판 청구").status_code == 302
    assert Answer.objects.get(complaint=assigned).kind == "refusal"


def test_repeat_marking_and_closing_as_repeated(client, district, file_complaint):
    first = file_complaint(title="같은 민원")
    for _ in range(2):
        complaint_answer(complaint=first, actor=district.supervisor.user, body="답변")
        Complaint.objects.filter(pk=first.pk).update(status=Status.ASSIGNED)
    second = file_complaint(title="같은 민원")
    third = file_complaint(title="같은 민원")
    logged_in(client, district.supervisor)

    unknown = act(client, third, "mark_repeat", receipt_number="2099-999999")
    assert unknown.status_code == 400 and "민원이 없습니다" in unknown.content.decode()
    assert act(client, second, "mark_repeat", receipt_number=first.receipt_number).status_code == 302
    assert act(client, third, "mark_repeat", receipt_number=first.receipt_number).status_code == 302
    assert act(client, third, "close_as_repeated").status_code == 302
    third.refresh_from_db()
    assert third.status == Status.CLOSED


def test_merging_five_same_category_complaints(client, district, file_complaint):
    lead, *others = [file_complaint(title=f"같은 목적 {i}") for i in range(5)]
    logged_in(client, district.supervisor)

    too_few = client.post(reverse("office:act", args=[lead.pk, "merge"]),
                          {"expected_version": lead.version, "members": [o.pk for o in others[:2]]})
    assert too_few.status_code == 400

    response = client.post(reverse("office:act", args=[lead.pk, "merge"]),
                           {"expected_version": lead.version, "members": [o.pk for o in others]})
    assert response.status_code == 302
    assert Complaint.objects.filter(merged_into=lead, status=Status.MERGED).count() == 4


def test_receiving_a_waiting_complaint_routes_it(client, district, file_complaint):
    clerk = add_officer(district.intake, "20190001", "오접수")
    waiting = file_complaint(district.suggestion)
    logged_in(client, clerk)

    response = act(client, waiting, "receive", category=district.suggestion.pk, kind="suggestion",
                   department=district.roads.pk)

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.RECEIVED and waiting.department == district.roads and waiting.due_at


def test_staff_register_a_phone_complaint(client, district):
    logged_in(client, district.supervisor)
    page = client.get(reverse("office:new"))
    assert page.status_code == 200 and "전화" in page.content.decode()
    data = {"token": "tok-1", "channel": "phone", "category": district.pothole.pk, "title": "전화 민원",
            "body": "가로등이 꺼졌습니다.", "complainant_name": "전화인", "complainant_phone": "010-5555-6666"}

    response = client.post(reverse("office:new"), data)
    again = client.post(reverse("office:new"), data)  # a double click

    assert response.status_code == 302 and again.status_code == 302
    complaint = Complaint.objects.get(title="전화 민원")
    assert complaint.channel == Channel.PHONE and complaint.registered_by == district.supervisor.user
    assert complaint.complainant is None and complaint.complainant_name == "전화인"


def test_registration_needs_name_and_phone(client, district):
    logged_in(client, district.supervisor)
    data = {"channel": "visit", "category": district.pothole.pk, "title": "방문 민원", "body": "내용",
            "complainant_name": "방문인", "complainant_phone": ""}
    response = client.post(reverse("office:new"), data)
    assert response.status_code == 400 and "연락처" in response.content.decode()
    assert "방문인" in response.content.decode()  # nothing typed is lost
    assert not Complaint.objects.filter(title="방문 민원").exists()


def test_the_complaint_page_leads_to_an_institutional_improvement_proposal_and_lists_those_made(client, district, assigned):
    from gamdong.ideas.models import Proposal

    logged_in(client, district.officer)
    url = reverse("office:detail", args=[assigned.pk])
    page = client.get(url).content.decode()
    assert f"/ideas/proposals/new/?complaints={assigned.pk}" in page
    form = client.get(f"/ideas/proposals/new/?complaints={assigned.pk}").content.decode()
    assert assigned.receipt_number in form  # the evidence travels with it
    proposal = Proposal.objects.create(title="포트홀 상시 보수반", current_situation="-", problem="-", improvement="-",
                                       expected_effect="-", proposer=district.officer.user, number="2026-0100")
    proposal.complaints.add(assigned)
    assert "포트홀 상시 보수반" in client.get(url).content.decode()
