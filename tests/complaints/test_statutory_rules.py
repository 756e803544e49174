"""Each rule of DOMAIN.md §1 (민원 처리에 관한 법률 and its 시행령), as a complainant or an
officer would notice it."""

import datetime as dt
import threading

import pytest
from django.db import connection

from gamdong.complaints import services
from gamdong.complaints.models import AnswerKind, Complaint, Status, Transfer
from gamdong.complaints.services import ComplaintConflict, ComplaintError, Submission
from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification
from tests.complaints.conftest import seoul


def events_of(complaint):
    return list(Event.objects.for_subject(complaint).order_by("id").values_list("event_type", flat=True))


# --- periods by kind (령 §14–§17) and counting (법 §19) ------------------------------------------


def test_a_suggestion_received_on_christmas_eve_is_due_on_14_january_령15_법19(district, file_complaint):
    """The worked example of DOMAIN.md: 14 days, the day of receipt counted, holidays skipped."""
    suggestion = district.suggestion
    suggestion.department = district.roads
    suggestion.save()
    complaint = file_complaint(suggestion, when=seoul(2026, 12, 24, 10, 0))
    assert complaint.kind == "suggestion"
    assert complaint.due_at == seoul(2027, 1, 14, 18, 0)


def test_an_other_complaint_is_due_within_3_working_hours_skipping_lunch_령16(district, file_complaint):
    complaint = file_complaint(when=seoul(2026, 11, 26, 11, 0))  # Thursday
    assert complaint.due_at == seoul(2026, 11, 26, 15, 0)  # 11-12, 13-15


def test_a_statutory_complaint_takes_the_period_of_its_category_민원편람(district, file_complaint):
    complaint = file_complaint(district.passport, when=seoul(2026, 11, 27, 17, 0))  # Friday 17:00
    # 4 days = 32 working hours counted from receipt (법 §19: 5 days or less in hours)
    assert complaint.due_at == seoul(2026, 12, 3, 17, 0)


def test_a_question_about_a_law_gets_14_days_령14(district, file_complaint):
    complaint = file_complaint(district.question, when=seoul(2026, 11, 2, 9, 30))
    assert complaint.due_at == seoul(2026, 11, 19, 18, 0)


# --- receipt (령 §6) and routing ----------------------------------------------------------------------


def test_a_complaint_no_category_routes_waits_for_receipt_within_8_working_hours_령6(district, file_complaint):
    complaint = file_complaint(district.suggestion, when=seoul(2026, 11, 26, 16, 0))
    assert complaint.status == Status.SUBMITTED
    assert complaint.department == district.intake
    assert complaint.receipt_due_at == seoul(2026, 11, 27, 16, 0)  # 2h Thursday + 6h Friday (lunch skipped)

    received = services.complaint_receive(complaint=complaint, actor=district.supervisor.user,
                                          department=district.roads, now=seoul(2026, 11, 27, 10, 0))
    assert received.status == Status.RECEIVED
    assert received.received_at == seoul(2026, 11, 27, 10, 0)
    assert received.due_at == seoul(2026, 12, 16, 18, 0)  # 14 working days from Friday 27 Nov
    assert EventType.COMPLAINT_RECEIVED in events_of(complaint)


def test_a_local_category_goes_to_the_community_centre_of_its_dong(district, file_complaint):
    complaint = file_complaint(district.parking, dong="감동1동")
    assert complaint.department == district.centre
    elsewhere = file_complaint(district.parking, dong="없는동")
    assert elsewhere.department == district.roads


def test_the_resident_is_told_the_receipt_number_kind_and_due_time(district, file_complaint):
    complaint = file_complaint(when=seoul(2026, 11, 26, 11, 0))
    sms = Notification.objects.get(channel="sms", address=district.resident.phone)
    assert complaint.receipt_number in sms.body
    assert "기타민원" in sms.body and "2026년 11월 26일 15:00" in sms.body
    # 령 §31: every notice names the department, the officer and a contact
    assert "도로과" in sms.body and "02-0000-3000" in sms.body


def test_receipt_numbers_are_unique_and_sequential_within_a_year(district, file_complaint):
    numbers = [file_complaint(when=seoul(2026, 3, 3, 10, 0)).receipt_number for _ in range(3)]
    assert numbers == ["2026-0000001", "2026-0000002", "2026-0000003"]
    assert file_complaint(when=seoul(2027, 1, 4, 10, 0)).receipt_number == "2027-0000001"


def test_a_retried_submission_with_the_same_key_files_one_complaint(district):
    submission = Submission(category=district.pothole, title="가로등 고장", body="밤에 어둡습니다",
                            complainant_name="정주민")
    first, created = services.complaint_submit(submission=submission, complainant=district.resident,
                                               idempotency_key="abc")
    again, created_again = services.complaint_submit(submission=submission, complainant=district.resident,
                                                      idempotency_key="abc")
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk and Complaint.objects.count() == 1
    # the same key from another person is another complaint
    services.complaint_submit(submission=submission, complainant=district.resident2, idempotency_key="abc")
    assert Complaint.objects.count() == 2


# --- assignment and transfer (령 §13) --------------------------------------------------------------------


def test_assignment_goes_only_to_staff_of_the_handling_department(district, file_complaint):
    complaint = file_complaint()
    services.complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    with pytest.raises(ComplaintError, match="처리 부서"):
        services.complaint_assign(complaint=complaint, officer=district.park_officer, actor=district.supervisor.user)
    complaint.refresh_from_db()
    assert complaint.officer == district.officer and complaint.status == Status.ASSIGNED


def test_an_internal_transfer_is_due_within_3_working_hours_and_keeps_the_period_령13(district, file_complaint):
    complaint = file_complaint(district.question, when=seoul(2026, 11, 26, 9, 0))
    due = complaint.due_at
    services.complaint_transfer(complaint=complaint, to_department=district.parks, actor=district.supervisor.user,
                                reason="공원 안 도로", now=seoul(2026, 11, 26, 13, 30))
    transfer = Transfer.objects.get()
    assert transfer.deadline == seoul(2026, 11, 26, 12, 0) and transfer.late is True
    complaint.refresh_from_db()
    assert complaint.department == district.parks and complaint.due_at == due


def test_a_transfer_to_another_agency_tells_the_complainant_within_8_working_hours_령13(district, file_complaint):
    complaint = file_complaint(district.question, when=seoul(2026, 11, 26, 9, 0))
    services.complaint_transfer_out(complaint=complaint, agency="서울특별시 도시교통실", actor=district.supervisor.user,
                                    reason="시 관리 도로", now=seoul(2026, 11, 26, 15, 0))
    transfer = Transfer.objects.get()
    assert transfer.deadline == seoul(2026, 11, 26, 18, 0) and transfer.late is False
    complaint.refresh_from_db()
    assert complaint.status == Status.TRANSFERRED_OUT
    assert Notification.objects.filter(channel="sms", body__contains="서울특별시 도시교통실").exists()


# --- extension (령 §21) ------------------------------------------------------------------------------


def test_an_extension_is_once_at_most_the_original_period_and_a_second_needs_consent_령21(district, file_complaint):
    complaint = file_complaint(district.question, when=seoul(2026, 11, 2, 9, 30))  # due 19 Nov
    officer = district.officer.user
    with pytest.raises(ComplaintError, match="처음 처리기간"):
        services.complaint_extend(complaint=complaint, actor=officer, reason="현장 확인", days=15)
    first = services.complaint_extend(complaint=complaint, actor=officer, reason="관계 기관 협의", days=7)
    assert first.previous_due_at == seoul(2026, 11, 19, 18, 0)
    assert first.new_due_at == seoul(2026, 11, 30, 18, 0)  # 7 working days from Friday 20 Nov
    with pytest.raises(ComplaintError, match="동의"):
        services.complaint_extend(complaint=complaint, actor=officer, reason="추가 협의", days=5)
    second = services.complaint_extend(complaint=complaint, actor=officer, reason="추가 협의", days=5,
                                       consent_note="11/28 전화로 민원인 동의")
    assert second.number == 2
    with pytest.raises(ComplaintError, match="2회"):
        services.complaint_extend(complaint=complaint, actor=officer, reason="또", days=1, consent_note="동의")
    notices = Notification.objects.filter(channel="sms", body__contains="연장했습니다").order_by("id")
    assert notices.count() == 2 and "관계 기관 협의" in notices.first().body


# --- 고충민원 field investigation (령 §17) ------------------------------------------------------------------


def test_field_investigation_time_of_a_grievance_is_not_counted_령17(district, file_complaint):
    complaint = file_complaint(district.grievance, when=seoul(2026, 11, 2, 9, 0))  # 7 days: due Tue 10 Nov
    assert complaint.due_at == seoul(2026, 11, 10, 18, 0)
    services.complaint_investigation_start(complaint=complaint, actor=district.officer.user,
                                           now=seoul(2026, 11, 3, 9, 0))
    services.complaint_investigation_end(complaint=complaint, actor=district.officer.user,
                                         now=seoul(2026, 11, 6, 9, 0))
    complaint.refresh_from_db()
    assert complaint.due_at == seoul(2026, 11, 13, 18, 0)  # 3 working days later
    with pytest.raises(ComplaintError, match="고충민원"):
        services.complaint_investigation_start(complaint=file_complaint(), actor=district.officer.user)


# --- answers, refusals (법 §27), closure, reopen --------------------------------------------------------------


def test_an_answer_names_department_officer_and_contact_령31(district, file_complaint):
    complaint = file_complaint()
    services.complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    answer = services.complaint_answer(complaint=complaint, actor=district.officer.user, body="보수했습니다.")
    assert (answer.department_name, answer.officer_name, answer.contact) == ("도로과", "김도로", "02-0000-3101")
    sms = Notification.objects.filter(channel="sms", body__contains="보수했습니다").get()
    assert "김도로" in sms.body and "02-0000-3101" in sms.body


def test_a_refusal_must_state_its_reasons_and_the_remedies_법27(district, file_complaint):
    complaint = file_complaint()
    with pytest.raises(ComplaintError, match="불복 방법"):
        services.complaint_refuse(complaint=complaint, actor=district.officer.user, reasons="사유지", remedies="")
    answer = services.complaint_refuse(complaint=complaint, actor=district.officer.user, reasons="사유지입니다",
                                       remedies="90일 이내 행정심판 청구")
    assert answer.kind == AnswerKind.REFUSAL
    assert Notification.objects.filter(body__contains="행정심판").exists()


def test_the_resident_rates_once_and_reopens_once_within_the_window(district, file_complaint):
    complaint = file_complaint(when=seoul(2026, 11, 2, 9, 0))
    services.complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    services.complaint_answer(complaint=complaint, actor=district.officer.user, body="보수 완료",
                              now=seoul(2026, 11, 2, 11, 0))
    rating = services.complaint_rate(complaint=complaint, resident=district.resident, score=2, comment="그대로예요")
    assert rating.score == 2
    with pytest.raises(ComplaintError, match="이미 평가"):
        services.complaint_rate(complaint=complaint, resident=district.resident, score=5)
    with pytest.raises(ComplaintError):
        services.complaint_reopen(complaint=complaint, resident=district.resident2, reason="남의 민원")
    reopened = services.complaint_reopen(complaint=complaint, resident=district.resident, reason="아직 구멍이 있어요",
                                         now=seoul(2026, 11, 5, 10, 0))
    assert reopened.status == Status.ASSIGNED and reopened.due_at == seoul(2026, 11, 5, 14, 0)
    services.complaint_answer(complaint=complaint, actor=district.officer.user, body="다시 보수",
                              now=seoul(2026, 11, 5, 12, 0))
    with pytest.raises(ComplaintError, match="한 번"):
        services.complaint_reopen(complaint=complaint, resident=district.resident, reason="또",
                                  now=seoul(2026, 11, 6, 10, 0))


def test_reopening_after_the_window_is_refused(district, file_complaint):
    complaint = file_complaint(when=seoul(2026, 10, 1, 9, 0))
    services.complaint_answer(complaint=complaint, actor=district.officer.user, body="완료",
                              now=seoul(2026, 10, 1, 10, 0))
    with pytest.raises(ComplaintError, match="14일"):
        services.complaint_reopen(complaint=complaint, resident=district.resident, reason="안 됨",
                                  now=seoul(2026, 10, 20, 10, 0))


# --- repeated (법 §23) and multi-party (령 §6) complaints ---------------------------------------------------------


def test_the_third_same_complaint_after_two_notified_results_may_be_closed_법23(district, file_complaint):
    officer = district.officer.user
    first = file_complaint(title="같은 요구")
    second = file_complaint(title="같은 요구")
    services.complaint_mark_repeat(complaint=second, of=first, actor=officer)
    third = file_complaint(title="같은 요구")
    services.complaint_mark_repeat(complaint=third, of=second, actor=officer)
    services.complaint_answer(complaint=first, actor=officer, body="불가합니다")
    with pytest.raises(ComplaintError, match="2회 이상 통지"):
        services.complaint_close_as_repeated(complaint=third, actor=officer)
    services.complaint_answer(complaint=second, actor=officer, body="불가합니다")
    answer = services.complaint_close_as_repeated(complaint=third, actor=officer)
    third.refresh_from_db()
    assert third.status == Status.CLOSED and answer.kind == AnswerKind.REPEAT_CLOSURE
    assert "제23조" in answer.body


def test_a_statutory_complaint_is_never_closed_as_repeated_법23(district, file_complaint):
    officer = district.officer.user
    items = [file_complaint(district.passport) for _ in range(3)]
    for item in items[1:]:
        services.complaint_mark_repeat(complaint=item, of=items[0], actor=officer)
    for item in items[:2]:
        services.complaint_answer(complaint=item, actor=officer, body="발급 불가")
    with pytest.raises(ComplaintError, match="법정민원"):
        services.complaint_close_as_repeated(complaint=items[2], actor=officer)


def test_five_complaints_with_the_same_purpose_become_one_and_all_are_answered_령6(district, file_complaint):
    officer = district.officer.user
    residents = [district.resident, district.resident2]
    items = [file_complaint(resident=residents[i % 2], title="놀이터 앞 과속방지턱") for i in range(5)]
    with pytest.raises(ComplaintError, match="5건 이상"):
        services.complaints_merge_multi_party(lead=items[0], others=items[1:4], actor=officer)
    lead = services.complaints_merge_multi_party(lead=items[0], others=items[1:], actor=officer)
    assert Complaint.objects.filter(merged_into=lead, status=Status.MERGED).count() == 4
    services.complaint_answer(complaint=lead, actor=officer, body="방지턱을 설치합니다")
    assert Complaint.objects.filter(status=Status.ANSWERED).count() == 5
    assert Notification.objects.filter(channel="sms", body__contains="방지턱을 설치합니다").count() == 5


# --- concurrency -------------------------------------------------------------------------------------------


def test_two_officers_acting_on_the_same_version_never_lose_a_change(district, file_complaint):
    complaint = file_complaint()
    seen = complaint.version
    services.complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user,
                              expected_version=seen)
    with pytest.raises(ComplaintConflict):
        services.complaint_assign(complaint=complaint, officer=district.officer2, actor=district.supervisor.user,
                                  expected_version=seen)
    complaint.refresh_from_db()
    assert complaint.officer == district.officer


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_receipt_numbers(district):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("in-memory SQLite is one connection; PostgreSQL and file SQLite exercise this")
    results, errors = [], []

    def submit(i):
        from django.db import connections

        try:
            submission = Submission(category=district.pothole, title=f"동시 {i}", body="내용", complainant_name="정주민")
            complaint, _ = services.complaint_submit(submission=submission, complainant=district.resident)
            results.append(complaint.receipt_number)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 6


def test_every_step_is_a_recorded_event(district, file_complaint):
    complaint = file_complaint()
    services.complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    services.complaint_answer(complaint=complaint, actor=district.officer.user, body="완료")
    services.complaint_close(complaint=complaint, actor=district.officer.user)
    assert events_of(complaint) == [
        EventType.COMPLAINT_SUBMITTED, EventType.COMPLAINT_RECEIVED, EventType.COMPLAINT_ASSIGNED,
        EventType.COMPLAINT_ANSWERED, EventType.COMPLAINT_CLOSED,
    ]
    assert dt.timedelta(0) <= complaint.due_at - complaint.received_at
