"""Accounts: one user model for staff and residents, and the roles a user holds.

Staff log in with their employee number (or a login id) and a password. Residents log
in with the email address or mobile number they verified with a one-time code.
What a person may see is decided by their roles (RoleGrant) and, for staff, by their
place in the organisation (gamdong.org).
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Role(models.TextChoices):
    """The kinds of people gamdong serves (DESIGN.md); a user may hold several."""

    RESIDENT = "resident", "주민"
    OFFICER = "officer", "담당자"
    SUPERVISOR = "supervisor", "부서장"
    HR = "hr", "인사팀"
    COMMITTEE = "committee", "심사위원"
    PLANNER = "planner", "제안·정책 담당(심사 간사)"
    MAYOR = "mayor", "구청장"
    ADMIN = "admin", "관리자"


STAFF_ROLES = frozenset(
    {Role.OFFICER, Role.SUPERVISOR, Role.HR, Role.COMMITTEE, Role.PLANNER, Role.MAYOR, Role.ADMIN}
)


class UserKind(models.TextChoices):
    RESIDENT = "resident", "주민"
    STAFF = "staff", "직원"
    EXTERNAL = "external", "외부위원"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, username: str, password: str | None, **fields):
        if not username:
            raise ValueError("username is required")
        user = self.model(username=username, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, username: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(username, password, **fields)

    def create_superuser(self, username: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("kind", UserKind.STAFF)
        user = self._create(username, password, **fields)
        RoleGrant.objects.get_or_create(user=user, role=Role.ADMIN)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. `is_staff` means access to the Django admin only."""

    username = models.CharField("로그인 ID", max_length=150, unique=True)
    name = models.CharField("이름", max_length=50)
    email = models.EmailField("이메일", blank=True)
    phone = models.CharField("휴대전화", max_length=20, blank=True)
    kind = models.CharField("구분", max_length=10, choices=UserKind.choices, default=UserKind.RESIDENT)
    email_verified_at = models.DateTimeField("이메일 확인 시각", null=True, blank=True)
    phone_verified_at = models.DateTimeField("휴대전화 확인 시각", null=True, blank=True)
    preferred_language = models.CharField("언어", max_length=8, default="ko")
    is_staff = models.BooleanField("관리 화면 접근", default=False)
    is_active = models.BooleanField("사용", default=True)
    date_joined = models.DateTimeField("가입일", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = "사용자"
        verbose_name_plural = "사용자"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
            ),
            models.UniqueConstraint(
                "phone", condition=~models.Q(phone=""), name="accounts_user_phone_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.username})"

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def role_set(self) -> frozenset[str]:
        """The user's roles, read once per request object."""
        cached = getattr(self, "_role_set", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_set = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_resident(self) -> bool:
        return self.kind == UserKind.RESIDENT

    @property
    def is_employee(self) -> bool:
        return self.kind == UserKind.STAFF


class RoleGrant(models.Model):
    """A role held by a user. Granting and revoking are recorded as events."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants", verbose_name="사용자")
    role = models.CharField("역할", max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField("부여 시각", default=timezone.now)

    class Meta:
        verbose_name = "역할"
        verbose_name_plural = "역할"
        constraints = [models.UniqueConstraint("user", "role", name="accounts_rolegrant_unique")]

    def __str__(self) -> str:
        return f"{self.user.name}: {self.get_role_display()}"


class CodeChannel(models.TextChoices):
    EMAIL = "email", "이메일"
    SMS = "sms", "휴대전화(문자)"


class CodePurpose(models.TextChoices):
    SIGNUP = "signup", "주민 가입"
    PASSWORD_RESET = "password_reset", "비밀번호 재설정"


class VerificationCode(models.Model):
    """A one-time code sent to an address to prove the person can read it.

    Only an HMAC of the code is stored (see gamdong.accounts.verification). A code is good
    for one address and one purpose, until `expires_at`, for a limited number of tries;
    `verified_at` is set when the right code is typed and `used_at` when the account it
    proved was created or changed (a code is used once).
    """

    channel = models.CharField("경로", max_length=10, choices=CodeChannel.choices)
    address = models.CharField("주소", max_length=254)
    purpose = models.CharField("용도", max_length=20, choices=CodePurpose.choices)
    code_hash = models.CharField("인증번호 해시", max_length=128)
    created_at = models.DateTimeField("발송 시각", default=timezone.now)
    expires_at = models.DateTimeField("만료 시각")
    attempts = models.PositiveSmallIntegerField("입력 횟수", default=0)
    verified_at = models.DateTimeField("확인 시각", null=True, blank=True)
    used_at = models.DateTimeField("사용 시각", null=True, blank=True)
    created_ip = models.GenericIPAddressField("요청 IP", null=True, blank=True)

    class Meta:
        verbose_name = "인증번호"
        verbose_name_plural = "인증번호"
        indexes = [
            models.Index(fields=["address", "purpose", "created_at"], name="accounts_code_address"),
            models.Index(fields=["created_ip", "created_at"], name="accounts_code_ip"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="accounts_code_expires_after_created"
            ),
            models.CheckConstraint(
                condition=models.Q(used_at__isnull=True) | models.Q(verified_at__isnull=False),
                name="accounts_code_used_only_when_verified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.get_channel_display()} {self.created_at:%Y-%m-%d %H:%M}"
