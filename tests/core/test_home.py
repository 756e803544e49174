"""The home page each kind of person gets, the frame around every page, and the error pages."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import translation

from gamdong.accounts.models import Role
from gamdong.core.home import day_status
from tests.browser.harness import create_user


@pytest.mark.django_db
def test_a_visitor_gets_the_landing_with_login_signup_and_calculator(client):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html
    assert 'href="/accounts/signup/"' in html
    assert 'href="/calendar/"' in html
    assert 'href="/admin/"' not in html


@pytest.mark.django_db
def test_the_frame_names_the_district_from_its_setting(client):
    from gamdong.core.models import DistrictSetting

    DistrictSetting.objects.create(key="district.name", value="양천구")
    html = client.get("/").content.decode()
    assert '<span class="gd-brand__name">양천구</span>' in html
    assert "<title>양천구 |" in html


@pytest.mark.django_db
def test_no_page_of_the_frame_carries_inline_script_or_style(client):
    html = client.get("/").content.decode()
    assert "style=" not in html
    assert "<style" not in html
    for chunk in html.split("<script")[1:]:
        assert chunk.lstrip().startswith("src="), "every <script> loads a file"


@pytest.mark.django_db
def test_a_resident_sees_only_their_verified_contacts_as_verified(client):
    resident = create_user("r1", name="이주민", email="a@example.kr", phone="01012345678")
    client.force_login(resident)
    html = client.get("/").content.decode()
    assert "이주민님, 안녕하세요" in html
    assert "확인됨" not in html
    assert html.count("확인 전") == 2


@pytest.mark.django_db
def test_staff_see_one_card_per_role_they_hold_and_no_other(client):
    user = create_user("s1", name="박직원", roles=[Role.OFFICER, Role.HR])
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'data-role="officer"' in html and 'data-role="hr"' in html
    for other in ("supervisor", "committee", "mayor", "admin"):
        assert f'data-role="{other}"' not in html
    assert 'href="/admin/"' not in html


@pytest.mark.django_db
def test_only_those_who_may_enter_the_admin_get_its_link(client):
    admin = create_user("a1", name="관리자", roles=[Role.ADMIN], is_staff=True)
    client.force_login(admin)
    assert 'href="/admin/"' in client.get("/").content.decode()
    not_staff = create_user("a2", name="역할만", roles=[Role.ADMIN])
    client.force_login(not_staff)
    assert 'href="/admin/"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_staff_without_roles_are_told_to_ask_for_one(client):
    user = create_user("s2", name="신규", kind="staff")
    client.force_login(user)
    assert "아직 부여된 역할이 없습니다" in client.get("/").content.decode()


@pytest.mark.django_db
def test_staff_home_shows_department_path_position_and_grade_of_the_employee(client):
    import datetime as dt

    from gamdong.org import services as org
    from gamdong.org.models import DepartmentKind, Series

    root, bureau, division = org.departments_create_many(
        actor=None,
        specs=[
            org.DepartmentSpec(code="R", name="감동구청", kind=DepartmentKind.DISTRICT),
            org.DepartmentSpec(code="B", name="행정안전국", kind=DepartmentKind.BUREAU, parent_code="R"),
            org.DepartmentSpec(code="D", name="민원여권과", kind=DepartmentKind.DIVISION, parent_code="B"),
        ],
    )
    employee = org.employee_create(
        actor=None, employee_number="20200001", name="김주무", department=division, grade=7,
        series=Series.objects.get(code="admin"), hire_date=dt.date(2020, 3, 2), position="주무관",
    )
    client.force_login(employee.user)
    html = client.get("/").content.decode()
    assert "행정안전국 민원여권과" in html
    assert "주무관" in html and "7급 주사보" in html
    assert "감동구청 행정안전국" not in html  # the root is not repeated


@pytest.mark.parametrize(
    ("day", "working", "reason"),
    [
        (dt.date(2026, 11, 26), True, ""),  # a Thursday
        (dt.date(2026, 11, 28), False, "토요일"),
        (dt.date(2026, 11, 29), False, "일요일"),
        (dt.date(2026, 7, 17), False, "제헌절"),  # public holiday again from 2026
        (dt.date(2026, 5, 1), False, "노동절"),
    ],
)
@pytest.mark.django_db
def test_today_is_a_working_day_unless_weekend_or_public_holiday(day, working, reason):
    with translation.override("ko"):
        status = day_status(day)
    assert status.is_working_day is working
    assert reason in status.reason


@pytest.mark.django_db
def test_the_english_switch_translates_the_frame(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Deadline calculator" in html


@pytest.mark.django_db
def test_an_unknown_address_gets_the_korean_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


@pytest.mark.django_db
def test_a_permission_denied_gets_the_korean_403_page(client, settings):
    from django.core.exceptions import PermissionDenied
    from django.urls import path

    def forbidden(request):
        raise PermissionDenied

    import gamdong.urls

    urlconf = type("urlconf", (), {"urlpatterns": [path("forbidden/", forbidden), *gamdong.urls.urlpatterns]})
    with override_settings(ROOT_URLCONF=urlconf):
        response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "접근 권한이 없습니다" in response.content.decode()


def test_the_500_page_renders_without_a_request_or_database():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "일시적인 오류가 발생했습니다" in html
    assert "로그인" not in html


@pytest.mark.django_db
def test_the_privacy_policy_page_exists_and_the_footer_links_to_it(client):
    assert client.get("/privacy/").status_code == 200
    assert 'href="/privacy/"' in client.get("/").content.decode()
