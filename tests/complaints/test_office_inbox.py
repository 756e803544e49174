"""The office inbox: the nearest deadline first, overdue and due-today marked, filters, tab
counts, and a bounded number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from gamdong.complaints import selectors_office as sel
from gamdong.complaints.models import Status
from gamdong.complaints.services import complaint_assign
from tests.complaints.conftest import seoul
from tests.complaints.office_helpers import add_officer, logged_in

pytestmark = pytest.mark.django_db


def test_the_inbox_lists_the_nearest_deadline_first_with_working_time_left(district, file_complaint):
    # 기타민원 (3 working hours) filed Tuesday morning and a 질의민원 (14 days) filed earlier.
    question = file_complaint(district.question, when=seoul(2026, 3, 10, 9, 0), title="법령 질의")
    late = file_complaint(when=seoul(2026, 3, 10, 11, 0), title="나중 신고")
    early = file_complaint(when=seoul(2026, 3, 10, 9, 30), title="먼저 신고")
    scope = sel.office_scope(district.supervisor.user)

    page = sel.inbox_page(scope=scope, now=seoul(2026, 3, 10, 10, 0))

    assert [r.complaint.pk for r in page.rows] == [early.pk, late.pk, question.pk]
    first = page.rows[0]
    assert first.time_left == dt.timedelta(hours=2, minutes=30)  # due 12:30, now 10:00
    assert first.time_left_label == "근무 2시간 30분 남음"
    assert first.due_today and not first.overdue


def test_overdue_and_due_today_are_flagged(district, file_complaint):
    old = file_complaint(when=seoul(2026, 3, 10, 9, 0), title="어제 신고")  # due Wednesday 12:00
    today = file_complaint(when=seoul(2026, 3, 11, 9, 0), title="오늘 신고")  # due Wednesday 12:00
    later = file_complaint(district.question, when=seoul(2026, 3, 11, 9, 0), title="질의")
    scope = sel.office_scope(district.supervisor.user)

    rows = {r.complaint.pk: r for r in sel.inbox_page(scope=scope, now=seoul(2026, 3, 11, 10, 0)).rows}

    assert rows[old.pk].overdue and not rows[old.pk].due_today
    assert rows[old.pk].time_left_label.startswith("기한 지남")
    assert rows[today.pk].due_today and not rows[today.pk].overdue
    assert not rows[later.pk].overdue and not rows[later.pk].due_today
    counts = sel.inbox_counts(scope=scope, now=seoul(2026, 3, 11, 10, 0))
    assert (counts.total, counts.overdue, counts.due_today, counts.unassigned) == (3, 1, 1, 3)


def test_waiting_complaints_are_sorted_by_their_receipt_deadline(district, file_complaint):
    clerk = add_officer(district.intake, "20190001", "오접수")
    waiting = file_complaint(district.suggestion, when=seoul(2026, 3, 10, 9, 0), title="건의")
    assert waiting.status == Status.SUBMITTED
    scope = sel.office_scope(clerk.user)

    rows = sel.inbox_page(scope=scope, now=seoul(2026, 3, 10, 10, 0)).rows

    assert [r.complaint.pk for r in rows] == [waiting.pk]
    assert rows[0].deadline == waiting.receipt_due_at
    assert rows[0].time_left == dt.timedelta(hours=7)


def test_filters_narrow_the_inbox(district, file_complaint):
    a = file_complaint(when=seoul(2026, 3, 10, 9, 0), title="구멍", dong="감동2동")
    b = file_complaint(district.question, when=seoul(2026, 3, 10, 9, 0), title="질의")
    complaint_assign(complaint=b, officer=district.officer, actor=district.supervisor.user)
    scope = sel.office_scope(district.supervisor.user)
    now = seoul(2026, 3, 10, 13, 0)

    def ids(**params):
        return [r.complaint.pk for r in sel.inbox_page(scope=scope, filters=sel.InboxFilters.from_params(params),
                                                       now=now).rows]

    assert ids(category=str(district.question.pk)) == [b.pk]
    assert ids(kind="other") == [a.pk]
    assert ids(dong="감동2동") == [a.pk]
    assert ids(status="assigned") == [b.pk]
    assert ids(assigned="no") == [a.pk]
    assert ids(assigned="yes") == [b.pk]
    assert ids(overdue="1") == [a.pk]
    assert ids(due_today="1") == []
    assert ids(kind="nonsense") == [a.pk, b.pk]  # unknown values are ignored


def test_the_officer_sees_what_is_assigned_to_them_in_my_complaints(district, file_complaint):
    mine = file_complaint(title="내 것")
    file_complaint(title="남의 것")
    complaint_assign(complaint=mine, officer=district.officer, actor=district.supervisor.user)
    scope = sel.office_scope(district.officer.user)

    page = sel.inbox_page(scope=scope, view=sel.MINE)

    assert [r.complaint.pk for r in page.rows] == [mine.pk]


def test_pages_hold_25_rows(district, file_complaint):
    for i in range(27):
        file_complaint(when=seoul(2026, 3, 10, 9, 0) + dt.timedelta(minutes=i), title=f"민원 {i}")
    scope = sel.office_scope(district.supervisor.user)

    first = sel.inbox_page(scope=scope, now=seoul(2026, 3, 10, 9, 0))
    second = sel.inbox_page(scope=scope, page=2, now=seoul(2026, 3, 10, 9, 0))

    assert len(first.rows) == 25 and first.has_next and not first.has_previous
    assert len(second.rows) == 2 and not second.has_next and second.has_previous
    assert first.rows[0].complaint.title == "민원 0" and second.rows[-1].complaint.title == "민원 26"


def test_the_inbox_page_shows_tabs_and_marks_and_its_query_count_is_bounded(
    client, district, file_complaint, django_assert_max_num_queries
):
    for i in range(30):
        c = file_complaint(title=f"민원 {i}")
        if i % 2:
            complaint_assign(complaint=c, officer=district.officer, actor=district.supervisor.user)
    logged_in(client, district.supervisor)

    client.get(reverse("office:inbox"))  # the process reads the catalogue once (complaints.reference)
    # session, user with roles, employee, departments headed, the page's ids, its rows, the tab counts
    with django_assert_max_num_queries(7):
        response = client.get(reverse("office:inbox"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "부서 민원함" in text and "미배정" in text and "다음 25건" in text
    assert text.count('href="/office/complaints/') >= 25


def test_filters_come_from_the_query_string_and_htmx_gets_only_the_results(client, district, file_complaint):
    file_complaint(title="도로 구멍")
    file_complaint(district.question, title="법령 질의")
    logged_in(client, district.supervisor)

    response = client.get(reverse("office:inbox"), {"kind": "inquiry_law"}, HTTP_HX_REQUEST="true")

    text = response.content.decode()
    assert response.status_code == 200
    assert "법령 질의" in text and "도로 구멍" not in text
    assert "<html" not in text


def test_residents_and_staff_without_a_complaint_role_get_403(client, district):
    logged_in(client, district.resident)
    assert client.get(reverse("office:inbox")).status_code == 403
    assert client.get(reverse("office:new")).status_code == 403


def test_the_category_filter_lists_the_active_catalogue_in_its_order_and_a_change_at_once(client, district):
    """The filter's categories are kept in the process (complaints.reference): a category added,
    renamed or switched off shows on the next page."""
    from gamdong.complaints.models import Category

    logged_in(client, district.supervisor)
    first = client.get(reverse("office:inbox")).content.decode()
    assert district.pothole.name in first and "가로수 가지치기" not in first
    pruning = Category.objects.create(code="T-PRUNE", name="가로수 가지치기", default_kind="other",
                                      department=district.pothole.department, sort_order=0)
    district.pothole.active = False
    district.pothole.save()

    page = client.get(reverse("office:inbox")).content.decode()
    assert f'<option value="{pruning.pk}">가로수 가지치기</option>' in page
    assert f'<option value="{district.pothole.pk}"' not in page
    listed = [c.name for c in Category.objects.filter(active=True).order_by("sort_order", "name")]
    positions = [page.index(f">{name}</option>") for name in listed]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("left", "overdue", "korean", "english"), [
    (dt.timedelta(hours=2, minutes=30), False, "근무 2시간 30분 남음", "2 h 30 min left"),
    (dt.timedelta(minutes=40), False, "근무 40분 남음", "40 min left"),
    (dt.timedelta(hours=7, minutes=59), False, "근무 7시간 59분 남음", "7 h 59 min left"),
    (dt.timedelta(hours=26, minutes=10), False, "근무 3일 2시간 남음", "3 d 2 h left"),  # days of 8 working hours
    (-dt.timedelta(hours=392, minutes=30), True, "기한 지남 (근무 49일 경과)", "Overdue by 49 d"),
    (-dt.timedelta(hours=9), True, "기한 지남 (근무 1일 1시간 경과)", "Overdue by 1 d 1 h"),
    (dt.timedelta(0), True, "기한 지남", "Overdue"),
])
def test_time_left_reads_in_working_days_from_a_day_on(left, overdue, korean, english):
    """An officer reads a case months overdue as '근무 49일', not '근무 392시간 30분' (법 §19: a day
    of a period counts 8 working hours)."""
    from django.utils import translation

    with translation.override("ko"):
        assert sel.format_working_time(left, overdue=overdue) == korean
    with translation.override("en"):
        assert sel.format_working_time(left, overdue=overdue) == english
