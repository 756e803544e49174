"""창의광장: post, comment, one support per person, improving an idea together, the lists."""

import threading

import pytest
from django.db import connection

from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.ideas import services
from gamdong.ideas.models import Idea, IdeaRevision, IdeaStatus, IdeaSupport


def html(response) -> str:
    """The page as a person reads it (entities unescaped)."""
    from html import unescape

    return unescape(response.content.decode())


def events(kind, idea):
    return Event.objects.filter(event_type=kind, subject_id=str(idea.pk))


def post(district, title="도로 표지판 정비", body="낡은 표지판을 한꺼번에 바꾸자", user=None):
    return services.idea_post(author=user or district.officer, title=title, body=body)


# --- posting, comments, supports -----------------------------------------------------------------


def test_staff_member_posts_an_idea_and_its_first_text_is_the_first_revision(district):
    idea = post(district)
    assert idea.venue == "plaza" and idea.status == IdeaStatus.OPEN
    assert idea.department.name == "도로과"
    assert list(IdeaRevision.objects.filter(idea=idea).values_list("note", flat=True)) == ["처음 작성"]
    assert events(EventType.IDEA_POSTED, idea).count() == 1


def test_a_resident_never_sees_or_uses_the_plaza(district, client):
    idea = post(district)
    with pytest.raises(services.IdeaNotAllowed):
        services.idea_post(author=district.resident, title="t", body="b")
    with pytest.raises(services.IdeaNotAllowed):
        services.idea_support(idea_id=idea.pk, user=district.resident)
    client.force_login(district.resident)
    assert client.get(f"/ideas/{idea.pk}/").status_code == 403
    assert client.get("/ideas/new/").status_code == 403
    assert client.get("/ideas/").url == "/ideas/house/"
    assert client.get("/api/v1/ideas/").status_code == 403


def test_an_empty_title_is_a_korean_400_naming_the_field(district, client):
    client.force_login(district.officer)
    response = client.post("/ideas/new/", {"title": " ", "body": "내용"})
    assert response.status_code == 400
    assert "제목" in html(response)
    assert not Idea.objects.exists()


def test_comments_count_up_and_move_the_most_discussed_list(district):
    quiet = post(district, title="조용한 아이디어")
    busy = post(district, title="말 많은 아이디어")
    for body in ("좋습니다", "예산은요?", "동의"):
        services.idea_comment(idea_id=busy.pk, author=district.officer2, body=body)
    busy.refresh_from_db()
    assert busy.comment_count == 3
    page = services_plaza(district, sort="discussed")
    assert [i.pk for i in page][:2] == [busy.pk, quiet.pk]
    assert events(EventType.IDEA_COMMENTED, busy).count() == 3


def services_plaza(district, **kwargs):
    from gamdong.ideas.selectors import plaza_page

    return list(plaza_page(user=district.officer, **kwargs).object_list)


def test_one_support_per_person_supporting_again_is_409_and_the_database_refuses_a_second_row(district):
    """공감: one per person — a database constraint; supporting again is refused (409)."""
    idea = post(district)
    services.idea_support(idea_id=idea.pk, user=district.officer2)
    with pytest.raises(services.IdeaConflict) as caught:
        services.idea_support(idea_id=idea.pk, user=district.officer2)
    assert caught.value.status == 409
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaSupport.objects.create(idea=idea, user=district.officer2)
    idea.refresh_from_db()
    assert idea.support_count == 1


def test_withdrawing_a_support_counts_down_and_withdrawing_twice_is_409(district, client):
    idea = post(district)
    client.force_login(district.officer2)
    client.post(f"/ideas/{idea.pk}/support/")
    idea.refresh_from_db()
    assert idea.support_count == 1
    client.post(f"/ideas/{idea.pk}/support/", {"action": "withdraw"})
    idea.refresh_from_db()
    assert idea.support_count == 0
    assert client.post(f"/ideas/{idea.pk}/support/", {"action": "withdraw"}).status_code == 409
    assert client.post(f"/ideas/{idea.pk}/support/").status_code == 302
    assert client.post(f"/ideas/{idea.pk}/support/").status_code == 409
    assert events(EventType.IDEA_SUPPORT_WITHDRAWN, idea).count() == 1


def test_most_supported_list_sorts_by_the_support_counter(district):
    a = post(district, title="하나")
    b = post(district, title="둘")
    for user in (district.officer2, district.officer3, district.head):
        services.idea_support(idea_id=b.pk, user=user)
    services.idea_support(idea_id=a.pk, user=district.officer2)
    assert [i.pk for i in services_plaza(district, sort="supported")] == [b.pk, a.pk]
    assert [i.pk for i in services_plaza(district, sort="newest")] == [b.pk, a.pk]


# --- improving together ------------------------------------------------------------------------


def test_anyone_on_the_plaza_improves_an_open_idea_and_each_version_is_kept(district, client):
    idea = post(district)
    services.idea_revise(idea_id=idea.pk, editor=district.officer2, title="도로 표지판 일괄 정비",
                         body="낡은 표지판을 분기마다 점검해 바꾸자", expected_version=1, note="점검 주기 추가")
    idea.refresh_from_db()
    assert idea.version == 2 and idea.revision_count == 1 and idea.title == "도로 표지판 일괄 정비"
    revision_editors = list(IdeaRevision.objects.filter(idea=idea).values_list("editor__name", flat=True))
    assert revision_editors == ["김도로", "이공원"]
    event = events(EventType.IDEA_REVISED, idea).get()
    assert event.before["title"] == "도로 표지판 정비" and event.after["title"] == "도로 표지판 일괄 정비"
    client.force_login(district.officer3)
    page = html(client.get(f"/ideas/{idea.pk}/"))
    assert "점검 주기 추가" in page and "2판" in page


def test_an_edit_of_a_version_someone_else_already_changed_is_409_and_nothing_is_lost(district, client):
    """Concurrent edits: the second editor saw version 1; after the first saved, it is refused."""
    idea = post(district)
    services.idea_revise(idea_id=idea.pk, editor=district.officer2, title="첫 수정", body="첫 수정 내용",
                         expected_version=1)
    with pytest.raises(services.IdeaConflict):
        services.idea_revise(idea_id=idea.pk, editor=district.officer3, title="둘째 수정", body="둘째",
                             expected_version=1)
    client.force_login(district.officer3)
    response = client.post(f"/ideas/{idea.pk}/revise/", {"title": "둘째 수정", "body": "둘째", "version": 1})
    assert response.status_code == 409
    assert "다른 사람이 먼저" in html(response) and "첫 수정 내용" in html(response)
    idea.refresh_from_db()
    assert idea.title == "첫 수정"
    # The page now carries the current version: saving again overwrites knowingly.
    assert f'value="{idea.version}"' in html(response)


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_one_wins_and_the_other_gets_a_conflict(district):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the row lock is exercised on PostgreSQL")
    idea = post(district)
    results = []

    def edit(user, text):
        from django.db import connection as conn

        try:
            services.idea_revise(idea_id=idea.pk, editor=user, title=text, body=text, expected_version=1)
            results.append("ok")
        except services.IdeaConflict:
            results.append("conflict")
        finally:
            conn.close()

    threads = [threading.Thread(target=edit, args=(u, t)) for u, t in
               ((district.officer2, "가"), (district.officer3, "나"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert IdeaRevision.objects.filter(idea=idea).count() == 2


def test_a_proposed_idea_can_no_longer_be_edited_but_still_discussed(district):
    idea = post(district)
    Idea.objects.filter(pk=idea.pk).update(status=IdeaStatus.PROPOSED)
    with pytest.raises(services.IdeaError) as caught:
        services.idea_revise(idea_id=idea.pk, editor=district.officer2, title="x", body="y", expected_version=1)
    assert caught.value.code == "not_open"
    services.idea_comment(idea_id=idea.pk, author=district.officer2, body="제안 잘 되길")


# --- search and lists ----------------------------------------------------------------------------


def test_korean_search_finds_one_and_two_syllable_words_in_title_or_body(district):
    road = post(district, title="도로 파임 신고 간소화", body="사진 한 장으로")
    path = post(district, title="골목 정비", body="어두운 길에 가로등")
    post(district, title="주차 안내", body="공영주차장 만차 표시")
    assert [i.pk for i in services_plaza(district, query="도로")] == [road.pk]
    assert [i.pk for i in services_plaza(district, query="길")] == [path.pk]
    assert {i.pk for i in services_plaza(district, query="주차")} == {Idea.objects.get(title="주차 안내").pk}
    assert services_plaza(district, query="도로 가로등") == []
    assert [i.pk for i in services_plaza(district, query="골목 가로등")] == [path.pk]


def test_search_ignores_letter_case_in_latin_words_and_mixes_with_korean(district):
    qr = post(district, title="민원 안내판에 QR코드", body="스캔하면 접수 화면으로")
    post(district, title="안내판 정비", body="글씨가 작아요")
    assert [i.pk for i in services_plaza(district, query="qr코드")] == [qr.pk]
    assert [i.pk for i in services_plaza(district, query="Qr 안내판")] == [qr.pk]
    assert len(services_plaza(district, query="안내판")) == 2


def test_plaza_list_is_paginated(district, client):
    for n in range(25):
        post(district, title=f"아이디어 {n}")
    client.force_login(district.officer)
    first = html(client.get("/ideas/"))
    assert "아이디어 24" in first and "아이디어 4<" not in first and "2쪽" in first
    second = html(client.get("/ideas/?page=2"))
    assert "아이디어 4<" in second


@pytest.mark.parametrize("sort", ["newest", "supported", "discussed"])
def test_plaza_list_page_has_a_fixed_number_of_queries(district, client, django_assert_max_num_queries, sort):
    for n in range(30):
        idea = post(district, title=f"아이디어 {n}", user=district.officer if n % 2 else district.officer2)
        services.idea_comment(idea_id=idea.pk, author=district.officer3, body="의견")
        services.idea_support(idea_id=idea.pk, user=district.head)
    client.force_login(district.officer)
    client.get("/ideas/")  # warm the caches of the session and settings
    with django_assert_max_num_queries(5):
        response = client.get(f"/ideas/?sort={sort}&q=아이디어")
    assert response.status_code == 200


def test_idea_page_has_a_fixed_number_of_queries(district, client, django_assert_max_num_queries):
    idea = post(district)
    users = [district.officer2, district.officer3, district.head, district.planner]
    for n, user in enumerate(users):
        services.idea_comment(idea_id=idea.pk, author=user, body=f"의견 {n}")
        services.idea_support(idea_id=idea.pk, user=user)
        services.idea_revise(idea_id=idea.pk, editor=user, title=f"제목 {n}", body=f"본문 {n}", expected_version=n + 1)
    client.force_login(district.officer)
    client.get(f"/ideas/{idea.pk}/")
    with django_assert_max_num_queries(9):
        response = client.get(f"/ideas/{idea.pk}/")
    body = html(response)
    assert "의견 3" in body and "정기획" in body and "아이디어 다듬기" in body


def test_the_plaza_lists_one_status_at_a_time_open_ideas_first(district, client):
    open_idea = post(district, title="의견 나누는 아이디어")
    proposed = post(district, title="제안이 된 아이디어")
    district.submit(idea_id=proposed.pk)
    assert [i.pk for i in services_plaza(district)] == [open_idea.pk]
    assert [i.pk for i in services_plaza(district, status="proposed")] == [proposed.pk]
    client.force_login(district.officer2)
    assert "제안이 된 아이디어" in html(client.get("/ideas/?status=proposed"))
    assert "제안이 된 아이디어" not in html(client.get("/ideas/"))
    assert [r["title"] for r in client.get("/api/v1/ideas/?status=proposed").json()["results"]] == ["제안이 된 아이디어"]


def test_search_results_page_on_without_counting_every_match(district, client):
    for n in range(23):
        post(district, title=f"도로 아이디어 {n}")
    from gamdong.ideas.selectors import plaza_page

    first = plaza_page(user=district.officer, query="도로")
    assert len(first.object_list) == 20 and first.has_next and first.count is None
    second = plaza_page(user=district.officer, query="도로", page=2)
    assert len(second.object_list) == 3 and not second.has_next
    client.force_login(district.officer)
    assert "도로 아이디어 0" in html(client.get("/ideas/?q=도로&page=2"))


def test_a_long_discussion_is_shown_fifty_comments_a_page_and_the_timeline_stays_short(district, client):
    idea = post(district)
    for n in range(55):
        services.idea_comment(idea_id=idea.pk, author=district.officer2, body=f"댓글번호{n:02d}")
    client.force_login(district.officer)
    first = html(client.get(f"/ideas/{idea.pk}/"))
    assert "댓글 55" in first and "댓글번호49" in first and "댓글번호50" not in first and "다음 댓글" in first
    assert first.count("아이디어 댓글") == 0  # comments are not repeated in the timeline
    second = html(client.get(f"/ideas/{idea.pk}/?comments=2"))
    assert "댓글번호54" in second and "댓글번호00" not in second
    assert client.get(f"/api/v1/ideas/{idea.pk}?comments=2").json()["comments_pages"] == 2
