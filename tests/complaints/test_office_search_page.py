"""Staff find complaints by Korean words from the office pages."""

from gamdong.complaints.services import Submission, complaint_submit


def file(district, title, category=None):
    complaint, _ = complaint_submit(
        submission=Submission(category=category or district.pothole, title=title, body="자세한 내용",
                              complainant_name="정주민"),
        complainant=district.resident,
    )
    return complaint


def test_a_two_syllable_word_finds_the_complaint_and_a_one_syllable_word_too(district, client):
    road = file(district, "도로에 구멍")
    flower = file(district, "화단에 꽃이 시들었어요")
    file(district, "가로등 고장")
    client.force_login(district.supervisor.user)
    html = client.get("/office/complaints/search/", {"q": "도로"}).content.decode()
    assert road.receipt_number in html and flower.receipt_number not in html
    html = client.get("/office/complaints/search/", {"q": "꽃"}).content.decode()
    assert flower.receipt_number in html and road.receipt_number not in html


def test_other_departments_complaints_and_names_are_not_searched(district, client):
    hidden = file(district, "공원 도로 보수", category=None)
    hidden.department = district.parks
    hidden.save(update_fields=["department"])
    client.force_login(district.supervisor.user)
    html = client.get("/office/complaints/search/", {"q": "도로"}).content.decode()
    assert hidden.receipt_number not in html
    assert "정주민" not in client.get("/office/complaints/search/", {"q": "정주민"}).content.decode().split("</form>")[1]


def test_a_query_too_long_gets_a_korean_message_and_400(district, client):
    client.force_login(district.supervisor.user)
    response = client.get("/office/complaints/search/", {"q": "가" * 101})
    assert response.status_code == 400
    assert "100" in response.content.decode()


def test_residents_cannot_search_the_office(district, client):
    client.force_login(district.resident)
    assert client.get("/office/complaints/search/", {"q": "도로"}).status_code == 403
