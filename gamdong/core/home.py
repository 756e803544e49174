"""What the home page shows each kind of person: today's working-day status, and for each
role the person holds, what the role is for and the shortcuts to pages that exist for it.

Shortcuts name only pages that exist; later apps add theirs here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gamdong.accounts.models import Role
from gamdong.core.calendar_selectors import district_calendar


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


def day_status(day: dt.date) -> DayStatus:
    """Whether `day` is a working day by the district's calendar (법 §19 and the district's
    own holidays and working days), and if not, why."""
    calendar = district_calendar()
    reason = calendar.why_not_working(day)
    if reason is None:
        return DayStatus(day, True, "")
    name, _source = reason
    return DayStatus(day, False, str(name))


def _report_year() -> int:
    """The year whose annual proposal report (연간 제안 운영 보고) is being prepared now."""
    from django.utils import timezone

    from gamdong.core.district_settings import district_setting
    from gamdong.policy.rules import annual_report_year

    return annual_report_year(timezone.localdate(), due=district_setting("proposals.annual_report_due"))


def role_cards(user) -> list[RoleCard]:
    """One card per staff role the user holds, in the order of the Role enum."""
    calendar = Shortcut(str(_("처리기한 계산기")), reverse("core:calculator"))
    org = Shortcut(str(_("조직도")), reverse("org:chart"))
    directory = Shortcut(str(_("직원 찾기")), reverse("org:directory"))
    roster = Shortcut(str(_("직원 명부 가져오기")), reverse("org:roster_import"))
    settings_page = Shortcut(str(_("구 설정")), reverse("core:district_settings"))
    audit = Shortcut(str(_("감사 기록")), reverse("core:audit"))
    admin = Shortcut(str(_("관리 화면")), reverse("admin:index"))
    plaza = Shortcut(str(_("창의광장")), reverse("ideas:plaza"))
    my_proposals = Shortcut(str(_("내 제안")), reverse("ideas:my_proposals"))
    screening = Shortcut(str(_("제안 접수 심사")), reverse("ideas:queue"))
    campaign = Shortcut(str(_("1직원 1제안 진행 상황")), reverse("campaigns:list"))
    clubs = Shortcut(str(_("연구 동아리")), reverse("clubs:list"))
    review = Shortcut(str(_("심사위원회")), reverse("review:index"))
    policy = Shortcut(str(_("정책화 현황")), reverse("policy:index"))
    policy_report = Shortcut(str(_("연간 보고")), reverse("policy:report", args=[_report_year()]))
    purposes = {
        Role.OFFICER: (
            _("배정된 민원을 처리하고, 현장을 방문하고, 제안을 씁니다."),
            (plaza, my_proposals, campaign, clubs, policy, calendar, org),
        ),
        Role.SUPERVISOR: (
            _("민원을 분류해 배정하고, 직원을 추천하고, 상시평가를 기록합니다."),
            (campaign, plaza, my_proposals, policy, clubs, calendar, org),
        ),
        Role.HR: (
            _("직위공모, 정기 전보, 근무성적평정 기간을 운영합니다."),
            (roster, directory, org, clubs, policy),
        ),
        Role.COMMITTEE: (
            _("제안과 응모자를 심사표로 평가합니다."),
            (review,),
        ),
        Role.PLANNER: (
            _("제안을 접수·심사에 회부하고, 심사위원회 간사를 맡고, 채택 제안의 정책화를 관리합니다."),
            (screening, review, policy, policy_report, campaign, clubs, calendar),
        ),
        Role.MAYOR: (
            _("처리기한 준수, 만족도, 현장방문, 제안과 정책의 성과를 봅니다."),
            (campaign, policy, policy_report, clubs, org, directory),
        ),
        Role.ADMIN: (
            _("사용자, 역할, 구 설정을 관리합니다."),
            (settings_page, audit, roster, *((admin,) if user.is_staff else ())),
        ),
    }
    titles = {
        Role.OFFICER: _("담당자"),
        Role.SUPERVISOR: _("부서장"),
        Role.HR: _("인사팀"),
        Role.COMMITTEE: _("심사위원"),
        Role.PLANNER: _("제안·정책 담당"),
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
    """Department (with the units above it), position and grade of the user's employee record."""
    employee = getattr(user, "employee", None)
    if employee is None:
        return {}
    department = employee.department
    ancestors = {d.pk: d.name for d in type(department).objects.filter(pk__in=department.ancestor_ids)}
    names = [ancestors[pk] for pk in department.ancestor_ids if pk in ancestors][1:]  # without the 구청 root
    return {
        "department": " ".join([*names, department.name]),
        "position": employee.position,
        "grade": employee.get_grade_display(),
    }
