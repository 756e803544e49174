"""Campaigns in the JSON API (/api/v1/campaigns/), with the pages' rules (services_campaigns).

Errors are {code, message, field}; CampaignError (400, 403, 409) is registered here. The progress
answers what the caller may see: their own, their departments' (with the names of those who
have not proposed: supervisors only) and the whole office (counts only: mayor, planner, admin).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from gamdong.api import ApiError, register_domain_error
from gamdong.ideas import selectors_campaigns as selectors
from gamdong.ideas import services_campaigns as services
from gamdong.ideas.models import Campaign, CampaignKind
from gamdong.org.models import Department

register_domain_error(services.CampaignError)

router = Router(tags=["ideas"], auth=django_auth)


class CampaignOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    theme: str
    starts_on: dt.date
    ends_on: dt.date
    target_per_employee: int
    department_ids: list[int]
    fingerprint: str


class CampaignIn(Schema):
    kind: str = CampaignKind.ONE_EACH
    title: str
    theme: str = ""
    starts_on: dt.date
    ends_on: dt.date
    target_per_employee: int = 1
    department_ids: list[int] = []


class CampaignPatch(Schema):
    seen: str | None = None  # the fingerprint the client read; a stale one gets 409
    kind: str | None = None
    title: str | None = None
    theme: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    target_per_employee: int | None = None
    department_ids: list[int] | None = None


class UnitOut(Schema):
    department_id: int | None
    department: str
    staff: int
    proposers: int
    proposals: int
    rate: Decimal
    rank: int | None = None


class PersonOut(Schema):
    employee_id: int
    name: str
    department: str
    position: str


class OwnOut(Schema):
    eligible: bool
    count: int
    target: int
    met: bool
    proposal_ids: list[int]


class DepartmentOut(Schema):
    total: UnitOut
    units: list[UnitOut]
    not_yet_proposed: list[PersonOut]


class OfficeOut(Schema):
    total: UnitOut
    bureaus: list[UnitOut]
    divisions: list[UnitOut]


class ProgressOut(Schema):
    campaign: CampaignOut
    own: OwnOut
    departments: list[DepartmentOut]
    office: OfficeOut | None


def _staff(request: HttpRequest) -> None:
    if not services.can_view_campaigns(request.auth):
        raise ApiError("제안 공모는 구청 직원만 볼 수 있습니다.", code="forbidden", status=403)


def _campaign(campaign: Campaign) -> dict:
    return {"id": campaign.pk, "kind": campaign.kind, "kind_label": campaign.get_kind_display(),
            "title": campaign.title, "theme": campaign.theme, "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on, "target_per_employee": campaign.target_per_employee,
            "department_ids": sorted(d.pk for d in campaign.departments.all()),
            "fingerprint": services.fingerprint(campaign)}


def _unit(u: selectors.UnitProgress) -> dict:
    return {"department_id": u.department.pk, "department": u.department.name, "staff": u.staff,
            "proposers": u.proposers, "proposals": u.proposals, "rate": u.rate, "rank": u.rank}


def _get(campaign_id: int) -> Campaign:
    campaign = selectors.campaign_detail(pk=campaign_id)
    if campaign is None:
        raise ApiError("공모를 찾을 수 없습니다.", code="not_found", status=404)
    return campaign


def _departments(ids: list[int]) -> list[Department]:
    found = list(Department.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ApiError("없는 부서가 포함되어 있습니다.", code="not_found", field="department_ids", status=404)
    return found


@router.get("/", response=list[CampaignOut], summary="제안 공모 목록")
def list_campaigns(request: HttpRequest):
    _staff(request)
    return [_campaign(c) for c in selectors.campaign_list()]


@router.post("/", response={201: CampaignOut}, summary="제안 공모 열기 (제안 담당자)")
def open_campaign(request: HttpRequest, payload: CampaignIn):
    _staff(request)
    campaign = services.campaign_open(
        actor=request.auth, kind=payload.kind, title=payload.title, theme=payload.theme,
        starts_on=payload.starts_on, ends_on=payload.ends_on, target_per_employee=payload.target_per_employee,
        departments=_departments(payload.department_ids),
    )
    return Status(201, _campaign(selectors.campaign_detail(pk=campaign.pk)))


@router.get("/{campaign_id}", response=CampaignOut, summary="제안 공모")
def get_campaign(request: HttpRequest, campaign_id: int):
    _staff(request)
    return _campaign(_get(campaign_id))


@router.patch("/{campaign_id}", response=CampaignOut, summary="제안 공모 바꾸기 (제안 담당자)")
def change_campaign(request: HttpRequest, campaign_id: int, payload: CampaignPatch):
    _staff(request)
    campaign = _get(campaign_id)
    changes = payload.dict(exclude_unset=True)
    seen = changes.pop("seen", None)
    ids = changes.pop("department_ids", None)
    services.campaign_change(actor=request.auth, campaign=campaign, seen=seen,
                             departments=_departments(ids) if ids is not None else None,
                             **{k: v for k, v in changes.items() if v is not None})
    return _campaign(_get(campaign_id))


@router.get("/{campaign_id}/progress", response=ProgressOut, summary="진행 상황 (부르는 사람이 볼 수 있는 범위)")
def campaign_progress(request: HttpRequest, campaign_id: int):
    _staff(request)
    campaign = _get(campaign_id)
    user = request.auth
    own = selectors.own_progress(campaign, user=user)
    departments = []
    for root in selectors.supervised_roots(user):
        d = selectors.department_progress(campaign, root=root)
        departments.append({
            "total": _unit(d.root), "units": [_unit(u) for u in d.rows],
            "not_yet_proposed": [{"employee_id": e.pk, "name": e.name, "department": e.department,
                                  "position": e.position} for e in d.not_yet],
        })
    office = None
    if services.sees_whole_office(user):
        o = selectors.office_progress(campaign)
        office = {"total": _unit(o.total), "bureaus": [_unit(u) for u in o.bureaus],
                  "divisions": [_unit(u) for u in o.divisions]}
    return {"campaign": _campaign(campaign),
            "own": {"eligible": own.eligible, "count": own.count, "target": own.target, "met": own.met,
                    "proposal_ids": [p.pk for p in own.proposals]},
            "departments": departments, "office": office}
