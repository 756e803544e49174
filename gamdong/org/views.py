"""Pages of the organisation: the chart, a department, the directory, and HR's roster import."""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from gamdong.org import permissions, roster, selectors, services
from gamdong.org.models import Department

UPLOAD_DIR = "roster-uploads"
SESSION_KEY = "org_roster_uploads"
DIRECTORY_PAGE_SIZE = 50


def forbidden(request: HttpRequest, message: str = "이 페이지를 볼 권한이 없습니다.") -> HttpResponse:
    return render(request, "org/forbidden.html", {"message": message}, status=403)


@login_required
def org_chart(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_org_chart(request.user):
        return forbidden(request)
    tree = selectors.department_tree(viewer=request.user)
    return render(request, "org/chart.html", {"tree": tree})


@login_required
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(Department.objects.select_related("parent", "head__user"), pk=pk)
    if not permissions.can_view_department(request.user, department):
        return forbidden(request, "이 부서의 직원 목록을 볼 권한이 없습니다.")
    staff = selectors.present_employees(
        viewer=request.user,
        employees=selectors.department_staff(department=department),
        subject=department,
        where="부서 직원 목록",
    )
    children = department.children.filter(active=True).order_by("sort_order", "name")
    return render(
        request,
        "org/department.html",
        {"department": department, "staff": staff, "children": children},
    )


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    if not permissions.is_staff_member(request.user):
        return forbidden(request)
    query = request.GET.get("q", "")[:50]
    department = None
    if request.GET.get("department", "").isdigit():
        department = (
            permissions.departments_visible_to(request.user).filter(pk=request.GET["department"]).first()
        )
    employees = selectors.employee_directory(viewer=request.user, query=query, department=department)
    page = Paginator(employees, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.present_employees(viewer=request.user, employees=page.object_list, where="직원 검색")
    return render(
        request,
        "org/directory.html",
        {"page": page, "rows": rows, "query": query, "department": department},
    )


# --- Roster import ------------------------------------------------------------------------


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "org/roster_import.html", {"error": message, "modes": _modes()}, status=400)


def _modes():
    return [(roster.MODE_CREATE, "새 직원만 등록"), (roster.MODE_UPDATE, "갱신 (이미 있는 직원은 고침)")]


def _stored_upload(request: HttpRequest, token: str) -> dict | None:
    return request.session.get(SESSION_KEY, {}).get(token)


def _read_stored(upload: dict) -> bytes:
    with default_storage.open(upload["path"], "rb") as handle:
        return handle.read()


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview (accepted and rejected rows) → confirm. The file waits in storage
    between the two steps, named by a token held in the uploader's session."""
    if not permissions.can_import_roster(request.user):
        return forbidden(request, "직원 명부 가져오기는 인사팀만 할 수 있습니다.")
    if request.method == "GET":
        return render(request, "org/roster_import.html", {"modes": _modes()})
    mode = request.POST.get("mode", roster.MODE_CREATE)
    if mode not in roster.MODES:
        return _bad_request(request, "가져오기 방식이 올바르지 않습니다.")
    if "token" in request.POST:
        return _roster_confirm(request, request.POST["token"])

    upload = request.FILES.get("file")
    if upload is None:
        return _bad_request(request, "올릴 파일을 골라 주세요.")
    if upload.size > roster.MAX_FILE_BYTES:
        return _bad_request(
            request, f"파일이 너무 큽니다. {roster.MAX_FILE_BYTES // (1024 * 1024)}MB 이하로 올려 주세요."
        )
    content = upload.read()
    filename = PurePath(upload.name or "").name
    try:
        report = services.roster_preview(actor=request.user, filename=filename, content=content, mode=mode)
    except roster.RosterFileError as exc:
        return _bad_request(request, str(exc))
    token = secrets.token_urlsafe(16)
    suffix = PurePath(filename).suffix.lower()
    path = default_storage.save(f"{UPLOAD_DIR}/{token}{suffix}", ContentFile(content))
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"path": path, "name": filename, "mode": mode}
    request.session[SESSION_KEY] = uploads
    return render(
        request,
        "org/roster_preview.html",
        {
            "report": report,
            "token": token,
            "filename": filename,
            "mode": mode,
            "mode_label": dict(_modes())[mode],
        },
    )


def _roster_confirm(request: HttpRequest, token: str) -> HttpResponse:
    upload = _stored_upload(request, token)
    if upload is None or not default_storage.exists(upload["path"]):
        return _bad_request(request, "미리보기한 파일을 찾을 수 없습니다. 파일을 다시 올려 주세요.")
    content = _read_stored(upload)
    try:
        result = services.roster_import(
            actor=request.user, filename=upload["name"], content=content, mode=upload["mode"]
        )
    except roster.RosterFileError as exc:
        return _bad_request(request, str(exc))
    except services.RosterImportFailed as exc:
        return render(
            request, "org/roster_import.html", {"error": exc.message, "modes": _modes()}, status=409
        )
    default_storage.delete(upload["path"])
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    return render(request, "org/roster_done.html", {"result": result, "filename": upload["name"]})


@login_required
def roster_template(request: HttpRequest) -> HttpResponse:
    if not permissions.can_import_roster(request.user):
        return forbidden(request, "직원 명부 가져오기는 인사팀만 할 수 있습니다.")
    response = HttpResponse(roster.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roster-template.csv"'
    return response


@login_required
def roster_rejected(request: HttpRequest, token: str) -> HttpResponse:
    """The rejected rows of a previewed file, with their reasons, as CSV (to fix and re-upload)."""
    if not permissions.can_import_roster(request.user):
        return forbidden(request, "직원 명부 가져오기는 인사팀만 할 수 있습니다.")
    upload = _stored_upload(request, token)
    if upload is None or not default_storage.exists(upload["path"]):
        return _bad_request(request, "미리보기한 파일을 찾을 수 없습니다. 파일을 다시 올려 주세요.")
    try:
        report = services.roster_preview(
            actor=request.user, filename=upload["name"], content=_read_stored(upload), mode=upload["mode"]
        )
    except roster.RosterFileError as exc:
        return _bad_request(request, str(exc))
    response = HttpResponse(roster.rejected_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roster-rejected.csv"'
    return response
