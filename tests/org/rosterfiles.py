"""Roster files made in the test, as HR's tools would save them."""

import csv
import io

from openpyxl import Workbook

HEADER = [
    "직원번호",
    "성명",
    "부서코드",
    "직급",
    "직렬",
    "직위",
    "임용일",
    "현보직일",
    "휴대전화",
    "이메일",
    "역할",
]


def row(
    number="2001",
    name="신입일",
    dept="3012100",
    grade="9급",
    series="행정",
    position="주무관",
    hired="2024-01-02",
    post="2024-01-02",
    phone="",
    email="",
    roles="",
):
    return [number, name, dept, grade, series, position, hired, post, phone, email, roles]


def csv_bytes(rows, header=HEADER, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
