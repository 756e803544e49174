"""The deadline calculator (/calendar/) and a year's holidays (/calendar/holidays/)."""

import pytest

from gamdong.core import district_settings
from gamdong.core.models import DistrictSetting

pytestmark = pytest.mark.django_db

CALCULATOR = "/calendar/"


def test_the_calculator_shows_an_empty_form_to_anyone(client):
    response = client.get(CALCULATOR)
    assert response.status_code == 200
    html = response.content.decode()
    assert "처리기한 계산기" in html
    assert 'name="received_date"' in html and 'name="received_time"' in html
    assert "건의민원 — 14일" in html and "기타민원 — 3근무시간" in html
    assert 'hx-get="/calendar/"' in html and 'method="get"' in html


def test_the_calculator_answers_without_javascript_in_a_whole_page(client):
    response = client.get(
        CALCULATOR, {"received_date": "2026-12-24", "received_time": "10:00", "amount": "14", "unit": "days"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "처리기한은 2027년 1월 14일(목) 18:00입니다." in html
    assert "일 단위(초일 산입)" in html
    assert "2026년 12월 25일(금) 기독탄신일" in html
    assert "2027년 1월 1일(금)" in html


def test_the_calculator_answers_an_htmx_request_with_the_result_only(client):
    response = client.get(
        CALCULATOR,
        {"received_date": "2026-03-13", "received_time": "17:00", "kind": "other"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "2026년 3월 16일(월) 11:00" in html
    assert "시간 단위(근무시간)" in html
    assert "기타민원" in html


def test_a_kind_of_complaint_uses_the_period_the_district_set(client):
    DistrictSetting.objects.create(key="complaints.period_days.suggestion", value=10)
    district_settings.forget_cached()
    response = client.get(
        CALCULATOR, {"received_date": "2026-12-24", "received_time": "10:00", "kind": "suggestion"}
    )
    html = response.content.decode()
    assert "건의민원 — 10일" in html
    assert "처리기간 10일의 처리기한은 2027년 1월 8일(금) 18:00입니다." in html


def test_a_period_in_working_hours_is_counted_in_hours(client):
    response = client.get(
        CALCULATOR, {"received_date": "2026-03-10", "received_time": "11:00", "amount": "3", "unit": "hours"}
    )
    assert "2026년 3월 10일(화) 15:00" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"received_date": "", "received_time": "10:00", "amount": "14"}, "접수일을 입력하세요."),
        (
            {"received_date": "2026-13-40", "received_time": "10:00", "amount": "14"},
            "접수일을 YYYY-MM-DD 형식으로",
        ),
        ({"received_date": "1990-01-02", "received_time": "10:00", "amount": "14"}, "2000년부터"),
        (
            {"received_date": "2026-12-24", "received_time": "25:00", "amount": "14"},
            "접수 시각을 HH:MM 형식으로",
        ),
        (
            {"received_date": "2026-12-24", "received_time": "10:00", "amount": ""},
            "처리기간을 입력하거나 민원 종류를 고르세요.",
        ),
        ({"received_date": "2026-12-24", "received_time": "10:00", "amount": "0"}, "1일 이상"),
        ({"received_date": "2026-12-24", "received_time": "10:00", "amount": "9999"}, "365일 이하"),
        ({"received_date": "2026-12-24", "received_time": "10:00", "amount": "열흘"}, "정수로"),
        (
            {"received_date": "2026-12-24", "received_time": "10:00", "kind": "unknown"},
            "목록에 있는 민원 종류",
        ),
        (
            {"received_date": "2026-12-24", "received_time": "10:00", "amount": "3", "unit": "weeks"},
            "단위는 일 또는 근무시간",
        ),
    ],
)
def test_bad_input_shows_korean_errors_with_a_400(client, params, message):
    response = client.get(CALCULATOR, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "입력한 내용을 확인해 주세요" in html
    assert "<form" in html  # the form is shown again, with what was typed

    partial = client.get(CALCULATOR, params, HTTP_HX_REQUEST="true")
    assert partial.status_code == 400
    assert message in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_the_page_loads_htmx_from_this_server_and_lets_it_show_errors(client):
    html = client.get(CALCULATOR).content.decode()
    assert 'src="/static/vendor/htmx/htmx.min.js"' in html
    assert '"code":"400","swap":true' in html


def test_the_holidays_page_lists_the_year(client):
    response = client.get("/calendar/holidays/", {"year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026년 휴무일" in html
    assert "2026년 7월 17일(금)" in html and "제헌절" in html
    assert "노동절" in html and "지방선거일" in html and "법정공휴일" in html
    assert "?year=2027" in html and "?year=2025" in html


def test_the_holidays_page_defaults_to_this_year(client):
    assert client.get("/calendar/holidays/").status_code == 200


@pytest.mark.parametrize("year", ["", "abc", "1800", "2200"])
def test_the_holidays_page_refuses_a_bad_year_with_a_400(client, year):
    response = client.get("/calendar/holidays/", {"year": year})
    assert response.status_code == 400
    assert "연도" in response.content.decode()
