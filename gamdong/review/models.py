"""심의: committees, their meetings and agendas, scorecards, field simulations (pilots),
decisions with grades and awards, and the 실적가점 candidates an adoption creates.

Every change goes through gamdong.review.services, which writes the event; the arithmetic of
scorecards, composition, quorum and awards is in gamdong.review.rules (pure).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class CommitteeKind(models.TextChoices):
    STAFF = "staff", "제안심사위원회"  # staff proposals (공무원제안)
    RESIDENT = "resident", "구민창안심사위원회"  # residents' ideas and proposals (국민제안)
    COUNCIL = "council", "심의회"


class Committee(models.Model):
    name = models.CharField("위원회 이름", max_length=100, unique=True)
    kind = models.CharField("종류", max_length=20, choices=CommitteeKind.choices, default=CommitteeKind.STAFF)
    external_share_required = models.BooleanField(
        "외부위원 최소 비율 적용", default=True,
        help_text="켜 두면 위원(간사 제외)의 일정 비율(구 설정) 이상이 외부위원이어야 회의를 소집할 수 있습니다.",
    )
    criteria_weights = models.JSONField("심사 기준별 가중치", default=dict)
    scale_min = models.PositiveSmallIntegerField("기준별 최저점", default=1)
    scale_max = models.PositiveSmallIntegerField("기준별 최고점", default=10)
    exclude_proposer_department = models.BooleanField(
        "제안자 부서 위원 채점 제외", default=True, help_text="제안자와 같은 부서의 위원은 그 제안을 채점하지 않습니다.",
    )
    active = models.BooleanField("운영 중", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField("버전", default=1)

    class Meta:
        verbose_name = "심사위원회"
        verbose_name_plural = "심사위원회"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="review_committee_scale_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", "위원장"
    MEMBER = "member", "위원"
    SECRETARY = "secretary", "간사"


VOTING_ROLES = (MemberRole.CHAIR, MemberRole.MEMBER)


class CommitteeMember(models.Model):
    """A person on a committee. The secretary (간사) runs the meetings but neither scores nor
    counts for composition or quorum."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_seats",
                             verbose_name="위원")
    role = models.CharField("역할", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    is_external = models.BooleanField("외부위원", default=False, help_text="공무원이 아닌 위원(외부위원 계정)")
    active = models.BooleanField("재임 중", default=True)
    appointed_at = models.DateTimeField("위촉 시각", default=timezone.now)
    left_at = models.DateTimeField("해촉 시각", null=True, blank=True)

    class Meta:
        verbose_name = "심사위원"
        verbose_name_plural = "심사위원"
        ordering = ["committee", "role", "appointed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], condition=Q(active=True),
                                    name="review_member_once_while_active"),
            models.UniqueConstraint(fields=["committee"], condition=Q(active=True, role="chair"),
                                    name="review_one_active_chair"),
        ]

    def __str__(self) -> str:
        return f"{self.committee_id}·{self.user_id} ({self.get_role_display()})"

    @property
    def votes(self) -> bool:
        return self.role in VOTING_ROLES


class MeetingStatus(models.TextChoices):
    CONVENED = "convened", "소집"
    HELD = "held", "개최(출석 확인)"
    CLOSED = "closed", "종료"
    CANCELLED = "cancelled", "취소"


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField("회의 이름", max_length=200)
    scheduled_at = models.DateTimeField("일시")
    place = models.CharField("장소", max_length=200)
    status = models.CharField("상태", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.CONVENED)
    attendees = models.ManyToManyField(CommitteeMember, blank=True, related_name="meetings_attended",
                                       verbose_name="출석 위원")
    attendance_recorded_at = models.DateTimeField("출석 확인 시각", null=True, blank=True)
    minutes = models.TextField("회의록(회의 내용)", blank=True)
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField("버전", default=1)

    class Meta:
        verbose_name = "심사회의"
        verbose_name_plural = "심사회의"
        ordering = ["-scheduled_at", "-id"]
        indexes = [models.Index(fields=["committee", "-scheduled_at"], name="review_meeting_recent")]

    def __str__(self) -> str:
        return self.title


class ScoringStatus(models.TextChoices):
    PENDING = "pending", "채점 전"
    OPEN = "open", "채점 중"
    CLOSED = "closed", "채점 마감"


class AgendaOutcome(models.TextChoices):
    NONE = "", "미결"
    ADOPTED = "adopted", "채택"
    ADOPTED_WITH_CHANGES = "adopted_changed", "수정 채택"
    REJECTED = "rejected", "불채택"
    HELD = "held", "보류"
    PILOT = "pilot", "현장 시뮬레이션 회부"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    proposal = models.ForeignKey("ideas.Proposal", on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField("순서")
    scoring = models.CharField("채점", max_length=10, choices=ScoringStatus.choices, default=ScoringStatus.PENDING)
    outcome = models.CharField("결과", max_length=20, choices=AgendaOutcome.choices, blank=True, default="")

    class Meta:
        verbose_name = "심사 안건"
        verbose_name_plural = "심사 안건"
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "proposal"], name="review_agenda_proposal_once"),
            models.UniqueConstraint(fields=["meeting", "order"], name="review_agenda_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} 안건 {self.order}"


class ScoreSheet(models.Model):
    """One member's scorecard for one agenda item: one line per criterion, and the weighted
    total on 100 computed by rules.scorecard when it was submitted."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="sheets")
    total = models.DecimalField("가중 합계(100점)", max_digits=6, decimal_places=2)
    comment = models.TextField("의견", blank=True)
    submitted_at = models.DateTimeField("제출 시각", default=timezone.now)

    class Meta:
        verbose_name = "심사표"
        verbose_name_plural = "심사표"
        ordering = ["item", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="review_one_sheet_per_member"),
            models.CheckConstraint(condition=Q(total__gte=0, total__lte=100), name="review_sheet_total_0_100"),
        ]

    def __str__(self) -> str:
        return f"심사표 {self.item_id}·{self.member_id}"


class ScoreLine(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="lines")
    criterion = models.CharField("심사 기준", max_length=50)
    weight = models.FloatField("가중치")
    score = models.PositiveSmallIntegerField("점수")

    class Meta:
        verbose_name = "심사표 항목"
        verbose_name_plural = "심사표 항목"
        ordering = ["sheet", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="review_line_criterion_once"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="review_line_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} {self.score}"


class PilotStatus(models.TextChoices):
    RUNNING = "running", "진행 중"
    FINISHED = "finished", "종료"


class Pilot(models.Model):
    """현장 시뮬레이션: trying a proposal out on site before the committee decides."""

    proposal = models.ForeignKey("ideas.Proposal", on_delete=models.PROTECT, related_name="pilots")
    item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="pilots")
    plan = models.TextField("시행 계획")
    sites = models.TextField("시행 장소")
    starts_on = models.DateField("시작일")
    ends_on = models.DateField("종료일")
    status = models.CharField("상태", max_length=10, choices=PilotStatus.choices, default=PilotStatus.RUNNING)
    summary = models.TextField("결과 요약", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "현장 시뮬레이션"
        verbose_name_plural = "현장 시뮬레이션"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="review_pilot_ends_after_start"),
            models.UniqueConstraint(fields=["proposal"], condition=Q(status="running"),
                                    name="review_one_running_pilot_per_proposal"),
        ]

    def __str__(self) -> str:
        return f"현장 시뮬레이션 {self.proposal_id}"


class PilotMeasure(models.Model):
    """A success measure with its target (e.g. 민원 건수 ≤ 30건/월)."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField("성공 지표", max_length=100)
    unit = models.CharField("단위", max_length=20, blank=True)
    target = models.DecimalField("목표", max_digits=14, decimal_places=2)
    higher_is_better = models.BooleanField("클수록 좋음", default=True)

    class Meta:
        verbose_name = "성공 지표"
        verbose_name_plural = "성공 지표"
        ordering = ["pilot", "id"]
        constraints = [models.UniqueConstraint(fields=["pilot", "name"], name="review_measure_name_once")]

    def __str__(self) -> str:
        return self.name

    def met(self, value) -> bool:
        return value >= self.target if self.higher_is_better else value <= self.target


class PilotResult(models.Model):
    measure = models.OneToOneField(PilotMeasure, on_delete=models.CASCADE, related_name="result")
    value = models.DecimalField("측정값", max_digits=14, decimal_places=2)
    note = models.TextField("비고", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "현장 시뮬레이션 결과"
        verbose_name_plural = "현장 시뮬레이션 결과"

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.value}"

    @property
    def met(self) -> bool:
        return self.measure.met(self.value)


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", "채택"
    ADOPTED_WITH_CHANGES = "adopted_changed", "수정 채택"
    REJECTED = "rejected", "불채택"
    HELD = "held", "보류"


ADOPTING_OUTCOMES = (DecisionOutcome.ADOPTED, DecisionOutcome.ADOPTED_WITH_CHANGES)


class Decision(models.Model):
    proposal = models.ForeignKey("ideas.Proposal", on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField("결정", max_length=20, choices=DecisionOutcome.choices)
    reasons = models.TextField("사유", blank=True)
    grade = models.CharField("시상 등급", max_length=20, blank=True)
    award_krw = models.PositiveIntegerField("상금(원)", null=True, blank=True)
    planned_implementation_on = models.DateField("실시 예정일", null=True, blank=True)
    score_total = models.DecimalField("평균 점수(100점)", max_digits=6, decimal_places=2, null=True, blank=True)
    rereview_due_at = models.DateTimeField("재심사 요청 기한", null=True, blank=True)
    decided_at = models.DateTimeField("결정 시각", default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "채택 여부 결정"
        verbose_name_plural = "채택 여부 결정"
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome__in=["adopted", "adopted_changed"]) | Q(planned_implementation_on__isnull=False),
                name="review_adoption_has_planned_date",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["adopted", "adopted_changed"]) | (Q(grade="") & Q(award_krw__isnull=True)),
                name="review_award_only_when_adopted",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["adopted"]) | ~Q(reasons=""), name="review_decision_reasons_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.get_outcome_display()}"

    @property
    def adopted(self) -> bool:
        return self.outcome in ADOPTING_OUTCOMES


class RereviewRequest(models.Model):
    proposal = models.ForeignKey("ideas.Proposal", on_delete=models.CASCADE, related_name="rereview_requests")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="rereview_request")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("재심사 요청 사유")
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "재심사 요청"
        verbose_name_plural = "재심사 요청"
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"재심사 요청 {self.proposal_id}"


class MeritRole(models.TextChoices):
    LEAD = "lead", "대표 제안자"
    CO = "co", "공동제안자"
    IMPLEMENTER = "implementer", "실시 공무원"  # rewarded when the district's ordinance says so


class MeritRecord(models.Model):
    """실적가점 후보: written at each adoption for the lead and every co-proposer, and — when the
    district rewards them (proposals.reward_implementer) — for the officer who carried the adopted
    proposal out, when its implementation is completed. The personnel app reads these when it
    draws up the promotion list (DOMAIN.md §3)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="merit_records")
    proposal = models.ForeignKey("ideas.Proposal", on_delete=models.PROTECT, related_name="merit_records")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="merit_records")
    role = models.CharField("구분", max_length=12, choices=MeritRole.choices)
    share_percent = models.PositiveSmallIntegerField("기여도(%)", null=True, blank=True)
    grade = models.CharField("시상 등급", max_length=20, blank=True)
    decided_at = models.DateTimeField("채택 시각")

    class Meta:
        verbose_name = "실적가점 후보"
        verbose_name_plural = "실적가점 후보"
        ordering = ["-decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "user"], name="review_merit_once_per_decision"),
            models.UniqueConstraint(fields=["proposal", "user"], condition=models.Q(role="implementer"),
                                    name="review_merit_implementer_once"),
            models.CheckConstraint(condition=models.Q(role="implementer") | models.Q(decision__isnull=False),
                                   name="review_merit_proposer_has_decision"),
        ]
        indexes = [models.Index(fields=["user", "-decided_at"], name="review_merit_by_user")]

    def __str__(self) -> str:
        return f"실적가점 {self.user_id}·{self.proposal_id}"
