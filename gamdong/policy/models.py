"""정책화: an adopted proposal becomes an implementation whose effect is measured.

- Implementation: one per adopted proposal, owned by a department, with a responsible
  employee, a status and a progress; followed for `proposals.adopted_follow_years` years
  from the decision.
- Milestone: a step of the plan (추진 단계), with its due day and the day it was done.
- OutcomeMeasure: what shows the effect (성과 지표), from a baseline toward a target; either
  entered by hand or counted from complaints of one category (and 동) before and after.
- MeasureValue: one measurement, entered by a person or counted automatically.
- StatusCheck: the quarterly status check (추진상황 점검), created for the whole follow-up
  period when implementation starts.
- ResultGrade: the grade 수·우·미·양·가 after the measurement year, with its basis.

Every change goes through gamdong.policy.services, which writes the event; the rules with
numbers are in gamdong.policy.rules.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from gamdong.policy import rules


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", "추진 예정"
    IN_PROGRESS = "in_progress", "추진 중"
    COMPLETED = "completed", "완료"
    SUSPENDED = "suspended", "일시 중단"
    DROPPED = "dropped", "추진 중단"


# Stopping needs a reason that anyone reading the list can see.
STATUSES_WITH_REASON = (ImplementationStatus.SUSPENDED, ImplementationStatus.DROPPED)
ACTIVE_STATUSES = (ImplementationStatus.PLANNED, ImplementationStatus.IN_PROGRESS)


class Implementation(models.Model):
    proposal = models.OneToOneField(
        "ideas.Proposal", on_delete=models.PROTECT, related_name="implementation", verbose_name="채택 제안",
    )
    owner_department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="implementations", verbose_name="추진 부서",
    )
    responsible = models.ForeignKey(
        "org.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="implementations",
        verbose_name="담당자",
    )
    status = models.CharField("추진 상태", max_length=20, choices=ImplementationStatus.choices,
                              default=ImplementationStatus.PLANNED)
    status_reason = models.TextField("중단 사유", blank=True)
    progress_percent = models.PositiveSmallIntegerField("추진율(%)", default=0)
    adopted_on = models.DateField("채택일")
    started_on = models.DateField("착수일")
    effect_from = models.DateField("성과 측정 시작일", help_text="처음 효과가 나기 시작한 날(기본: 착수일)")
    follow_until = models.DateField("사후관리 기한")
    finished_at = models.DateTimeField("사후관리 종료", null=True, blank=True)
    finish_note = models.TextField("사후관리 종료 의견", blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="착수 등록")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField("버전", default=1)

    class Meta:
        verbose_name = "정책화"
        verbose_name_plural = "정책화"
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["owner_department", "status"], name="implementation_department"),
            models.Index(fields=["status", "-started_on"], name="implementation_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="implementation_progress_0_100"),
            models.CheckConstraint(
                condition=~Q(status__in=STATUSES_WITH_REASON) | ~Q(status_reason=""),
                name="implementation_stop_has_reason",
            ),
            models.CheckConstraint(condition=Q(follow_until__gt=F("adopted_on")),
                                   name="implementation_follow_after_adoption"),
            models.CheckConstraint(condition=Q(effect_from__gte=F("started_on")),
                                   name="implementation_effect_after_start"),
        ]

    def __str__(self) -> str:
        return f"정책화: {self.proposal.title}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class Milestone(models.Model):
    implementation = models.ForeignKey(Implementation, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("추진 단계", max_length=200)
    due_on = models.DateField("완료 예정일")
    done_on = models.DateField("완료일", null=True, blank=True)
    order = models.PositiveSmallIntegerField("순서", default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "추진 단계"
        verbose_name_plural = "추진 단계"
        ordering = ["implementation", "order", "due_on", "id"]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="milestone_title_not_blank")]

    def __str__(self) -> str:
        return self.title


class Direction(models.TextChoices):
    HIGHER = rules.HIGHER, "높을수록 좋음"
    LOWER = rules.LOWER, "낮을수록 좋음"


class MeasureSource(models.TextChoices):
    MANUAL = "manual", "직접 입력"
    COMPLAINT_COUNT = "complaint_count", "민원 건수(자동)"


class OutcomeMeasure(models.Model):
    implementation = models.ForeignKey(Implementation, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField("지표명", max_length=200)
    unit = models.CharField("단위", max_length=20)
    baseline = models.DecimalField("기준값", max_digits=14, decimal_places=2)
    target = models.DecimalField("목표값", max_digits=14, decimal_places=2)
    direction = models.CharField("방향", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    source = models.CharField("측정 방법", max_length=20, choices=MeasureSource.choices, default=MeasureSource.MANUAL)
    # complaint_count only: which complaints, and the length of the windows before and after.
    category = models.ForeignKey("complaints.Category", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="민원 유형")
    dongs = models.JSONField("동", default=list, blank=True, help_text="비어 있으면 구 전체")
    window_months = models.PositiveSmallIntegerField("비교 기간(개월)", default=rules.DEFAULT_COMPLAINT_WINDOW_MONTHS)
    baseline_from = models.DateField("기준 기간 시작", null=True, blank=True)
    baseline_until = models.DateField("기준 기간 끝(미포함)", null=True, blank=True)
    order = models.PositiveSmallIntegerField("순서", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "성과 지표"
        verbose_name_plural = "성과 지표"
        ordering = ["implementation", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="complaint_count") | Q(category__isnull=False, baseline_from__isnull=False),
                name="measure_complaint_count_has_category",
            ),
            models.CheckConstraint(condition=Q(window_months__gte=1), name="measure_window_positive"),
            models.CheckConstraint(
                condition=(Q(direction="higher") & Q(target__gte=F("baseline")))
                | (Q(direction="lower") & Q(target__lte=F("baseline"))),
                name="measure_target_on_better_side",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_automatic(self) -> bool:
        return self.source == MeasureSource.COMPLAINT_COUNT


class MeasureValue(models.Model):
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField("측정일")
    value = models.DecimalField("측정값", max_digits=14, decimal_places=2)
    note = models.CharField("비고", max_length=300, blank=True)
    automatic = models.BooleanField("자동 측정", default=False)
    window_from = models.DateField("집계 기간 시작", null=True, blank=True)
    window_until = models.DateField("집계 기간 끝(미포함)", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="입력한 사람")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "성과 측정값"
        verbose_name_plural = "성과 측정값"
        ordering = ["measure", "measured_on", "id"]
        constraints = [
            # A periodic run repeated (or two at once) never counts the same day twice.
            models.UniqueConstraint(fields=["measure", "measured_on"], condition=Q(automatic=True),
                                    name="measure_value_one_automatic_per_day"),
            models.CheckConstraint(condition=Q(automatic=False) | Q(recorded_by__isnull=True),
                                   name="measure_value_automatic_by_nobody"),
        ]

    def __str__(self) -> str:
        return f"{self.measured_on} {self.value}"


class StatusCheck(models.Model):
    implementation = models.ForeignKey(Implementation, on_delete=models.CASCADE, related_name="checks")
    number = models.PositiveSmallIntegerField("회차")
    period_start = models.DateField("점검 기간 시작")
    due_on = models.DateField("점검 기한")
    checked_at = models.DateTimeField("점검 시각", null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="점검자")
    progress_summary = models.TextField("추진 상황", blank=True)
    issues = models.TextField("문제점·조치 사항", blank=True)
    progress_percent = models.PositiveSmallIntegerField("점검 시 추진율(%)", null=True, blank=True)
    # What the reminder job has sent (it re-reads these under the row lock: never twice).
    due_soon_reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "분기 추진상황 점검"
        verbose_name_plural = "분기 추진상황 점검"
        ordering = ["implementation", "number"]
        indexes = [
            # The reminder job and the overdue column read open checks by due day.
            models.Index(fields=["due_on"], condition=Q(checked_at__isnull=True), name="status_check_open_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["implementation", "number"], name="status_check_number_unique"),
            models.CheckConstraint(condition=Q(checked_at__isnull=True) | ~Q(progress_summary=""),
                                   name="status_check_has_summary"),
        ]

    def __str__(self) -> str:
        return f"{self.number}회차 점검 ({self.due_on})"

    @property
    def is_done(self) -> bool:
        return self.checked_at is not None


class Grade(models.TextChoices):
    SU = "수", "수"
    U = "우", "우"
    MI = "미", "미"
    YANG = "양", "양"
    GA = "가", "가"


class ResultGrade(models.Model):
    implementation = models.OneToOneField(Implementation, on_delete=models.CASCADE, related_name="result_grade")
    grade = models.CharField("성과 등급", max_length=2, choices=Grade.choices)
    achievement = models.DecimalField("달성률", max_digits=6, decimal_places=4)
    measured_from = models.DateField("측정 기간 시작")
    measured_until = models.DateField("측정 기간 끝(미포함)")
    basis = models.JSONField("근거", default=list, help_text="지표별 기준값·목표값·측정값·달성률")
    floors = models.JSONField("적용한 등급 기준", default=dict)
    note = models.TextField("평가 의견", blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="평가자")
    graded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "성과 등급"
        verbose_name_plural = "성과 등급"
        constraints = [
            models.CheckConstraint(condition=Q(achievement__gte=0, achievement__lte=1), name="result_grade_ratio_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.grade} ({self.implementation_id})"
