"""The organisation in the JSON API: departments, the employee directory, roster import (HR).

Same rules as the pages (gamdong.org.permissions): a permission failure is a 403
{code: "forbidden", message, field}; personal data is null where masked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from gamdong.api import ApiError
from gamdong.org import permissions, roster, selectors, services
from gamdong.org.models import Department

router = Router(tags=["org"], auth=django_auth)


def _forbidden(message: str = "권한이 없습니다.") -> ApiError:
    return ApiError(message, code="forbidden", status=403)


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int
    sort_order: int
    phone: str
    dong_name: str
    head_name: str | None
    can_view: bool


class EmployeeOut(Schema):
    id: int
    name: str
    department_id: int
    department_name: str
    position: str
    personal: bool
    employee_number: str | None = None
    grade: int | None = None
    grade_label: str | None = None
    series: str | None = None
    hire_date: dt.date | None = None
    post_since: dt.date | None = None
    special_recruitment: bool | None = None
    phone: str | None = None
    email: str | None = None
    office_phone: str | None = None


class DepartmentDetailOut(DepartmentOut):
    staff: list[EmployeeOut]


class RejectedOut(Schema):
    row: int
    reasons: list[str]
    cells: list[str]


class AcceptedOut(Schema):
    row: int
    employee_number: str
    name: str
    department_id: int
    grade: int
    position: str
    hire_date: dt.date
    post_since: dt.date
    roles: list[str]
    update: bool


class RosterReportOut(Schema):
    mode: str
    total: int
    accepted: list[AcceptedOut]
    rejected: list[RejectedOut]


class RosterResultOut(RosterReportOut):
    created: int
    updated: int


def _department_out(d: Department, *, can_view: bool) -> dict:
    return {
        "id": d.pk,
        "code": d.code,
        "name": d.name,
        "kind": d.kind,
        "kind_label": d.get_kind_display(),
        "parent_id": d.parent_id,
        "depth": d.depth,
        "sort_order": d.sort_order,
        "phone": d.phone,
        "dong_name": d.dong_name,
        "head_name": d.head.user.name if d.head else None,
        "can_view": can_view,
    }


@router.get("/departments", response=list[DepartmentOut], summary="조직도 (부서 목록, 상위 부서 순)")
def department_list(request: HttpRequest):
    if not permissions.can_view_org_chart(request.auth):
        raise _forbidden()
    out = []

    def walk(nodes):
        for node in nodes:
            out.append(_department_out(node.department, can_view=node.can_view))
            walk(node.children)

    walk(selectors.department_tree(viewer=request.auth))
    return out


@router.get("/departments/{department_id}", response=DepartmentDetailOut, summary="부서와 그 직원")
def department_detail(request: HttpRequest, department_id: int):
    department = get_object_or_404(Department.objects.select_related("head__user"), pk=department_id)
    if not permissions.can_view_department(request.auth, department):
        raise _forbidden("이 부서를 볼 권한이 없습니다.")
    staff = selectors.present_employees(
        viewer=request.auth,
        employees=selectors.department_staff(department=department),
        subject=department,
        where="API 부서 직원 목록",
    )
    return {**_department_out(department, can_view=True), "staff": staff}


@router.get("/employees", response=list[EmployeeOut], summary="직원 검색")
@paginate(PageNumberPagination, page_size=50)
def employee_list(request: HttpRequest, q: str = "", department: int | None = None):
    if not permissions.is_staff_member(request.auth):
        raise _forbidden()
    dept = None
    if department is not None:
        dept = permissions.departments_visible_to(request.auth).filter(pk=department).first()
        if dept is None:
            raise _forbidden("이 부서를 볼 권한이 없습니다.")
    return _MaskedList(
        request.auth, selectors.employee_directory(viewer=request.auth, query=q[:50], department=dept)
    )


class _MaskedList:
    """A queryset that masks each page for the viewer when the paginator slices it."""

    def __init__(self, viewer, queryset):
        self.viewer, self.queryset = viewer, queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        return selectors.present_employees(
            viewer=self.viewer, employees=list(self.queryset[item]), where="API 직원 검색"
        )


def _report_out(report: roster.Report) -> dict:
    return {
        "mode": report.mode,
        "total": report.total,
        "accepted": [
            {
                "row": r.number,
                "employee_number": r.employee_number,
                "name": r.name,
                "department_id": r.department_id,
                "grade": r.grade,
                "position": r.position,
                "hire_date": r.hire_date,
                "post_since": r.post_since,
                "roles": list(r.roles),
                "update": r.is_update,
            }
            for r in report.accepted
        ],
        "rejected": [{"row": r.number, "reasons": r.reasons, "cells": r.cells} for r in report.rejected],
    }


def _read_upload(request: HttpRequest, file: UploadedFile, mode: str) -> tuple[str, bytes]:
    if not permissions.can_import_roster(request.auth):
        raise _forbidden("직원 명부 가져오기는 인사팀만 할 수 있습니다.")
    if mode not in roster.MODES:
        raise ApiError("가져오기 방식은 create 또는 update입니다.", field="mode")
    if file.size and file.size > roster.MAX_FILE_BYTES:
        raise ApiError(
            f"파일이 너무 큽니다. {roster.MAX_FILE_BYTES // (1024 * 1024)}MB 이하로 올려 주세요.",
            field="file",
        )
    return PurePath(file.name or "").name, file.read()


@router.post("/roster/preview", response=RosterReportOut, summary="직원 명부 검사 (저장하지 않음)")
def roster_preview(request: HttpRequest, file: File[UploadedFile], mode: Form[str] = roster.MODE_CREATE):
    filename, content = _read_upload(request, file, mode)
    try:
        report = services.roster_preview(actor=request.auth, filename=filename, content=content, mode=mode)
    except roster.RosterFileError as exc:
        raise ApiError(str(exc), code="bad_file", field="file") from exc
    return _report_out(report)


@router.post(
    "/roster/import", response=RosterResultOut, summary="직원 명부 가져오기 (검사를 통과한 행 전부 또는 전무)"
)
def roster_import(request: HttpRequest, file: File[UploadedFile], mode: Form[str] = roster.MODE_CREATE):
    filename, content = _read_upload(request, file, mode)
    try:
        result = services.roster_import(actor=request.auth, filename=filename, content=content, mode=mode)
    except roster.RosterFileError as exc:
        raise ApiError(str(exc), code="bad_file", field="file") from exc
    except services.RosterImportFailed as exc:
        raise ApiError(exc.message, code="conflict", status=409) from exc
    return {**_report_out(result.report), "created": len(result.created), "updated": len(result.updated)}
