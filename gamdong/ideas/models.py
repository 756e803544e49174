"""창의행정: where ideas come from and the formal proposal (제안) they become.

- Idea: a post in 창의광장 (staff forum) or 아이디어하우스 (residents and staff, all year),
  with comments, one support per person, and revisions written together.
- Proposal: the formal 제안 under 공무원 제안 규정 / 국민 제안 규정, with its sections,
  co-proposers, attachments and links to the ideas, complaints, dialogue items or club it
  came from; its deadlines come from core/deadlines.
- Campaign: a call such as 1직원 1제안 (a period and a target per employee) or a
  공모제안 theme.
- Club: 창의연구 동아리 with members, meetings (minutes) and research reports, presented
  at a Presentation (발표회).

Every change goes through gamdong.ideas.services, which writes the event.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

# --- Ideas: 창의광장 and 아이디어하우스 ----------------------------------------------------


class Venue(models.TextChoices):
    PLAZA = "plaza", "창의광장"
    HOUSE = "house", "아이디어하우스"


class IdeaStatus(models.TextChoices):
    OPEN = "open", "의견 나눔"
    PROPOSED = "proposed", "제안으로 제출"
    CLOSED = "closed", "마감"
    HIDDEN = "hidden", "숨김"


class Idea(models.Model):
    """An informal idea, open to comments, supports and improvement before it is proposed."""

    venue = models.CharField("게시판", max_length=10, choices=Venue.choices, default=Venue.PLAZA)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas", verbose_name="작성자")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="작성자 부서", help_text="직원이 쓴 글이면 쓸 때의 소속 부서",
    )
    title = models.CharField("제목", max_length=200)
    body = models.TextField("내용")
    status = models.CharField("상태", max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.OPEN)
    campaign = models.ForeignKey(
        "ideas.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas", verbose_name="공모",
    )
    # Counters kept by the services so that the plaza sorts on an index, not on a join.
    support_count = models.PositiveIntegerField("공감 수", default=0)
    comment_count = models.PositiveIntegerField("댓글 수", default=0)
    revision_count = models.PositiveIntegerField("다듬은 횟수", default=0)
    created_at = models.DateTimeField("작성 시각", default=timezone.now)
    last_activity_at = models.DateTimeField("최근 활동", default=timezone.now)
    version = models.PositiveIntegerField("버전", default=1)

    class Meta:
        verbose_name = "아이디어"
        verbose_name_plural = "아이디어"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["venue", "status", "-created_at", "-id"], name="idea_newest"),
            models.Index(fields=["venue", "status", "-support_count", "-id"], name="idea_most_supported"),
            models.Index(fields=["venue", "status", "-comment_count", "-id"], name="idea_most_discussed"),
            models.Index(fields=["author", "-created_at"], name="idea_author"),
        ]

    def __str__(self) -> str:
        return self.title


class IdeaRevision(models.Model):
    """One version of an idea's text; anyone on the plaza may improve an open idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="수정한 사람")
    title = models.CharField("제목", max_length=200)
    body = models.TextField("내용")
    note = models.CharField("수정 요지", max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "아이디어 수정 이력"
        verbose_name_plural = "아이디어 수정 이력"
        ordering = ["idea", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.idea_id} 수정 {self.created_at:%Y-%m-%d %H:%M}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="작성자")
    body = models.TextField("댓글")
    created_at = models.DateTimeField(default=timezone.now)
    hidden = models.BooleanField("숨김", default=False)

    class Meta:
        verbose_name = "댓글"
        verbose_name_plural = "댓글"
        ordering = ["idea", "created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at", "id"], name="idea_comment_order")]

    def __str__(self) -> str:
        return self.body[:40]


class IdeaSupport(models.Model):
    """공감: one per person per idea (a database constraint, not only a check)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "공감"
        verbose_name_plural = "공감"
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="idea_support_once_per_person")]

    def __str__(self) -> str:
        return f"공감 {self.idea_id}·{self.user_id}"


# --- Campaigns: 1직원 1제안 and 공모제안 -----------------------------------------------------


class CampaignKind(models.TextChoices):
    ONE_EACH = "one_each", "1직원 1제안"
    THEMED_CALL = "themed_call", "공모제안"


class Campaign(models.Model):
    kind = models.CharField("종류", max_length=20, choices=CampaignKind.choices, default=CampaignKind.ONE_EACH)
    title = models.CharField("이름", max_length=200)
    theme = models.TextField("주제·안내", blank=True)
    starts_on = models.DateField("시작일")
    ends_on = models.DateField("종료일")
    target_per_employee = models.PositiveSmallIntegerField("1인당 목표 제안 수", default=1)
    departments = models.ManyToManyField(
        "org.Department", blank=True, related_name="+", verbose_name="대상 부서",
        help_text="비워 두면 구청 전체가 대상입니다(하위 부서 포함).",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "제안 공모"
        verbose_name_plural = "제안 공모"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"),
            models.CheckConstraint(condition=Q(target_per_employee__gte=1), name="campaign_target_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class CampaignParticipation(models.Model):
    """One person's part in one campaign: how many of the campaign's counting proposals they took
    part in (as lead or co-proposer) and how many of those they lead. A row exists only for those
    who took part. Kept by the services that change what counts (gamdong.ideas.participation),
    so that the progress page reads one row per person instead of every proposal of the year;
    `rebuild_campaign_participation` recounts it from the proposals.

    Who is eligible and where they work are not stored here: the progress page joins these rows
    to the employees as they are at the time of viewing (campaign_rules)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_participations")
    proposals = models.PositiveIntegerField("참여한 제안 수")
    led = models.PositiveIntegerField("대표 제안자인 제안 수")

    class Meta:
        verbose_name = "공모 참여"
        verbose_name_plural = "공모 참여"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="campaign_participation_once"),
            models.CheckConstraint(condition=Q(proposals__gte=1) & Q(led__lte=F("proposals")),
                                   name="campaign_participation_counts"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}·{self.user_id}: {self.proposals}"


# --- Research clubs: 창의연구 동아리 -------------------------------------------------------


class ClubStatus(models.TextChoices):
    ACTIVE = "active", "활동 중"
    REPORTED = "reported", "연구 보고 완료"
    CLOSED = "closed", "해산"


class Club(models.Model):
    name = models.CharField("동아리 이름", max_length=100)
    theme = models.TextField("연구 주제")
    year = models.PositiveSmallIntegerField("활동 연도")
    status = models.CharField("상태", max_length=10, choices=ClubStatus.choices, default=ClubStatus.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "창의연구 동아리"
        verbose_name_plural = "창의연구 동아리"
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="club_name_unique_per_year")]

    def __str__(self) -> str:
        return self.name


class ClubRole(models.TextChoices):
    LEADER = "leader", "회장"
    MEMBER = "member", "회원"


class ClubMembership(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="memberships")
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="club_memberships")
    role = models.CharField("역할", max_length=10, choices=ClubRole.choices, default=ClubRole.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "동아리 회원"
        verbose_name_plural = "동아리 회원"
        constraints = [
            models.UniqueConstraint(fields=["club", "employee"], name="club_member_once"),
            models.UniqueConstraint(fields=["club"], condition=Q(role="leader"), name="club_one_leader"),
        ]

    def __str__(self) -> str:
        return f"{self.club_id}·{self.employee_id}"


class ClubMeeting(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="meetings")
    held_at = models.DateTimeField("일시")
    place = models.CharField("장소", max_length=200)
    attendees = models.ManyToManyField("org.Employee", blank=True, related_name="+", verbose_name="참석자")
    minutes = models.TextField("회의록")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "동아리 모임"
        verbose_name_plural = "동아리 모임"
        ordering = ["club", "-held_at"]

    def __str__(self) -> str:
        return f"{self.held_at:%Y-%m-%d} {self.place}"


class PresentationStatus(models.TextChoices):
    SCHEDULED = "scheduled", "개최 예정"
    HELD = "held", "개최 완료"


class Presentation(models.Model):
    """발표회: research reports presented to all staff."""

    title = models.CharField("발표회 이름", max_length=200)
    held_at = models.DateTimeField("일시")
    place = models.CharField("장소", max_length=200)
    description = models.TextField("안내", blank=True)
    status = models.CharField(
        "상태", max_length=10, choices=PresentationStatus.choices, default=PresentationStatus.SCHEDULED,
    )
    result = models.TextField("개최 결과", blank=True, help_text="참석 인원, 우수 과제 등 개최 후 기록")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "발표회"
        verbose_name_plural = "발표회"
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return self.title


class ClubReport(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField("보고서 제목", max_length=200)
    summary = models.TextField("연구 요약")
    findings = models.TextField("연구 결과")
    file = models.FileField("보고서 파일", upload_to="clubs/%Y/", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    presentation = models.ForeignKey(
        Presentation, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports", verbose_name="발표회",
    )
    presentation_order = models.PositiveSmallIntegerField("발표 순서", default=0)

    class Meta:
        verbose_name = "연구 보고서"
        verbose_name_plural = "연구 보고서"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.title


# --- The formal proposal (제안) --------------------------------------------------------------


class ProposalKind(models.TextChoices):
    STAFF = "staff", "공무원제안"
    CITIZEN = "citizen", "국민제안"
    CALL = "call", "공모제안"
    INSTITUTIONAL = "institutional", "제도개선(민원)"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "작성 중"
    SUBMITTED = "submitted", "접수 대기"
    SUPPLEMENT_REQUESTED = "supplement", "보완 요구"
    INELIGIBLE = "ineligible", "제안 아님(반려)"
    REPEAT = "repeat", "반복 제출"
    UNDER_REVIEW = "review", "심사 중"
    PILOT = "pilot", "현장 시뮬레이션"
    HELD = "held", "보류"
    ADOPTED = "adopted", "채택"
    ADOPTED_WITH_CHANGES = "adopted_changed", "수정 채택"
    REJECTED = "rejected", "불채택"
    REREVIEW_REQUESTED = "rereview", "재심사 요청"
    WITHDRAWN = "withdrawn", "철회"


ADOPTED_STATUSES = (ProposalStatus.ADOPTED, ProposalStatus.ADOPTED_WITH_CHANGES)


class IneligibleReason(models.TextChoices):
    """불채택 사유 at intake (공무원 제안 규정 / 국민 제안 규정): not a proposal at all."""

    INTELLECTUAL_PROPERTY = "ip", "타인의 특허·실용신안 등 지식재산권이 있는 것"
    SAME_AS_ADOPTED = "same_as_adopted", "이미 채택된 제안과 같은 것"
    ALREADY_IN_FORCE = "in_force", "이미 시행 중이거나 시행 예정인 것"
    IMPRACTICABLE = "impracticable", "일반적으로 실시가 불가능한 것"
    MERE_COMPLAINT = "complaint", "단순한 불만·진정·비판·독촉"
    PRIVATE_BUSINESS = "private", "특정인·단체의 영업이나 홍보에 관한 것"
    NOT_PUBLIC = "not_public", "공공 업무와 관계없는 것"


class Proposal(models.Model):
    number = models.CharField("제안 번호", max_length=30, unique=True, null=True, blank=True)
    kind = models.CharField("제안 종류", max_length=20, choices=ProposalKind.choices, default=ProposalKind.STAFF)
    status = models.CharField("상태", max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    title = models.CharField("제목", max_length=200)
    current_situation = models.TextField("현황")
    problem = models.TextField("문제점")
    improvement = models.TextField("개선 방안")
    expected_effect = models.TextField("기대 효과")
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals", verbose_name="제안자")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="제안자 부서", help_text="제출할 때의 소속(주민 제안이면 비어 있음)",
    )
    owner_department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="소관 부서", help_text="제안 내용을 맡아 검토하는 부서",
    )
    # Where it came from.
    idea = models.ForeignKey(Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals", verbose_name="출발한 아이디어")
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals", verbose_name="공모")
    club = models.ForeignKey(Club, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals", verbose_name="연구 동아리")
    complaints = models.ManyToManyField("complaints.Complaint", blank=True, related_name="proposals", verbose_name="근거 민원")
    dialogue_item = models.ForeignKey(
        "field.DialogueItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals",
        verbose_name="주민과의 대화 제기 사항",
    )
    repeat_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="repeats", verbose_name="같은 제안",
    )
    # Intake and deadlines (all from core/deadlines).
    submitted_at = models.DateTimeField("제출 시각", null=True, blank=True)
    received_at = models.DateTimeField("접수 시각", null=True, blank=True)
    supplement_due_at = models.DateTimeField("보완 요구 기한", null=True, blank=True)
    decision_due_at = models.DateTimeField("채택 여부 결정 기한", null=True, blank=True)
    excluded_spans = models.JSONField(
        "불산입 기간", default=list, blank=True, help_text="전문가 의견 대기 등 [[시작, 끝], ...] ISO 8601",
    )
    ineligible_reason = models.CharField("제안 아님 사유", max_length=20, choices=IneligibleReason.choices, blank=True)
    screening_note = models.TextField("접수 심사 의견", blank=True)
    # The decision (written by gamdong.review.services).
    decided_at = models.DateTimeField("결정 시각", null=True, blank=True)
    planned_implementation_on = models.DateField("실시 예정일", null=True, blank=True)
    rereview_due_at = models.DateTimeField("재심사 요청 기한", null=True, blank=True)
    grade = models.CharField("등급", max_length=20, blank=True)
    award_krw = models.PositiveIntegerField("시상금(원)", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField("버전", default=1)
    idempotency_key = models.CharField("중복 방지 키", max_length=80, blank=True)

    class Meta:
        verbose_name = "제안"
        verbose_name_plural = "제안"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="proposal_status_recent"),
            models.Index(fields=["proposer", "-created_at"], name="proposal_by_proposer"),
            models.Index(fields=["campaign", "proposer"], name="proposal_campaign_proposer"),
            models.Index(fields=["department", "submitted_at"], name="proposal_department"),
            # A campaign's counting proposals (submitted in its period) per lead proposer, read
            # from the index alone by the 1직원 1제안 progress page.
            models.Index(fields=["submitted_at", "status", "proposer"], name="proposal_counting"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], condition=~Q(idempotency_key=""), name="proposal_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="ineligible") | ~Q(ineligible_reason=""), name="proposal_ineligible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CoProposer(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="co_proposers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="co_proposals")
    share_percent = models.PositiveSmallIntegerField("기여도(%)", null=True, blank=True)

    class Meta:
        verbose_name = "공동제안자"
        verbose_name_plural = "공동제안자"
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="co_proposer_once")]

    def __str__(self) -> str:
        return f"{self.proposal_id}·{self.user_id}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("파일", upload_to="proposals/%Y/%m/")
    name = models.CharField("파일 이름", max_length=200)
    size = models.PositiveIntegerField("크기(바이트)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "첨부파일"
        verbose_name_plural = "첨부파일"

    def __str__(self) -> str:
        return self.name


class ProposalCounter(models.Model):
    """The next 제안 번호 per year, taken under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
