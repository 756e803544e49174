"""The audit page (administrators only, filters, pages) and the timeline of one subject."""

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from gamdong.accounts.models import Role, RoleGrant, User
from gamdong.core.event_selectors import AUDIT_PAGE_SIZE, events_for, timeline_for
from gamdong.core.events import EventType, record_event
from gamdong.core.models import Event

SEOUL = dt.timezone(dt.timedelta(hours=9))


def make_user(username, name, *roles, **fields):
    user = User.objects.create_user(username, password="pw-감동-2026", name=name, **fields)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


@pytest.fixture
def admin_user(db):
    return make_user("admin1", "관리자", Role.ADMIN, kind="staff")


@pytest.fixture
def officer(db):
    return make_user("officer1", "김담당", Role.OFFICER, kind="staff")


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=SEOUL)


def rows_of(response) -> list[str]:
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)


# --- Who may see the audit page ----------------------------------------------------------------


def test_anonymous_visitors_cannot_see_the_audit_page(client, db):
    assert client.get(reverse("core:audit")).status_code == 403


def test_staff_without_the_admin_role_cannot_see_the_audit_page(client, officer):
    client.force_login(officer)
    assert client.get(reverse("core:audit")).status_code == 403


def test_an_administrator_sees_the_record_and_the_view_is_logged(client, admin_user, officer):
    record_event(EventType.ROLE_GRANTED, actor=admin_user, subject=officer, after={"role": "officer"})
    client.force_login(admin_user)
    response = client.get(reverse("core:audit"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "감사 기록" in text
    assert "역할 부여" in text and "김담당 (officer1)" in text
    assert Event.objects.filter(event_type=EventType.PERSONAL_DATA_VIEWED, actor=admin_user).exists()


def test_a_superuser_sees_the_audit_page(client, db):
    root = User.objects.create_superuser("root", password="pw-감동-2026", name="최고관리자")
    client.force_login(root)
    assert client.get(reverse("core:audit")).status_code == 200


# --- Filters -----------------------------------------------------------------------------------


@pytest.fixture
def record(admin_user, officer):
    Event.objects.create(event_type=EventType.ROLE_GRANTED, actor=admin_user, subject_label="권한-3월", occurred_at=at(2026, 3, 2))
    Event.objects.create(event_type=EventType.DEPARTMENT_CREATED, actor=officer, subject_label="부서-3월", occurred_at=at(2026, 3, 3))
    Event.objects.create(event_type=EventType.NOTIFICATION_SENT, actor=None, subject_label="알림-4월", occurred_at=at(2026, 4, 1))


def labels(client, **params) -> str:
    response = client.get(reverse("core:audit"), params)
    assert response.status_code == 200
    return "".join(rows_of(response))


def test_filter_by_event_type(client, admin_user, record):
    client.force_login(admin_user)
    shown = labels(client, event_type=EventType.DEPARTMENT_CREATED.value)
    assert "부서-3월" in shown and "권한-3월" not in shown and "알림-4월" not in shown


def test_filter_by_days_in_seoul_both_ends_included(client, admin_user, record):
    client.force_login(admin_user)
    shown = labels(client, since="2026-03-03", until="2026-04-01")
    assert "부서-3월" in shown and "알림-4월" in shown and "권한-3월" not in shown


def test_an_event_just_after_midnight_in_seoul_belongs_to_that_day(client, admin_user):
    Event.objects.create(event_type=EventType.ROLE_GRANTED, subject_label="자정직후", occurred_at=at(2026, 5, 2, 0))
    client.force_login(admin_user)
    assert "자정직후" in labels(client, since="2026-05-02", until="2026-05-02")
    assert "자정직후" not in labels(client, since="2026-05-01", until="2026-05-01")


def test_filter_by_actor_login_or_name_or_system(client, admin_user, record):
    client.force_login(admin_user)
    assert "부서-3월" in labels(client, actor="officer1") and "권한-3월" not in labels(client, actor="officer1")
    assert "권한-3월" in labels(client, actor="관리자")
    by_system = labels(client, actor="시스템", since="2026-01-01", until="2026-12-31")
    assert "알림-4월" in by_system and "권한-3월" not in by_system


def test_a_reversed_date_range_gets_a_korean_message_and_400(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("core:audit"), {"since": "2026-04-01", "until": "2026-03-01"})
    assert response.status_code == 400
    assert "종료일은 시작일과 같거나 뒤여야 합니다." in response.content.decode()


def test_a_malformed_date_gets_400_not_500(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("core:audit"), {"since": "어제"}).status_code == 400


def test_pages_follow_each_other_without_gaps_or_repeats(client, admin_user, django_assert_max_num_queries):
    base = at(2026, 6, 1)
    total = AUDIT_PAGE_SIZE + 7
    for i in range(total):
        # Pairs share a timestamp, so the keyset must also order by id.
        Event.objects.create(
            event_type=EventType.ROLE_GRANTED, actor=admin_user, subject_label=f"항목{i:03d}",
            occurred_at=base + dt.timedelta(minutes=i // 2),
        )
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("core:audit"), {"event_type": EventType.ROLE_GRANTED.value})
    first_rows = rows_of(first)
    assert len(first_rows) == AUDIT_PAGE_SIZE
    next_link = re.search(r'href="\?([^"]*cursor=[^"]*)" rel="next"', first.content.decode()).group(1)
    second = client.get(reverse("core:audit") + "?" + next_link.replace("&amp;", "&"))
    second_rows = rows_of(second)
    assert len(second_rows) == total - AUDIT_PAGE_SIZE
    seen = re.findall(r"항목\d{3}", "".join(first_rows + second_rows))
    assert sorted(seen) == [f"항목{i:03d}" for i in range(total)]
    assert 'rel="next"' not in second.content.decode()


def test_a_garbled_cursor_shows_the_first_page(client, admin_user, record):
    client.force_login(admin_user)
    assert "권한-3월" in labels(client, cursor="nonsense")


# --- Timeline ----------------------------------------------------------------------------------


def test_timeline_shows_when_in_seoul_who_what_and_the_changed_fields(admin_user, officer):
    event = record_event(
        EventType.EMPLOYEE_CHANGED,
        actor=admin_user,
        subject=officer,
        before={"name": "김담당", "kind": "resident", "phone": "", "is_active": True},
        after={"name": "김담당", "kind": "staff", "phone": "010-1111-2222", "is_active": True},
    )
    html = render_to_string("core/_timeline.html", {"timeline": timeline_for(officer)})

    local = timezone.localtime(event.occurred_at)
    assert f"{local:%Y-%m-%d %H:%M}" in html
    for heading in ("시각", "누가", "무엇을", "변경 내용"):
        assert f"<dt>{heading}</dt>" in html
    assert "관리자" in html and "직원 정보 변경" in html
    assert "구분</span>: <del>주민</del>" in html and "<ins>직원</ins>" in html  # labels, not codes
    assert "휴대전화</span>: <del>—</del>" in html and "<ins>010-1111-2222</ins>" in html
    assert "이름</span>" not in html  # unchanged fields are not listed


def test_timeline_times_are_in_seoul(officer):
    Event.objects.create(
        event_type=EventType.ROLE_GRANTED,
        subject_type=ContentType.objects.get_for_model(User),
        subject_id=str(officer.pk),
        subject_label=str(officer),
        occurred_at=dt.datetime(2026, 3, 2, 0, 30, tzinfo=dt.UTC),
    )
    html = render_to_string("core/_timeline.html", {"timeline": timeline_for(officer)})
    assert "2026-03-02 09:30" in html
    assert "시스템" in html


def test_timeline_of_a_subject_without_events_says_so(officer):
    html = render_to_string("core/_timeline.html", {"timeline": timeline_for(officer)})
    assert "기록이 없습니다." in html


def test_events_for_loads_actors_in_one_query(admin_user, officer, django_assert_num_queries):
    for role in ("officer", "supervisor", "hr"):
        record_event(EventType.ROLE_GRANTED, actor=admin_user, subject=officer, after={"role": role})
    record_event(EventType.ROLE_GRANTED, actor=None, subject=admin_user)
    ContentType.objects.get_for_model(officer)  # the content type cache is warm in a running server
    with django_assert_num_queries(1):
        entries = timeline_for(officer)
        actors = [entry.actor for entry in entries]
    assert actors == ["관리자"] * 3
    assert [e.after["role"] for e in events_for(officer)] == ["officer", "supervisor", "hr"]


def test_admin_shows_events_but_offers_no_add_change_or_delete(client, db):
    root = User.objects.create_superuser("root", password="pw-감동-2026", name="최고관리자")
    event = record_event(EventType.DISTRICT_SETTING_CHANGED, actor=root, note="관리 화면 확인")
    client.force_login(root)
    listing = client.get(reverse("admin:core_event_changelist"), {"q": "관리"})
    assert listing.status_code == 200
    assert client.get(reverse("admin:core_event_add")).status_code == 403
    assert client.get(reverse("admin:core_event_delete", args=[event.pk])).status_code == 403
    detail = client.get(reverse("admin:core_event_change", args=[event.pk]))
    assert detail.status_code == 200 and 'type="submit"' not in detail.content.decode().split("<form", 2)[-1]
    response = client.post(reverse("admin:core_event_change", args=[event.pk]), {"note": "고침"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.note == "관리 화면 확인"
