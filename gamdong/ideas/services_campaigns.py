"""Opening and changing campaigns: 1직원 1제안 (a period and a target per employee) and
공모제안 (a call on a theme).

Who may act: the 제안·정책 담당 (planner) and administrators. Who may see what of a campaign's
progress is decided here too (`progress_scopes`), so that pages and the API agree:

| who                                   | own progress | per team, with names of non-proposers | whole office, counts only |
|---------------------------------------|--------------|---------------------------------------|---------------------------|
| any staff member                      | yes          |                                       |                           |
| supervisor role, head of a department | yes          | their department's subtree            |                           |
| mayor, planner, admin                 | yes          |                                       | yes (per 국 and 과, ranked) |
| resident, visitor                     | 403          | 403                                   | 403                       |
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.db import transaction

from gamdong.accounts.models import Role
from gamdong.core.events import EventType, record_event, snapshot
from gamdong.ideas.models import Campaign, CampaignKind
from gamdong.ideas.participation import participation_rebuild
from gamdong.org.models import Department
from gamdong.org.permissions import is_staff_member

MANAGE_ROLES = (Role.PLANNER, Role.ADMIN)
OFFICE_VIEW_ROLES = (Role.MAYOR, Role.PLANNER, Role.ADMIN)
MAX_TITLE = 200
MAX_THEME = 4000
MAX_TARGET = 20  # proposals per employee: more is not a campaign, it is a quota
MAX_PERIOD_DAYS = 366
TRACKED = ["kind", "title", "theme", "starts_on", "ends_on", "target_per_employee"]


class CampaignError(Exception):
    """A campaign action that cannot be done; `message` is for people (Korean)."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class CampaignNotAllowed(CampaignError):
    status = 403


class CampaignConflict(CampaignError):
    status = 409


# --- who may ------------------------------------------------------------------------------------


def can_view_campaigns(user) -> bool:
    return is_staff_member(user)


def can_manage_campaigns(user) -> bool:
    return is_staff_member(user) and user.has_role(*MANAGE_ROLES)


def sees_whole_office(user) -> bool:
    return is_staff_member(user) and user.has_role(*OFFICE_VIEW_ROLES)


# --- checks ---------------------------------------------------------------------------------


def _clean(*, kind: str, title: str, theme: str, starts_on, ends_on, target_per_employee) -> dict:
    if kind not in CampaignKind.values:
        raise CampaignError("공모 종류를 골라 주세요.", code="invalid", field="kind")
    title = (title or "").strip()
    if not title:
        raise CampaignError("공모 이름을 적어 주세요.", code="required", field="title")
    if len(title) > MAX_TITLE:
        raise CampaignError(f"공모 이름은 {MAX_TITLE}자까지 쓸 수 있습니다.", code="too_long", field="title")
    theme = (theme or "").strip()
    if len(theme) > MAX_THEME:
        raise CampaignError(f"주제·안내는 {MAX_THEME}자까지 쓸 수 있습니다.", code="too_long", field="theme")
    if kind == CampaignKind.THEMED_CALL and not theme:
        raise CampaignError("공모제안은 주제를 적어 주세요.", code="required", field="theme")
    if not isinstance(starts_on, dt.date):
        raise CampaignError("시작일을 정해 주세요.", code="required", field="starts_on")
    if not isinstance(ends_on, dt.date):
        raise CampaignError("종료일을 정해 주세요.", code="required", field="ends_on")
    if ends_on < starts_on:
        raise CampaignError("종료일은 시작일과 같거나 그 뒤여야 합니다.", code="invalid", field="ends_on")
    if (ends_on - starts_on).days >= MAX_PERIOD_DAYS:
        raise CampaignError("공모 기간은 1년을 넘을 수 없습니다.", code="invalid", field="ends_on")
    try:
        target = int(target_per_employee)
    except (TypeError, ValueError):
        raise CampaignError("1인당 목표는 숫자로 적어 주세요.", code="invalid", field="target_per_employee") from None
    if not 1 <= target <= MAX_TARGET:
        raise CampaignError(f"1인당 목표는 1건 이상 {MAX_TARGET}건 이하입니다.", code="invalid",
                            field="target_per_employee")
    return {"kind": kind, "title": title, "theme": theme, "starts_on": starts_on, "ends_on": ends_on,
            "target_per_employee": target}


def _departments(departments: Sequence[Department]) -> list[Department]:
    chosen = sorted({d.pk: d for d in departments}.values(), key=lambda d: d.path)
    if any(not d.active for d in chosen):
        raise CampaignError("폐지된 부서는 대상으로 정할 수 없습니다.", code="invalid", field="departments")
    return chosen


def fingerprint(campaign: Campaign) -> str:
    """What the editor saw: a short digest of the editable values and the target departments.
    A change made on top of another person's change is refused (409) instead of undoing it."""
    values = [(name, str(value)) for name, value in sorted(snapshot(campaign, TRACKED).items())]
    departments = sorted(d.pk for d in campaign.departments.all())
    raw = repr((values, departments)).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


# --- actions --------------------------------------------------------------------------------


def campaign_open(
    *,
    actor,
    kind: str = CampaignKind.ONE_EACH,
    title: str,
    theme: str = "",
    starts_on: dt.date,
    ends_on: dt.date,
    target_per_employee: int = 1,
    departments: Sequence[Department] = (),
) -> Campaign:
    """Open a campaign. No target departments means the whole office (subtrees are included)."""
    if not can_manage_campaigns(actor):
        raise CampaignNotAllowed("제안 공모는 제안 담당자만 열 수 있습니다.", code="forbidden")
    data = _clean(kind=kind, title=title, theme=theme, starts_on=starts_on, ends_on=ends_on,
                  target_per_employee=target_per_employee)
    chosen = _departments(departments)
    with transaction.atomic():
        campaign = Campaign.objects.create(created_by=actor, **data)
        campaign.departments.set(chosen)
        participation_rebuild(campaign)
        record_event(EventType.CAMPAIGN_OPENED, actor=actor, subject=campaign,
                     after={**snapshot(campaign, TRACKED), "departments": [d.pk for d in chosen]},
                     note=campaign.get_kind_display())
    return campaign


def campaign_change(
    *,
    actor,
    campaign: Campaign,
    seen: str | None = None,
    departments: Sequence[Department] | None = None,
    **changes,
) -> Campaign:
    """Change a campaign's name, theme, period, target or target departments. `seen` is the
    fingerprint of the campaign the editor saw; when it no longer matches, nothing is changed."""
    if not can_manage_campaigns(actor):
        raise CampaignNotAllowed("제안 공모는 제안 담당자만 바꿀 수 있습니다.", code="forbidden")
    unknown = set(changes) - set(TRACKED)
    if unknown:
        raise CampaignError(f"바꿀 수 없는 항목입니다: {', '.join(sorted(unknown))}", code="invalid",
                            field=sorted(unknown)[0])
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if seen is not None and seen != fingerprint(locked):
            raise CampaignConflict("다른 사람이 먼저 이 공모를 바꾸었습니다. 화면을 새로 고쳐 다시 확인해 주세요.",
                                   code="conflict")
        before = {**snapshot(locked, TRACKED), "departments": sorted(d.pk for d in locked.departments.all())}
        data = _clean(**{**snapshot_values(locked), **changes})
        for name, value in data.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(data))
        if departments is not None:
            locked.departments.set(_departments(departments))
        after = {**snapshot(locked, TRACKED), "departments": sorted(d.pk for d in locked.departments.all())}
        changed = sorted(k for k in after if after[k] != before[k])
        if {"kind", "starts_on", "ends_on"} & set(changed):  # what counts changed; departments and target do not
            participation_rebuild(locked)
        if changed:
            record_event(EventType.CAMPAIGN_CHANGED, actor=actor, subject=locked,
                         before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return locked


def snapshot_values(campaign: Campaign) -> dict:
    return {name: getattr(campaign, name) for name in TRACKED}
