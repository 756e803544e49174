"""The timeline names departments and officers, never their database ids."""

from gamdong.complaints import services
from gamdong.core.event_selectors import timeline_for


def test_a_transfer_and_an_assignment_show_names_in_the_timeline(district, file_complaint, django_assert_max_num_queries):
    complaint = file_complaint()
    services.complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    services.complaint_transfer(complaint=complaint, to_department=district.parks, actor=district.supervisor.user,
                                reason="공원 안 도로")
    with django_assert_max_num_queries(6):
        entries = timeline_for(complaint)
    shown = [(c.field, c.before, c.after) for e in entries for c in e.changes]
    assert ("처리 부서", "도로과", "공원녹지과") in shown
    assert any(after.startswith("김도로") for field, _, after in shown if field == "담당자")
    assert not any(value.isdigit() for _, before, after in shown for value in (before, after))


def test_the_answer_in_the_timeline_names_who_answered_not_the_answer_row(district, file_complaint):
    complaint = file_complaint()
    services.complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    services.complaint_answer(complaint=complaint, actor=district.officer.user, body="보수를 마쳤습니다.")
    answered = [e for e in timeline_for(complaint) if e.label == "답변"]
    assert len(answered) == 1
    assert [(c.field, c.after) for c in answered[0].changes] == [("상태", "답변 완료")]
    assert "도로과" in answered[0].note and "김도로" in answered[0].note
