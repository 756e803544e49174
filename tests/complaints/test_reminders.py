"""Reminders fire once, at the right moments (each job is run directly with a fixed `now`)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamdong.complaints import reminder_rules, tasks
from gamdong.complaints.services import complaint_answer, complaint_assign
from gamdong.core import district_settings
from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification
from gamdong.core.services import district_setting_change
from gamdong.org import services as org
from tests.complaints.conftest import seoul

MONDAY_10 = seoul(2026, 6, 15, 10, 0)  # a pothole (기타민원, 3 working hours) is due at 14:00


@pytest.fixture
def staff(district):
    for i, employee in enumerate([district.officer, district.supervisor]):
        employee.user.email = f"staff{i}@gamdong.go.kr"
        employee.user.save(update_fields=["email"])
    org.department_set_head(actor=None, department=district.roads, head=district.supervisor)
    return district


@pytest.fixture
def assigned(staff, file_complaint):
    complaint = file_complaint(when=MONDAY_10)
    complaint_assign(complaint=complaint, officer=staff.officer, actor=staff.supervisor.user)
    return complaint


def mails_to(user, template="case_notice"):
    return Notification.objects.filter(recipient=user, template=template, channel="email")


# --- due soon → the officer ---------------------------------------------------------------------


def test_the_officer_is_told_once_when_the_due_time_is_near(assigned, staff):
    assert assigned.due_at == seoul(2026, 6, 15, 14, 0)
    assert tasks.send_due_soon_reminders(now=seoul(2026, 6, 15, 10, 30)) == [assigned.pk]
    assert tasks.send_due_soon_reminders(now=seoul(2026, 6, 15, 11, 30)) == []
    assert mails_to(staff.officer.user).filter(body__contains="다가옵니다").count() == 1


def test_no_due_soon_reminder_while_plenty_of_working_time_is_left(staff, file_complaint):
    complaint = file_complaint(staff.question, when=MONDAY_10)  # 질의민원(법령): 14 days
    complaint_assign(complaint=complaint, officer=staff.officer, actor=staff.supervisor.user)
    assert tasks.send_due_soon_reminders(now=seoul(2026, 6, 16, 10, 0)) == []


def test_no_due_soon_reminder_without_an_officer(staff, file_complaint):
    file_complaint(when=MONDAY_10)
    assert tasks.send_due_soon_reminders(now=seoul(2026, 6, 15, 10, 30)) == []


# --- overdue → the supervisor -----------------------------------------------------------------


def test_the_head_of_the_department_is_reminded_of_an_overdue_complaint_at_most_daily(assigned, staff):
    assert tasks.send_overdue_reminders(now=seoul(2026, 6, 15, 13, 59)) == []
    assert tasks.send_overdue_reminders(now=seoul(2026, 6, 15, 15, 0)) == [assigned.pk]
    assert tasks.send_overdue_reminders(now=seoul(2026, 6, 15, 17, 0)) == []
    assert tasks.send_overdue_reminders(now=seoul(2026, 6, 16, 9, 20)) == [assigned.pk]
    assert mails_to(staff.supervisor.user).filter(body__contains="독촉").count() == 2
    assert Event.objects.filter(event_type=EventType.COMPLAINT_REMINDER, subject_id=str(assigned.pk),
                                after__kind="overdue").count() == 2


def test_a_team_without_a_head_escalates_to_the_head_above(staff, district):
    assert tasks.department_head(district.road_team) == staff.supervisor


def test_answered_complaints_are_not_chased(assigned, staff):
    complaint_answer(complaint=assigned, actor=staff.officer.user, body="보수 완료", now=seoul(2026, 6, 15, 15, 0))
    assert tasks.send_overdue_reminders(now=seoul(2026, 6, 16, 9, 20)) == []


# --- 30-day progress notice → the resident (령 §23) ------------------------------------------


def test_a_complaint_open_30_days_gets_a_progress_notice_repeated_every_30_days(staff, file_complaint):
    complaint = file_complaint(staff.question, when=MONDAY_10)
    start = MONDAY_10
    assert tasks.send_progress_notices(now=start + dt.timedelta(days=29)) == []
    assert tasks.send_progress_notices(now=start + dt.timedelta(days=30)) == [complaint.pk]
    assert tasks.send_progress_notices(now=start + dt.timedelta(days=31)) == []
    assert tasks.send_progress_notices(now=start + dt.timedelta(days=59)) == []
    assert tasks.send_progress_notices(now=start + dt.timedelta(days=60)) == [complaint.pk]
    assert Event.objects.filter(event_type=EventType.COMPLAINT_PROGRESS_NOTICE, subject_id=str(complaint.pk)).count() == 2
    assert Notification.objects.filter(address=staff.resident.phone, body__contains="처리하고 있습니다").count() == 2


def test_the_progress_notice_interval_is_a_district_setting(staff, file_complaint):
    district_setting_change(actor=None, key="complaints.progress_notice_days", raw_value="10")
    complaint = file_complaint(staff.question, when=MONDAY_10)
    assert tasks.send_progress_notices(now=MONDAY_10 + dt.timedelta(days=10)) == [complaint.pk]


# --- satisfaction request after the answer -------------------------------------------------------


def test_the_resident_is_asked_once_to_rate_the_answer(assigned, staff):
    complaint_answer(complaint=assigned, actor=staff.officer.user, body="보수 완료", now=seoul(2026, 6, 15, 11, 0))
    now = seoul(2026, 6, 15, 11, 50)
    assert tasks.send_satisfaction_requests(now=now) == [assigned.pk]
    assert tasks.send_satisfaction_requests(now=now + dt.timedelta(hours=1)) == []
    assert Notification.objects.filter(address=staff.resident.phone, body__contains="만족").count() == 1


def test_no_satisfaction_request_when_the_district_does_not_survey(assigned, staff):
    district_setting_change(actor=None, key="complaints.satisfaction_survey", raw_value="false")
    district_settings.forget_cached()  # done on commit; the test's transaction never commits
    complaint_answer(complaint=assigned, actor=staff.officer.user, body="보수 완료", now=seoul(2026, 6, 15, 11, 0))
    assert tasks.send_satisfaction_requests(now=seoul(2026, 6, 15, 11, 50)) == []


# --- status check (령 §22, §28) -------------------------------------------------------------------


def test_each_department_head_gets_the_open_and_overdue_counts_once_a_period(assigned, staff, file_complaint):
    file_complaint(staff.question, when=MONDAY_10)
    now = seoul(2026, 6, 16, 9, 40)
    assert tasks.send_status_reports(now=now) == [staff.roads.pk]
    report = mails_to(staff.supervisor.user, "complaint_status_report").get()
    assert "처리 중인 민원: 2건" in report.body and "처리기한이 지난 민원: 1건" in report.body
    assert assigned.receipt_number in report.body
    assert tasks.send_status_reports(now=now + dt.timedelta(days=1)) == []
    assert tasks.send_status_reports(now=now + dt.timedelta(days=30)) == [staff.roads.pk]


# --- the pure rules ----------------------------------------------------------------------------------


@given(hours_left=st.floats(min_value=-100, max_value=100, allow_nan=False), threshold=st.integers(1, 80),
       reminded=st.booleans())
def test_due_soon_only_before_the_due_time_within_the_threshold_and_once(hours_left, threshold, reminded):
    due = reminder_rules.due_soon_reminder_due(hours_left=hours_left, threshold_hours=threshold,
                                               reminded_for_this_due=reminded)
    assert due == (0 < hours_left <= threshold and not reminded)


@given(days_since=st.integers(0, 30), minutes_past=st.integers(-600, 6000))
def test_overdue_reminders_never_come_twice_on_one_day(days_since, minutes_past):
    today = dt.date(2026, 6, 16)
    now = dt.datetime(2026, 6, 16, 12, 0)
    due = now - dt.timedelta(minutes=minutes_past)
    last = today - dt.timedelta(days=days_since)
    due_now = reminder_rules.overdue_reminder_due(now=now, due_at=due, last_reminded_on=last, today=today)
    assert due_now == (minutes_past > 0 and days_since >= 1)


def test_a_satisfaction_request_needs_the_survey_an_answer_and_no_earlier_request():
    ask = reminder_rules.satisfaction_request_due
    assert ask(survey_on=True, answered=True, already_rated=False, requested_for_this_answer=False)
    assert not ask(survey_on=False, answered=True, already_rated=False, requested_for_this_answer=False)
    assert not ask(survey_on=True, answered=True, already_rated=True, requested_for_this_answer=False)
    assert not ask(survey_on=True, answered=True, already_rated=False, requested_for_this_answer=True)
