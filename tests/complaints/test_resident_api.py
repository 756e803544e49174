"""The resident's complaints API: the same rules and messages as the pages."""

import json

import pytest
from django.test import Client

from gamdong.complaints.models import Complaint, Follow, Satisfaction, Status
from gamdong.complaints.services import complaint_answer
from gamdong.core.services import district_setting_change

API = "/api/v1/complaints/"


@pytest.fixture
def api(district):
    district.pothole.group = "도로·교통"
    district.pothole.extra_questions = [{"key": "size", "label": "구멍 크기", "required": True, "type": "text"}]
    district.pothole.save()
    client = Client()
    client.force_login(district.resident)
    return client


def payload(district, **overrides):
    data = {"category": district.pothole.pk, "title": "도로에 큰 구멍", "body": "위험합니다.", "latitude": 37.5229,
            "longitude": 126.8634, "address": "감동로 12 앞", "dong": "감동1동", "extra": {"size": "50cm"}}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post_json(client, url, data=None, **headers):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **headers)


def test_catalogue_is_public(district):
    response = Client().get(API + "categories")
    names = {c["name"]: c for c in response.json()}
    assert response.status_code == 200 and "도로 파손" in names
    assert names["도로 파손"]["group"] == "" or names["도로 파손"]["kind_label"]


def test_resident_journey_through_the_api(api, district):
    response = post_json(api, API, payload(district), HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 201, response.content
    body = response.json()
    number = body["receipt_number"]
    assert body["department"] == "도로과" and body["due_at"] and body["extra_answers"] == {"size": "50cm"}
    assert [s["label"] for s in body["timeline"]] == ["신청", "접수"]
    mine = api.get(API + "mine").json()
    assert mine["count"] == 1 and mine["items"][0]["receipt_number"] == number
    assert mine["items"][0]["latest_step"] == "접수" and mine["items"][0]["following"] is False
    complaint = Complaint.objects.get()
    complaint_answer(complaint=complaint, actor=district.officer.user, body="보수했습니다.")
    detail = api.get(API + number).json()
    assert detail["can_rate"] and detail["can_reopen"] and not detail["can_withdraw"]
    assert detail["answers"][0]["department"] == "도로과"
    rated = post_json(api, f"{API}{number}/rating", {"score": 5, "comment": "좋아요"})
    assert rated.status_code == 200 and rated.json()["answers"][0]["rating"] == 5
    reopened = post_json(api, f"{API}{number}/reopen", {"reason": "다시 파였어요"})
    assert reopened.status_code == 200 and reopened.json()["status"] == Status.RECEIVED
    withdrawn = post_json(api, f"{API}{number}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == Status.CLOSED


def test_multipart_without_photos_files_too(api, district):
    data = {"category": district.pothole.pk, "title": "구멍", "body": "위험", "extra_size": "작음"}
    response = api.post(API, data)
    assert response.status_code == 201 and Complaint.objects.count() == 1


def test_a_retry_with_the_same_idempotency_key_files_once(api, district):
    first = post_json(api, API, payload(district), HTTP_IDEMPOTENCY_KEY="same")
    second = post_json(api, API, payload(district), HTTP_IDEMPOTENCY_KEY="same")
    assert first.status_code == 201 and second.json()["receipt_number"] == first.json()["receipt_number"]
    assert Complaint.objects.count() == 1


def test_error_codes_say_what_kind_of_mistake(api, district):
    assert post_json(api, API, payload(district, title="")).json()["code"] == "required"
    assert post_json(api, API, payload(district, title="가" * 201)).json()["code"] == "too_long"
    assert post_json(api, API, payload(district, category=99999)).json()["code"] == "invalid"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"title": ""}, "title", "제목을 적어 주세요."),
    ({"title": "가" * 201}, "title", "제목은 200자 이내로 적어 주세요."),
    ({"body": "가" * 4001}, "body", "내용은 4000자 이내로 적어 주세요."),
    ({"category": 99999}, "category", "목록에 없는 민원 종류입니다. 다시 골라 주세요."),
    ({"longitude": None}, "longitude", "위치는 위도와 경도를 함께 적어 주세요(지도에서 고르면 함께 채워집니다)."),
    ({"latitude": 200}, "latitude", "위도는 -90부터 90 사이의 숫자입니다."),
    ({"extra": {}}, "extra_size", "'구멍 크기'에 답해 주세요."),
    ({"latitude": 37.4, "longitude": 127.1}, "latitude",
     "선택한 위치가 감동구 밖입니다. 감동구 안의 위치를 지도에서 선택하거나 주소를 입력해 주세요."),
])
def test_bad_input_gets_one_error_shape_in_korean_and_nothing_stored(api, district, change, field, message):
    response = post_json(api, API, payload(district, **change))
    assert response.status_code == 400
    assert response.json() == {"code": response.json()["code"], "message": message, "field": field}
    assert not Complaint.objects.exists()


def test_multipart_with_photos(api, district):
    from tests.complaints.test_resident_pages import jpeg_with_gps

    data = {"category": district.pothole.pk, "title": "구멍", "body": "위험", "extra_size": "작음",
            "photos": [jpeg_with_gps("x"), jpeg_with_gps("y")]}
    response = api.post(API, data)
    assert response.status_code == 201 and len(response.json()["photos"]) == 2


def test_too_many_photos_in_the_api_is_a_400(api, district):
    from tests.complaints.test_resident_pages import jpeg_with_gps

    data = {"category": district.pothole.pk, "title": "구멍", "body": "위험", "extra_size": "작음",
            "photos": [jpeg_with_gps(str(i)) for i in range(6)]}
    response = api.post(API, data)
    assert response.status_code == 400 and response.json()["field"] == "photos"
    assert response.json()["code"] == "too_many_photos" and not Complaint.objects.exists()


def test_a_body_that_is_not_json_is_a_400(api):
    response = api.post(API, "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["message"] == "요청 본문이 올바른 JSON이 아닙니다."


def test_anonymous_cannot_file(district):
    response = post_json(Client(), API, payload(district))
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_another_resident_gets_404_and_a_follower_a_masked_view(api, district):
    number = post_json(api, API, payload(district)).json()["receipt_number"]
    other = Client()
    other.force_login(district.resident2)
    missing = other.get(API + number)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert post_json(other, f"{API}{number}/withdraw").status_code == 404
    assert post_json(other, f"{API}{number}/follow").status_code == 200
    masked = other.get(API + number).json()
    assert masked["following"] is True and masked["dong"] == "감동1동"
    assert masked["body"] is None and masked["address"] is None and masked["latitude"] is None
    assert "정주민" not in json.dumps(masked, ensure_ascii=False)
    assert Follow.objects.filter(user=district.resident2).exists()


def test_one_cannot_follow_ones_own_complaint(api, district):
    number = post_json(api, API, payload(district)).json()["receipt_number"]
    response = post_json(api, f"{API}{number}/follow")
    assert response.status_code == 400 and response.json()["code"] == "own_complaint"


def test_similar_lists_open_ones_nearby_without_private_details(api, district, file_complaint):
    file_complaint(district.pothole, resident=district.resident2, title="이웃 구멍", latitude="37.523800",
                   longitude="126.863400", address="감동로 10-3 101호", dong="감동1동")
    response = api.get(API + "similar", {"category": district.pothole.pk, "lat": 37.5229, "lng": 126.8634})
    [item] = response.json()
    assert item["title"] == "이웃 구멍" and item["distance_m"] == 100 and item["dong"] == "감동1동"
    assert "101호" not in response.content.decode() and "한이웃" not in response.content.decode()
    bad = api.get(API + "similar", {"category": 99999})
    assert bad.status_code == 400 and bad.json()["field"] == "category"


def test_rating_out_of_range_is_refused(api, district):
    number = post_json(api, API, payload(district)).json()["receipt_number"]
    complaint_answer(complaint=Complaint.objects.get(), actor=district.officer.user, body="보수했습니다.")
    response = post_json(api, f"{API}{number}/rating", {"score": 7})
    assert response.status_code == 400 and response.json()["message"] == "만족도는 1점부터 5점까지입니다."
    assert not Satisfaction.objects.exists()


def test_filing_over_the_hourly_limit_is_429(api, district):
    district_setting_change(actor=None, key="complaints.submissions_per_hour", raw_value="1")
    assert post_json(api, API, payload(district)).status_code == 201
    response = post_json(api, API, payload(district, title="또"))
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"
    assert Complaint.objects.count() == 1


def test_my_list_in_the_api_has_bounded_queries(api, district, file_complaint, django_assert_max_num_queries):
    for i in range(12):
        file_complaint(district.pothole, title=f"구멍 {i}")
    with django_assert_max_num_queries(10):
        response = api.get(API + "mine")
    assert response.json()["count"] == 12
