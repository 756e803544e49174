"""The staff roster (직원 명부) file: reading it and checking every row. Pure: no Django import.

The format is documented for HR in docs/roster.md. Reading turns a CSV (UTF-8 with or
without BOM, or CP949/EUC-KR as Korean Excel saves it) or an .xlsx file into rows keyed by
column; checking compares each row with what the organisation holds (`Lookups`, built by
gamdong.org.services from the database) and gives a `Report`: accepted rows, ready
to write, and rejected rows with every reason in Korean. Nothing here writes anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# One canonical form of a mobile number across gamdong (accounts look people up by it).
from gamdong.accounts.identifiers import normalize_phone as normalize_mobile

MAX_FILE_BYTES = 5 * 1024 * 1024  # 5 MB: a roster of a whole district is well under 1 MB
MAX_ROWS = 5000  # data rows per file
EARLIEST_DATE = dt.date(1950, 1, 1)  # nobody in service was appointed earlier
LATEST_DAYS_AHEAD = 366  # appointments may be registered up to a year ahead

MODE_CREATE = "create"  # existing employee numbers are rejected
MODE_UPDATE = "update"  # existing employee numbers are updated, new ones created
MODES = (MODE_CREATE, MODE_UPDATE)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("employee_number", "직원번호", True, ("사번", "공무원번호"), "2024001"),
    Column("name", "성명", True, ("이름",), "홍길동"),
    Column("department_code", "부서코드", False, ("부서 코드",), "3110010"),
    Column("department_name", "부서명", False, ("부서",), "민원여권과"),
    Column("grade", "직급", True, (), "7급"),
    Column("series", "직렬", True, (), "행정"),
    Column("position", "직위", False, ("직책",), "주무관"),
    Column("hire_date", "임용일", True, ("최초임용일", "임용일자"), "2019-03-04"),
    Column("post_since", "현보직일", False, ("현 보직일", "보직일", "현부서발령일"), "2024-01-15"),
    Column("phone", "휴대전화", False, ("휴대폰", "핸드폰", "휴대전화번호"), "010-1234-5678"),
    Column("email", "이메일", False, ("전자우편", "메일"), "hong@gamdong.go.kr"),
    Column("roles", "역할", False, (), "담당자"),
    Column("office_phone", "사무실전화", False, ("사무실 전화", "내선", "사무실전화번호"), "02-2620-1234"),
    Column("special_recruitment", "경력경쟁", False, ("경력경쟁임용", "경채"), "아니오"),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)

_EMPLOYEE_NUMBER = re.compile(r"^[0-9A-Za-z\-]{1,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LANDLINE = re.compile(r"^[0-9][0-9\-\s()]{5,18}[0-9]$")
_DATE = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?\.?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_GRADE = re.compile(r"^([1-9])\s*급?$")
_YES = {"예", "y", "yes", "o", "1", "true", "경채", "경력경쟁"}
_NO = {"", "아니오", "아니요", "n", "no", "x", "0", "false", "공채"}


class RosterFileError(ValueError):
    """The file as a whole cannot be read as a roster; the message is for people."""


# --- Reading ------------------------------------------------------------------------------


@dataclass
class RawRow:
    number: int  # the row number a spreadsheet shows (the header is row 1)
    values: dict[str, Any]  # column key -> cell value
    cells: list[str]  # the row as read, for the rejected-rows file


@dataclass
class Table:
    headers: list[str]  # as written in the file
    rows: list[RawRow]


def _header_key(text: str) -> str:
    return re.sub(r"\s+", "", str(text or "")).replace("\ufeff", "")


_HEADER_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _name in (_c.header, *_c.aliases):
        _HEADER_LOOKUP[_header_key(_name)] = _c.key


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError("파일의 글자 인코딩을 읽을 수 없습니다. UTF-8이나 CP949(EUC-KR)로 저장해 주세요.")


def _csv_rows(content: bytes) -> list[list[Any]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    # Excel saves "CSV" with commas, or with tabs as "텍스트(탭으로 분리)".
    dialect = csv.excel_tab if "\t" in first_line and "," not in first_line else csv.excel
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise RosterFileError(f"CSV 파일을 읽을 수 없습니다: {exc}") from exc


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RosterFileError(
            "엑셀(.xlsx) 파일을 열 수 없습니다. 파일이 손상되지 않았는지 확인해 주세요."
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(filename: str, content: bytes) -> Table:
    """Read a CSV or .xlsx roster into rows keyed by column, or raise RosterFileError."""
    name = (filename or "").lower()
    if len(content) > MAX_FILE_BYTES:
        raise RosterFileError(f"파일이 너무 큽니다. {MAX_FILE_BYTES // (1024 * 1024)}MB 이하로 올려 주세요.")
    if not content.strip():
        raise RosterFileError("빈 파일입니다.")
    if name.endswith(".xls"):
        raise RosterFileError("Excel 97-2003(.xls) 형식은 읽을 수 없습니다. .xlsx나 CSV로 저장해 주세요.")
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.endswith((".csv", ".txt")):
        if content[:2] == b"PK" or b"\x00" in content[:1024]:
            raise RosterFileError("CSV 파일이 아닙니다. 텍스트(CSV) 형식으로 저장해 주세요.")
        rows = _csv_rows(content)
    else:
        raise RosterFileError("CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다.")

    # The header is the first row that is not empty.
    start = 0
    while start < len(rows) and not any(cell_text(c) for c in rows[start]):
        start += 1
    if start >= len(rows):
        raise RosterFileError("빈 파일입니다.")
    headers = [cell_text(h) for h in rows[start]]
    keys = [_HEADER_LOOKUP.get(_header_key(h)) for h in headers]
    present = {k for k in keys if k}
    missing = [c.header for c in COLUMNS if c.required and c.key not in present]
    if "department_code" not in present and "department_name" not in present:
        missing.append("부서코드 또는 부서명")
    if missing:
        raise RosterFileError(f"필수 열이 없습니다: {', '.join(missing)}. 첫 행에 열 이름을 적어 주세요.")
    duplicated = sorted({h for h, k in zip(headers, keys, strict=True) if k and keys.count(k) > 1})
    if duplicated:
        raise RosterFileError(f"같은 열이 두 번 있습니다: {', '.join(duplicated)}")

    table_rows: list[RawRow] = []
    for offset, row in enumerate(rows[start + 1 :], start=start + 2):
        if not any(cell_text(c) for c in row):
            continue
        values = {key: row[i] if i < len(row) else None for i, key in enumerate(keys) if key}
        cells = [cell_text(row[i]) if i < len(row) else "" for i in range(len(headers))]
        table_rows.append(RawRow(number=offset, values=values, cells=cells))
        if len(table_rows) > MAX_ROWS:
            raise RosterFileError(f"행이 너무 많습니다. 한 파일에 {MAX_ROWS}행까지 올려 주세요.")
    if not table_rows:
        raise RosterFileError("열 이름 아래에 직원 행이 하나도 없습니다.")
    return Table(headers=headers, rows=table_rows)


# --- Values -------------------------------------------------------------------------------


def parse_date(value: Any, *, today: dt.date) -> tuple[dt.date | None, str | None]:
    """A date from a cell: (date, None) or (None, reason). Accepts 2020-03-02, 2020.3.2,
    2020/03/02, 2020년 3월 2일, 20200302 and spreadsheet dates."""
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    else:
        text = cell_text(value)
        match = _DATE.match(text) or _DATE_COMPACT.match(text)
        if not match:
            return None, "날짜 형식이 아닙니다 (예: 2020-03-02)"
        try:
            date = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None, "없는 날짜입니다"
    if date < EARLIEST_DATE or date > today + dt.timedelta(days=LATEST_DAYS_AHEAD):
        return None, "있을 수 없는 날짜입니다"
    return date, None


def parse_grade(value: Any, rank_names: Mapping[int, str]) -> int | None:
    """7, "7", "7급", "7급 주사보" or "주사보" → 7."""
    text = re.sub(r"\s+", " ", cell_text(value))
    match = _GRADE.match(text)
    if match:
        return int(match[1])
    for grade, rank in rank_names.items():
        if text in (rank, f"{grade}급 {rank}", f"{grade}급{rank}", f"{grade}급({rank})"):
            return grade
    return None


def parse_flag(value: Any) -> bool | None:
    text = cell_text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


# --- Checking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentRef:
    id: int
    code: str
    name: str
    active: bool


@dataclass
class Lookups:
    """What the organisation holds, as plain data, for checking rows."""

    departments: list[DepartmentRef]
    series: Mapping[str, int]  # lower-cased code and name -> id
    rank_names: Mapping[int, str]  # 7 -> "주사보"
    roles: Mapping[str, str]  # Korean label and code -> role code
    grantable_roles: frozenset[str]  # roles the importing user may give
    existing_employee_numbers: frozenset[str] = frozenset()
    taken_usernames: frozenset[str] = frozenset()  # accounts without an employee row
    phone_owners: Mapping[str, str] = field(default_factory=dict)  # phone digits -> username
    email_owners: Mapping[str, str] = field(default_factory=dict)  # lower email -> username
    default_roles: tuple[str, ...] = ("officer",)

    def __post_init__(self):
        self.by_code = {d.code: d for d in self.departments}
        self.by_name: dict[str, list[DepartmentRef]] = defaultdict(list)
        for d in self.departments:
            self.by_name[d.name].append(d)


@dataclass
class AcceptedRow:
    number: int
    employee_number: str
    name: str
    department_id: int
    grade: int
    series_id: int
    position: str
    hire_date: dt.date
    post_since: dt.date
    phone: str
    email: str
    roles: tuple[str, ...]
    office_phone: str
    special_recruitment: bool
    is_update: bool
    cells: list[str]


@dataclass
class RejectedRow:
    number: int
    reasons: list[str]
    cells: list[str]


@dataclass
class Report:
    mode: str
    headers: list[str]
    accepted: list[AcceptedRow]
    rejected: list[RejectedRow]

    @property
    def total(self) -> int:
        return len(self.accepted) + len(self.rejected)

    @property
    def created_count(self) -> int:
        return sum(1 for r in self.accepted if not r.is_update)

    @property
    def updated_count(self) -> int:
        return sum(1 for r in self.accepted if r.is_update)


def _text(raw: RawRow, key: str) -> str:
    return cell_text(raw.values.get(key))


def _department(raw: RawRow, lookups: Lookups, reasons: list[str]) -> DepartmentRef | None:
    code = _text(raw, "department_code")
    name = _text(raw, "department_name")
    if code:
        dept = lookups.by_code.get(code)
        if dept is None:
            reasons.append(f"부서코드 '{code}'인 부서가 없습니다.")
            return None
        if name and _header_key(name) != _header_key(dept.name):
            reasons.append(f"부서코드 '{code}'는 '{dept.name}'인데 부서명은 '{name}'입니다.")
            return None
    elif name:
        matches = lookups.by_name.get(name, [])
        active = [d for d in matches if d.active]
        if not matches:
            reasons.append(f"부서명 '{name}'인 부서가 없습니다.")
            return None
        if len(active) > 1:
            reasons.append(f"부서명 '{name}'인 부서가 여럿입니다. 부서코드를 적어 주세요.")
            return None
        dept = active[0] if active else matches[0]
    else:
        reasons.append("부서코드나 부서명이 비어 있습니다.")
        return None
    if not dept.active:
        reasons.append(f"'{dept.name}'({dept.code})은(는) 폐지된 부서입니다.")
        return None
    return dept


def check_row(raw: RawRow, lookups: Lookups, *, mode: str, today: dt.date) -> AcceptedRow | RejectedRow:
    """Check one row on its own (duplicates across rows are `check_table`'s)."""
    reasons: list[str] = []

    number = _text(raw, "employee_number")
    if not number:
        reasons.append("직원번호가 비어 있습니다.")
    elif not _EMPLOYEE_NUMBER.match(number):
        reasons.append(f"직원번호 '{number}'는 영문, 숫자, '-'로 20자 이내여야 합니다.")
    elif number in lookups.existing_employee_numbers and mode != MODE_UPDATE:
        reasons.append(f"직원번호 '{number}'는 이미 등록되어 있습니다. 고치려면 '갱신'으로 가져오세요.")
    elif number in lookups.taken_usernames:
        reasons.append(f"직원번호 '{number}'와 같은 로그인 ID를 다른 사용자가 쓰고 있습니다.")
    is_update = number in lookups.existing_employee_numbers

    name = _text(raw, "name")
    if not name:
        reasons.append("성명이 비어 있습니다.")
    elif len(name) > 50:
        reasons.append("성명이 너무 깁니다 (50자 이내).")

    dept = _department(raw, lookups, reasons)

    grade_text = _text(raw, "grade")
    grade = parse_grade(raw.values.get("grade"), lookups.rank_names) if grade_text else None
    if not grade_text:
        reasons.append("직급이 비어 있습니다.")
    elif grade is None:
        reasons.append(f"직급 '{grade_text}'을(를) 알 수 없습니다 (1급~9급, 예: 7급).")

    series_text = _text(raw, "series")
    series_id = lookups.series.get(series_text.lower()) if series_text else None
    if not series_text:
        reasons.append("직렬이 비어 있습니다.")
    elif series_id is None:
        reasons.append(f"직렬 '{series_text}'을(를) 알 수 없습니다.")

    position = _text(raw, "position") or "주무관"
    if len(position) > 30:
        reasons.append("직위가 너무 깁니다 (30자 이내).")

    hire_date = post_since = None
    hire_text = _text(raw, "hire_date")
    if not hire_text:
        reasons.append("임용일이 비어 있습니다.")
    else:
        hire_date, why = parse_date(raw.values.get("hire_date"), today=today)
        if why:
            reasons.append(f"임용일 '{hire_text}': {why}.")
    post_text = _text(raw, "post_since")
    if post_text:
        post_since, why = parse_date(raw.values.get("post_since"), today=today)
        if why:
            reasons.append(f"현보직일 '{post_text}': {why}.")
    elif hire_date:
        post_since = hire_date
    if hire_date and post_since and post_since < hire_date:
        reasons.append(f"현보직일({post_since:%Y-%m-%d})이 임용일({hire_date:%Y-%m-%d})보다 빠릅니다.")

    phone = ""
    phone_text = _text(raw, "phone")
    if phone_text:
        phone = normalize_mobile(phone_text) or ""
        if not phone:
            reasons.append(f"휴대전화 '{phone_text}'의 형식이 올바르지 않습니다 (예: 010-1234-5678).")
        elif lookups.phone_owners.get(phone, number) != number:
            reasons.append(f"휴대전화 '{phone_text}'는 다른 사용자가 쓰고 있습니다.")

    email = _text(raw, "email").lower()
    if email:
        if not _EMAIL.match(email) or len(email) > 254:
            reasons.append(f"이메일 '{email}'의 형식이 올바르지 않습니다.")
        elif lookups.email_owners.get(email, number) != number:
            reasons.append(f"이메일 '{email}'는 다른 사용자가 쓰고 있습니다.")

    office_phone = _text(raw, "office_phone")
    if office_phone and not _LANDLINE.match(office_phone):
        reasons.append(f"사무실전화 '{office_phone}'의 형식이 올바르지 않습니다 (예: 02-2620-1234).")

    special = parse_flag(raw.values.get("special_recruitment"))
    if special is None:
        reasons.append(
            f"경력경쟁 '{_text(raw, 'special_recruitment')}'은(는) '예' 또는 '아니오'로 적어 주세요."
        )

    roles: list[str] = []
    for part in re.split(r"[,;/·]", _text(raw, "roles")):
        label = part.strip()
        if not label:
            continue
        role = lookups.roles.get(label) or lookups.roles.get(label.lower())
        if role is None or role == "resident":
            reasons.append(f"역할 '{label}'을(를) 알 수 없습니다 ({', '.join(_role_labels(lookups))}).")
        elif role not in lookups.grantable_roles:
            reasons.append(f"역할 '{label}'은(는) 부여할 권한이 없습니다.")
        elif role not in roles:
            roles.append(role)

    if reasons:
        return RejectedRow(number=raw.number, reasons=reasons, cells=raw.cells)
    return AcceptedRow(
        number=raw.number,
        employee_number=number,
        name=name,
        department_id=dept.id,
        grade=grade,
        series_id=series_id,
        position=position,
        hire_date=hire_date,
        post_since=post_since,
        phone=phone,
        email=email,
        roles=tuple(roles) or (() if is_update else tuple(lookups.default_roles)),
        office_phone=office_phone,
        special_recruitment=bool(special),
        is_update=is_update,
        cells=raw.cells,
    )


def _role_labels(lookups: Lookups) -> list[str]:
    seen: dict[str, str] = {}
    for label, code in lookups.roles.items():
        if code != "resident" and not label.isascii():
            seen.setdefault(code, label)
    return list(seen.values())


def _duplicates(rows: Iterable[RawRow], key) -> dict[int, list[int]]:
    """Row number -> the other row numbers that share `key(row)` (ignoring blanks)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        value = key(row)
        if value:
            groups[value].append(row.number)
    out: dict[int, list[int]] = {}
    for numbers in groups.values():
        if len(numbers) > 1:
            for n in numbers:
                out[n] = [m for m in numbers if m != n]
    return out


def check_table(table: Table, lookups: Lookups, *, mode: str = MODE_CREATE, today: dt.date) -> Report:
    """Check every row. A value repeated across rows (직원번호, 휴대전화, 이메일) rejects all
    the rows that share it: which one is right is for HR to say."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    dup_number = _duplicates(table.rows, lambda r: _text(r, "employee_number"))
    dup_phone = _duplicates(
        table.rows, lambda r: normalize_mobile(_text(r, "phone")) if _text(r, "phone") else ""
    )
    dup_email = _duplicates(table.rows, lambda r: _text(r, "email").lower())
    accepted: list[AcceptedRow] = []
    rejected: list[RejectedRow] = []
    for raw in table.rows:
        result = check_row(raw, lookups, mode=mode, today=today)
        extra = []
        if raw.number in dup_number:
            extra.append(f"직원번호가 {_rows(dup_number[raw.number])}과(와) 중복됩니다.")
        if raw.number in dup_phone:
            extra.append(f"휴대전화가 {_rows(dup_phone[raw.number])}과(와) 중복됩니다.")
        if raw.number in dup_email:
            extra.append(f"이메일이 {_rows(dup_email[raw.number])}과(와) 중복됩니다.")
        if extra:
            reasons = result.reasons if isinstance(result, RejectedRow) else []
            result = RejectedRow(number=raw.number, reasons=reasons + extra, cells=raw.cells)
        (rejected if isinstance(result, RejectedRow) else accepted).append(result)
    return Report(mode=mode, headers=table.headers, accepted=accepted, rejected=rejected)


def _rows(numbers: list[int]) -> str:
    return ", ".join(f"{n}행" for n in numbers)


# --- Writing files for people -------------------------------------------------------------


def template_csv() -> bytes:
    """An empty roster with every column and one example row, as Excel opens it (UTF-8 BOM)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow([c.example for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def rejected_csv(report: Report) -> bytes:
    """The rejected rows as they were, with their row number and reasons, to fix and re-import."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["행", *report.headers, "사유"])
    for row in report.rejected:
        cells = row.cells + [""] * (len(report.headers) - len(row.cells))
        writer.writerow([row.number, *cells, " / ".join(row.reasons)])
    return out.getvalue().encode("utf-8-sig")
