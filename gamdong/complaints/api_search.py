"""Korean word search over complaints for staff: GET /api/v1/complaints/search?q=...

Same rules as the inbox: a staff member finds only the complaints of the departments they
may see (gamdong.org.permissions), and a result never carries the complainant's name,
contact or address. A query that cannot be searched is a 400 with a Korean message.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth

from gamdong.api import ApiError
from gamdong.complaints.models import Status
from gamdong.complaints.search import (
    SearchQueryError,
    index_departments_for,
    search_complaints,
    searchable_complaints_for,
    visible_department_ids,
)
from gamdong.complaints.templatetags._rows import ChoiceLabels
from gamdong.org.permissions import is_staff_member

router = Router(tags=["complaints"], auth=django_auth)


class SearchHitOut(Schema):
    id: int
    receipt_number: str
    title: str
    category: str
    kind: str
    status: str
    status_label: str
    department_id: int
    department_name: str
    officer_name: str | None
    dong: str
    submitted_at: dt.datetime
    due_at: dt.datetime | None


class SearchPageOut(Schema):
    query: str
    results: list[SearchHitOut]
    next_cursor: str | None


def _hit(c, status_labels: dict[str, str]) -> dict:
    return {
        "id": c.pk,
        "receipt_number": c.receipt_number,
        "title": c.title,
        "category": c.category.name,
        "kind": c.kind,
        "status": c.status,
        "status_label": status_labels[c.status],
        "department_id": c.department_id,
        "department_name": c.department.name,
        "officer_name": c.officer.name if c.officer_id else None,
        "dong": c.dong,
        "submitted_at": c.submitted_at,
        "due_at": c.due_at,
    }


@router.get("", response=SearchPageOut, summary="민원 검색 (한국어 낱말, 최신순)")
def complaint_search(
    request: HttpRequest,
    q: str = "",
    cursor: str = "",
    limit: int = 25,
    status: str = "",
    category: str = "",
    department: int | None = None,
    dong: str = "",
):
    """Complaints the staff member may see that contain every word of `q` (1-syllable words too).

    Newest first; pass `next_cursor` back as `cursor` for the next page.
    """
    user = request.auth
    if not is_staff_member(user):
        raise ApiError(_("직원만 민원을 검색할 수 있습니다."), code="forbidden", status=403)
    if status and status not in Status.values:
        raise ApiError(_("알 수 없는 처리 상태입니다."), field="status")
    if not 1 <= limit <= 100:
        raise ApiError(_("한 번에 1건에서 100건까지 볼 수 있습니다."), field="limit")
    visible = visible_department_ids(user)
    base = searchable_complaints_for(viewer=user, status=status, category=category, department=department, dong=dong,
                                     visible_ids=visible)
    try:
        page = search_complaints(query=q, base_queryset=base, limit=limit, cursor=cursor or None,
                                 departments=index_departments_for(user, department, visible_ids=visible))
    except SearchQueryError as exc:
        raise ApiError(exc.message, code=exc.code, field=exc.field) from None
    # Translated once a request: get_status_display() translates every choice for every row.
    status_labels = ChoiceLabels(Status)
    return {"query": q, "results": [_hit(c, status_labels) for c in page.complaints],
            "next_cursor": page.next_cursor}
