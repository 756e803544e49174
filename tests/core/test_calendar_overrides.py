"""District overrides of the calendar (구 지정 휴무일·근무일) and the district's settings."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gamdong.accounts.models import User
from gamdong.core import district_settings
from gamdong.core.calendar import SEOUL
from gamdong.core.calendar_selectors import calendar_year, compute_deadline, compute_due_at, district_calendar
from gamdong.core.calendar_services import (
    calendar_override_add,
    calendar_override_change,
    calendar_override_remove,
)
from gamdong.core.events import EventType
from gamdong.core.models import CalendarOverride, DistrictSetting, Event

pytestmark = pytest.mark.django_db

HOLIDAY, WORKING = CalendarOverride.Kind.HOLIDAY, CalendarOverride.Kind.WORKING_DAY


def kst(*args):
    return dt.datetime(*args, tzinfo=SEOUL)


@pytest.fixture
def admin_user():
    return User.objects.create_superuser("admin", None, name="관리자")


def set_district(key, value):
    DistrictSetting.objects.update_or_create(key=key, defaults={"value": value})
    district_settings.forget_cached()


def test_the_district_calendar_gives_the_worked_example():
    assert compute_due_at(kst(2026, 12, 24, 10), days=14) == kst(2027, 1, 14, 18)


def test_a_district_holiday_moves_a_deadline_and_records_who_declared_it(admin_user):
    receipt = kst(2026, 3, 10, 17)
    assert compute_due_at(receipt, hours=3) == kst(2026, 3, 11, 11)

    override = calendar_override_add(
        actor=admin_user, date=dt.date(2026, 3, 11), kind=HOLIDAY, name="청사 휴무", reason="정전 공사"
    )

    assert compute_due_at(receipt, hours=3) == kst(2026, 3, 12, 11)
    event = Event.objects.for_subject(override).get()
    assert event.event_type == EventType.CALENDAR_OVERRIDE_ADDED
    assert event.actor == admin_user
    assert event.after == {
        "date": "2026-03-11",
        "kind": "holiday",
        "name": "청사 휴무",
        "reason": "정전 공사",
    }


def test_a_forced_working_saturday_counts(admin_user):
    receipt = kst(2026, 3, 13, 17)
    assert compute_due_at(receipt, hours=3) == kst(2026, 3, 16, 11)
    calendar_override_add(actor=admin_user, date=dt.date(2026, 3, 14), kind=WORKING, name="토요 근무")
    assert compute_due_at(receipt, hours=3) == kst(2026, 3, 14, 11)


def test_changing_and_removing_an_override_records_before_and_after(admin_user):
    override = calendar_override_add(actor=admin_user, date=dt.date(2026, 3, 11), kind=HOLIDAY, name="휴무")
    calendar_override_change(
        actor=admin_user, override=override, date=dt.date(2026, 3, 12), kind=HOLIDAY, name="휴무(변경)"
    )
    assert compute_due_at(kst(2026, 3, 10, 17), hours=3) == kst(2026, 3, 11, 11)
    assert compute_due_at(kst(2026, 3, 11, 17), hours=3) == kst(2026, 3, 13, 11)

    calendar_override_remove(actor=admin_user, override=override)
    assert not CalendarOverride.objects.exists()
    assert compute_due_at(kst(2026, 3, 11, 17), hours=3) == kst(2026, 3, 12, 11)

    changed, removed = (
        Event.objects.filter(event_type=t).get()
        for t in (EventType.CALENDAR_OVERRIDE_CHANGED, EventType.CALENDAR_OVERRIDE_REMOVED)
    )
    assert changed.before["date"] == "2026-03-11" and changed.after["date"] == "2026-03-12"
    assert removed.before["name"] == "휴무(변경)" and removed.after is None


def test_a_public_holiday_cannot_be_made_a_working_day(admin_user):
    with pytest.raises(ValidationError) as error:
        calendar_override_add(actor=admin_user, date=dt.date(2026, 7, 17), kind=WORKING, name="근무")
    assert "법정공휴일(제헌절)" in error.value.message_dict["date"][0]
    assert not CalendarOverride.objects.exists() and not Event.objects.exists()


def test_a_weekday_cannot_be_made_a_working_day(admin_user):
    with pytest.raises(ValidationError):
        calendar_override_add(actor=admin_user, date=dt.date(2026, 3, 11), kind=WORKING, name="근무")


def test_one_override_per_date(admin_user):
    calendar_override_add(actor=admin_user, date=dt.date(2026, 3, 11), kind=HOLIDAY, name="휴무")
    with pytest.raises(ValidationError) as error:
        calendar_override_add(actor=admin_user, date=dt.date(2026, 3, 11), kind=HOLIDAY, name="또 휴무")
    assert "이미" in error.value.message_dict["date"][0]
    assert CalendarOverride.objects.count() == 1


def test_the_district_calendar_is_reused_until_something_changes(admin_user, django_assert_num_queries):
    first = district_calendar()
    with django_assert_num_queries(0):
        assert district_calendar() is first
        compute_due_at(kst(2026, 3, 10, 9), days=14)
    calendar_override_add(actor=admin_user, date=dt.date(2026, 3, 11), kind=HOLIDAY, name="휴무")
    assert district_calendar() is not first


def test_the_working_hours_and_the_hour_based_limit_come_from_the_district_settings():
    set_district("calendar.work_end", "17:00")
    assert compute_due_at(kst(2026, 3, 10, 16), hours=3) == kst(2026, 3, 11, 11)
    assert compute_due_at(kst(2026, 3, 10, 9), days=7).time() == dt.time(17)

    set_district("calendar.hour_based_max_days", 7)
    assert compute_deadline(kst(2026, 3, 10, 9), days=7).counting == "hours"


def test_counting_saturdays_is_a_district_setting():
    set_district("calendar.count_saturdays", True)
    assert compute_due_at(kst(2026, 3, 13, 17), hours=3) == kst(2026, 3, 14, 11)


def test_inconsistent_working_hours_fall_back_to_the_statutory_ones():
    set_district("calendar.work_end", "08:00")
    assert compute_due_at(kst(2026, 3, 10, 9), hours=3) == kst(2026, 3, 10, 12)


def test_the_year_lists_public_and_district_holidays_and_forced_working_days(admin_user):
    calendar_override_add(actor=admin_user, date=dt.date(2026, 3, 11), kind=HOLIDAY, name="구 개청기념일")
    calendar_override_add(actor=admin_user, date=dt.date(2026, 3, 14), kind=WORKING, name="토요 근무")
    year = calendar_year(2026)
    days = {d.date: (d.name, d.source) for d in year["non_working_days"]}
    assert days[dt.date(2026, 7, 17)] == ("제헌절", "법정공휴일")
    assert days[dt.date(2026, 3, 11)] == ("구 개청기념일", "구 지정")
    assert [(d.date, d.name) for d in year["working_days"]] == [(dt.date(2026, 3, 14), "토요 근무")]


class TestAdmin:
    def test_an_administrator_adds_a_holiday_in_the_admin_and_an_event_is_recorded(self, client, admin_user):
        client.force_login(admin_user)
        response = client.post(
            "/admin/core/calendaroverride/add/",
            {"date": "2026-03-11", "kind": "holiday", "name": "청사 휴무", "reason": ""},
        )
        assert response.status_code == 302
        override = CalendarOverride.objects.get()
        assert override.created_by == admin_user
        assert Event.objects.for_subject(override).get().event_type == EventType.CALENDAR_OVERRIDE_ADDED
        assert compute_due_at(kst(2026, 3, 10, 17), hours=3) == kst(2026, 3, 12, 11)

    def test_the_admin_refuses_a_working_day_on_a_public_holiday_in_korean(self, client, admin_user):
        client.force_login(admin_user)
        response = client.post(
            "/admin/core/calendaroverride/add/", {"date": "2026-05-01", "kind": "working", "name": "근무"}
        )
        assert response.status_code == 200
        assert "법정공휴일(노동절)" in response.content.decode()
        assert not CalendarOverride.objects.exists()

    def test_changing_and_deleting_in_the_admin_go_through_the_services(self, client, admin_user):
        override = calendar_override_add(
            actor=admin_user, date=dt.date(2026, 3, 11), kind=HOLIDAY, name="휴무"
        )
        client.force_login(admin_user)
        url = f"/admin/core/calendaroverride/{override.pk}/change/"
        assert client.get(url).status_code == 200
        response = client.post(
            url, {"date": "2026-03-12", "kind": "holiday", "name": "휴무", "reason": "변경"}
        )
        assert response.status_code == 302
        assert CalendarOverride.objects.get().date == dt.date(2026, 3, 12)
        response = client.post(f"/admin/core/calendaroverride/{override.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert not CalendarOverride.objects.exists()
        kinds = list(
            Event.objects.exclude(event_type=EventType.USER_LOGGED_IN)
            .order_by("id")
            .values_list("event_type", flat=True)
        )
        assert kinds == [
            EventType.CALENDAR_OVERRIDE_ADDED,
            EventType.CALENDAR_OVERRIDE_CHANGED,
            EventType.CALENDAR_OVERRIDE_REMOVED,
        ]

    def test_the_admin_list_shows_the_overrides(self, client, admin_user):
        calendar_override_add(actor=admin_user, date=dt.date(2026, 3, 11), kind=HOLIDAY, name="청사 휴무")
        client.force_login(admin_user)
        response = client.get("/admin/core/calendaroverride/")
        assert response.status_code == 200
        assert "청사 휴무" in response.content.decode()
        assert "휴무일·근무일 지정" in response.content.decode()
