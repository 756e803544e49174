"""/api/v1/org/: the same rules as the pages, errors in the {code, message, field} shape."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gamdong.org.models import Employee
from tests.org.rosterfiles import csv_bytes, row

BASE = "/api/v1/org"


def test_anonymous_callers_get_401(org, client):
    response = client.get(f"{BASE}/departments")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_residents_get_403_in_the_error_shape(org, client):
    client.force_login(org.resident)
    for url in (f"{BASE}/departments", f"{BASE}/employees", f"{BASE}/departments/{org.d['여권팀'].pk}"):
        response = client.get(url)
        assert response.status_code == 403
        assert set(response.json()) == {"code", "message", "field"}
        assert response.json()["code"] == "forbidden"


def test_the_department_tree_comes_parents_first(org, client):
    client.force_login(org.officer.user)
    departments = client.get(f"{BASE}/departments").json()
    assert departments[0]["name"] == "감동구청" and departments[0]["parent_id"] is None
    seen = set()
    for d in departments:
        assert d["parent_id"] is None or d["parent_id"] in seen
        seen.add(d["id"])
    viewable = {d["name"] for d in departments if d["can_view"]}
    assert viewable == {"여권팀"}
    centre = next(d for d in departments if d["kind"] == "community_centre")
    assert (centre["dong_name"], centre["kind_label"]) == ("목1동", "동 주민센터")


def test_one_department_with_its_staff_masked_for_a_supervisor(org, client):
    client.force_login(org.supervisor.user)
    body = client.get(f"{BASE}/departments/{org.d['민원여권과'].pk}").json()
    assert body["head_name"] == "최과장"
    staff = {s["name"]: s for s in body["staff"]}
    assert set(staff) == {"최과장", "이여권", "박민원"}
    assert staff["이여권"]["personal"] is False and staff["이여권"]["phone"] is None
    assert staff["최과장"]["personal"] is True and staff["최과장"]["employee_number"] == "1004"
    assert client.get(f"{BASE}/departments/{org.d['도로팀'].pk}").status_code == 403


def test_the_employee_list_is_paginated_filtered_and_masked(org, client):
    client.force_login(org.hr.user)
    body = client.get(f"{BASE}/employees", {"q": "여권", "page_size": 1}).json()
    assert body["count"] == 2
    assert len(body["items"]) == 1
    everyone = client.get(f"{BASE}/employees").json()
    road = next(e for e in everyone["items"] if e["name"] == "정도로")
    assert road["phone"] == "010-1111-0005" and road["hire_date"] == "2015-03-02"

    client.force_login(org.mayor.user)
    road = next(e for e in client.get(f"{BASE}/employees").json()["items"] if e["name"] == "정도로")
    assert road["personal"] is False and road["phone"] is None and road["employee_number"] is None


def test_an_officer_may_not_filter_by_a_department_they_cannot_see(org, client):
    client.force_login(org.officer.user)
    response = client.get(f"{BASE}/employees", {"department": org.d["도로팀"].pk})
    assert response.status_code == 403
    names = [e["name"] for e in client.get(f"{BASE}/employees").json()["items"]]
    assert names == ["이여권"]


def _file(rows, name="명부.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows))


def test_hr_previews_and_imports_through_the_api(org, client):
    client.force_login(org.hr.user)
    preview = client.post(f"{BASE}/roster/preview", {"file": _file([row("2001"), row("2002", series="?")])})
    assert preview.status_code == 200
    body = preview.json()
    assert [a["employee_number"] for a in body["accepted"]] == ["2001"]
    assert body["rejected"][0]["row"] == 3 and "직렬 '?'" in body["rejected"][0]["reasons"][0]
    assert not Employee.objects.filter(employee_number="2001").exists()

    done = client.post(f"{BASE}/roster/import", {"file": _file([row("2001")]), "mode": "create"})
    assert done.status_code == 200 and done.json()["created"] == 1
    assert Employee.objects.filter(employee_number="2001").exists()


def test_roster_api_refuses_officers_and_bad_files(org, client):
    client.force_login(org.officer.user)
    response = client.post(f"{BASE}/roster/import", {"file": _file([row()])})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"

    client.force_login(org.hr.user)
    bad = client.post(f"{BASE}/roster/preview", {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert bad.status_code == 400
    assert bad.json() == {
        "code": "bad_file",
        "message": "CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다.",
        "field": "file",
    }
    wrong_mode = client.post(f"{BASE}/roster/preview", {"file": _file([row()]), "mode": "replace"})
    assert wrong_mode.status_code == 400 and wrong_mode.json()["field"] == "mode"


def test_the_org_api_is_in_the_openapi_document(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/org/departments" in paths and "/api/v1/org/roster/import" in paths
