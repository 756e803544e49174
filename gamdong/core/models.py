from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from gamdong.core.events import EventType
from gamdong.core.masking import mask_contact


class EventQuerySet(models.QuerySet):
    def for_subject(self, subject: models.Model):
        return self.filter(
            subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
            subject_id=str(subject.pk),
        )

    def update(self, **kwargs):  # noqa: ARG002 - append-only
        raise PermissionError("events are append-only")

    def delete(self):
        raise PermissionError("events are append-only")


class Event(models.Model):
    """One recorded change of state. Append-only (see gamdong.core.events)."""

    occurred_at = models.DateTimeField("시각", default=timezone.now, db_index=True)
    event_type = models.PositiveSmallIntegerField("종류", choices=EventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="행위자",
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="대상 종류"
    )
    subject_id = models.CharField("대상 ID", max_length=64, blank=True)
    subject_label = models.CharField("대상", max_length=200, blank=True)
    before = models.JSONField("변경 전", null=True, blank=True)
    after = models.JSONField("변경 후", null=True, blank=True)
    note = models.CharField("메모", max_length=500, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "기록"
        verbose_name_plural = "기록"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "occurred_at"], name="core_event_subject")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_event_type_display()} {self.subject_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("events are append-only")


class DistrictSetting(models.Model):
    """An administrator's value for one of the district settings (gamdong.core.district_settings)."""

    key = models.CharField("설정", max_length=100, unique=True)
    value = models.JSONField("값")
    updated_at = models.DateTimeField("변경 시각", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "구 설정"
        verbose_name_plural = "구 설정"

    def __str__(self) -> str:
        return self.key


class NotificationChannel(models.TextChoices):
    SMS = "sms", "문자(알림톡)"
    EMAIL = "email", "이메일"


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "발송 대기"
    SENT = "sent", "발송 완료"
    FAILED = "failed", "발송 실패"


class Notification(models.Model):
    """One message to one address over one channel (see gamdong.core.notifications).

    The text is rendered when the notice is made, so what was sent is what is stored,
    even if the template changes later.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name="받는 사람",
    )
    recipient_name = models.CharField("받는 사람 이름", max_length=100, blank=True)
    address = models.CharField("받는 주소(이메일·휴대전화)", max_length=254)
    channel = models.CharField("경로", max_length=10, choices=NotificationChannel.choices)
    template = models.CharField("서식", max_length=100)
    subject = models.CharField("제목", max_length=200, blank=True)
    body = models.TextField("내용")
    status = models.CharField(
        "상태", max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("발송 시도 횟수", default=0)
    last_error = models.CharField("마지막 오류", max_length=500, blank=True)
    created_at = models.DateTimeField("생성 시각", default=timezone.now, db_index=True)
    sent_at = models.DateTimeField("발송 시각", null=True, blank=True)
    about_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="관련 대상 종류"
    )
    about_id = models.CharField("관련 대상 ID", max_length=64, blank=True)

    class Meta:
        verbose_name = "알림"
        verbose_name_plural = "알림"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["about_type", "about_id"], name="core_notification_about"),
            models.Index(fields=["status", "created_at"], name="core_notification_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False) | ~models.Q(status="sent"),
                name="core_notification_sent_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=["sms", "email"]), name="core_notification_channel_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sent", "failed"]), name="core_notification_status_valid"
            ),
            models.CheckConstraint(condition=~models.Q(address=""), name="core_notification_has_address"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.template} → {self.recipient_name or mask_address(self.address)}"


mask_address = mask_contact  # kept for the callers that name it so


class CalendarOverride(models.Model):
    """A district's own holiday (휴무일) or forced working day (근무일) on one date.

    It changes the working-day calendar (gamdong.core.calendar) and so every deadline
    counted across that date. Changed only through gamdong.core.calendar_services.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "휴무일"
        WORKING_DAY = "working", "근무일"

    date = models.DateField("날짜", unique=True)
    kind = models.CharField(
        "구분",
        max_length=10,
        choices=Kind.choices,
        help_text="휴무일: 임시공휴일·청사 휴무 등 처리기간에 넣지 않는 날. 근무일: 토요일·일요일에 근무하여 처리기간에 넣는 날.",
    )
    name = models.CharField("이름", max_length=100, help_text="예: 임시공휴일, 구 개청기념일 휴무")
    reason = models.TextField("사유", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="지정한 사람",
    )
    created_at = models.DateTimeField("지정 시각", auto_now_add=True)
    updated_at = models.DateTimeField("변경 시각", auto_now=True)

    class Meta:
        verbose_name = "휴무일·근무일 지정"
        verbose_name_plural = "휴무일·근무일 지정"
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["holiday", "working"]), name="core_calendaroverride_kind_valid"
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="core_calendaroverride_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} ({self.name})"


class IdempotencyRecord(models.Model):
    """The stored answer to a write sent with an Idempotency-Key (gamdong.core.idempotency)."""

    owner = models.CharField(max_length=60)
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "중복 방지 기록"
        constraints = [models.UniqueConstraint("owner", "key", name="core_idempotency_owner_key")]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"
