"""Idempotency-Key on API writes: a retried request gets the first answer, not a second change."""

import pytest

from gamdong.accounts.models import VerificationCode

URL = "/api/v1/accounts/codes"


def post(client, body, key):
    return client.post(URL, body, content_type="application/json", headers={"Idempotency-Key": key})


@pytest.mark.django_db
def test_a_retry_with_the_same_key_replays_the_first_answer_and_sends_one_code(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    body = {"address": "010-2222-3333", "purpose": "signup"}
    first = post(client, body, "retry-1")
    again = post(client, body, "retry-1")
    assert first.status_code == 202, first.content
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again["Idempotent-Replayed"] == "true"
    assert VerificationCode.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_for_a_different_request_is_refused_in_korean(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    post(client, {"address": "010-2222-3333", "purpose": "signup"}, "k")
    other = post(client, {"address": "010-4444-5555", "purpose": "signup"}, "k")
    assert other.status_code == 422
    assert other.json() == {"code": "key_reused", "message": "이 Idempotency-Key는 다른 요청에 이미 쓰였습니다.",
                            "field": "Idempotency-Key"}
    assert VerificationCode.objects.count() == 1


@pytest.mark.django_db
def test_without_a_key_each_request_is_its_own(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    client.post(URL, {"address": "010-2222-3333", "purpose": "signup"}, content_type="application/json")
    second = client.post(URL, {"address": "010-6666-7777", "purpose": "signup"}, content_type="application/json")
    assert second.status_code == 202
    assert VerificationCode.objects.count() == 2


def _left_in_progress_by_a_dead_request(body, key, *, age_seconds):
    """What a server killed mid-request leaves: the key claimed, none of the work committed."""
    import datetime as dt
    import hashlib
    import json

    from django.utils import timezone

    from gamdong.core.models import IdempotencyRecord

    digest = hashlib.sha256()
    for part in (b"POST", URL.encode(), json.dumps(body).encode()):
        digest.update(part)
    IdempotencyRecord.objects.create(owner="ip:127.0.0.1", key=key, fingerprint=digest.hexdigest(), status_code=0,
                                     created_at=timezone.now() - dt.timedelta(seconds=age_seconds))


@pytest.mark.django_db
def test_a_key_left_in_progress_by_a_dead_request_is_taken_over_by_the_retry(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.IDEMPOTENCY_IN_PROGRESS_SECONDS = 90
    body = {"address": "010-2222-3333", "purpose": "signup"}
    _left_in_progress_by_a_dead_request(body, "crashed", age_seconds=91)
    retried = post(client, body, "crashed")
    assert retried.status_code == 202, retried.content
    assert VerificationCode.objects.count() == 1
    assert post(client, body, "crashed")["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_a_key_in_progress_for_less_than_the_limit_still_answers_409(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.IDEMPOTENCY_IN_PROGRESS_SECONDS = 90
    body = {"address": "010-2222-3333", "purpose": "signup"}
    _left_in_progress_by_a_dead_request(body, "running", age_seconds=5)
    assert post(client, body, "running").status_code == 409
    assert VerificationCode.objects.count() == 0
