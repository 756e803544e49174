"""The reference data a filing reads is kept in the process (gamdong.complaints.reference) and a
change to it is seen by the next filing: a category changed or closed, a new 주민센터 (also when
created in bulk by an import), the intake department moved."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gamdong.complaints import reference
from gamdong.complaints.models import Category, Complaint, Kind
from gamdong.core.services import district_setting_change
from gamdong.org import services as org
from gamdong.org.models import DepartmentKind

NEW = "/complaints/new/"


@pytest.fixture
def resident_client(district):
    client = Client()
    client.force_login(district.resident)
    return client


def post(client, category, *, dong="", title="도로에 구멍이 났어요"):
    return client.post(NEW, {"category": category.pk, "title": title, "body": "위험합니다.", "dong": dong,
                             "latitude": "", "longitude": "", "address": "", "step": "submit"})


def filed(response) -> Complaint:
    assert response.status_code == 302, response.content.decode()[:500]
    return Complaint.objects.get(receipt_number=response["Location"].rstrip("/").split("/")[-2])


def test_the_second_read_asks_the_database_nothing(district):
    assert reference.category(district.pothole.pk) == district.pothole
    with CaptureQueriesContext(connection) as queries:
        assert reference.category(district.pothole.pk).department == district.roads
        assert reference.centre_for("감동1동") == district.centre
        assert reference.dong_names() == ["감동1동"]
    assert len(queries) == 0


def test_a_closed_category_is_refused_by_the_next_filing(resident_client, district):
    filed(post(resident_client, district.pothole))
    district.pothole.active = False
    district.pothole.save()
    response = post(resident_client, district.pothole)
    assert response.status_code == 400
    assert "목록에 없는 민원 종류" in response.content.decode()


def test_a_category_sent_to_another_department_routes_the_next_filing_there(resident_client, district):
    assert filed(post(resident_client, district.pothole)).department == district.roads
    district.pothole.department = district.parks
    district.pothole.save()
    assert filed(post(resident_client, district.pothole, title="또 구멍")).department == district.parks


def test_a_new_category_can_be_chosen_at_once(resident_client, district):
    filed(post(resident_client, district.pothole))
    noise = Category.objects.create(code="NOISE", name="소음", default_kind=Kind.OTHER, department=district.parks)
    assert filed(post(resident_client, noise)).department == district.parks


def test_a_centre_created_in_bulk_is_chosen_and_routed_at_once(resident_client, district):
    filed(post(resident_client, district.parking, dong="감동1동"))
    (centre,) = org.departments_create_many(actor=None, specs=[org.DepartmentSpec(
        code="C02", name="감동2동 주민센터", kind=DepartmentKind.COMMUNITY_CENTRE, parent_code="R",
        dong_name="감동2동")])
    assert "감동2동" in reference.dong_names()
    assert filed(post(resident_client, district.parking, dong="감동2동", title="주차")).department == centre


def test_a_closed_centre_no_longer_receives(resident_client, district):
    assert filed(post(resident_client, district.parking, dong="감동1동")).department == district.centre
    org.department_change(actor=None, department=district.centre, active=False)
    response = post(resident_client, district.parking, dong="감동1동", title="주차")
    assert response.status_code == 400  # the 동 is no longer in the list
    assert filed(post(resident_client, district.parking, title="주차")).department == district.roads


def test_the_intake_department_follows_the_setting(resident_client, district, django_capture_on_commit_callbacks):
    assert filed(post(resident_client, district.suggestion)).department == district.intake
    with django_capture_on_commit_callbacks(execute=True):  # settings are read afresh once it commits
        district_setting_change(actor=None, key="complaints.intake_department_code", raw_value="PARKS")
    assert filed(post(resident_client, district.suggestion, title="건의")).department == district.parks


def test_another_thread_does_not_see_what_an_open_transaction_changed(district, monkeypatch):
    """A category saved in a transaction that has not ended is not served to other requests."""
    Category.objects.create(code="NOISE", name="소음", default_kind=Kind.OTHER)  # in the test's transaction
    mine = reference.snapshot()
    assert any(c.code == "NOISE" for c in mine.categories.values())
    assert reference.snapshot() is mine  # this transaction keeps using it
    read_again = []
    monkeypatch.setattr(reference, "_read", lambda generation: read_again.append(generation) or mine)
    thread = threading.Thread(target=reference.snapshot)
    thread.start()
    thread.join()
    assert len(read_again) == 1  # the other thread read for itself
