"""Open311 GeoReport v2 at /open311/v2/, in JSON and XML (the format is the path's suffix).

    GET  discovery.{fmt}                 where things are
    GET  services.{fmt}                  the catalogue of complaint categories
    GET  services/{service_code}.{fmt}   a category's extra questions as attributes
    GET  requests.{fmt}                  public, masked requests (service_request_id, service_code,
                                         start_date, end_date, status)
    GET  requests/{id}.{fmt}             one request
    POST requests.{fmt}                  file a complaint with an api_key issued by the district

Errors are GeoReport errors: a list of {code, description} with the HTTP status as code.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from gamdong.complaints.forms_resident import ComplaintFilingForm
from gamdong.complaints.services import Submission
from gamdong.core.district_settings import district_setting
from gamdong.open311 import formats, selectors, services
from gamdong.open311.services import Open311Error

TITLE_MAX = 60
FIELD_NAMES = {"category": "service_code", "body": "description", "latitude": "lat", "longitude": "long",
               "address": "address_string", "title": "description"}


def _respond(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(formats.to_xml(root, data), status=status, content_type="text/xml; charset=utf-8")
    return HttpResponse(formats.to_json(data), status=status, content_type="application/json; charset=utf-8")


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(fmt, "errors", [{"code": status, "description": description}], status=status)


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": fmt})).rsplit("/", 1)[0] + "/"
    return _respond(fmt, "discovery", {
        "changeset": "2026-11-26T00:00:00+09:00",
        "contact": f"{district_setting('district.name')} {district_setting('district.phone')}",
        "key_service": "API 키는 구청 민원 담당 부서에 신청하십시오.",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": base,
            "changeset": "2026-11-26T00:00:00+09:00",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    })


@require_GET
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return _respond(fmt, "services", [selectors.service_out(c) for c in selectors.categories()])


@require_GET
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    category = selectors.category_by_code(service_code)
    if category is None:
        return _error(fmt, 404, f"없는 service_code입니다: {service_code}")
    return _respond(fmt, "service_definition", selectors.service_definition(category))


def _moment(raw: str, name: str) -> dt.datetime | None:
    if not raw:
        return None
    value = parse_datetime(raw.replace(" ", "+"))  # '+' of an offset arrives as a space when not encoded
    if value is None:
        raise Open311Error(400, f"{name}은(는) W3C 날짜·시각(예: 2026-11-01T00:00:00+09:00)이어야 합니다.", field=name)
    return value


@csrf_exempt
@require_http_methods(["GET", "POST"])
def request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        if request.method == "POST":
            return _file(request, fmt)
        params = request.GET
        status = params.get("status", "")
        if status not in ("", "open", "closed"):
            raise Open311Error(400, "status는 open 또는 closed입니다.", field="status")
        found = selectors.requests(
            ids=[i for i in params.get("service_request_id", "").split(",") if i],
            service_codes=[c for c in params.get("service_code", "").split(",") if c],
            start=_moment(params.get("start_date", ""), "start_date"),
            end=_moment(params.get("end_date", ""), "end_date"),
            status=status,
        )
    except Open311Error as exc:
        return _error(fmt, exc.status, exc.description)
    return _respond(fmt, "service_requests", found)


@require_GET
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    found = selectors.request_by_id(request_id)
    if found is None:
        return _error(fmt, 404, f"없는 service_request_id입니다: {request_id}")
    return _respond(fmt, "service_requests", [found])


def _title(description: str) -> str:
    first_line = description.strip().splitlines()[0] if description.strip() else ""
    return first_line if len(first_line) <= TITLE_MAX else first_line[: TITLE_MAX - 1] + "…"


def _file(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    client = services.client_for_key(data.get("api_key", ""))
    category = selectors.category_by_code(data.get("service_code", ""))
    if category is None:
        raise Open311Error(400, "service_code가 없거나 목록에 없는 값입니다.", field="service_code")
    description = data.get("description", "")
    form_data = {
        "category": str(category.pk), "title": _title(description), "body": description,
        "latitude": data.get("lat", ""), "longitude": data.get("long", ""),
        "address": data.get("address_string", ""),
    }
    for key, value in data.items():
        if key.startswith("attribute[") and key.endswith("]"):
            form_data[f"extra_{key[10:-1]}"] = value
    form = ComplaintFilingForm(form_data)
    if not form.is_valid():
        field, message = form.first_errors()[0]
        name = FIELD_NAMES.get(field) or (f"attribute[{field[6:]}]" if field.startswith("extra_") else field)
        raise Open311Error(400, f"{name}: {message}", field=name)
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, "email: 이메일 주소가 올바르지 않습니다.", field="email") from None
    name = " ".join(p for p in (data.get("last_name", "").strip(), data.get("first_name", "").strip()) if p)
    cleaned = form.cleaned_data
    submission = Submission(
        category=category, title=cleaned["title"], body=cleaned["body"],
        complainant_name=(name or f"{client.name} 이용자")[:50],
        complainant_phone=data.get("phone", "").strip()[:20], complainant_email=email,
        latitude=cleaned.get("latitude"), longitude=cleaned.get("longitude"),
        address=cleaned.get("address", ""), dong=cleaned.get("dong", ""), extra_answers=form.extra_answers(),
    )
    complaint, created = services.request_file(client=client, submission=submission,
                                               idempotency_key=request.headers.get("Idempotency-Key", ""))
    if complaint.due_at:
        notice = f"접수번호 {complaint.receipt_number}. 처리기한은 {selectors._when(complaint.due_at)}입니다."
    else:
        notice = f"접수번호 {complaint.receipt_number}. 담당 부서를 정해 접수한 뒤 처리기한을 알려 드립니다."
    return _respond(fmt, "service_requests", [{
        "service_request_id": complaint.receipt_number, "service_notice": notice, "account_id": None,
    }], status=201 if created else 200)
