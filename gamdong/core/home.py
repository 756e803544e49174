"""What the home page shows each kind of person: today's working-day status, and for each
role the person holds, what the role is for and the shortcuts to pages that exist for it.

Shortcuts name only pages that exist. Pages other parts of gamdong serve are named by path
(/calendar/, /org/), so that this module does not depend on their URL names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gamdong.accounts.models import Role
from gamdong.core.district_settings import district_setting

CALENDAR_PATH = "/calendar/"
ORG_PATH = "/org/"
ADMIN_PATH = "/admin/"


@dataclass(frozen=True)
class Shortcut:
    label: str
    url: str


@dataclass(frozen=True)
class RoleCard:
    role: str
    title: str
    purpose: str
    shortcuts: tuple[Shortcut, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DayStatus:
    day: dt.date
    is_working_day: bool
    reason: str  # why it is not a working day ("토요일", a holiday's name), else ""


@lru_cache(maxsize=8)
def _korean_holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("KR", years=year, language=language)


def day_status(day: dt.date) -> DayStatus:
    """Whether `day` is a working day: not a Sunday, not a public holiday, and not a Saturday
    unless the district counts Saturdays (법 §19).

    The public holidays come from the `holidays` package (공휴일에 관한 법률, 2026 amendments
    included). TODO(calendar): when gamdong.core's working-day calendar lands, ask it instead,
    so that the district's own overrides apply here too.
    """
    language = "en_US" if (get_language() or "ko").startswith("en") else "ko"
    name = _korean_holidays(day.year, language).get(day)
    if name:
        return DayStatus(day, False, name)
    if day.weekday() == 6:
        return DayStatus(day, False, str(_("일요일")))
    if day.weekday() == 5 and not district_setting("calendar.count_saturdays"):
        return DayStatus(day, False, str(_("토요일")))
    return DayStatus(day, True, "")


def role_cards(user) -> list[RoleCard]:
    """One card per staff role the user holds, in the order of the Role enum."""
    calendar = Shortcut(str(_("처리기한 계산기")), CALENDAR_PATH)
    org = Shortcut(str(_("조직도")), ORG_PATH)
    admin = Shortcut(str(_("관리 화면")), ADMIN_PATH)
    purposes = {
        Role.OFFICER: (
            _("배정된 민원을 처리하고, 현장을 방문하고, 제안을 씁니다."),
            (calendar, org),
        ),
        Role.SUPERVISOR: (
            _("민원을 분류해 배정하고, 직원을 추천하고, 상시평가를 기록합니다."),
            (calendar, org),
        ),
        Role.HR: (
            _("직위공모, 정기 전보, 근무성적평정 기간을 운영합니다."),
            (org,),
        ),
        Role.COMMITTEE: (
            _("제안과 응모자를 심사표로 평가합니다."),
            (),
        ),
        Role.MAYOR: (
            _("처리기한 준수, 만족도, 현장방문, 제안과 정책의 성과를 봅니다."),
            (org,),
        ),
        Role.ADMIN: (
            _("사용자, 역할, 구 설정을 관리합니다."),
            (admin,) if user.is_staff else (),
        ),
    }
    titles = {
        Role.OFFICER: _("담당자"),
        Role.SUPERVISOR: _("부서장"),
        Role.HR: _("인사팀"),
        Role.COMMITTEE: _("심사위원"),
        Role.MAYOR: _("구청장"),
        Role.ADMIN: _("관리자"),
    }
    held = user.role_set
    cards = []
    for role in Role:
        if role == Role.RESIDENT or role not in held:
            continue
        purpose, shortcuts = purposes[role]
        cards.append(RoleCard(role.value, str(titles[role]), str(purpose), tuple(shortcuts)))
    return cards


def employee_facts(user) -> dict[str, str]:
    """Department and position of the user's org.Employee, when there is one (gamdong.org)."""
    employee = getattr(user, "employee", None)
    if employee is None:
        return {}
    facts = {}
    for key, names in {
        "department": ("department",),
        "position": ("position", "title"),
        "grade": ("grade",),
    }.items():
        for name in names:
            value = getattr(employee, name, None)
            if value:
                facts[key] = str(value)
                break
    return facts
