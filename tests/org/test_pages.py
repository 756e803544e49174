"""The organisation's pages as each kind of person meets them."""

import pytest
from django.urls import reverse

from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.org import services
from gamdong.org.models import Employee, Series
from tests.org.rosterfiles import HEADER, csv_bytes, row, xlsx_bytes


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def upload(client, content, name="명부.csv", mode="create"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("org:roster_import"), {"file": SimpleUploadedFile(name, content), "mode": mode}
    )


# --- Roster import --------------------------------------------------------------------------


def test_hr_previews_then_imports_a_roster(org, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_user(org.hr.user)
    assert client.get(reverse("org:roster_import")).status_code == 200
    response = upload(client, csv_bytes([row("2001", "신입일"), row("2002", "신입이", grade="12급")]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "가져올 행 1개" in page and "제외할 행 1개" in page
    assert "직급 &#x27;12급&#x27;을(를) 알 수 없습니다" in page
    assert not Employee.objects.filter(employee_number="2001").exists()  # nothing before confirming

    token = response.context["token"]
    rejected = client.get(reverse("org:roster_rejected", args=[token]))
    assert rejected.status_code == 200
    assert "직급 '12급'" in rejected.content.decode("utf-8-sig")

    done = client.post(reverse("org:roster_import"), {"token": token, "mode": "create"})
    assert done.status_code == 200
    assert "새 직원 1명 등록" in done.content.decode()
    assert Employee.objects.get(employee_number="2001").user.name == "신입일"
    assert Event.objects.filter(event_type=EventType.ROSTER_IMPORTED, actor=org.hr.user).count() == 1
    # The stored file is gone: confirming twice does not import twice.
    again = client.post(reverse("org:roster_import"), {"token": token, "mode": "create"})
    assert again.status_code == 400
    assert Employee.objects.filter(employee_number="2001").count() == 1


def test_hr_can_import_an_xlsx_file(org, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_user(org.hr.user)
    response = upload(client, xlsx_bytes([row("2001", "엑셀")]), name="roster.xlsx")
    assert response.status_code == 200
    client.post(reverse("org:roster_import"), {"token": response.context["token"], "mode": "create"})
    assert Employee.objects.filter(employee_number="2001").exists()


def test_an_officer_gets_403_on_the_roster_pages(org, as_user):
    client = as_user(org.officer.user)
    for url in (
        reverse("org:roster_import"),
        reverse("org:roster_template"),
        reverse("org:roster_rejected", args=["x"]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "인사팀만 할 수 있습니다" in response.content.decode()
    assert upload(client, csv_bytes([row()])).status_code == 403
    assert not Employee.objects.filter(employee_number="2001").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("명부.pdf", b"%PDF-1.4", "CSV(.csv) 또는 엑셀(.xlsx) 파일만"),
        ("명부.csv", b"", "빈 파일입니다"),
        ("명부.csv", "성명\n홍길동\n".encode(), "필수 열이 없습니다"),
        ("명부.xlsx", b"not a zip", "엑셀(.xlsx) 파일을 열 수 없습니다"),
    ],
)
def test_a_bad_file_gets_400_and_a_korean_message(org, as_user, name, content, message):
    response = upload(as_user(org.hr.user), content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_too_large_file_gets_400(org, as_user, settings):
    from gamdong.org import roster

    response = upload(as_user(org.hr.user), b"a" * (roster.MAX_FILE_BYTES + 1))
    assert response.status_code == 400
    assert "파일이 너무 큽니다" in response.content.decode()


def test_no_file_gets_400(org, as_user):
    response = as_user(org.hr.user).post(reverse("org:roster_import"), {"mode": "create"})
    assert response.status_code == 400
    assert "올릴 파일을 골라 주세요" in response.content.decode()


def test_the_template_downloads_as_csv(org, as_user):
    response = as_user(org.hr.user).get(reverse("org:roster_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith(",".join(HEADER[:3]))


# --- Chart, department, directory ------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(org, client, settings):
    settings.LOGIN_URL = "/accounts/login/"
    response = client.get(reverse("org:chart"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_resident_gets_403_on_every_org_page(org, as_user):
    client = as_user(org.resident)
    for url in (
        reverse("org:chart"),
        reverse("org:directory"),
        reverse("org:department", args=[org.d["여권팀"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "권한이 없습니다" in response.content.decode()


def test_staff_see_the_whole_chart_with_links_only_where_they_may_look(org, as_user):
    page = as_user(org.officer.user).get(reverse("org:chart")).content.decode()
    assert "안전건설국" in page and "목1동 주민센터" in page and "(목1동)" in page
    assert reverse("org:department", args=[org.d["여권팀"].pk]) in page
    assert reverse("org:department", args=[org.d["도로팀"].pk]) not in page


def test_an_officer_cannot_open_another_department(org, as_user):
    response = as_user(org.officer.user).get(reverse("org:department", args=[org.d["도로팀"].pk]))
    assert response.status_code == 403


def test_a_supervisor_sees_their_staff_without_personal_data(org, as_user):
    response = as_user(org.supervisor.user).get(reverse("org:department", args=[org.d["민원여권과"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "이여권" in page and "박민원" in page
    assert "010-1111-0002" not in page and "1002" not in page and "비공개" in page
    assert not Event.objects.filter(event_type=EventType.PERSONAL_DATA_VIEWED).exists()


def test_hr_sees_personal_data_and_the_view_is_logged(org, as_user):
    response = as_user(org.hr.user).get(reverse("org:department", args=[org.d["민원여권과"].pk]))
    page = response.content.decode()
    assert "010-1111-0002" in page and "2015-03-02" in page and "7급 주사보" in page
    event = Event.objects.get(event_type=EventType.PERSONAL_DATA_VIEWED)
    assert event.actor == org.hr.user and "1002" in event.after["employees"]


def test_the_directory_searches_by_name_and_department(org, as_user):
    client = as_user(org.mayor.user)
    by_name = client.get(reverse("org:directory"), {"q": "도로"}).context["rows"]
    assert [r.name for r in by_name] == ["정도로"]
    by_dept = client.get(reverse("org:directory"), {"q": "여권"}).context["rows"]
    assert {r.name for r in by_dept} == {"이여권", "최과장"}  # 여권팀 and 민원여권과
    within = client.get(reverse("org:directory"), {"department": org.d["민원여권과"].pk}).context["rows"]
    assert {r.name for r in within} == {"이여권", "박민원", "최과장"}
    assert all(not r.personal or r.name == "한구청" for r in by_name + within)


def test_the_directory_shows_an_officer_only_their_department(org, as_user):
    rows = as_user(org.officer.user).get(reverse("org:directory")).context["rows"]
    assert [r.name for r in rows] == ["이여권"]
    assert rows[0].personal  # their own data


def _many_staff(org, n=60):
    series = Series.objects.get(name="행정")
    import datetime as dt

    services.employees_create_many(
        actor=None,
        specs=[
            services.EmployeeSpec(
                employee_number=f"5{i:03d}",
                name=f"직원{i}",
                department=org.d["여권팀" if i % 2 else "민원팀"],
                grade=8,
                series=series,
                hire_date=dt.date(2020, 1, 1),
            )
            for i in range(n)
        ],
    )


def test_the_directory_page_uses_a_bounded_number_of_queries(org, as_user, django_assert_max_num_queries):
    _many_staff(org)
    client = as_user(org.hr.user)
    # session, user, roles, employee, count, page of rows, the personal-data event (+ content type)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("org:directory"))
    assert len(response.context["rows"]) == 50


def test_the_department_page_uses_a_bounded_number_of_queries(org, as_user, django_assert_max_num_queries):
    _many_staff(org)
    client = as_user(org.supervisor.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("org:department", args=[org.d["민원여권과"].pk]))
    assert len(response.context["staff"]) == 63


def test_the_chart_page_uses_a_bounded_number_of_queries(org, as_user, django_assert_max_num_queries):
    client = as_user(org.officer.user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("org:chart")).status_code == 200
