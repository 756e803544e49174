"""GET /api/v1/calendar/due and /api/v1/calendar/holidays (public)."""

import datetime as dt

import pytest

from gamdong.accounts.models import User
from gamdong.core.calendar_services import calendar_override_add
from gamdong.core.models import CalendarOverride

pytestmark = pytest.mark.django_db

DUE = "/api/v1/calendar/due"
HOLIDAYS = "/api/v1/calendar/holidays"


def test_due_answers_the_worked_example_with_its_reasons(client):
    response = client.get(DUE, {"received_at": "2026-12-24T10:00:00+09:00", "days": "14"})
    assert response.status_code == 200
    body = response.json()
    assert body["due_at"] == "2027-01-14T18:00:00+09:00"
    assert body["received_at"] == "2026-12-24T10:00:00+09:00"
    assert body["counting"] == "days"
    assert body["period"]["days"] == 14 and body["period"]["hours"] is None
    assert body["period"]["first_day_counted"] is True
    assert "§19②" in body["period"]["statute"]
    assert body["working_hours_counted"] == 111
    skipped = {d["date"]: d for d in body["non_working_days_skipped"]}
    assert skipped["2026-12-25"] == {"date": "2026-12-25", "name": "기독탄신일", "source": "법정공휴일"}
    assert "2027-01-01" in skipped and skipped["2026-12-26"]["name"] == "토요일"
    assert "2027년 1월 14일(목) 18:00" in body["answer"]


def test_due_in_hours_counts_exactly_those_working_hours(client):
    body = client.get(DUE, {"received_at": "2026-03-13T17:00:00+09:00", "hours": "3"}).json()
    assert body["due_at"] == "2026-03-16T11:00:00+09:00"
    assert body["counting"] == "hours"
    assert body["working_hours_counted"] == 3
    assert [d["date"] for d in body["non_working_days_skipped"]] == ["2026-03-14", "2026-03-15"]


def test_due_accepts_other_offsets_and_answers_in_korean_time(client):
    body = client.get(DUE, {"received_at": "2026-12-24T01:00:00Z", "days": "14"}).json()
    assert body["received_at"] == "2026-12-24T10:00:00+09:00"
    assert body["due_at"] == "2027-01-14T18:00:00+09:00"


def test_due_takes_back_a_plus_sign_lost_in_an_unencoded_query_string(client):
    response = client.get(f"{DUE}?received_at=2026-12-24T10:00:00+09:00&days=14")
    assert response.status_code == 200
    assert response.json()["due_at"] == "2027-01-14T18:00:00+09:00"


def test_due_counts_district_holidays(client):
    admin = User.objects.create_superuser("admin", None, name="관리자")
    calendar_override_add(
        actor=admin, date=dt.date(2026, 3, 16), kind=CalendarOverride.Kind.HOLIDAY, name="구 휴무"
    )
    body = client.get(DUE, {"received_at": "2026-03-13T17:00:00+09:00", "hours": "3"}).json()
    assert body["due_at"] == "2026-03-17T11:00:00+09:00"
    assert {"date": "2026-03-16", "name": "구 휴무", "source": "구 지정"} in body["non_working_days_skipped"]


@pytest.mark.parametrize(
    ("params", "field", "code", "words"),
    [
        ({"days": "14"}, "received_at", "required", "접수 일시"),
        ({"received_at": "", "days": "14"}, "received_at", "required", "접수 일시"),
        ({"received_at": "2026-12-24T10:00:00", "days": "14"}, "received_at", "invalid", "시간대"),
        ({"received_at": "2026-12-24", "days": "14"}, "received_at", "invalid", "시간대"),
        ({"received_at": "어제 오후", "days": "14"}, "received_at", "invalid", "읽을 수 없습니다"),
        (
            {"received_at": "2026-02-30T10:00:00+09:00", "days": "14"},
            "received_at",
            "invalid",
            "읽을 수 없습니다",
        ),
        ({"received_at": "1999-12-24T10:00:00+09:00", "days": "14"}, "received_at", "invalid", "2000년"),
        ({"received_at": "2026-12-24T10:00:00+09:00"}, "days", "required", "처리기간"),
        (
            {"received_at": "2026-12-24T10:00:00+09:00", "days": "14", "hours": "3"},
            "days",
            "conflict",
            "하나만",
        ),
        ({"received_at": "2026-12-24T10:00:00+09:00", "days": "0"}, "days", "invalid", "1일 이상"),
        ({"received_at": "2026-12-24T10:00:00+09:00", "days": "-5"}, "days", "invalid", "1일 이상"),
        ({"received_at": "2026-12-24T10:00:00+09:00", "days": "100000"}, "days", "invalid", "365일 이하"),
        ({"received_at": "2026-12-24T10:00:00+09:00", "days": "1.5"}, "days", "invalid", "정수"),
        ({"received_at": "2026-12-24T10:00:00+09:00", "days": "열흘"}, "days", "invalid", "정수"),
        ({"received_at": "2026-12-24T10:00:00+09:00", "hours": "0"}, "hours", "invalid", "1시간 이상"),
        ({"received_at": "2026-12-24T10:00:00+09:00", "hours": "99999999"}, "hours", "invalid", "이하"),
    ],
)
def test_due_refuses_bad_input_with_a_korean_message_and_the_field(client, params, field, code, words):
    response = client.get(DUE, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "field"}
    assert body["field"] == field
    assert body["code"] == code
    assert words in body["message"]


def test_holidays_lists_the_year_with_names_and_sources(client):
    admin = User.objects.create_superuser("admin", None, name="관리자")
    calendar_override_add(
        actor=admin, date=dt.date(2026, 3, 11), kind=CalendarOverride.Kind.HOLIDAY, name="구 휴무"
    )
    calendar_override_add(
        actor=admin, date=dt.date(2026, 3, 14), kind=CalendarOverride.Kind.WORKING_DAY, name="토요 근무"
    )
    response = client.get(HOLIDAYS, {"year": "2026"})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    days = {d["date"]: d for d in body["non_working_days"]}
    assert days["2026-07-17"]["name"] == "제헌절" and days["2026-07-17"]["source"] == "법정공휴일"
    assert days["2026-05-01"]["name"] == "노동절"
    assert days["2026-06-03"]["name"] == "지방선거일"
    assert days["2026-03-11"]["source"] == "구 지정"
    assert [d["date"] for d in body["non_working_days"]] == sorted(days)
    assert body["working_days"] == [
        {"date": "2026-03-14", "name": "토요 근무", "source": "구 지정", "reason": ""}
    ]


@pytest.mark.parametrize("year", [None, "", "이천이십육", "1800", "3000", "2026.5"])
def test_holidays_refuses_a_bad_year(client, year):
    response = client.get(HOLIDAYS, {} if year is None else {"year": year})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "year"
    assert "연도" in body["message"]


def test_both_endpoints_are_public_and_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/calendar/due" in spec["paths"]
    assert "/api/v1/calendar/holidays" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/v1/calendar/due"]["get"]["parameters"]}
    assert params == {"received_at", "days", "hours"}
    assert "security" not in spec["paths"]["/api/v1/calendar/due"]["get"]
