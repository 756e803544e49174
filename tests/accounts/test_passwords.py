"""Password reset for residents by a one-time code, and password change for anyone logged in."""

from gamdong.core.events import EventType

from .conftest import RESIDENT_PASSWORD, STAFF_PASSWORD, events

START = "/accounts/password-reset/"
VERIFY = "/accounts/password-reset/verify/"
COMPLETE = "/accounts/password-reset/complete/"
NEW = "Autumn-leaves-88"


def test_resident_resets_password_with_a_code_and_logs_in_with_the_new_one(client, outbox, resident):
    assert client.post(START, {"address": "010-9876-5432"})["Location"] == VERIFY
    assert client.post(VERIFY, {"code": outbox.latest_code("01098765432")})["Location"] == COMPLETE
    response = client.post(COMPLETE, {"password1": NEW, "password2": NEW})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "새 비밀번호로 로그인하세요" in client.get("/accounts/login/").content.decode()
    assert (
        client.post(
            "/accounts/login/", {"username": "juminn@example.kr", "password": RESIDENT_PASSWORD}
        ).status_code
        == 400
    )
    assert (
        client.post("/accounts/login/", {"username": "juminn@example.kr", "password": NEW}).status_code == 302
    )
    [changed] = events(EventType.USER_PASSWORD_CHANGED)
    assert changed.subject_id == str(resident.pk) and changed.actor == resident
    assert events(EventType.USER_VERIFIED)


def test_resetting_the_password_lifts_a_lockout(client, outbox, resident):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "010-9876-5432", "password": "wrong"})
    assert (
        client.post(
            "/accounts/login/", {"username": "010-9876-5432", "password": RESIDENT_PASSWORD}
        ).status_code
        == 429
    )
    client.post(START, {"address": "010-9876-5432"})
    client.post(VERIFY, {"code": outbox.latest_code("01098765432")})
    client.post(COMPLETE, {"password1": NEW, "password2": NEW})
    assert client.post("/accounts/login/", {"username": "010-9876-5432", "password": NEW}).status_code == 302


def test_an_unknown_address_looks_the_same_but_no_code_is_sent(client, outbox, resident):
    response = client.post(START, {"address": "010-5555-6666"})
    assert response["Location"] == VERIFY
    assert outbox.messages() == []
    assert client.post(VERIFY, {"code": "123456"}).status_code == 400
    assert client.get(COMPLETE)["Location"] == START


def test_staff_passwords_are_not_reset_by_code(client, outbox, staff):
    from django.utils import timezone

    staff.phone, staff.phone_verified_at = "01011112222", timezone.now()
    staff.save()
    client.post(START, {"address": "010-1111-2222"})
    assert outbox.messages() == []


def test_weak_new_password_is_refused(client, outbox, resident):
    client.post(START, {"address": "juminn@example.kr"})
    client.post(VERIFY, {"code": outbox.latest_code("juminn@example.kr")})
    response = client.post(COMPLETE, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 400
    assert "숫자로 되어 있습니다" in response.content.decode()
    assert events(EventType.USER_PASSWORD_CHANGED) == []


def test_logged_in_user_changes_password_and_stays_logged_in(client, staff):
    client.force_login(staff)
    page = client.get("/accounts/password/").content.decode()
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page
    response = client.post(
        "/accounts/password/", {"old_password": STAFF_PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert client.get("/api/v1/me").status_code == 200
    staff.refresh_from_db()
    assert staff.check_password(NEW)
    [event] = events(EventType.USER_PASSWORD_CHANGED)
    assert event.actor == staff


def test_password_change_with_a_wrong_current_password_is_400(client, staff):
    client.force_login(staff)
    response = client.post(
        "/accounts/password/", {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 400
    assert "지금 쓰는 비밀번호가 맞지 않습니다" in response.content.decode()


def test_password_change_needs_login(client, db):
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
