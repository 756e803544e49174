"""/api/v1/field/: the same rules as the pages, errors as {code, message, field}."""

import pytest
from django.utils import timezone

from gamdong.field.models import DialogueItem, FieldVisit


@pytest.fixture
def api(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def test_an_officer_schedules_records_and_lists_visits(district, file_complaint, api):
    complaint = file_complaint(address="감동로 3")
    client = api(district.officer.user)
    when = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0).isoformat()

    created = client.post("/api/v1/field/visits", {"complaint_ids": [complaint.pk], "scheduled_for": when},
                          content_type="application/json")
    assert created.status_code == 201, created.json()
    visit_id = created.json()["id"]
    assert created.json()["complaints"][0]["receipt_number"] == complaint.receipt_number

    listed = client.get("/api/v1/field/visits").json()
    assert [v["id"] for v in listed] == [visit_id]

    missing = client.post(f"/api/v1/field/visits/{visit_id}/record", {"findings": ""},
                          content_type="application/json")
    assert missing.status_code == 400 and missing.json()["field"] == "findings"
    done = client.post(f"/api/v1/field/visits/{visit_id}/record", {"findings": "확인 완료"},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_another_departments_officer_gets_a_403_in_the_error_shape(district, file_complaint, api):
    complaint = file_complaint()
    response = api(district.park_officer.user).post(
        "/api/v1/field/visits", {"complaint_ids": [complaint.pk], "scheduled_for": timezone.now().isoformat()},
        content_type="application/json")
    assert response.status_code == 403
    assert set(response.json()) == {"code", "message", "field"}
    assert not FieldVisit.objects.exists()


def test_residents_get_403_from_the_field_api(district, api):
    assert api(district.resident).get("/api/v1/field/visits").status_code == 403


def test_dialogues_through_the_api(district, api):
    client = api(district.supervisor.user)
    created = client.post("/api/v1/field/dialogues", {"held_at": "2026-06-16T14:00:00+09:00", "place": "구청",
                                                      "title": "구청장과의 대화", "attendee_count": 12},
                          content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    item = client.post(f"/api/v1/field/dialogues/{pk}/inconveniences",
                       {"text": "횡단보도 신호가 짧아요", "category_code": "ROAD-POTHOLE"},
                       content_type="application/json")
    assert item.status_code == 201 and item.json()["complaint"]["status"] == "received"
    unknown = client.post(f"/api/v1/field/dialogues/{pk}/inconveniences", {"text": "x", "category_code": "NOPE"},
                          content_type="application/json")
    assert unknown.status_code == 400 and unknown.json()["field"] == "category_code"
    client.post(f"/api/v1/field/dialogues/{pk}/ideas", {"text": "공원 도서관"}, content_type="application/json")
    detail = client.get(f"/api/v1/field/dialogues/{pk}").json()
    assert [i["kind"] for i in detail["items"]] == ["inconvenience", "idea"]
    assert DialogueItem.objects.count() == 2
    assert [d["id"] for d in client.get("/api/v1/field/dialogues").json()] == [pk]
