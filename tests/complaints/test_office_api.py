"""The staff complaint API: the inbox, the masked detail, the logged reveal, each action with
expected_version, errors in the {code, message, field} shape, and phone registration."""

import json

import pytest

from gamdong.complaints.models import Complaint, Status
from gamdong.complaints.services import complaint_answer, complaint_assign
from gamdong.core.events import EventType
from gamdong.core.models import Event
from tests.complaints.office_helpers import add_officer, logged_in

pytestmark = pytest.mark.django_db
BASE = "/api/v1/office/complaints/"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_inbox_lists_open_complaints_nearest_deadline_first(client, district, file_complaint):
    question = file_complaint(district.question, title="질의")
    pothole = file_complaint(title="구멍")
    logged_in(client, district.supervisor)

    body = client.get(BASE).json()

    assert body["view"] == "department"
    assert [i["id"] for i in body["items"]] == [pothole.pk, question.pk]
    assert body["counts"]["unassigned"] == 2
    assert body["items"][0]["time_left"] and "version" in body["items"][0]
    assert [i["id"] for i in client.get(BASE, {"kind": "inquiry_law"}).json()["items"]] == [question.pk]


def test_detail_is_masked_and_reveal_is_logged(client, district, file_complaint):
    complaint = file_complaint()
    complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    logged_in(client, district.officer)

    detail = client.get(f"{BASE}{complaint.pk}").json()
    assert detail["complainant"] == {"name": "정*민", "phone": "010-****-2222", "email": "",
                                     "masked": True}
    assert "정주민" not in json.dumps(detail, ensure_ascii=False)

    missing = post(client, f"{BASE}{complaint.pk}/reveal", {"reason": ""})
    assert missing.status_code == 400 and missing.json()["field"] == "reason"
    shown = post(client, f"{BASE}{complaint.pk}/reveal", {"reason": "통화"}).json()
    assert shown["complainant"]["name"] == "정주민" and shown["complainant"]["masked"] is False
    assert Event.objects.filter(event_type=EventType.PERSONAL_DATA_VIEWED, note="통화").count() == 1


def test_assign_then_answer_through_the_api(client, district, file_complaint):
    complaint = file_complaint()
    logged_in(client, district.supervisor)
    assigned = post(client, f"{BASE}{complaint.pk}/assign",
                    {"expected_version": complaint.version, "officer": district.officer.pk})
    assert assigned.status_code == 200 and assigned.json()["status"] == Status.ASSIGNED

    logged_in(client, district.officer)
    answered = post(client, f"{BASE}{complaint.pk}/answer",
                    {"expected_version": assigned.json()["version"], "body": "고쳤습니다."})
    assert answered.status_code == 200 and answered.json()["answers"][0]["officer_name"] == "김도로"


@pytest.mark.parametrize(
    "action,body",
    [
        ("transfer", lambda d: {"to_department": d.parks.pk, "reason": "소관"}),
        ("transfer_out", lambda d: {"agency": "경찰서", "reason": "소관"}),
        ("extend", lambda d: {"hours": 3, "reason": "자재 수급"}),
        ("refuse", lambda d: {"reasons": "사유", "remedies": "행정심판"}),
    ],
)
def test_each_office_action_works_through_the_api(client, district, file_complaint, action, body):
    complaint = file_complaint()
    logged_in(client, district.supervisor)
    response = post(client, f"{BASE}{complaint.pk}/{action}", {"expected_version": complaint.version, **body(district)})
    assert response.status_code == 200, response.json()
    complaint.refresh_from_db()
    assert complaint.version > 1


def test_a_stale_version_is_409_in_the_error_shape_and_nothing_changes(client, district, file_complaint):
    complaint = file_complaint()
    complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    seen = complaint.version
    complaint_answer(complaint=complaint, actor=district.officer.user, body="먼저")
    logged_in(client, district.supervisor)

    response = post(client, f"{BASE}{complaint.pk}/transfer_out",
                    {"expected_version": seen, "agency": "구청", "reason": "x"})

    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and "다른 직원" in response.json()["message"]
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED


def test_errors_and_permissions(client, district, file_complaint):
    complaint = file_complaint()
    logged_in(client, district.supervisor)
    bad = post(client, f"{BASE}{complaint.pk}/assign", {"expected_version": complaint.version, "officer": 999999})
    assert bad.status_code == 400 and bad.json()["field"] == "officer"
    assert post(client, f"{BASE}{complaint.pk}/answer", {"body": "x"}).status_code == 400  # no version

    logged_in(client, district.park_officer)
    assert client.get(f"{BASE}{complaint.pk}").status_code == 403
    denied = post(client, f"{BASE}{complaint.pk}/answer", {"expected_version": complaint.version, "body": "x"})
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"

    logged_in(client, district.resident)
    assert client.get(BASE).status_code == 403
    client.logout()
    assert client.get(BASE).status_code == 401


def test_phone_registration_through_the_api_honours_the_idempotency_key(client, district):
    clerk = add_officer(district.intake, "20190001", "오접수")
    logged_in(client, clerk)
    body = {"channel": "phone", "category": district.pothole.pk, "title": "전화 접수", "body": "신호등 고장",
            "complainant_name": "홍길동", "complainant_phone": "01099998888"}

    first = client.post(BASE, json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(BASE, json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert Complaint.objects.filter(title="전화 접수").count() == 1
    no_phone = post(client, BASE, {**body, "complainant_phone": ""})
    assert no_phone.status_code == 400 and no_phone.json()["field"] == "complainant_phone"
