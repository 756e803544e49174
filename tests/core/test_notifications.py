"""Notifications: Korean notices by SMS and email, sent only after the change commits,
retried when the gateway fails, and case notices that always name who handles the case."""

import email
import email.header
from pathlib import Path

import pytest
from django.db import transaction

from gamdong.accounts.models import User
from gamdong.core import notifications
from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification, NotificationStatus, mask_address
from gamdong.core.notifications import (
    ConsoleSmsBackend,
    DeliveryError,
    MissingNoticeContext,
    Recipient,
    SmsBackend,
    UnknownTemplate,
    notify,
)

CASE = {"department": "교통행정과", "officer": "김민원", "contact": "02-2620-1234"}


class RefusingSmsBackend(SmsBackend):
    """A gateway that is down."""

    def send(self, notification):
        raise DeliveryError("게이트웨이 응답 없음 (503)")


class FlakySmsBackend(SmsBackend):
    """A gateway that refuses the first message and accepts the rest."""

    calls = 0

    def send(self, notification):
        type(self).calls += 1
        if type(self).calls == 1:
            raise ConnectionError("timed out")
        return "flaky-ok"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.SMS_BACKEND = "gamdong.core.notifications.FileSmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "email")
    return tmp_path


def sms_files(outbox: Path) -> list[str]:
    folder = outbox / "sms"
    return sorted(p.read_text(encoding="utf-8") for p in folder.glob("*.txt")) if folder.exists() else []


def emails(outbox: Path) -> list[email.message.Message]:
    folder = outbox / "email"
    if not folder.exists():
        return []
    messages = []
    for path in sorted(folder.iterdir()):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip()))
    return messages


def subject_of(message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def body_of(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


@pytest.fixture
def resident(db):
    return User.objects.create_user("hong", name="홍길동", email="hong@example.kr", phone="010-1234-5678")


def test_welcome_notice_is_written_as_korean_sms_and_email(resident, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(recipient=resident, template="account_welcome", context={"name": resident.name})

    assert {row.channel for row in rows} == {"sms", "email"}
    [sms] = sms_files(outbox)
    assert "To: 010-1234-5678" in sms
    assert "[감동구] 홍길동님, 가입을 환영합니다." in sms
    [message] = emails(outbox)
    assert message["To"] == "hong@example.kr"
    assert subject_of(message) == "[감동구] 가입을 환영합니다"
    assert "홍길동님, 안녕하세요." in body_of(message)
    assert "&" not in body_of(message)  # plain text: nothing HTML-escaped

    for row in Notification.objects.all():
        assert row.status == NotificationStatus.SENT
        assert row.attempts == 1
        assert row.sent_at is not None
        assert row.recipient == resident
    sent = Event.objects.filter(event_type=EventType.NOTIFICATION_SENT)
    assert sent.count() == 2
    assert all(event.actor is None for event in sent)


def test_stored_text_is_what_was_sent(resident, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=resident, template="account_welcome", context={"name": "홍길동"}, channels=("sms",))
    row = Notification.objects.get()
    assert row.body in sms_files(outbox)[0]


def test_nothing_is_sent_when_the_change_is_rolled_back(resident, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipient=resident, template="account_welcome", context={"name": resident.name})
            raise RuntimeError("the change failed")

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert sms_files(outbox) == []
    assert emails(outbox) == []


def test_nothing_is_sent_before_the_transaction_commits(resident, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipient=resident, template="account_welcome", context={"name": resident.name})
    assert len(callbacks) == 1  # one delivery task for the SMS and the email
    assert sms_files(outbox) == []
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.QUEUED}


def test_a_channel_without_an_address_is_skipped(db, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            recipient=Recipient(name="이주민", phone="010-9999-0000"),
            template="account_welcome",
            context={"name": "이주민"},
        )
    assert [row.channel for row in rows] == ["sms"]
    assert rows[0].recipient is None
    assert emails(outbox) == []
    assert "이주민님" in sms_files(outbox)[0]


def test_failing_gateway_is_retried_and_then_marked_failed_with_an_event(
    resident, settings, outbox, django_capture_on_commit_callbacks, run_scheduled_tasks
):
    settings.SMS_BACKEND = "tests.core.test_notifications.RefusingSmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=resident, template="account_welcome", context={"name": "홍길동"}, channels=("sms",))

    row = Notification.objects.get()
    assert (row.status, row.attempts) == (NotificationStatus.QUEUED, 1)
    assert "게이트웨이 응답 없음" in row.last_error
    assert not Event.objects.filter(event_type=EventType.NOTIFICATION_FAILED).exists()

    assert run_scheduled_tasks() == 3  # three retries, each after its delay

    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == (NotificationStatus.FAILED, 4, None)
    failed = Event.objects.get(event_type=EventType.NOTIFICATION_FAILED)
    assert failed.subject_id == str(row.pk)
    assert "게이트웨이 응답 없음" in failed.note
    assert failed.after == {"status": "failed", "attempts": 4}
    assert sms_files(outbox) == []


def test_a_retry_that_succeeds_marks_the_notice_sent(
    resident, settings, django_capture_on_commit_callbacks, run_scheduled_tasks
):
    FlakySmsBackend.calls = 0
    settings.SMS_BACKEND = "tests.core.test_notifications.FlakySmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=resident, template="account_welcome", context={"name": "홍길동"}, channels=("sms",))
    run_scheduled_tasks()

    row = Notification.objects.get()
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 2)
    assert Event.objects.filter(event_type=EventType.NOTIFICATION_SENT).count() == 1


def test_a_sent_notice_is_never_sent_twice(resident, outbox, django_capture_on_commit_callbacks):
    from gamdong.core.tasks import deliver_notification

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=resident, template="account_welcome", context={"name": "홍길동"}, channels=("sms",))
    deliver_notification(Notification.objects.get().pk)  # a duplicate task
    assert len(sms_files(outbox)) == 1
    assert Notification.objects.get().attempts == 1


def test_morning_job_retries_recent_failures_below_the_attempt_limit(
    resident, settings, outbox, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from gamdong.core.tasks import retry_failed_notifications

    def failed(**fields):
        return Notification.objects.create(
            recipient=resident,
            address="010-1234-5678",
            channel="sms",
            template="account_welcome",
            body="본문",
            status=NotificationStatus.FAILED,
            **fields,
        )

    recent = failed(attempts=4)
    exhausted = failed(attempts=notifications.max_attempts())
    old = failed(attempts=4, created_at=timezone.now() - dt.timedelta(days=5))

    with django_capture_on_commit_callbacks(execute=True):
        requeued = retry_failed_notifications.call_local()

    assert requeued == [recent.pk]
    recent.refresh_from_db()
    assert (recent.status, recent.attempts) == (NotificationStatus.SENT, 5)
    assert Event.objects.filter(event_type=EventType.NOTIFICATION_REQUEUED, subject_id=str(recent.pk)).exists()
    for row in (exhausted, old):
        row.refresh_from_db()
        assert row.status == NotificationStatus.FAILED
    assert len(sms_files(outbox)) == 1


def test_case_notice_names_department_officer_and_contact(resident, outbox, django_capture_on_commit_callbacks):
    context = {**CASE, "case_title": "불법 주정차 신고", "message": "신고하신 민원을 접수했습니다."}
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=resident, template="case_notice", context=context, about=resident)

    [sms] = sms_files(outbox)
    [message] = emails(outbox)
    for text in (sms, body_of(message)):
        assert "담당 부서: 교통행정과" in text
        assert "담당자: 김민원" in text
        assert "문의: 02-2620-1234" in text
        assert "신고하신 민원을 접수했습니다." in text
    assert subject_of(message) == "[감동구] 불법 주정차 신고 안내"
    row = Notification.objects.filter(channel="sms").get()
    assert (row.about_type.model, row.about_id) == ("user", str(resident.pk))


@pytest.mark.parametrize("missing", ["department", "officer", "contact"])
def test_case_notice_without_who_handles_it_is_refused_before_anything_is_written(resident, missing):
    context = {**CASE, "case_title": "불법 주정차 신고", "message": "접수했습니다."}
    context[missing] = "  "
    with pytest.raises(MissingNoticeContext, match=missing):
        notify(recipient=resident, template="case_notice", context=context)
    assert Notification.objects.count() == 0


def test_every_registered_case_notice_template_renders_the_footer(db):
    """A template flagged case_notice (the generic one now, complaint notices later) must show
    department, officer and contact in every channel (령 §31)."""
    sample = {**CASE, "case_title": "제목", "message": "내용", "name": "홍길동"}
    case_templates = [t for t in notifications.REGISTRY.values() if t.case_notice]
    assert case_templates
    for spec in case_templates:
        context = {name: f"값{i}" for i, name in enumerate(spec.required)} | sample
        for channel in spec.channels:
            _, body = notifications.render(spec, channel, context)
            for value in CASE.values():
                assert value in body, (spec.key, channel, value)


def test_unknown_template_is_refused(resident):
    with pytest.raises(UnknownTemplate):
        notify(recipient=resident, template="no_such_template", context={})


def test_console_backend_prints_the_message(resident, settings, capsys, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "gamdong.core.notifications.ConsoleSmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=resident, template="account_welcome", context={"name": "홍길동"}, channels=("sms",))
    out = capsys.readouterr().out
    assert "To: 010-1234-5678" in out
    assert "가입을 환영합니다" in out
    assert isinstance(notifications.get_sms_backend(), ConsoleSmsBackend)


def test_notice_labels_in_the_record_hide_the_address():
    assert mask_address("010-1234-5678") == "010-****-5678"
    assert mask_address("hong@example.kr") == "ho**@example.kr"
    assert mask_address("a@b.kr") == "a*@b.kr"
    row = Notification(address="010-1234-5678", channel="sms", template="account_welcome")
    assert "1234" not in str(row)


def test_the_notices_of_one_change_go_in_one_delivery_task(resident, outbox, django_capture_on_commit_callbacks):
    """Filing sends its notices with one enqueue (one commit of the queue), whatever their number."""
    other = User.objects.create_user(username="other-resident", name="김이웃", phone="010-2222-3333",
                                     email="neighbour@example.com")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify(recipient=resident, template="account_welcome", context={"name": resident.name})
        notify(recipient=other, template="account_welcome", context={"name": other.name})
    assert len(callbacks) == 1
    assert len(sms_files(outbox)) == 2 and len(emails(outbox)) == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}


def test_a_notice_of_a_rolled_back_savepoint_is_not_sent_and_the_others_are(
    resident, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipient=resident, template="account_welcome", context={"name": "취소"}, channels=("sms",))
            raise RuntimeError("this part failed")
        notify(recipient=resident, template="account_welcome", context={"name": "남음"}, channels=("sms",))
    [sent] = sms_files(outbox)
    assert "남음" in sent
    assert Notification.objects.get().status == NotificationStatus.SENT


def test_in_one_delivery_task_each_notice_keeps_its_own_retries(
    resident, settings, outbox, django_capture_on_commit_callbacks, run_scheduled_tasks
):
    FlakySmsBackend.calls = 0
    settings.SMS_BACKEND = "tests.core.test_notifications.FlakySmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=resident, template="account_welcome", context={"name": "홍길동"})  # SMS fails once
    email_row = Notification.objects.get(channel="email")
    assert (email_row.status, email_row.attempts) == (NotificationStatus.SENT, 1)
    run_scheduled_tasks()
    sms_row = Notification.objects.get(channel="sms")
    assert (sms_row.status, sms_row.attempts) == (NotificationStatus.SENT, 2)
    email_row.refresh_from_db()
    assert email_row.attempts == 1  # the retry sent only the one still unsent
    assert len(emails(outbox)) == 1
