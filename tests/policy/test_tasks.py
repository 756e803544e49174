"""The scheduled jobs: quarterly-check reminders (owner before, owner and planners after the
due day; never twice) and the monthly automatic complaint count."""

import datetime as dt

import pytest
from django.utils import timezone

from gamdong.core.models import Notification
from gamdong.policy import rules, services, tasks
from gamdong.policy.models import MeasureValue

pytestmark = pytest.mark.django_db


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 20)))


def recipients() -> set[str]:
    return set(Notification.objects.filter(body__contains="추진상황 점검").values_list("recipient__username", flat=True))


def test_the_owner_is_reminded_once_before_a_quarterly_check_is_due(town):
    """DOMAIN §2: status is checked at least quarterly — the owner is told before the due day."""
    impl = services.implementation_start(proposal=town.adopt(), owner_department=town.base.roads,
                                         responsible=town.base.officer2, actor=town.planner.user)
    first = impl.checks.get(number=1)
    Notification.objects.all().delete()
    assert tasks.send_check_reminders(now=at(first.due_on - dt.timedelta(days=30))) == []
    sent = tasks.send_check_reminders(now=at(first.due_on - dt.timedelta(days=5)))
    assert sent == [(first.pk, rules.DUE_SOON)]
    assert recipients() == {town.base.officer2.user.username}
    assert tasks.send_check_reminders(now=at(first.due_on - dt.timedelta(days=4))) == []


def test_an_overdue_check_reminds_the_owner_and_the_planners_weekly(town):
    impl = services.implementation_start(proposal=town.adopt(), owner_department=town.base.roads,
                                         actor=town.planner.user)  # nobody responsible: the head is the owner
    first = impl.checks.get(number=1)
    Notification.objects.all().delete()
    overdue_day = first.due_on + dt.timedelta(days=1)
    assert (first.pk, rules.OVERDUE) in tasks.send_check_reminders(now=at(overdue_day))
    assert recipients() >= {town.base.supervisor.user.username, town.planner.user.username}
    assert all(pk != first.pk for pk, _ in tasks.send_check_reminders(now=at(overdue_day + dt.timedelta(days=3))))
    assert (first.pk, rules.OVERDUE) in tasks.send_check_reminders(now=at(overdue_day + dt.timedelta(days=7)))


def test_a_recorded_check_is_not_reminded(town):
    impl = services.implementation_start(proposal=town.adopt(), owner_department=town.base.roads,
                                         actor=town.planner.user)
    first = impl.checks.get(number=1)
    services.status_check_record(check=first, progress_summary="정상 추진", actor=town.planner.user)
    sent = tasks.send_check_reminders(now=at(first.due_on + dt.timedelta(days=1)))
    assert all(pk != first.pk for pk, _ in sent)


def test_the_monthly_job_counts_complaints_once_the_first_window_has_passed(town, file_complaint):
    decided = timezone.now() - dt.timedelta(days=300)
    evidence = [file_complaint(town.base.pothole, when=decided - dt.timedelta(days=30), dong="감동1동")]
    impl = services.implementation_start(
        proposal=town.adopt(decided=decided, complaints=evidence), owner_department=town.base.roads,
        started_on=timezone.localdate(decided), actor=town.planner.user)
    measure = impl.measures.get()
    assert tasks.count_complaint_measures(today=impl.started_on + dt.timedelta(days=20)) == []
    day = rules.add_months(impl.started_on, 6)
    recorded = tasks.count_complaint_measures(today=day)
    assert len(recorded) == 1
    assert tasks.count_complaint_measures(today=day) == []  # a repeated run counts nothing twice
    assert MeasureValue.objects.filter(measure=measure, automatic=True).count() == 1
