"""The demo district: a realistic 구 whose demo logins each reach their home."""

import datetime as dt

import pytest
from django.core.management import call_command

from gamdong.accounts.models import Role, User
from gamdong.demo import seed
from gamdong.org.models import Department, DepartmentKind, Employee

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def demo(db):
    return seed.seed_demo_district(progress=lambda text: None, today=TODAY)


def test_the_demo_district_has_bureaus_divisions_teams_and_community_centres(demo):
    kinds = {kind: Department.objects.filter(kind=kind).count() for kind in DepartmentKind.values}
    assert kinds[DepartmentKind.DISTRICT] == 1
    assert kinds[DepartmentKind.BUREAU] >= 4
    assert kinds[DepartmentKind.DIVISION] >= 15
    assert kinds[DepartmentKind.TEAM] >= 60
    assert kinds[DepartmentKind.COMMUNITY_CENTRE] >= 8
    assert not Department.objects.filter(head__isnull=True).exists()


def test_about_three_hundred_staff_with_korean_names_and_plausible_careers(demo):
    employees = Employee.objects.select_related("user")
    assert 280 <= employees.count() <= 400
    for employee in employees:
        assert 2 <= len(employee.user.name) <= 4
        assert all("가" <= ch <= "힣" for ch in employee.user.name)
        assert employee.hire_date <= employee.post_since <= TODAY
    grades = set(employees.values_list("grade", flat=True))
    assert grades >= {3, 4, 5, 6, 7, 8, 9}
    assert Employee.objects.filter(user__role_grants__role=Role.HR).exists()


def test_the_same_seed_gives_the_same_district(transactional_db):
    seed.seed_demo_district(progress=lambda text: None, today=TODAY)
    first = list(Employee.objects.order_by("employee_number").values_list("employee_number", "user__name"))
    call_command("flush", interactive=False, verbosity=0)
    seed.seed_demo_district(progress=lambda text: None, today=TODAY)
    again = list(Employee.objects.order_by("employee_number").values_list("employee_number", "user__name"))
    assert first == again


@pytest.mark.parametrize("username", list(seed.DEMO_USERNAMES))
def test_every_printed_demo_login_logs_in_through_the_login_page(demo, client, username):
    assert username in {login.username for login in demo}
    response = client.post("/accounts/login/", {"username": username, "password": seed.DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    home = client.get("/")
    assert home.status_code == 200
    assert User.objects.get(username=username).name in home.content.decode()


def test_demo_logins_read_back_from_the_database_match_what_seeding_printed(demo):
    printed = {(login.role, login.username, login.name) for login in demo}
    again = {(login.role, login.username, login.name) for login in seed.demo_logins()}
    assert printed == again


def test_the_demo_command_seeds_once(db, capsys):
    call_command("demo", no_serve=True, complaints=30)
    first = Employee.objects.count()
    call_command("demo", no_serve=True, complaints=30)
    out = capsys.readouterr().out
    assert "이미 있습니다" in out
    assert "mayor" in out and seed.DEMO_PASSWORD in out
    assert Employee.objects.count() == first


def test_a_year_of_complaints_at_every_stage_with_their_history_and_no_notices_sent(db):
    from django.utils import timezone

    from gamdong.complaints.models import Complaint, Status
    from gamdong.core.events import EventType
    from gamdong.core.models import Event, Notification

    seed.seed_demo_district(progress=lambda text: None, complaints=150)
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert {Status.ANSWERED, Status.CLOSED, Status.MERGED} <= statuses
    assert statuses & {Status.RECEIVED, Status.ASSIGNED}
    assert Complaint.objects.filter(repeat_of__isnull=False).exists()
    assert Complaint.objects.filter(submitted_at__lt=timezone.now() - dt.timedelta(days=60)).exists()
    answered = Event.objects.filter(event_type=EventType.COMPLAINT_ANSWERED).order_by("occurred_at").first()
    assert answered.occurred_at < timezone.now() - dt.timedelta(days=1)  # history keeps its dates
    assert not Notification.objects.exists()

    from gamdong.field.models import Dialogue, DialogueItem, FieldVisit

    assert Dialogue.objects.count() >= 3
    assert DialogueItem.objects.filter(kind="inconvenience", complaint__isnull=False).count() >= 6
    # tracked to their end: the office took them up like any other complaint
    raised = set(DialogueItem.objects.filter(kind="inconvenience").values_list("complaint__status", flat=True))
    assert raised & {Status.ANSWERED, Status.CLOSED} and raised - {Status.RECEIVED}
    todays = FieldVisit.objects.filter(officer__user__username="officer",
                                       scheduled_for__date=timezone.localdate())
    assert todays.count() == 4 and all(v.latitude is not None for v in todays)
    mine = Complaint.objects.filter(complainant__username="resident@example.com")
    assert set(mine.values_list("status", flat=True)) >= {Status.CLOSED, Status.ANSWERED, Status.ASSIGNED}


@pytest.mark.parametrize("seeded_at", ["2026-11-22T21:00:00+09:00", "2026-11-25T14:00:00+09:00"],
                         ids=["on-a-sunday-evening", "on-a-wednesday-afternoon"])
def test_the_demo_offices_assign_answer_and_close_complaints_in_office_hours(db, seeded_at):
    """A complaint filed at 20:10 is assigned the next working morning, not at midnight, and a
    demo seeded on a Sunday evening shows the office's last steps on Friday, not on Sunday."""
    from gamdong.core.calendar_selectors import district_calendar
    from gamdong.core.events import EventType
    from gamdong.core.models import Event
    from gamdong.demo.complaints import seed_complaints

    seed.seed_demo_district(progress=lambda text: None)
    seed_complaints(count=150, progress=lambda text: None, now=dt.datetime.fromisoformat(seeded_at))
    calendar = district_calendar()
    staff_steps = Event.objects.filter(event_type__in=[
        EventType.COMPLAINT_ASSIGNED, EventType.COMPLAINT_TRANSFERRED, EventType.COMPLAINT_ANSWERED,
        EventType.COMPLAINT_CLOSED,
    ]).values_list("event_type", "occurred_at")
    assert len(staff_steps) > 100
    outside = [(kind, calendar.local(at)) for kind, at in staff_steps
               if not (calendar.is_working_time(at) or calendar.local(at).time() in (dt.time(12), dt.time(18)))]
    assert outside == [], outside
    # and in order: a complaint is answered by the officer it was assigned to, after the assignment
    steps: dict[str, list[tuple[dt.datetime, int]]] = {}
    for kind, at, subject in Event.objects.filter(event_type__in=[
            EventType.COMPLAINT_ASSIGNED, EventType.COMPLAINT_TRANSFERRED, EventType.COMPLAINT_ANSWERED,
    ]).values_list("event_type", "occurred_at", "subject_id"):
        steps.setdefault(subject, []).append((at, kind))
    answered_before_assigned = [subject for subject, seen in steps.items()
                                if EventType.COMPLAINT_ANSWERED in (k for _, k in seen)
                                and max(at for at, k in seen if k != EventType.COMPLAINT_ANSWERED)
                                > min(at for at, k in seen if k == EventType.COMPLAINT_ANSWERED)]
    assert answered_before_assigned == []
    # a transfer goes to a neighbouring team (a pothole is not the passport team's)
    from gamdong.complaints.models import Transfer

    moves = list(Transfer.objects.values_list("from_department__parent_id", "to_department__parent_id"))
    assert moves and all(a == b for a, b in moves)
