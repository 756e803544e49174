"""Roster import: reading every format, every reason a row is refused, and all-or-nothing writes."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from gamdong.accounts.models import User
from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.org import roster, services
from gamdong.org.models import Department, DepartmentKind, Employee
from tests.org.conftest import fresh
from tests.org.rosterfiles import HEADER, csv_bytes, row, xlsx_bytes

TODAY = dt.date(2026, 5, 4)


def preview(org, content, filename="명부.csv", mode="create"):
    return services.roster_preview(actor=fresh(org.hr.user), filename=filename, content=content, mode=mode)


def reasons(report, number=2):
    [rejected] = [r for r in report.rejected if r.number == number]
    return " ".join(rejected.reasons)


TWO_ROWS = [
    row("2001", "신입일", phone="010-2222-0001", email="new1@gamdong.go.kr"),
    row("2002", "신입이", dept="3021100", grade="8", series="토목", roles="담당자, 부서장"),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_a_csv_roster_imports_in_each_korean_encoding(org, encoding):
    result = services.roster_import(
        actor=fresh(org.hr.user), filename="명부.csv", content=csv_bytes(TWO_ROWS, encoding=encoding)
    )
    assert [e.user.name for e in result.created] == ["신입일", "신입이"]
    first = Employee.objects.select_related("user", "department").get(employee_number="2001")
    assert first.user.name == "신입일"
    assert first.department.name == "여권팀"
    assert first.user.phone == "01022220001"
    assert first.user.has_role("officer") and not first.user.has_role("supervisor")
    second = Employee.objects.select_related("user", "series").get(employee_number="2002")
    assert (second.grade, second.series.name) == (8, "토목")
    assert fresh(second.user).role_set == {"officer", "supervisor"}


def test_an_xlsx_roster_with_real_dates_and_numbers_imports(org):
    rows = [
        [
            2001,
            "엑셀일",
            "3012100",
            7,
            "행정",
            "주무관",
            dt.datetime(2019, 3, 4),
            dt.date(2023, 7, 1),
            1022220001,
            "",
            "",
        ]
    ]
    report = preview(org, xlsx_bytes(rows), filename="roster.xlsx")
    assert report.rejected == []
    [accepted] = report.accepted
    assert (accepted.employee_number, accepted.grade) == ("2001", 7)
    assert (accepted.hire_date, accepted.post_since) == (dt.date(2019, 3, 4), dt.date(2023, 7, 1))
    assert accepted.phone == "01022220001"


def test_department_name_works_instead_of_code(org):
    header = [h if h != "부서코드" else "부서명" for h in HEADER]
    report = preview(org, csv_bytes([row(dept="도로팀")], header=header))
    assert report.accepted[0].department_id == org.d["도로팀"].pk


def test_the_preview_writes_nothing(org):
    before = (Employee.objects.count(), User.objects.count(), Event.objects.count())
    report = preview(org, csv_bytes(TWO_ROWS))
    assert len(report.accepted) == 2
    assert (Employee.objects.count(), User.objects.count(), Event.objects.count()) == before


def test_an_import_records_each_employee_and_one_summary(org):
    hr = fresh(org.hr.user)
    rows = TWO_ROWS + [row("2003", "", grade="10급")]
    result = services.roster_import(actor=hr, filename="명부.csv", content=csv_bytes(rows))
    created = Event.objects.filter(event_type=EventType.EMPLOYEE_CREATED, actor=hr)
    assert created.count() == 2
    summary = Event.objects.get(event_type=EventType.ROSTER_IMPORTED)
    assert summary.actor == hr
    assert summary.after["created"] == 2 and summary.after["rejected"] == 1
    assert summary.after["rejected_rows"] == [4]
    assert len(result.report.rejected) == 1


# --- Every reason a row is refused -----------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (row(dept="9999999"), "부서코드 '9999999'인 부서가 없습니다"),
        (row(dept=""), "부서코드나 부서명이 비어 있습니다"),
        (row(name=""), "성명이 비어 있습니다"),
        (row(number=""), "직원번호가 비어 있습니다"),
        (row(number="12 34"), "직원번호 '12 34'는 영문, 숫자"),
        (row(number="1002"), "직원번호 '1002'는 이미 등록되어 있습니다"),
        (row(grade="10급"), "직급 '10급'을(를) 알 수 없습니다"),
        (row(grade=""), "직급이 비어 있습니다"),
        (row(series="마법"), "직렬 '마법'을(를) 알 수 없습니다"),
        (row(hired="어제"), "임용일 '어제': 날짜 형식이 아닙니다"),
        (row(hired="2023-02-30", post=""), "임용일 '2023-02-30': 없는 날짜입니다"),
        (row(hired="1899-01-01", post=""), "임용일 '1899-01-01': 있을 수 없는 날짜입니다"),
        (row(hired=""), "임용일이 비어 있습니다"),
        (row(post="2023.13.01"), "현보직일 '2023.13.01': 없는 날짜입니다"),
        (
            row(hired="2024-03-01", post="2024-02-01"),
            "현보직일(2024-02-01)이 임용일(2024-03-01)보다 빠릅니다",
        ),
        (row(phone="02-123-4567"), "휴대전화 '02-123-4567'의 형식이 올바르지 않습니다"),
        (row(phone="010-1111-0002"), "휴대전화 '010-1111-0002'는 다른 사용자가 쓰고 있습니다"),
        (row(email="not-an-email"), "이메일 'not-an-email'의 형식이 올바르지 않습니다"),
        (row(roles="담당자, 대장"), "역할 '대장'을(를) 알 수 없습니다"),
        (row(roles="주민"), "역할 '주민'을(를) 알 수 없습니다"),
        (row(roles="관리자"), "역할 '관리자'은(는) 부여할 권한이 없습니다"),
    ],
)
def test_a_bad_row_is_refused_with_its_reason_in_korean(org, cells, expected):
    report = preview(org, csv_bytes([cells]))
    assert report.accepted == []
    assert expected in reasons(report)


def test_every_problem_of_a_row_is_listed_not_only_the_first(org):
    report = preview(org, csv_bytes([row(name="", grade="0급", series="", hired="2020-02-31")]))
    text = reasons(report)
    assert "성명이 비어 있습니다" in text and "직급 '0급'" in text and "직렬이 비어 있습니다" in text
    assert "없는 날짜" in text


def test_a_closed_department_is_refused(org):
    empty = services.department_create(
        actor=None, code="3099000", name="폐지과", kind=DepartmentKind.DIVISION, parent=org.d["감동구청"]
    )
    services.department_change(actor=None, department=empty, active=False)
    report = preview(org, csv_bytes([row(dept="3099000")]))
    assert "폐지된 부서입니다" in reasons(report)


def test_an_ambiguous_department_name_asks_for_the_code(org):
    for code, parent in (("3011200", "총무과"), ("3021200", "건설과")):
        services.department_create(
            actor=None, code=code, name="서무팀", kind=DepartmentKind.TEAM, parent=org.d[parent]
        )
    header = [h if h != "부서코드" else "부서명" for h in HEADER]
    report = preview(org, csv_bytes([row(dept="서무팀"), row("2002", dept="없는팀")], header=header))
    assert "여럿입니다. 부서코드를 적어 주세요" in reasons(report, 2)
    assert "부서명 '없는팀'인 부서가 없습니다" in reasons(report, 3)


def test_repeated_numbers_phones_and_emails_in_one_file_refuse_every_copy(org):
    rows = [
        row("2001", phone="010-3333-0001", email="a@gamdong.go.kr"),
        row("2001", phone="010-3333-0002"),
        row("2003", phone="01033330001"),
        row("2004", email="A@gamdong.go.kr"),
        row("2005"),
    ]
    report = preview(org, csv_bytes(rows))
    assert [r.employee_number for r in report.accepted] == ["2005"]
    assert "직원번호가 3행과(와) 중복됩니다" in reasons(report, 2)
    assert "직원번호가 2행과(와) 중복됩니다" in reasons(report, 3)
    assert "휴대전화가 4행과(와) 중복됩니다" in reasons(report, 2)
    assert "이메일이 2행과(와) 중복됩니다" in reasons(report, 5)


def test_hr_cannot_make_an_administrator_but_the_command_line_can(org):
    cells = [row(roles="관리자")]
    assert preview(org, csv_bytes(cells)).accepted == []
    report = services.roster_preview(actor=None, filename="a.csv", content=csv_bytes(cells))
    assert report.accepted[0].roles == ("admin",)


# --- Update mode -----------------------------------------------------------------------------


def test_update_mode_changes_existing_employees_and_moves_them(org):
    cells = [
        row(
            "1002",
            "이여권",
            dept="3021100",
            grade="6급",
            hired="2015-03-02",
            post="2026-02-01",
            phone="010-1111-0002",
            roles="심사위원",
        )
    ]
    report = preview(org, csv_bytes(cells), mode="update")
    assert report.accepted[0].is_update
    result = services.roster_apply(actor=fresh(org.hr.user), report=report)
    assert result.updated and not result.created
    officer = Employee.objects.select_related("department").get(employee_number="1002")
    assert (officer.department.name, officer.grade, officer.post_since) == ("도로팀", 6, dt.date(2026, 2, 1))
    assert fresh(officer.user).role_set == {"officer", "committee"}  # roles are added, never removed
    assert Event.objects.for_subject(officer).filter(event_type=EventType.EMPLOYEE_MOVED).count() == 1


def test_update_mode_moving_the_hire_date_past_the_old_post_date_works(org):
    cells = [row("1002", "이여권", dept="3012100", hired="2023-01-01", post="2023-01-01")]
    services.roster_import(actor=None, filename="a.csv", content=csv_bytes(cells), mode="update")
    officer = Employee.objects.get(employee_number="1002")
    assert officer.hire_date == officer.post_since == dt.date(2023, 1, 1)


# --- All or nothing --------------------------------------------------------------------------


def test_a_failure_while_writing_leaves_nothing_written(org):
    hr = fresh(org.hr.user)
    report = preview(org, csv_bytes([row("2001"), row("2002", phone="010-4444-0002")]))
    assert len(report.accepted) == 2
    # Between the preview and the import, someone else takes the second row's phone number.
    User.objects.create_user("someone", name="다른사람", phone="01044440002")
    employees, users, events = Employee.objects.count(), User.objects.count(), Event.objects.count()
    with pytest.raises(services.RosterImportFailed) as failure:
        services.roster_apply(actor=hr, report=report)
    assert "아무것도 저장하지 않았습니다" in failure.value.message
    assert (Employee.objects.count(), User.objects.count(), Event.objects.count()) == (
        employees,
        users,
        events,
    )
    assert not User.objects.filter(username="2001").exists()


# --- Files that are not rosters -------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("명부.pdf", b"%PDF-1.4", "CSV(.csv) 또는 엑셀(.xlsx) 파일만"),
        ("명부.xls", b"\xd0\xcf\x11\xe0", "Excel 97-2003(.xls)"),
        ("명부.csv", b"", "빈 파일입니다"),
        ("명부.csv", b"\n\n", "빈 파일입니다"),
        (
            "명부.csv",
            "성명,부서코드\n홍길동,3012100\n".encode(),
            "필수 열이 없습니다: 직원번호, 직급, 직렬, 임용일",
        ),
        ("명부.csv", ",".join(HEADER).encode(), "직원 행이 하나도 없습니다"),
        ("명부.xlsx", b"PK\x03\x04 broken", "엑셀(.xlsx) 파일을 열 수 없습니다"),
        ("명부.csv", b"PK\x03\x04 zip", "CSV 파일이 아닙니다"),
        ("명부.csv", b"a" * (roster.MAX_FILE_BYTES + 1), "파일이 너무 큽니다"),
    ],
)
def test_a_file_that_is_not_a_roster_is_refused_as_a_whole(org, filename, content, expected):
    with pytest.raises(roster.RosterFileError) as error:
        preview(org, content, filename=filename)
    assert expected in str(error.value)


def test_a_file_without_department_columns_says_so(org):
    header = [h for h in HEADER if h != "부서코드"]
    with pytest.raises(roster.RosterFileError, match="부서코드 또는 부서명"):
        preview(org, csv_bytes([row()[:2] + row()[3:]], header=header))


# --- Pure rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-03-02", dt.date(2020, 3, 2)),
        ("2020.3.2", dt.date(2020, 3, 2)),
        ("2020/03/02", dt.date(2020, 3, 2)),
        ("2020년 3월 2일", dt.date(2020, 3, 2)),
        ("20200302", dt.date(2020, 3, 2)),
        ("2020. 3. 2.", dt.date(2020, 3, 2)),
    ],
)
def test_dates_are_read_as_korean_offices_write_them(text, expected):
    assert roster.parse_date(text, today=TODAY) == (expected, None)


@given(st.dates(min_value=roster.EARLIEST_DATE, max_value=TODAY))
def test_any_real_date_written_in_iso_form_reads_back(date):
    assert roster.parse_date(date.isoformat(), today=TODAY) == (date, None)
    assert roster.parse_date(date.strftime("%Y.%m.%d"), today=TODAY) == (date, None)


@settings(max_examples=200)
@given(st.lists(st.lists(st.text(max_size=12), min_size=11, max_size=11), min_size=1, max_size=5))
def test_checking_any_cells_never_crashes_and_sorts_every_row(rows):
    table = roster.Table(
        headers=HEADER,
        rows=[
            roster.RawRow(
                number=i + 2,
                values=dict(zip([roster._HEADER_LOOKUP[h] for h in HEADER], r, strict=True)),
                cells=r,
            )
            for i, r in enumerate(rows)
        ],
    )
    lookups = roster.Lookups(
        departments=[roster.DepartmentRef(1, "3012100", "여권팀", True)],
        series={"행정": 1},
        rank_names={7: "주사보"},
        roles={"담당자": "officer"},
        grantable_roles=frozenset({"officer"}),
    )
    report = roster.check_table(table, lookups, today=TODAY)
    assert report.total == len(rows)
    assert all(r.reasons for r in report.rejected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("010-1234-5678", "01012345678"),
        ("010 1234 5678", "01012345678"),
        ("+82 10-1234-5678", "01012345678"),
        ("1012345678", "01012345678"),
        ("011-123-4567", "0111234567"),
        ("02-123-4567", None),
        ("전화없음", None),
    ],
)
def test_mobile_numbers_are_stored_as_their_digits(text, expected):
    assert roster.normalize_mobile(text) == expected


def test_the_template_has_every_column_and_excel_reads_it_as_utf8(db):
    content = roster.template_csv()
    assert content.startswith("\ufeff".encode())
    table = roster.read_table("template.csv", content)
    assert table.headers == [c.header for c in roster.COLUMNS]


def test_rejected_rows_file_keeps_the_row_and_its_reasons(org):
    report = preview(org, csv_bytes([row(), row("2002", grade="12급")]))
    text = roster.rejected_csv(report).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("행,직원번호,성명")
    assert "3,2002" in text and "직급 '12급'" in text


# --- Command line -----------------------------------------------------------------------------


def test_the_command_checks_and_imports(org, tmp_path, capsys):
    path = tmp_path / "명부.csv"
    path.write_bytes(csv_bytes(TWO_ROWS + [row("2003", grade="x")], encoding="cp949"))
    call_command("import_roster", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "4행 제외" in out and "검사만 했고" in out
    assert not Employee.objects.filter(employee_number="2001").exists()
    call_command("import_roster", str(path))
    assert Employee.objects.filter(employee_number__in=["2001", "2002"]).count() == 2
    assert Event.objects.get(event_type=EventType.ROSTER_IMPORTED).actor is None


def test_the_command_reports_a_bad_file(org, tmp_path):
    path = tmp_path / "명부.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="빈 파일"):
        call_command("import_roster", str(path))
    assert Department.objects.exists()
