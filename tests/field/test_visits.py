"""Field visits: schedule one trip for several complaints at one place, record it on site,
cancel it, and order the day's route."""

import datetime as dt

import pytest

from gamdong.complaints.services import complaint_answer, complaint_assign
from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification
from gamdong.field import selectors
from gamdong.field.models import VisitStatus
from gamdong.field.services import (
    FieldConflict,
    FieldError,
    FieldNotAllowed,
    visit_cancel,
    visit_record,
    visit_schedule,
    visits_reorder,
)
from tests.complaints.conftest import seoul

MONDAY = seoul(2026, 6, 15, 10, 0)


def events(kind, complaint):
    return Event.objects.filter(event_type=kind, subject_id=str(complaint.pk))


def test_scheduling_one_trip_for_two_complaints_tells_each_complainant(district, file_complaint):
    first = file_complaint(when=MONDAY, address="감동로 12", latitude=37.5, longitude=127.0)
    second = file_complaint(resident=district.resident2, when=MONDAY, address="감동로 12")
    before = Notification.objects.count()

    visit = visit_schedule(officer=district.officer, complaints=[first, second], actor=district.officer.user,
                           scheduled_for=seoul(2026, 6, 16, 10, 0))

    assert set(visit.complaints.all()) == {first, second}
    assert visit.address == "감동로 12" and visit.latitude is not None  # the place of the first complaint
    assert visit.route_order == 1
    assert events(EventType.VISIT_SCHEDULED, first).count() == 1
    assert events(EventType.VISIT_SCHEDULED, second).count() == 1
    sent = Notification.objects.order_by("pk")[before:]
    assert {n.address for n in sent} >= {district.resident.phone, district.resident2.phone}
    assert all("현장" in n.body and "도로" in n.body for n in sent if n.channel == "sms")  # names the department


def test_later_visits_of_the_same_day_go_to_the_end_of_the_route(district, file_complaint):
    a, b = file_complaint(when=MONDAY), file_complaint(when=MONDAY)
    day = seoul(2026, 6, 16, 9, 0)
    v1 = visit_schedule(officer=district.officer, complaints=[a], scheduled_for=day, actor=district.officer.user)
    v2 = visit_schedule(officer=district.officer, complaints=[b], scheduled_for=day + dt.timedelta(hours=5),
                        actor=district.officer.user)
    assert (v1.route_order, v2.route_order) == (1, 2)


def test_an_officer_of_another_department_cannot_schedule_a_visit(district, file_complaint):
    complaint = file_complaint(when=MONDAY)  # 도로과
    with pytest.raises(FieldNotAllowed) as err:
        visit_schedule(officer=district.park_officer, complaints=[complaint], scheduled_for=MONDAY,
                       actor=district.park_officer.user)
    assert err.value.status == 403 and "부서" in err.value.message
    assert not Event.objects.filter(event_type=EventType.VISIT_SCHEDULED).exists()


def test_an_officer_cannot_plan_a_colleagues_visits_but_their_supervisor_can(district, file_complaint):
    complaint = file_complaint(when=MONDAY)
    with pytest.raises(FieldNotAllowed):
        visit_schedule(officer=district.officer2, complaints=[complaint], scheduled_for=MONDAY,
                       actor=district.officer.user)
    visit = visit_schedule(officer=district.officer2, complaints=[complaint], scheduled_for=MONDAY,
                           actor=district.supervisor.user)
    assert visit.officer == district.officer2


def test_answered_complaints_are_not_visited(district, file_complaint):
    complaint = file_complaint(when=MONDAY)
    complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    complaint_answer(complaint=complaint, actor=district.officer.user, body="보수했습니다.")
    with pytest.raises(FieldError) as err:
        visit_schedule(officer=district.officer, complaints=[complaint], scheduled_for=MONDAY,
                       actor=district.officer.user)
    assert err.value.code == "not_open"


def test_a_visit_needs_a_complaint_and_a_sane_position(district, file_complaint):
    complaint = file_complaint(when=MONDAY)
    with pytest.raises(FieldError) as err:
        visit_schedule(officer=district.officer, complaints=[], scheduled_for=MONDAY, actor=district.officer.user)
    assert err.value.field == "complaints"
    with pytest.raises(FieldError) as err:
        visit_schedule(officer=district.officer, complaints=[complaint], scheduled_for=MONDAY,
                       actor=district.officer.user, latitude="37.5", longitude="")
    assert err.value.field == "latitude"


def test_recording_a_visit_keeps_time_position_and_findings_on_every_complaint(district, file_complaint):
    a, b = file_complaint(when=MONDAY), file_complaint(when=MONDAY)
    visit = visit_schedule(officer=district.officer, complaints=[a, b], scheduled_for=MONDAY,
                           actor=district.officer.user)

    done = visit_record(visit=visit, actor=district.officer.user, visited_at=seoul(2026, 6, 15, 11, 5),
                        latitude="37.512345", longitude="127.012345", findings="보도블록 3장 파손 확인",
                        now=seoul(2026, 6, 15, 11, 10))

    assert done.status == VisitStatus.DONE
    assert str(done.latitude) == "37.512345" and done.findings == "보도블록 3장 파손 확인"
    for complaint in (a, b):
        event = events(EventType.VISIT_RECORDED, complaint).get()
        assert event.note == "보도블록 3장 파손 확인"


def test_findings_are_required_and_a_visit_is_recorded_once(district, file_complaint):
    visit = visit_schedule(officer=district.officer, complaints=[file_complaint(when=MONDAY)],
                           scheduled_for=MONDAY, actor=district.officer.user)
    with pytest.raises(FieldError) as err:
        visit_record(visit=visit, actor=district.officer.user, visited_at=None, findings="  ")
    assert err.value.field == "findings"
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED  # nothing half written
    visit_record(visit=visit, actor=district.officer.user, visited_at=None, findings="확인함")
    with pytest.raises(FieldConflict):
        visit_record(visit=visit, actor=district.officer.user, visited_at=None, findings="다시")


def test_cancelling_a_visit_tells_the_complainant(district, file_complaint):
    complaint = file_complaint(when=MONDAY)
    visit = visit_schedule(officer=district.officer, complaints=[complaint], scheduled_for=MONDAY,
                           actor=district.officer.user)
    visit_cancel(visit=visit, actor=district.officer.user, reason="우천")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert events(EventType.VISIT_CANCELLED, complaint).get().note == "우천"
    assert Notification.objects.filter(body__contains="취소").exists()


def test_the_route_of_a_day_follows_the_order_the_officer_chose(district, file_complaint):
    day = seoul(2026, 6, 16, 9, 0)
    visits = [visit_schedule(officer=district.officer, complaints=[file_complaint(when=MONDAY)],
                             scheduled_for=day + dt.timedelta(hours=i), actor=district.officer.user)
              for i in range(3)]
    ids = [visits[2].pk, visits[0].pk, visits[1].pk]

    visits_reorder(officer=district.officer, day=day.date(), ordered_ids=ids, actor=district.officer.user)

    listed = selectors.visits_for_day(officer=district.officer, day=day.date())
    assert [v.pk for v in listed] == ids
    with pytest.raises(FieldConflict):
        visits_reorder(officer=district.officer, day=day.date(), ordered_ids=ids[:2], actor=district.officer.user)


def test_the_days_visits_and_their_complaints_load_in_two_queries(district, file_complaint,
                                                                   django_assert_max_num_queries):
    day = seoul(2026, 6, 16, 9, 0)
    for i in range(4):
        visit_schedule(officer=district.officer, complaints=[file_complaint(when=MONDAY), file_complaint(when=MONDAY)],
                       scheduled_for=day + dt.timedelta(hours=i), actor=district.officer.user)
    with django_assert_max_num_queries(2):
        visits = selectors.visits_for_day(officer=district.officer, day=day.date())
        titles = [c.category.name for v in visits for c in v.complaints.all()]
    assert len(titles) == 8

