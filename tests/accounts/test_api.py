"""Sign-up over the JSON API, and its errors in the {code, message, field} shape."""

from datetime import timedelta

from gamdong.accounts.models import Role, User, VerificationCode
from gamdong.core.events import EventType

from .conftest import events

API = "/api/v1/accounts"


def post(client, path, body):
    return client.post(f"{API}{path}", body, content_type="application/json")


def test_api_sign_up_from_code_to_account(client, outbox):
    sent = post(client, "/codes", {"address": "010-2222-3333"})
    assert sent.status_code == 202
    assert sent.json() == {
        "channel": "sms",
        "masked_address": "010-****-3333",
        "expires_in": 600,
        "resend_after": 60,
    }
    code = outbox.latest_code("01022223333")
    verified = post(client, "/codes/verify", {"address": "01022223333", "code": code})
    assert verified.status_code == 200
    token = verified.json()["token"]
    created = post(client, "/signup", {"token": token, "name": "최가을", "password": "Maple-road-2026"})
    assert created.status_code == 201
    body = created.json()
    assert body["kind"] == "resident" and body["phone"] == "01022223333"
    user = User.objects.get(username=body["username"])
    assert user.has_role(Role.RESIDENT)
    assert len(events(EventType.USER_SIGNED_UP)) == 1 and len(events(EventType.USER_VERIFIED)) == 1
    again = post(client, "/signup", {"token": token, "name": "최가을", "password": "Maple-road-2026"})
    assert again.status_code == 400 and again.json()["code"] == "invalid_token"


def test_api_errors_have_one_shape(client, outbox, resident):
    bad = post(client, "/codes", {"address": "02-123-4567"})
    assert bad.status_code == 400
    assert bad.json() == {
        "code": "invalid_address",
        "message": "이메일 주소나 휴대전화 번호(예: 010-1234-5678)를 정확히 입력하세요.",
        "field": "address",
    }
    taken = post(client, "/codes", {"address": "juminn@example.kr"})
    assert taken.status_code == 409 and taken.json()["code"] == "already_registered"
    missing = post(client, "/codes/verify", {"address": "010-2222-3333"})
    assert missing.status_code == 400 and missing.json()["field"] == "code"
    none_sent = post(client, "/codes/verify", {"address": "010-2222-3333", "code": "123456"})
    assert none_sent.status_code == 400 and none_sent.json()["code"] == "no_code"


def test_api_resend_too_soon_is_429_with_retry_after(client, outbox):
    assert post(client, "/codes", {"address": "010-2222-3333"}).status_code == 202
    again = post(client, "/codes", {"address": "010-2222-3333"})
    assert again.status_code == 429
    assert again.json()["code"] == "rate_limited"
    assert 0 < int(again["Retry-After"]) <= 60


def test_api_wrong_codes_then_too_many_attempts(client, outbox):
    post(client, "/codes", {"address": "gaeul@example.kr"})
    code = outbox.latest_code("gaeul@example.kr")
    wrong = "000000" if code != "000000" else "111111"
    answers = [
        post(client, "/codes/verify", {"address": "gaeul@example.kr", "code": wrong}) for _ in range(5)
    ]
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 429]
    assert answers[0].json()["code"] == "wrong_code"
    assert answers[-1].json()["code"] == "too_many_attempts"


def test_api_expired_code(client, outbox):
    post(client, "/codes", {"address": "gaeul@example.kr"})
    code = outbox.latest_code("gaeul@example.kr")
    row = VerificationCode.objects.get()
    VerificationCode.objects.filter(pk=row.pk).update(
        created_at=row.created_at - timedelta(minutes=20), expires_at=row.expires_at - timedelta(minutes=20)
    )
    response = post(client, "/codes/verify", {"address": "gaeul@example.kr", "code": code})
    assert response.status_code == 400 and response.json()["code"] == "code_expired"


def test_api_weak_password_and_forged_token(client, outbox):
    post(client, "/codes", {"address": "gaeul@example.kr"})
    token = post(
        client,
        "/codes/verify",
        {"address": "gaeul@example.kr", "code": outbox.latest_code("gaeul@example.kr")},
    ).json()["token"]
    weak = post(client, "/signup", {"token": token, "name": "최가을", "password": "1234"})
    assert weak.status_code == 400
    assert weak.json()["code"] == "weak_password" and weak.json()["field"] == "password"
    forged = post(client, "/signup", {"token": token + "x", "name": "최가을", "password": "Maple-road-2026"})
    assert forged.status_code == 400 and forged.json()["code"] == "invalid_token"
    too_long = post(client, "/signup", {"token": token, "name": "가" * 51, "password": "Maple-road-2026"})
    assert too_long.status_code == 400 and too_long.json()["field"] == "name"
    assert not User.objects.filter(email="gaeul@example.kr").exists()


def test_api_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {f"{'/api/v1/accounts'}{p}" for p in ["/codes", "/codes/verify", "/signup"]} <= set(paths)
