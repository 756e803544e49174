"""The annual report (연간 제안 운영 보고) as an .xlsx workbook, written with openpyxl."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from gamdong.core.district_settings import district_setting


def annual_report_workbook(report) -> bytes:
    """Three sheets: the totals, proposals received by kind with the grades, and departments."""
    book = Workbook()
    bold = Font(bold=True)
    summary = book.active
    summary.title = "요약"
    summary.append([f"{district_setting('district.name')} {report.year}년 제안 운영 보고"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(["보고 기간", f"{report.period.starts_on:%Y-%m-%d} ~ {report.year}-12-31"])
    summary.append(["보고 기한", f"{report.due_on:%Y-%m-%d}"])
    summary.append([])
    totals = report.totals
    for label, value in [("접수 제안", totals["received"]), ("채택", totals["adopted"]),
                         ("정책화 착수", totals["implemented"]), ("시상(건)", totals["awards"]),
                         ("시상금(원)", totals["awards_krw"]), ("성과 등급 평가", totals["graded"])]:
        summary.append([label, value])
    summary.column_dimensions["A"].width = 18
    summary.column_dimensions["B"].width = 26

    kinds = book.create_sheet("종류별 접수·등급")
    kinds.append(["제안 종류", "접수"])
    for cell in kinds[1]:
        cell.font = bold
    for label, count in report.received_by_kind:
        kinds.append([label, count])
    kinds.append([])
    kinds.append(["성과 등급", "건수"])
    for cell in kinds[kinds.max_row]:
        cell.font = bold
    for grade, count in report.grades:
        kinds.append([grade, count])
    kinds.column_dimensions["A"].width = 18

    departments = book.create_sheet("부서별")
    departments.append(["부서", "직원 제안 접수", "그중 채택", "추진 부서로 착수", "성과 등급 평가"])
    for cell in departments[1]:
        cell.font = bold
    for row in report.departments:
        departments.append([row.name, row.received, row.adopted, row.implemented, row.graded])
    departments.column_dimensions["A"].width = 24
    for column in "BCDE":
        departments.column_dimensions[column].width = 16

    out = BytesIO()
    book.save(out)
    return out.getvalue()
