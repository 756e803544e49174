"""Reads for Open311: the catalogue as GeoReport services, and complaints as public,
masked service requests — no names, no contact details, no body text, the place only to its
동 and to about a hundred metres (DESIGN.md: public views never show residents' personal
data or exact addresses)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from gamdong.complaints.models import Category, Complaint, Status

DEFAULT_DAYS = 90  # GeoReport v2: without dates, the last 90 days
MAX_REQUESTS = 1000  # and at most 1000 requests
COORDINATE_PLACES = Decimal("0.001")  # about 110 m north–south in Seoul

QUESTION_TYPES = {"number": "number", "date": "datetime", "textarea": "text", "choice": "singlevaluelist",
                  "select": "singlevaluelist", "boolean": "singlevaluelist", "yesno": "singlevaluelist",
                  "bool": "singlevaluelist"}
STATUS_NOTES = {
    Status.SUBMITTED: "접수 대기(분류 중)",
    Status.RECEIVED: "접수",
    Status.ASSIGNED: "처리 중",
    Status.ANSWERED: "답변 완료",
    Status.CLOSED: "종결",
    Status.TRANSFERRED_OUT: "타기관 이송",
    Status.MERGED: "다수인 민원으로 병합",
}
OPEN = (Status.SUBMITTED, Status.RECEIVED, Status.ASSIGNED)


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).order_by("sort_order", "name")


def category_by_code(code: str) -> Category | None:
    return Category.objects.filter(code=code, active=True).first()


def _questions(category: Category) -> list[dict]:
    return [q for q in (category.extra_questions or []) if isinstance(q, dict) and q.get("key")]


def service_out(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(_questions(category)),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def service_definition(category: Category) -> dict:
    attributes = []
    for order, question in enumerate(_questions(category), start=1):
        kind = str(question.get("type", "text"))
        datatype = QUESTION_TYPES.get(kind, "string")
        attribute = {
            "variable": True,
            "code": question["key"],
            "datatype": datatype,
            "required": bool(question.get("required")),
            "datatype_description": "",
            "order": order,
            "description": str(question.get("label") or question["key"]),
        }
        if datatype == "singlevaluelist":
            options = question.get("choices") or question.get("options") or (["예", "아니오"])
            attribute["values"] = [{"key": str(o), "name": str(o)} for o in options]
        attributes.append(attribute)
    return {"service_code": category.code, "attributes": attributes}


def _when(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _rounded(value) -> float | None:
    if value is None:
        return None
    return float(Decimal(value).quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP))


def request_out(complaint: Complaint) -> dict:
    updated = max(t for t in (complaint.submitted_at, complaint.received_at, complaint.answered_at,
                              complaint.closed_at) if t is not None)
    return {
        "service_request_id": complaint.receipt_number,
        "status": "open" if complaint.status in OPEN else "closed",
        "status_notes": STATUS_NOTES.get(complaint.status, ""),
        "service_name": complaint.category.name,
        "service_code": complaint.category.code,
        "description": complaint.title,
        "agency_responsible": complaint.department.name,
        "service_notice": "",
        "requested_datetime": _when(complaint.submitted_at),
        "updated_datetime": _when(updated),
        "expected_datetime": _when(complaint.due_at),
        "address": complaint.dong,
        "address_id": "",
        "zipcode": "",
        "lat": _rounded(complaint.latitude),
        "long": _rounded(complaint.longitude),
        "media_url": "",
    }


def requests(*, ids: list[str] | None = None, service_codes: list[str] | None = None,
             start: dt.datetime | None = None, end: dt.datetime | None = None, status: str = "") -> list[dict]:
    rows = Complaint.objects.select_related("category", "department").only(
        "receipt_number", "status", "title", "submitted_at", "received_at", "answered_at", "closed_at", "due_at",
        "dong", "latitude", "longitude", "category__name", "category__code", "department__name",
    )
    if ids:
        rows = rows.filter(receipt_number__in=ids[:MAX_REQUESTS])
    else:
        if start is None and end is None:
            start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
        if start is not None:
            rows = rows.filter(submitted_at__gte=start)
        if end is not None:
            rows = rows.filter(submitted_at__lte=end)
    if service_codes:
        rows = rows.filter(category__code__in=service_codes)
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    elif status == "closed":
        rows = rows.exclude(status__in=OPEN)
    return [request_out(c) for c in rows.order_by("-submitted_at", "-id")[:MAX_REQUESTS]]


def request_by_id(receipt_number: str) -> dict | None:
    found = requests(ids=[receipt_number])
    return found[0] if found else None
