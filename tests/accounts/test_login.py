
"""Logging in and out: staff by login id, residents by email or phone; lockout after 5 failures."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gamdong.accounts.models import Role, RoleGrant, User
from gamdong.core.events import EventType

from .conftest import RESIDENT_PASSWORD, STAFF_PASSWORD, events

LOGIN = "/accounts/login/"


def test_login_page_has_the_fields_browsers_and_password_managers_expect(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'autocomplete="username"' in html
    assert 'name="password"' in html and 'autocomplete="current-password"' in html
    assert "<label" in html and "로그인" in html
    # The Content-Security-Policy allows no inline code: every script comes from a file.
    assert " style=" not in html
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_staff_logs_in_with_employee_number_and_lands_on_home(client, staff):
    response = client.post(LOGIN, {"username": "2019001", "password": STAFF_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get("/api/v1/me").json()["username"] == "2019001"
    [event] = events(EventType.USER_LOGGED_IN)
    assert event.actor == staff


def test_wrong_password_shows_a_korean_message_with_400(client, staff):
    response = client.post(LOGIN, {"username": "2019001", "password": "not-the-password"})
    assert response.status_code == 400
    assert "비밀번호가 맞지 않습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session
    [event] = events(EventType.USER_LOGIN_FAILED)
    assert event.after["username"] == "2019001"
    assert "not-the-password" not in str(event.after) + event.note
    assert event.subject_id == str(staff.pk)


def test_empty_form_is_400_with_korean_required_messages(client, db):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 400
    assert "필수 항목" in response.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(client, staff):
    for _ in range(4):
        assert client.post(LOGIN, {"username": "2019001", "password": "wrong"}).status_code == 400
    fifth = client.post(LOGIN, {"username": "2019001", "password": "wrong"})
    assert fifth.status_code == 429
    right = client.post(LOGIN, {"username": "2019001", "password": STAFF_PASSWORD})
    assert right.status_code == 429
    page = right.content.decode()
    assert "로그인이 잠시 잠겼습니다" in page
    assert "30분" in page
    assert "비밀번호 찾기" in page
    assert int(right["Retry-After"]) == 1800
    assert "_auth_user_id" not in client.session
    locked = events(EventType.USER_LOCKED_OUT)
    assert locked and locked[0].after["username"] == "2019001"
    assert locked[0].subject_id == str(staff.pk)


def test_lockout_counts_one_account_however_the_phone_number_is_typed(client, resident):
    forms = ["010-9876-5432", "01098765432", "010 9876 5432", "+82 10-9876-5432", "010.9876.5432"]
    statuses = [client.post(LOGIN, {"username": f, "password": "wrong"}).status_code for f in forms]
    assert statuses == [400, 400, 400, 400, 429]


def test_lockout_is_per_account_so_another_person_can_still_log_in(client, staff, resident):
    for _ in range(5):
        client.post(LOGIN, {"username": "2019001", "password": "wrong"})
    response = client.post(LOGIN, {"username": "juminn@example.kr", "password": RESIDENT_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "typed",
    [
        "juminn@example.kr",
        "JuMinN@Example.KR ",
        "010-9876-5432",
        "01098765432",
        "010 9876 5432",
        "+82 10 9876 5432",
    ],
)
def test_resident_logs_in_with_verified_email_or_phone_in_any_form(client, resident, typed):
    response = client.post(LOGIN, {"username": typed, "password": RESIDENT_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_an_address_that_was_never_verified_does_not_log_in(client, resident):
    resident.phone_verified_at = None
    resident.save()
    response = client.post(LOGIN, {"username": "010-9876-5432", "password": RESIDENT_PASSWORD})
    assert response.status_code == 400


def test_next_is_followed_only_within_the_site(client, staff):
    inside = client.post(LOGIN + "?next=/api/v1/", {"username": "2019001", "password": STAFF_PASSWORD})
    assert inside["Location"] == "/api/v1/"
    client.post("/accounts/logout/")
    outside = client.post(
        LOGIN, {"username": "2019001", "password": STAFF_PASSWORD, "next": "https://evil.example/steal"}
    )
    assert outside["Location"] == reverse("core:home")


def test_logout_needs_post_and_is_recorded(client, staff):
    client.force_login(staff)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    [event] = events(EventType.USER_LOGGED_OUT)
    assert event.actor == staff


def test_inactive_account_cannot_log_in(client, staff):
    staff.is_active = False
    staff.save()
    response = client.post(LOGIN, {"username": "2019001", "password": STAFF_PASSWORD})
    assert response.status_code == 400


def test_a_signed_in_request_reads_the_user_and_their_roles_in_one_query(client, staff):
    """Every page asks for the roles; they come with the user, not as a query of their own."""
    RoleGrant.objects.create(user=staff, role=Role.PLANNER)
    assert client.post(LOGIN, {"username": staff.username, "password": STAFF_PASSWORD}).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
        user = response.wsgi_request.user
        roles = user.role_set
    assert user.pk == staff.pk and roles == {Role.OFFICER, Role.PLANNER}
    assert not [q for q in queries.captured_queries if 'FROM "accounts_rolegrant"' in q["sql"]]


def test_a_user_without_roles_or_no_longer_active_is_read_as_such(client, staff):
    RoleGrant.objects.filter(user=staff).delete()
    client.post(LOGIN, {"username": staff.username, "password": STAFF_PASSWORD})
    assert client.get("/").wsgi_request.user.role_set == frozenset()
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert not client.get("/").wsgi_request.user.is_authenticated
