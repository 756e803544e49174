"""민원: the catalogue of categories, complaints, and what happens to them.

Every change goes through gamdong.complaints.services, which writes the event; these
models hold the data and the invariants that hold for every row.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gamdong.complaints import rules


class Kind(models.TextChoices):
    STATUTORY = rules.STATUTORY, _("법정민원")
    INQUIRY_LAW = rules.INQUIRY_LAW, _("질의민원(법령)")
    INQUIRY_SYSTEM = rules.INQUIRY_SYSTEM, _("질의민원(제도·절차)")
    SUGGESTION = rules.SUGGESTION, _("건의민원")
    OTHER = rules.OTHER, _("기타민원")
    GRIEVANCE = rules.GRIEVANCE, _("고충민원")


class Channel(models.TextChoices):
    WEB = "web", _("인터넷")
    PHONE = "phone", _("전화")
    VISIT = "visit", _("방문")
    LETTER = "letter", _("우편·서면")
    API = "api", _("외부 시스템")
    DIALOGUE = "dialogue", _("주민과의 대화")


class Status(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("complaint status", "접수 대기")  # arrived online, waiting for formal receipt (령 §6)
    RECEIVED = "received", pgettext_lazy("complaint status", "접수")
    ASSIGNED = "assigned", pgettext_lazy("complaint status", "처리 중")
    ANSWERED = "answered", pgettext_lazy("complaint status", "답변 완료")
    CLOSED = "closed", pgettext_lazy("complaint status", "종결")
    TRANSFERRED_OUT = "transferred_out", pgettext_lazy("complaint status", "타기관 이송")
    MERGED = "merged", pgettext_lazy("complaint status", "다수인 민원으로 병합")


OPEN_STATUSES = (Status.SUBMITTED, Status.RECEIVED, Status.ASSIGNED)


class Category(models.Model):
    """One line of the district's catalogue (민원편람); Open311 calls it a service."""

    code = models.CharField("유형 코드", max_length=30, unique=True)
    name = models.CharField("유형명", max_length=100)
    description = models.TextField("설명", blank=True)
    group = models.CharField("분야", max_length=50, blank=True)
    default_kind = models.CharField("기본 민원 종류", max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="처리 부서", help_text="비워 두면 민원총괄 부서가 분류합니다.",
    )
    routed_by_area = models.BooleanField(
        "동 주민센터 처리", default=False, help_text="위치한 동의 주민센터가 처리하는 유형"
    )
    statutory_days = models.PositiveSmallIntegerField("법정 처리기간(일)", null=True, blank=True)
    extra_questions = models.JSONField("추가 질문", default=list, blank=True)
    keywords = models.CharField("검색어", max_length=200, blank=True)
    active = models.BooleanField("사용", default=True)
    sort_order = models.PositiveIntegerField("정렬 순서", default=0)

    class Meta:
        verbose_name = "민원 유형"
        verbose_name_plural = "민원 유형"
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(default_kind=rules.STATUTORY) | Q(statutory_days__gt=0),
                name="complaints_category_statutory_has_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReceiptCounter(models.Model):
    """The last receipt number given in a year (row-locked while a number is taken)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "접수번호 순번"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Complaint(models.Model):
    receipt_number = models.CharField("접수번호", max_length=20, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="complaints", verbose_name="유형")
    kind = models.CharField("민원 종류", max_length=20, choices=Kind.choices)
    channel = models.CharField("접수 경로", max_length=10, choices=Channel.choices, default=Channel.WEB)
    title = models.CharField("제목", max_length=200)
    body = models.TextField("내용")
    extra_answers = models.JSONField("추가 답변", default=dict, blank=True)

    # The complainant: an account, or the name and contact staff wrote down (phone, visit, letter).
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints", verbose_name="민원인 계정",
    )
    complainant_name = models.CharField("민원인 이름", max_length=50)
    complainant_phone = models.CharField("민원인 연락처", max_length=20, blank=True)
    complainant_email = models.EmailField("민원인 이메일", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="대리 등록 직원",
    )

    latitude = models.DecimalField("위도", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("경도", max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField("주소·장소", max_length=200, blank=True)
    dong = models.CharField("동", max_length=30, blank=True)

    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="complaints", verbose_name="처리 부서"
    )
    officer = models.ForeignKey(
        "org.Employee", on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints", verbose_name="담당자",
    )
    status = models.CharField("상태", max_length=20, choices=Status.choices, default=Status.RECEIVED)

    submitted_at = models.DateTimeField("신청 시각", default=timezone.now)
    receipt_due_at = models.DateTimeField("접수 기한", null=True, blank=True)
    received_at = models.DateTimeField("접수 시각", null=True, blank=True)
    due_at = models.DateTimeField("처리기한", null=True, blank=True)
    answered_at = models.DateTimeField("답변 시각", null=True, blank=True)
    closed_at = models.DateTimeField("종결 시각", null=True, blank=True)
    last_progress_notice_at = models.DateTimeField("최근 진행상황 통지", null=True, blank=True)

    period_days = models.PositiveSmallIntegerField("처리기간(일)", null=True, blank=True)
    period_hours = models.PositiveSmallIntegerField("처리기간(근무시간)", null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField("연장 횟수", default=0)
    excluded_spans = models.JSONField("불산입 기간", default=list, blank=True)  # [[start, end], ...] ISO
    reopen_count = models.PositiveSmallIntegerField("재개 횟수", default=0)
    notified_results = models.PositiveSmallIntegerField("결과 통지 횟수", default=0)

    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name="다수인 대표 민원"
    )
    repeat_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="repeats", verbose_name="반복 원 민원"
    )
    version = models.PositiveIntegerField("버전", default=1)
    idempotency_key = models.CharField("중복 방지 키", max_length=80, blank=True)

    class Meta:
        verbose_name = "민원"
        verbose_name_plural = "민원"
        indexes = [
            models.Index(fields=["department", "status", "due_at"], name="complaint_inbox_dept"),
            models.Index(fields=["officer", "status", "due_at"], name="complaint_inbox_officer"),
            models.Index(fields=["complainant", "-submitted_at"], name="complaint_by_resident"),
            models.Index(fields=["category", "dong", "status"], name="complaint_category_area"),
            models.Index(fields=["status", "due_at"], name="complaint_status_due"),
            models.Index(fields=["-submitted_at"], name="complaint_newest"),
            # The department inbox reads open complaints only (a few % of all): a partial index
            # keeps the planners on an index however few departments there are. On PostgreSQL it
            # also carries what the inbox's page of ids and its tab counts read (the other
            # deadline, the officer, the id), so both are index-only scans instead of visiting a
            # heap page per open complaint (1,600 pages for a busy 국 at 1M complaints: ~4 ms
            # each). SQLite has no INCLUDE and builds the index without it.
            models.Index(fields=["department", "due_at"], condition=Q(status__in=OPEN_STATUSES),
                         include=["receipt_due_at", "officer", "id"], name="complaint_open_by_dept"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(period_days__isnull=True) | Q(period_hours__isnull=True)),
                name="complaint_period_days_or_hours",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.SUBMITTED) | Q(received_at__isnull=False, due_at__isnull=False),
                name="complaint_received_has_due",
            ),
            models.CheckConstraint(
                condition=Q(due_at__isnull=True) | Q(received_at__isnull=True) | Q(due_at__gt=F("received_at")),
                name="complaint_due_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="complaint_lat_lng_together",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="complaint_title_not_blank"),
            # The service scopes the client's Idempotency-Key by the person ("<user id>:<key>").
            models.UniqueConstraint(
                "idempotency_key", condition=~Q(idempotency_key=""), name="complaint_idempotency_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def period(self) -> rules.Period | None:
        if self.period_days:
            return rules.Period(days=self.period_days)
        if self.period_hours:
            return rules.Period(hours=self.period_hours)
        return None


class Photo(models.Model):
    """A photo of the place: from the resident, or from the officer's field visit.

    `image` and `thumbnail` carry no metadata (location stripped); the position read from the
    original is kept apart for staff only.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    visit = models.ForeignKey(
        "field.FieldVisit", on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    image = models.FileField("사진", upload_to="complaints/%Y/%m/")
    thumbnail = models.FileField("미리보기", upload_to="complaints/%Y/%m/thumbs/", blank=True)
    content_type = models.CharField(max_length=30)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    taken_at = models.DateTimeField("촬영 시각", null=True, blank=True)
    original_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    original_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "사진"
        verbose_name_plural = "사진"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"사진 {self.pk} ({self.complaint_id})"


class AnswerKind(models.TextChoices):
    ANSWER = "answer", _("답변")
    REFUSAL = "refusal", _("거부")
    REPEAT_CLOSURE = "repeat_closure", _("반복민원 종결 통지")
    EXTERNAL_TRANSFER = "external_transfer", _("타기관 이송 통지")


class Answer(models.Model):
    """A result notified to the complainant (법 §27, 령 §31: department, officer and contact)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="answers")
    kind = models.CharField("구분", max_length=20, choices=AnswerKind.choices)
    body = models.TextField("내용")
    refusal_reasons = models.TextField("거부 사유", blank=True)
    remedies = models.TextField("불복 방법", blank=True)
    department_name = models.CharField("처리 부서", max_length=100)
    officer_name = models.CharField("담당자", max_length=50)
    contact = models.CharField("연락처", max_length=50)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField("답변 시각", default=timezone.now)

    class Meta:
        verbose_name = "답변"
        verbose_name_plural = "답변"
        ordering = ["answered_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="refusal") | (~Q(refusal_reasons="") & ~Q(remedies="")),
                name="answer_refusal_states_reasons_and_remedies",
            ),
            models.CheckConstraint(condition=~Q(contact=""), name="answer_names_a_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.answered_at:%Y-%m-%d}"


class TransferKind(models.TextChoices):
    INTERNAL = "internal", _("내부 이송")
    EXTERNAL = "external", _("타기관 이송")


class Transfer(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField("구분", max_length=10, choices=TransferKind.choices)
    from_department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    to_department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_agency = models.CharField("이송 기관", max_length=100, blank=True)
    reason = models.TextField("사유")
    deadline = models.DateTimeField("이송 기한")
    transferred_at = models.DateTimeField("이송 시각", default=timezone.now)
    late = models.BooleanField("기한 경과", default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "이송"
        verbose_name_plural = "이송"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="internal", to_department__isnull=False))
                | (Q(kind="external") & ~Q(to_agency="")),
                name="transfer_has_destination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.transferred_at:%Y-%m-%d}"


class Extension(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="extensions")
    number = models.PositiveSmallIntegerField("차수")
    days = models.PositiveSmallIntegerField("연장 일수", null=True, blank=True)
    hours = models.PositiveSmallIntegerField("연장 근무시간", null=True, blank=True)
    reason = models.TextField("사유")
    consent_note = models.TextField("민원인 동의 내용", blank=True)
    previous_due_at = models.DateTimeField("종전 처리기한")
    new_due_at = models.DateTimeField("새 처리기한")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "처리기간 연장"
        verbose_name_plural = "처리기간 연장"
        constraints = [
            models.UniqueConstraint("complaint", "number", name="extension_number_unique"),
            models.CheckConstraint(condition=Q(new_due_at__gt=F("previous_due_at")), name="extension_moves_due_later"),
            models.CheckConstraint(condition=~Q(reason=""), name="extension_states_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.number}차 연장"


class Satisfaction(models.Model):
    """The resident's rating of an answer (법 §26: optional for both sides)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="ratings")
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField("만족도")
    comment = models.TextField("의견", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "만족도"
        verbose_name_plural = "만족도"
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="satisfaction_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.score}점"


class Follow(models.Model):
    """A resident following someone else's complaint instead of filing the same one again."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "민원 공감·구독"
        constraints = [models.UniqueConstraint("complaint", "user", name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.complaint_id}"


class SearchTokensField(models.TextField):
    """The search tokens of a complaint: text on SQLite (indexed by the FTS5 table
    complaints_search_fts, kept in step by triggers), tsvector on PostgreSQL (GIN index)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else super().db_type(connection)


class ComplaintSearchEntry(models.Model):
    """A complaint in the Korean word-search index (gamdong.complaints.search).

    `key` orders the index newest first (the filing second and the id: search.search_key), so
    the newest matches come straight off the index. `tokens` are the text's characters and
    character bigrams and one department token, space-separated; `department` is the department
    they were made for (the hourly repair re-indexes entries whose complaint moved since).
    The tables are created per database by migration 0006 (FTS5 on SQLite, GIN on PostgreSQL).
    """

    key = models.BigIntegerField("검색 순서", primary_key=True)
    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="search_entry")
    department = models.ForeignKey(
        "org.Department", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    tokens = SearchTokensField("검색 토큰")

    class Meta:
        verbose_name = "민원 검색 색인"
        verbose_name_plural = "민원 검색 색인"

    def __str__(self) -> str:
        return f"검색 색인 {self.complaint_id}"
