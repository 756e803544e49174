"""gamdong.demo.bulk: many complaints written in bulk look like the ones the services write."""

import datetime as dt

import pytest
from django.utils import timezone

from gamdong.complaints.models import OPEN_STATUSES, Answer, Complaint, ReceiptCounter, Status
from gamdong.complaints.search import search_complaints
from gamdong.complaints.services import Submission, complaint_submit
from gamdong.core.calendar_selectors import compute_due_at
from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.demo import seed
from gamdong.demo.bulk import bulk_complaints


@pytest.fixture
def bulk(db):
    seed.seed_demo_district(progress=lambda text: None)
    counts = bulk_complaints(600, progress=lambda text: None)
    return counts


def test_bulk_complaints_are_mostly_handled_with_due_times_by_the_district_calendar(bulk):
    complaints = list(Complaint.objects.all())
    assert len(complaints) == bulk["complaints"] == 600
    open_share = sum(c.status in OPEN_STATUSES for c in complaints) / len(complaints)
    assert 0.01 < open_share < 0.2
    for c in complaints:
        if c.received_at is not None:
            assert c.due_at == compute_due_at(c.received_at, days=c.period_days, hours=c.period_hours)
        if c.status in (Status.ANSWERED, Status.CLOSED):
            assert c.officer_id is not None and c.answered_at is not None
    assert Answer.objects.count() == bulk["answers"] > 0


def test_every_bulk_complaint_has_its_filing_event_and_is_found_by_word_search(bulk):
    assert Event.objects.filter(event_type=EventType.COMPLAINT_SUBMITTED).count() == 600
    assert Event.objects.filter(event_type=EventType.COMPLAINT_RECEIVED).count() == Complaint.objects.exclude(
        status=Status.SUBMITTED).count()
    word = "포트홀"
    expected = {c.pk for c in Complaint.objects.all() if word in f"{c.title} {c.body}"}
    assert expected
    found, cursor = set(), None
    while True:
        page = search_complaints(query=word, base_queryset=Complaint.objects.all(), limit=100, cursor=cursor)
        found.update(c.pk for c in page.complaints)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert found == expected


def test_complaints_filed_after_a_bulk_load_take_the_next_receipt_number(bulk):
    year = timezone.localtime().year
    last = ReceiptCounter.objects.get(year=year).last
    assert Complaint.objects.filter(receipt_number=f"{year}-{last:07d}").exists()
    complaint = Complaint.objects.first()
    resident = complaint.complainant
    filed, _ = complaint_submit(
        submission=Submission(category=complaint.category, title="새 민원", body="내용", complainant_name=resident.name),
        complainant=resident, now=timezone.now() + dt.timedelta(seconds=1))
    assert filed.receipt_number == f"{year}-{last + 1:07d}"
