"""The district's organisation: departments (a tree), grades and series, employees.

Departments form a tree (구청 → 국/실 → 과/담당관 → 팀, and the 동 주민센터). Each row keeps a
materialised `path`: the zero-padded ids of its ancestors and itself, `PATH_STEP` digits
each (`000001000003000012`). "This department and everything under it" is then one range
query on an indexed column (`path >= p AND path < successor(p)`), which uses a plain
B-tree index on SQLite and PostgreSQL alike and, because the path holds digits only, gives
the same answer under every collation.

Writes go through gamdong.org.services, which keeps `path` and `depth` right.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

PATH_STEP = 6  # digits per level of Department.path: ids up to 999,999


def path_segment(pk: int) -> str:
    if not 0 < pk < 10**PATH_STEP:
        raise ValueError(f"department id {pk} does not fit a path segment of {PATH_STEP} digits")
    return str(pk).zfill(PATH_STEP)


def path_successor(path: str) -> str:
    """A string that sorts after every path starting with `path` and before every later one.

    The next number of the same width; for a path of all nines, the path and a letter
    (letters sort after digits in byte order and in every linguistic collation).
    """
    successor = str(int(path) + 1).zfill(len(path))
    return successor if len(successor) == len(path) else path + "A"


class DepartmentKind(models.TextChoices):
    DISTRICT = "district", "구청"
    BUREAU = "bureau", "국"
    OFFICE = "office", "실"
    DIVISION = "division", "과"
    DIRECTORATE = "directorate", "담당관"
    TEAM = "team", "팀"
    COMMUNITY_CENTRE = "community_centre", "동 주민센터"


class DepartmentQuerySet(models.QuerySet):
    def subtree(self, department: Department) -> DepartmentQuerySet:
        """`department` and every department under it (one indexed range query)."""
        return self.filter(subtree_q(department.path))

    def active(self) -> DepartmentQuerySet:
        return self.filter(active=True)


def subtree_q(path: str, prefix: str = "") -> Q:
    """A Q for rows whose `<prefix>path` lies in the subtree rooted at `path`."""
    return Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path_successor(path)})


class Department(models.Model):
    code = models.CharField("부서코드", max_length=20, unique=True)
    name = models.CharField("부서명", max_length=100)
    kind = models.CharField("구분", max_length=20, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="상위 부서",
    )
    path = models.CharField("경로", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("단계", default=0, editable=False)
    sort_order = models.PositiveIntegerField("정렬 순서", default=0)
    active = models.BooleanField("사용", default=True)
    phone = models.CharField("대표 전화", max_length=20, blank=True)
    dong_name = models.CharField(
        "관할 동", max_length=30, blank=True, help_text="동 주민센터가 맡는 행정동 이름 (예: 목1동)"
    )
    head = models.ForeignKey(
        "Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name="부서장",
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = "부서"
        verbose_name_plural = "부서"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="org_department_not_own_parent",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="org_department_code_not_blank"),
            models.CheckConstraint(condition=~Q(name=""), name="org_department_name_not_blank"),
            models.CheckConstraint(
                condition=Q(kind__in=DepartmentKind.values), name="org_department_kind_valid"
            ),
            # A 동 주민센터 names the dong it serves; other departments serve no dong.
            models.CheckConstraint(
                condition=(Q(kind=DepartmentKind.COMMUNITY_CENTRE) & ~Q(dong_name=""))
                | (~Q(kind=DepartmentKind.COMMUNITY_CENTRE) & Q(dong_name="")),
                name="org_department_dong_name_iff_community_centre",
            ),
            models.UniqueConstraint(
                "dong_name",
                condition=Q(active=True) & ~Q(dong_name=""),
                name="org_department_one_active_centre_per_dong",
            ),
            models.UniqueConstraint("path", condition=~Q(path=""), name="org_department_path_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent, read from the path (no query)."""
        segments = [int(self.path[i : i + PATH_STEP]) for i in range(0, len(self.path), PATH_STEP)]
        return segments[:-1]


class Grade(models.IntegerChoices):
    """일반직 지방공무원의 직급 (1급 관리관 … 9급 서기보)."""

    G1 = 1, "1급 관리관"
    G2 = 2, "2급 이사관"
    G3 = 3, "3급 부이사관"
    G4 = 4, "4급 서기관"
    G5 = 5, "5급 사무관"
    G6 = 6, "6급 주사"
    G7 = 7, "7급 주사보"
    G8 = 8, "8급 서기"
    G9 = 9, "9급 서기보"


# Common 직위 (position titles). Free text in the model: districts name posts their own way.
POSITION_TITLES = (
    "구청장",
    "부구청장",
    "국장",
    "실장",
    "담당관",
    "과장",
    "동장",
    "팀장",
    "주무관",
)
DEFAULT_POSITION = "주무관"


class Series(models.Model):
    """직렬: the occupational series of a post (행정, 세무, 전산, ...)."""

    code = models.CharField("코드", max_length=30, unique=True)
    name = models.CharField("직렬명", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("정렬 순서", default=0)

    class Meta:
        verbose_name = "직렬"
        verbose_name_plural = "직렬"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class EmployeeQuerySet(models.QuerySet):
    def active(self) -> EmployeeQuerySet:
        return self.filter(active=True)

    def in_subtree(self, department: Department) -> EmployeeQuerySet:
        return self.filter(subtree_q(department.path, prefix="department__"))


class Employee(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employee", verbose_name="사용자"
    )
    employee_number = models.CharField("직원번호", max_length=20, unique=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="employees", verbose_name="소속 부서"
    )
    grade = models.PositiveSmallIntegerField("직급", choices=Grade.choices)
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="employees", verbose_name="직렬"
    )
    position = models.CharField("직위", max_length=30, default=DEFAULT_POSITION)
    hire_date = models.DateField("임용일")
    post_since = models.DateField("현 보직일")
    special_recruitment = models.BooleanField("경력경쟁 임용", default=False)
    office_phone = models.CharField("사무실 전화", max_length=20, blank=True)
    active = models.BooleanField("재직", default=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = "직원"
        verbose_name_plural = "직원"
        ordering = ["department__path", "grade", "employee_number"]
        constraints = [
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=9), name="org_employee_grade_1_9"),
            models.CheckConstraint(
                condition=Q(post_since__gte=F("hire_date")), name="org_employee_post_after_hire"
            ),
            models.CheckConstraint(condition=~Q(employee_number=""), name="org_employee_number_not_blank"),
            models.CheckConstraint(condition=~Q(position=""), name="org_employee_position_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.user.name} ({self.employee_number})"

    @property
    def name(self) -> str:
        return self.user.name
