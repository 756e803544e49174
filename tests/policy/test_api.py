"""/api/v1/policy/: the pages' rules and the one error shape {code, message, field}."""

import datetime as dt

import pytest
from django.utils import timezone

from gamdong.ideas.models import ProposalStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_start_update_milestone_measure_value_check_through_the_api(town, api, file_complaint):
    evidence = [file_complaint(town.base.pothole, when=timezone.now() - dt.timedelta(days=40), dong="감동1동")]
    proposal = town.adopt(complaints=evidence)
    client = api(town.planner.user)
    started = post(client, "/api/v1/policy/implementations", {
        "proposal_id": proposal.pk, "owner_department_id": town.base.roads.pk,
        "responsible_id": town.base.officer.pk})
    assert started.status_code == 201, started.content
    body = started.json()
    impl_id = body["id"]
    assert len(body["checks"]) == 12 and body["measures"][0]["source"] == "complaint_count"
    assert body["evidence_complaints"] == [evidence[0].receipt_number]

    again = post(client, "/api/v1/policy/implementations", {
        "proposal_id": proposal.pk, "owner_department_id": town.base.roads.pk})
    assert again.status_code == 409 and again.json()["code"] == "already_started"

    changed = client.patch(f"/api/v1/policy/implementations/{impl_id}", {"version": 1, "progress_percent": 25},
                           content_type="application/json")
    assert changed.status_code == 200 and changed.json()["progress_percent"] == 25
    stale = client.patch(f"/api/v1/policy/implementations/{impl_id}", {"version": 1, "progress_percent": 50},
                         content_type="application/json")
    assert stale.status_code == 409 and set(stale.json()) == {"code", "message", "field"}

    milestone = post(client, f"/api/v1/policy/implementations/{impl_id}/milestones",
                     {"title": "기동반 구성", "due_on": "2026-12-31"})
    assert milestone.status_code == 201
    assert post(client, f"/api/v1/policy/milestones/{milestone.json()['id']}/complete", {}).json()["done_on"]

    measures = post(client, f"/api/v1/policy/implementations/{impl_id}/measures", {
        "name": "보수 소요일", "unit": "일", "baseline": "5", "target": "1", "direction": "lower"}).json()["measures"]
    manual = next(m for m in measures if m["source"] == "manual")
    value = post(client, f"/api/v1/policy/measures/{manual['id']}/values",
                 {"measured_on": timezone.localdate().isoformat(), "value": "3"})
    assert value.status_code == 201 and value.json()["automatic"] is False

    check_id = client.get(f"/api/v1/policy/implementations/{impl_id}").json()["checks"][0]["id"]
    checked = post(client, f"/api/v1/policy/checks/{check_id}", {"progress_summary": "운영 시작"})
    assert checked.status_code == 200 and checked.json()["state"] == "done"

    detail = client.get(f"/api/v1/policy/implementations/{impl_id}").json()
    assert next(m for m in detail["measures"] if m["id"] == manual["id"])["achievement"] == "0.5"
    listed = client.get("/api/v1/policy/implementations").json()
    assert [row["id"] for row in listed] == [impl_id]


def test_a_proposal_not_adopted_gets_400_and_a_resident_403(town, api):
    proposal = town.adopt(status=ProposalStatus.REJECTED)
    response = post(api(town.planner.user), "/api/v1/policy/implementations", {
        "proposal_id": proposal.pk, "owner_department_id": town.base.roads.pk})
    assert response.status_code == 400 and response.json()["code"] == "not_adopted"
    assert api(town.base.resident).get("/api/v1/policy/implementations").status_code == 403


def test_an_officer_is_refused_with_403_and_unknown_ids_with_404(town, api):
    proposal = town.adopt()
    client = api(town.base.officer.user)
    response = post(client, "/api/v1/policy/implementations", {
        "proposal_id": proposal.pk, "owner_department_id": town.base.roads.pk})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert client.get("/api/v1/policy/implementations/999").status_code == 404


def test_grading_early_is_refused_and_the_report_is_for_planner_and_mayor(town, api):
    proposal = town.adopt()
    client = api(town.planner.user)
    impl_id = post(client, "/api/v1/policy/implementations", {
        "proposal_id": proposal.pk, "owner_department_id": town.base.roads.pk}).json()["id"]
    early = post(client, f"/api/v1/policy/implementations/{impl_id}/grade", {})
    assert early.status_code == 400 and early.json()["code"] == "too_early"
    year = timezone.localdate().year
    report = api(town.mayor).get(f"/api/v1/policy/report/{year}")
    assert report.status_code == 200 and report.json()["totals"]["implemented"] == 1
    assert report.json()["due_on"] == f"{year + 1}-01-31"
    assert api(town.base.officer.user).get(f"/api/v1/policy/report/{year}").status_code == 403


def test_the_annual_report_downloads_as_xlsx_through_the_api(town, api):
    town.adopt()
    response = api(town.planner.user).get(f"/api/v1/policy/report/{timezone.localdate().year}/xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"  # a zip container, as every .xlsx
