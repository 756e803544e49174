"""Open311 GeoReport v2 at /open311/v2/ (DESIGN.md contract): the catalogue as services, public
requests that never show residents' personal data, and filing with a district-issued key."""

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.test import Client

from gamdong.complaints.models import Channel, Complaint
from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.open311 import services
from gamdong.open311.models import ApiClient

pytestmark = pytest.mark.django_db
BASE = "/open311/v2/"


@pytest.fixture
def api_key(district):
    return services.api_client_issue(name="국민신문고 연계", hourly_limit=3).key


def test_discovery_and_services_in_json_and_xml(client, district):
    assert client.get(BASE + "discovery.json").json()["endpoints"][0]["formats"] == ["application/json", "text/xml"]
    services_json = client.get(BASE + "services.json").json()
    codes = {s["service_code"]: s for s in services_json}
    assert codes["ROAD-POTHOLE"]["service_name"] == "도로 파손" and codes["ROAD-POTHOLE"]["type"] == "realtime"
    xml = client.get(BASE + "services.xml")
    assert xml["Content-Type"].startswith("text/xml")
    root = ET.fromstring(xml.content)
    assert root.tag == "services"
    assert "도로 파손" in [s.findtext("service_name") for s in root.findall("service")]


def test_a_category_with_extra_questions_has_a_service_definition(client, district):
    district.pothole.extra_questions = [
        {"key": "size", "label": "구멍 크기", "required": True, "type": "choice", "choices": ["작음", "큼"]}]
    district.pothole.save()
    assert next(s for s in client.get(BASE + "services.json").json() if s["service_code"] == "ROAD-POTHOLE")["metadata"]
    definition = client.get(BASE + "services/ROAD-POTHOLE.json").json()
    attribute = definition["attributes"][0]
    assert (attribute["code"], attribute["datatype"], attribute["required"]) == ("size", "singlevaluelist", True)
    assert [v["key"] for v in attribute["values"]] == ["작음", "큼"]
    root = ET.fromstring(client.get(BASE + "services/ROAD-POTHOLE.xml").content)
    assert root.find("attributes/attribute/values/value/name").text == "작음"
    assert client.get(BASE + "services/NOPE.json").status_code == 404


def test_public_requests_never_show_names_contacts_body_or_the_exact_place(client, district, file_complaint):
    complaint = file_complaint(latitude=37.516789, longitude=126.879512, address="감동로 12 앞", dong="감동1동")
    body = client.get(BASE + "requests.json").json()
    assert [r["service_request_id"] for r in body] == [complaint.receipt_number]
    shown = body[0]
    assert shown["description"] == "도로에 구멍이 났어요" and shown["status"] == "open"
    assert shown["address"] == "감동1동" and shown["agency_responsible"] == "도로과"
    assert (shown["lat"], shown["long"]) == (37.517, 126.88)
    text = client.get(BASE + "requests.xml").content.decode()
    for private in ("정주민", "01011112222", "r1@example.com", "감동로 12 앞", "차가 지나갈 때", "37.516789"):
        assert private not in text and private not in str(body)
    one = client.get(BASE + f"requests/{complaint.receipt_number}.json").json()
    assert one[0]["service_request_id"] == complaint.receipt_number
    assert client.get(BASE + "requests/2026-NOPE.json").status_code == 404


def test_requests_filter_by_code_status_and_dates(client, district, file_complaint):
    pothole = file_complaint()
    file_complaint(district.parking, title="불법 주차")
    assert [r["service_code"] for r in client.get(BASE + "requests.json?service_code=PARKING").json()] == ["PARKING"]
    assert client.get(BASE + "requests.json?status=closed").json() == []
    assert len(client.get(BASE + "requests.json?status=open").json()) == 2
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert client.get(BASE + f"requests.json?start_date={future}").json() == []
    bad = client.get(BASE + "requests.json?start_date=어제")
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400 and "start_date" in bad.json()[0]["description"]
    assert client.get(BASE + f"requests.json?service_request_id={pothole.receipt_number}").json()[0]["service_code"] == "ROAD-POTHOLE"


def test_a_client_files_with_its_key_and_a_retry_files_nothing_more(district, api_key):
    client = Client(enforce_csrf_checks=True)  # an outside system has no CSRF token; the key is its proof
    data = {"api_key": api_key, "service_code": "ROAD-POTHOLE", "description": "인도 블록이 깨졌습니다\n자세한 내용",
            "lat": "37.5158", "long": "126.8795", "last_name": "김", "first_name": "민수", "phone": "010-2222-3333"}
    response = client.post(BASE + "requests.json", data, headers={"Idempotency-Key": "retry-1"})
    assert response.status_code == 201, response.content
    receipt = response.json()[0]["service_request_id"]
    assert "처리기한" in response.json()[0]["service_notice"]
    complaint = Complaint.objects.get(receipt_number=receipt)
    assert complaint.channel == Channel.API and complaint.complainant_name == "김 민수"
    assert complaint.title == "인도 블록이 깨졌습니다" and complaint.dong
    again = client.post(BASE + "requests.json", data, headers={"Idempotency-Key": "retry-1"})
    assert again.status_code == 200 and again.json()[0]["service_request_id"] == receipt
    assert Complaint.objects.count() == 1
    assert Event.objects.filter(event_type=EventType.COMPLAINT_SUBMITTED, subject_id=complaint.pk).count() == 1


@pytest.mark.parametrize(("change", "status", "names"), [
    ({"api_key": ""}, 403, "api_key"),
    ({"api_key": "wrong"}, 403, "api_key"),
    ({"service_code": "NOPE"}, 400, "service_code"),
    ({"description": ""}, 400, "description"),
    ({"lat": "35.1", "long": "129.0"}, 400, "lat"),
    ({"email": "not-an-email"}, 400, "email"),
])
def test_bad_requests_are_georeport_errors_and_nothing_is_filed(district, api_key, change, status, names):
    data = {"api_key": api_key, "service_code": "ROAD-POTHOLE", "description": "가로등이 꺼졌어요", **change}
    response = Client().post(BASE + "requests.xml", data)
    assert response.status_code == status
    error = ET.fromstring(response.content).find("error")
    assert error.findtext("code") == str(status) and names in error.findtext("description")
    assert Complaint.objects.count() == 0


def test_a_client_over_its_hourly_limit_gets_429_and_a_revoked_key_403(district, api_key):
    data = {"api_key": api_key, "service_code": "ROAD-POTHOLE", "description": "가로등이 꺼졌어요"}
    for _ in range(3):
        assert Client().post(BASE + "requests.json", data).status_code == 201
    assert Client().post(BASE + "requests.json", data).status_code == 429
    assert Complaint.objects.count() == 3
    services.api_client_revoke(client=ApiClient.objects.get())
    assert Client().post(BASE + "requests.json", data).status_code == 403
    assert Event.objects.filter(event_type=EventType.OPEN311_CLIENT_REVOKED).count() == 1


def test_keys_are_issued_once_and_only_their_hash_is_kept(district, capsys):
    call_command("open311_client", "issue", "시민 앱", "--hourly-limit", "50")
    out = capsys.readouterr().out
    key = out.splitlines()[0].split(": ", 1)[1]
    stored = ApiClient.objects.get(name="시민 앱")
    assert key not in (stored.key_hash, stored.key_prefix) and stored.key_prefix == key[:8]
    assert services.client_for_key(key) == stored
    call_command("open311_client", "list")
    assert "시민 앱" in capsys.readouterr().out
