"""현장행정: field visits to the place of complaints, and dialogues with residents."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VisitStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("visit status", "예정")
    DONE = "done", pgettext_lazy("visit status", "방문 완료")
    CANCELLED = "cancelled", pgettext_lazy("visit status", "취소")


class FieldVisit(models.Model):
    """One trip by an officer to one place, for one or several complaints there."""

    officer = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="visits", verbose_name="담당자")
    complaints = models.ManyToManyField("complaints.Complaint", related_name="visits", verbose_name="민원")
    scheduled_for = models.DateTimeField("방문 예정 시각")
    route_order = models.PositiveSmallIntegerField("방문 순서", default=0)
    status = models.CharField("상태", max_length=10, choices=VisitStatus.choices, default=VisitStatus.SCHEDULED)
    visited_at = models.DateTimeField("방문 시각", null=True, blank=True)
    latitude = models.DecimalField("위도", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("경도", max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField("장소", max_length=200, blank=True)
    findings = models.TextField("현장 확인 내용", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "현장방문"
        verbose_name_plural = "현장방문"
        ordering = ["scheduled_for", "route_order", "id"]
        indexes = [models.Index(fields=["officer", "scheduled_for"], name="visit_officer_day")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(visited_at__isnull=False) & ~Q(findings="")),
                name="visit_done_has_time_and_findings",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheduled_for:%Y-%m-%d %H:%M} {self.address}"


class Dialogue(models.Model):
    """주민과의 대화: a session where the mayor or a supervisor meets residents."""

    held_at = models.DateTimeField("일시")
    place = models.CharField("장소", max_length=200)
    title = models.CharField("제목", max_length=200)
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="주재")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    attendee_count = models.PositiveIntegerField("참석 인원", default=0)
    attendees = models.TextField("참석자", blank=True)
    summary = models.TextField("요지", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "주민과의 대화"
        verbose_name_plural = "주민과의 대화"
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.held_at:%Y-%m-%d} {self.title}"


class DialogueItemKind(models.TextChoices):
    INCONVENIENCE = "inconvenience", _("불편사항")
    IDEA = "idea", _("제안·아이디어")


class DialogueItem(models.Model):
    """Something raised at a dialogue: an inconvenience becomes a complaint tracked to its end;
    an idea is kept here until it becomes a proposal (창의행정)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("구분", max_length=20, choices=DialogueItemKind.choices)
    raised_by = models.CharField("제기한 주민", max_length=50, blank=True)
    text = models.TextField("내용")
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="dialogue_item"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "대화 제기 사항"
        verbose_name_plural = "대화 제기 사항"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="inconvenience") | Q(complaint__isnull=False),
                name="dialogue_inconvenience_becomes_complaint",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:30]}"
