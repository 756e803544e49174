"""Resident sign-up: address → one-time code → name and password → logged in as a resident."""

from datetime import timedelta

import pytest
from django.urls import reverse

from gamdong.accounts.models import Role, User, UserKind, VerificationCode
from gamdong.core.events import EventType

from .conftest import RESIDENT_PASSWORD, events

START = "/accounts/signup/"
VERIFY = "/accounts/signup/verify/"
COMPLETE = "/accounts/signup/complete/"


def sign_up(client, outbox, typed: str, to: str, *, name="박새봄", password="Spring-garden-42"):
    assert client.post(START, {"address": typed})["Location"] == VERIFY
    code = outbox.latest_code(to)
    assert client.post(VERIFY, {"code": code})["Location"] == COMPLETE
    return client.post(COMPLETE, {"name": name, "password1": password, "password2": password})


def test_resident_signs_up_by_phone_reading_the_code_from_the_outbox(client, outbox):
    response = sign_up(client, outbox, "010-1234-5678", "01012345678")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    user = User.objects.get(phone="01012345678")
    assert user.kind == UserKind.RESIDENT and user.name == "박새봄"
    assert user.phone_verified_at is not None and user.email_verified_at is None
    assert user.has_role(Role.RESIDENT)
    assert client.session["_auth_user_id"] == str(user.pk)
    [message] = outbox.messages("01012345678")
    assert "[감동구] 인증번호" in message and "(10분 안에 입력하세요)" in message
    assert [e.subject_id for e in events(EventType.USER_SIGNED_UP)] == [str(user.pk)]
    assert events(EventType.USER_VERIFIED)[0].after == {"channel": "phone"}


def test_resident_signs_up_by_email_and_then_logs_in_with_it(client, outbox):
    response = sign_up(client, outbox, "Saebom@Example.KR", "saebom@example.kr")
    assert response.status_code == 302
    user = User.objects.get(email="saebom@example.kr")
    assert user.email_verified_at is not None
    client.post("/accounts/logout/")
    login = client.post("/accounts/login/", {"username": "SAEBOM@example.kr", "password": "Spring-garden-42"})
    assert login.status_code == 302


def test_codes_are_stored_only_as_hashes(client, outbox):
    client.post(START, {"address": "010-1234-5678"})
    code = outbox.latest_code("01012345678")
    row = VerificationCode.objects.get()
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert row.created_ip == "127.0.0.1"


def test_the_code_page_has_one_time_code_hints(client, outbox):
    client.post(START, {"address": "010-1234-5678"})
    html = client.get(VERIFY).content.decode()
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert "010-1234-5678" in html


def test_an_invalid_phone_or_email_is_refused_with_400(client, outbox):
    for typed in ["02-123-4567", "010-12-34", "not an address", "a@b"]:
        response = client.post(START, {"address": typed})
        assert response.status_code == 400
        assert "정확히 입력하세요" in response.content.decode()
    assert outbox.messages() == []


def test_an_expired_code_is_refused(client, outbox):
    client.post(START, {"address": "010-1234-5678"})
    code = outbox.latest_code("01012345678")
    row = VerificationCode.objects.get()
    VerificationCode.objects.filter(pk=row.pk).update(
        created_at=row.created_at - timedelta(minutes=11), expires_at=row.expires_at - timedelta(minutes=11)
    )
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 400
    assert "유효 시간(10분)이 지났습니다" in response.content.decode()
    assert client.get(COMPLETE)["Location"] == START


def test_five_wrong_codes_kill_the_code_even_the_right_one_after(client, outbox):
    client.post(START, {"address": "010-1234-5678"})
    code = outbox.latest_code("01012345678")
    wrong = "000000" if code != "000000" else "111111"
    for left in [4, 3, 2, 1]:
        response = client.post(VERIFY, {"code": wrong})
        assert response.status_code == 400
        assert f"{left}번 더 입력할 수 있습니다" in response.content.decode()
    fifth = client.post(VERIFY, {"code": wrong})
    assert fifth.status_code == 429
    after = client.post(VERIFY, {"code": code})
    assert after.status_code == 429
    assert "새 인증번호를 요청하세요" in after.content.decode()
    assert not User.objects.filter(phone="01012345678").exists()


def test_resending_too_soon_is_refused_with_429(client, outbox):
    client.post(START, {"address": "010-1234-5678"})
    response = client.post(VERIFY, {"action": "resend"})
    assert response.status_code == 429
    assert "뒤에 다시 요청하세요" in response.content.decode()
    assert len(outbox.messages("01012345678")) == 1


def test_resend_after_a_minute_replaces_the_old_code(client, outbox):
    client.post(START, {"address": "010-1234-5678"})
    first = outbox.latest_code("01012345678")
    VerificationCode.objects.all().update(
        created_at=VerificationCode.objects.get().created_at - timedelta(seconds=61)
    )
    response = client.post(VERIFY, {"action": "resend"})
    assert response.status_code == 200
    assert "새 인증번호를 보냈습니다" in response.content.decode()
    second = outbox.latest_code("01012345678")
    if first != second:
        assert client.post(VERIFY, {"code": first}).status_code == 400
    assert client.post(VERIFY, {"code": second})["Location"] == COMPLETE


def test_codes_per_address_per_hour_are_limited(client, outbox, settings):
    settings.VERIFICATION_RESEND_INTERVAL_SECONDS = 0
    settings.VERIFICATION_MAX_PER_HOUR_ADDRESS = 3
    statuses = [client.post(START, {"address": "010-1234-5678"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(outbox.messages()) == 3


def test_codes_per_ip_per_hour_are_limited(client, outbox, settings):
    settings.VERIFICATION_MAX_PER_HOUR_IP = 2
    statuses = [client.post(START, {"address": f"010-1234-567{i}"}).status_code for i in range(3)]
    assert statuses == [302, 302, 429]


def test_an_address_already_registered_gets_a_clear_message_and_the_way_to_log_in(client, outbox, resident):
    response = client.post(START, {"address": "010-9876-5432"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "이미 가입된 주소입니다" in html
    assert reverse("accounts:login") in html and reverse("accounts:password_reset") in html
    assert resident.name not in html
    assert outbox.messages() == []


@pytest.mark.parametrize(
    ("password", "message"),
    [("abc12", "너무 짧습니다"), ("12345678", "숫자로"), ("password1", "흔히 사용되는")],
)
def test_a_weak_password_is_refused_in_korean_and_nothing_is_created(client, outbox, password, message):
    response = sign_up(client, outbox, "010-1234-5678", "01012345678", password=password)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(phone="01012345678").exists()
    assert events(EventType.USER_SIGNED_UP) == []
    # the verified code still works for a better password
    response = client.post(
        COMPLETE, {"name": "박새봄", "password1": RESIDENT_PASSWORD, "password2": RESIDENT_PASSWORD}
    )
    assert response.status_code == 302


def test_mismatched_passwords_are_refused(client, outbox):
    client.post(START, {"address": "010-1234-5678"})
    client.post(VERIFY, {"code": outbox.latest_code("01012345678")})
    response = client.post(
        COMPLETE, {"name": "박새봄", "password1": RESIDENT_PASSWORD, "password2": "other-pass-99"}
    )
    assert response.status_code == 400
    assert "두 비밀번호가 같지 않습니다" in response.content.decode()


def test_the_last_step_cannot_be_reached_without_a_verified_code(client, outbox):
    assert client.get(COMPLETE)["Location"] == START
    client.post(START, {"address": "010-1234-5678"})
    assert client.get(COMPLETE)["Location"] == START
    assert client.get(VERIFY).status_code == 200


def test_a_used_code_cannot_make_a_second_account(client, outbox):
    sign_up(client, outbox, "010-1234-5678", "01012345678")
    session_flow = {"channel": "sms", "address": "01012345678"}
    session = client.session
    session["accounts.signup"] = session_flow
    session.save()
    response = client.post(VERIFY, {"code": outbox.latest_code("01012345678")})
    assert response.status_code == 400
    assert User.objects.filter(phone="01012345678").count() == 1


class BrokenGateway:
    """A gateway that is down (stands in for an external SMS provider)."""

    def send(self, message):
        from gamdong.accounts.verification import CodeSendError

        raise CodeSendError("gateway unreachable")


def test_a_gateway_failure_tells_the_person_to_try_later_and_keeps_no_code(client, outbox, settings):
    settings.VERIFICATION_BACKEND = "tests.accounts.test_signup.BrokenGateway"
    response = client.post(START, {"address": "010-1234-5678"})
    assert response.status_code == 503
    assert "잠시 후 다시 시도하세요" in response.content.decode()
    assert not VerificationCode.objects.exists()


def test_console_sender_prints_the_korean_message(client, db, settings, capsys):
    settings.VERIFICATION_BACKEND = "gamdong.accounts.verification.ConsoleCodeSender"
    assert client.post(START, {"address": "010-1234-5678"}).status_code == 302
    out = capsys.readouterr().out
    assert "01012345678" in out and "[감동구] 인증번호" in out and "(10분 안에 입력하세요)" in out
