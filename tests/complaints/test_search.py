"""Staff find complaints by Korean words: 1- and 2-syllable words as reliably as long ones,
phrases contiguous, within what they may see, newest first, page by page."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from gamdong.complaints import search
from gamdong.complaints.models import Complaint, ComplaintSearchEntry, Status
from gamdong.complaints.search import SearchQueryError, search_complaints, searchable_complaints_for
from gamdong.complaints.services import Submission, complaint_submit, complaint_transfer
from tests.complaints.conftest import seoul

REINDEX = {"each": False}  # file_text re-indexes everything after every filing


@pytest.fixture(params=["filed", "walk", "chunks", "reindexed"])
def paths(request, monkeypatch):
    """Run each search test through every query path: complaints indexed by their filing; the
    newest-first walk with a filter (PostgreSQL's plan for a common word; SQLite has one plan);
    the index read in chunks of 1–3 keys (as when the filters or the phrase check reject most
    candidates); and an index rebuilt by reindex after every filing."""
    if request.param == "walk":  # the newest 2 entries walked, the rest from the index
        monkeypatch.setattr(search, "WALK_MIN_SELECTIVITY", 0.0)
        monkeypatch.setattr(search, "WALK_ROWS", 2)
    if request.param == "chunks":
        monkeypatch.setattr(search, "FIRST_CHUNK", 1)
        monkeypatch.setattr(search, "MAX_CHUNK", 3)
    monkeypatch.setitem(REINDEX, "each", request.param == "reindexed")
    return request.param


@pytest.fixture
def file_text(district):
    clock = iter(seoul(2026, 3, 2, 9, 0) + dt.timedelta(minutes=10 * i) for i in range(1000))

    def file(title, body="", *, category=None, resident=None, dong=""):
        resident = resident or district.resident
        submission = Submission(category=category or district.pothole, title=title, body=body or "내용 없음",
                                complainant_name=resident.name, complainant_phone=resident.phone, dong=dong,
                                address="감동로 12길 34, 101호")
        complaint, _ = complaint_submit(submission=submission, complainant=resident, now=next(clock))
        if REINDEX["each"]:
            search.reindex()
        return complaint

    return file


def find(user, query, **filters):
    base = searchable_complaints_for(viewer=user, **filters)
    departments = search.index_departments_for(user, filters.get("department")) if user.kind == "staff" else None
    page = search_complaints(query=query, base_queryset=base, limit=100, departments=departments)
    return [c.title for c in page.complaints]


def test_a_one_syllable_word_is_found(district, file_text, paths):
    file_text("공원 꽃밭이 망가졌어요")
    file_text("가로등 고장", "밤에 어둡습니다")
    file_text("화단 정비", "꽃이 모두 시들었습니다")
    assert find(district.supervisor.user, "꽃") == ["화단 정비", "공원 꽃밭이 망가졌어요"]


def test_two_syllable_words_are_found_inside_longer_words(district, file_text, paths):
    file_text("도로가 파였어요")
    file_text("공사 소음", "새벽부터 소음이 심합니다")
    file_text("보도블록 파손")
    assert find(district.supervisor.user, "도로") == ["도로가 파였어요"]
    assert find(district.supervisor.user, "소음") == ["공사 소음"]
    assert find(district.supervisor.user, "보도") == ["보도블록 파손"]


def test_a_long_word_matches_only_as_a_contiguous_phrase(district, file_text, paths):
    file_text("도로공사 때문에 통행이 불편합니다")
    file_text("도로 옆 건물 공사", "공사 차량이 도로를 막습니다")
    file_text("로공사", "도로")
    assert find(district.supervisor.user, "도로공사") == ["도로공사 때문에 통행이 불편합니다"]
    assert find(district.supervisor.user, "불편합니다") == ["도로공사 때문에 통행이 불편합니다"]


def test_every_word_of_the_query_must_occur(district, file_text, paths):
    file_text("도로 파손", "횡단보도 앞")
    file_text("도로 소음")
    assert find(district.supervisor.user, "도로 횡단보도") == ["도로 파손"]
    assert find(district.supervisor.user, "소음 없는말") == []


def test_latin_letters_digits_and_punctuation_are_searchable_mixed_with_korean(district, file_text, paths):
    file_text("CCTV설치 요청", "3단지 놀이터, 밤 11시에도 소란")
    file_text("가로수 가지치기", "A-12 구역")
    assert find(district.supervisor.user, "cctv") == ["CCTV설치 요청"]
    assert find(district.supervisor.user, "Cctv설치") == ["CCTV설치 요청"]
    assert find(district.supervisor.user, "3단지 11시") == ["CCTV설치 요청"]
    assert find(district.supervisor.user, "a-12") == ["가로수 가지치기"]
    assert find(district.supervisor.user, "놀이터,소란!") == ["CCTV설치 요청"]


def test_a_complaint_is_found_by_its_receipt_number(district, file_text, paths):
    complaint = file_text("맨홀 뚜껑")
    file_text("다른 민원")
    assert find(district.supervisor.user, complaint.receipt_number) == ["맨홀 뚜껑"]


def test_complainant_name_and_address_are_not_searched(district, file_text, paths):
    file_text("가로등 고장")
    assert find(district.supervisor.user, district.resident.name) == []
    assert find(district.supervisor.user, "감동로") == []


def test_a_complaint_is_found_right_after_it_is_filed(district, file_text, paths):
    assert find(district.supervisor.user, "싱크홀") == []
    file_text("싱크홀이 생겼어요")
    assert find(district.supervisor.user, "싱크홀") == ["싱크홀이 생겼어요"]


def test_results_are_newest_first(district, file_text, paths):
    for n in range(5):
        file_text(f"소음 {n}번째")
    assert find(district.supervisor.user, "소음") == [f"소음 {n}번째" for n in (4, 3, 2, 1, 0)]


def test_pages_follow_each_other_without_gaps_or_repeats(district, file_text, paths):
    for n in range(7):
        file_text(f"도로 {n}" if n % 3 else f"꽃길 {n}")
    user = district.supervisor.user
    base = searchable_complaints_for(viewer=user)
    seen, cursor = [], None
    for _ in range(10):
        page = search_complaints(query="도로", base_queryset=base, limit=2, cursor=cursor)
        seen += [c.title for c in page.complaints]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ["도로 5", "도로 4", "도로 2", "도로 1"]


def test_inbox_filters_narrow_the_search(district, file_text, paths):
    file_text("도로 점용 허가 질의", category=district.question)
    received = file_text("도로 파손")
    file_text("도로 균열", dong="감동2동")
    user = district.supervisor.user
    assert find(user, "도로", category="QUESTION-LAW") == ["도로 점용 허가 질의"]
    assert find(user, "도로", dong="감동2동") == ["도로 균열"]
    assert received.status == Status.RECEIVED
    assert find(user, "도로", status=Status.ASSIGNED) == []


def test_staff_find_only_complaints_of_departments_they_may_see(district, file_text, paths):
    file_text("도로 파손")
    file_text("공원 도로 꽃", category=district.suggestion)  # waits in the intake department
    assert find(district.supervisor.user, "도로") == ["도로 파손"]
    assert find(district.park_officer.user, "도로") == []
    assert find(district.resident, "도로") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "검색어를 입력해 주세요."), ("   ", "검색어를 입력해 주세요."), ("도" * 101, "검색어는 100자 이내로 입력해 주세요."),
     ("!!! ...", "검색어에 글자나 숫자가 있어야 합니다.")],
)
def test_a_query_that_cannot_be_searched_is_refused_in_korean(district, query, message):
    with pytest.raises(SearchQueryError) as refused:
        search_complaints(query=query, base_queryset=searchable_complaints_for(viewer=district.supervisor.user))
    assert refused.value.message == message


def test_reindexing_finds_the_same_complaints(district, file_text):
    file_text("꽃 화단", "도로공사")
    file_text("소음")
    before = find(district.supervisor.user, "도로공사"), find(district.supervisor.user, "소음")
    call_command("reindex_complaints", verbosity=0)
    call_command("reindex_complaints", verbosity=0)
    assert (find(district.supervisor.user, "도로공사"), find(district.supervisor.user, "소음")) == before
    assert before == (["꽃 화단"], ["소음"])


def test_a_complaint_is_in_the_index_when_its_filing_commits(district, file_text):
    """The entry is written in the filing's transaction: nothing waits for a later sweep."""
    complaint = file_text("싱크홀이 생겼어요", "도로가 꺼졌습니다")
    entry = ComplaintSearchEntry.objects.get(complaint=complaint)
    tokens = set(entry.tokens.replace("'", "").split())
    assert {"싱크", "크홀", "도로", "꽃", f"dep{complaint.department_id}"} & tokens == {
        "싱크", "크홀", "도로", f"dep{complaint.department_id}"}
    assert search.index_repair() == 0  # nothing missing, nothing stale


def test_the_repair_indexes_what_is_missing_or_stale(district, file_text):
    lost = file_text("가로등 고장")
    moved = file_text("보도블록 파손")
    ComplaintSearchEntry.objects.filter(complaint=lost).delete()  # as if written outside the services
    Complaint.objects.filter(pk=moved.pk).update(department=district.park_officer.department)
    assert find(district.supervisor.user, "가로등") == []
    assert search.index_repair() == 2
    assert find(district.supervisor.user, "가로등") == ["가로등 고장"]
    assert find(district.park_officer.user, "보도블록") == ["보도블록 파손"]
    assert search.index_repair() == 0


def test_a_transfer_moves_the_complaint_to_the_new_departments_search(district, file_text):
    complaint = file_text("보도블록 파손")
    complaint_transfer(complaint=complaint, to_department=district.park_officer.department,
                       actor=district.supervisor.user, reason="공원 안 보도입니다")
    assert find(district.park_officer.user, "보도블록") == ["보도블록 파손"]
    assert search.index_repair() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_the_postgresql_test_database_stores_utf8(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()")
        assert cursor.fetchone()[0] == "UTF8"
        cursor.execute("SELECT strpos('도로공사 현장', '공사')")
        assert cursor.fetchone()[0] == 3


# --- the API --------------------------------------------------------------------------------


def test_the_api_returns_visible_matches_without_personal_data(client, district, file_text):
    complaint = file_text("도로 파손", "꽃 화분이 깨졌어요")
    client.force_login(district.supervisor.user)
    response = client.get("/api/v1/complaints/search", {"q": "꽃"})
    assert response.status_code == 200
    body = response.json()
    assert [hit["receipt_number"] for hit in body["results"]] == [complaint.receipt_number]
    assert body["results"][0]["department_name"] == "도로과"
    text = response.content.decode()
    assert district.resident.name not in text
    assert district.resident.phone not in text
    assert "감동로" not in text


def test_the_api_pages_with_a_cursor(client, district, file_text):
    for n in range(3):
        file_text(f"소음 {n}")
    client.force_login(district.supervisor.user)
    first = client.get("/api/v1/complaints/search", {"q": "소음", "limit": 2}).json()
    second = client.get("/api/v1/complaints/search", {"q": "소음", "limit": 2, "cursor": first["next_cursor"]}).json()
    assert [h["title"] for h in first["results"] + second["results"]] == ["소음 2", "소음 1", "소음 0"]
    assert second["next_cursor"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": ""}, "q"), ({"q": "가" * 101}, "q"), ({"q": "도로", "cursor": "!!"}, "cursor"),
     ({"q": "도로", "status": "nope"}, "status")],
)
def test_the_api_refuses_a_bad_query_with_a_korean_400(client, district, params, field):
    client.force_login(district.supervisor.user)
    response = client.get("/api/v1/complaints/search", params)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert any("\uac00" <= ch <= "\ud7a3" for ch in response.json()["message"])


def test_the_api_is_for_staff_only(client, district):
    client.force_login(district.resident)
    assert client.get("/api/v1/complaints/search", {"q": "도로"}).status_code == 403
    client.logout()
    assert client.get("/api/v1/complaints/search", {"q": "도로"}).status_code == 401


def test_the_api_hit_names_the_status_in_the_request_language(client, district, file_text):
    complaint = file_text("가로등 고장")
    client.force_login(district.supervisor.user)
    korean = client.get("/api/v1/complaints/search", {"q": "가로등"}).json()["results"][0]
    english = client.get("/api/v1/complaints/search", {"q": "가로등"}, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert korean["status"] == english["status"] == complaint.status
    with translation.override("ko"):
        assert korean["status_label"] == str(complaint.get_status_display())
    assert english["status_label"] != korean["status_label"]
    assert english["status_label"].isascii()


def test_a_search_reads_its_results_in_a_bounded_number_of_queries(client, district, file_text,
                                                                   django_assert_max_num_queries):
    for n in range(30):
        file_text(f"맨홀 뚜껑 {n}")
    client.force_login(district.supervisor.user)
    client.get("/api/v1/complaints/search", {"q": "맨홀"})  # the catalogue and settings kept in the process
    # session, user, employee, visible departments; the index, the candidates, the page's rows;
    # on PostgreSQL one savepoint (the test's transaction) and two SETs of the planner around them.
    with django_assert_max_num_queries(11):
        response = client.get("/api/v1/complaints/search", {"q": "맨홀"})
    assert len(response.json()["results"]) == 25
    assert response.json()["next_cursor"]
