"""Minutes and decision notices as a committee secretary downloads them: HWPX and PDF.

What a reader would see is checked by reading the files back the way other programs do:
the HWPX with python-hwpx (and as the zip it is), the PDF with pypdf, and one PDF page
rasterised with PDFium, since extracted text can be right while the glyphs are empty boxes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter
from xml.etree import ElementTree

import pypdfium2
import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont
from hwpx import HwpxDocument, validate_editor_open_safety, validate_package
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pypdf import PdfReader

from gamdong.review import document_pdf
from gamdong.review.documents import (
    AgendaOutcome,
    DecisionNotice,
    DocumentIncomplete,
    MinutesDocument,
    download_name,
    korean_datetime,
    korean_won,
    render,
)


def make_minutes(**changes) -> MinutesDocument:
    values = dict(
        district="감동구",
        committee="제안심사위원회",
        title="2026년 제3차 제안심사위원회 회의록",
        held_at=dt.datetime(2026, 11, 26, 5, 0, tzinfo=dt.UTC),  # 14:00 in Seoul
        place="감동구청 본관 3층 기획상황실",
        chair="김감동",
        secretary="이창의",
        attendees=("김감동", "박혁신", "최시민", "정협력", "한동행"),
        absentees=("윤부재",),
        agenda=(
            AgendaOutcome("2026-0042", "골목길 보안등을 태양광 겸용으로 교체", "홍길동", "채택", "82.4점"),
            AgendaOutcome(
                "2026-0043", "민원 대기 순번 문자 알림", "김*수", "수정 채택", "74.0점",
                note="알림 문구는 민원여권과와 협의하여 정함",
            ),
            AgendaOutcome("2026-0044", "구청 주차장 야간 개방", "이*희", "불채택", "48.5점"),
        ),
        proceedings=(
            "간사가 성원(위원 6명 중 5명 참석)을 보고하고 위원장이 개회를 선언하였다.\n\n"
            "제안 2026-0042에 대하여 도로과장이 실시 가능성을 설명하였고,\n"
            "위원들은 설치비 회수 기간을 질의하였다.\n\n"
            "심사 결과를 위와 같이 의결하고 위원장이 폐회를 선언하였다."
        ),
    )
    values.update(changes)
    return MinutesDocument(**values)


def make_notice(**changes) -> DecisionNotice:
    values = dict(
        district="감동구",
        document_number="창의혁신팀-2026-0042",
        recipient="홍길동",
        proposal_number="2026-0042",
        proposal_title="골목길 보안등을 태양광 겸용으로 교체",
        received_on=dt.date(2026, 10, 30),
        decided_on=dt.date(2026, 11, 26),
        outcome="채택",
        grade="우수",
        award="700000",
        planned_implementation="2027. 3. 2.",
        issuer="감동구청장",
        contact="기획예산과 창의혁신팀 주무관 이창의 (02-2600-1234)",
    )
    values.update(changes)
    return DecisionNotice(**values)


def make_rejection(**changes) -> DecisionNotice:
    values = dict(
        outcome="불채택",
        grade="",
        award="",
        planned_implementation="",
        reasons="이미 2025년부터 시행 중인 야간 개방 시범사업과 내용이 같습니다.",
        rereview_notice="이 결정에 이의가 있으면 통지를 받은 날부터 15일 이내에 재심사를 신청할 수 있습니다.",
    )
    values.update(changes)
    return make_notice(**values)


def hwpx_text(data: bytes) -> str:
    return HwpxDocument.open(data).text.plain()


def hwpx_tables(data: bytes) -> list[list[list[str]]]:
    document = HwpxDocument.open(data)
    tables = []
    for paragraph in document.paragraphs:
        for table in paragraph.tables:
            tables.append([[cell.text for cell in row.cells] for row in table.rows])
    return tables


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


PAGE_NUMBER = re.compile(r"^- \d+ -$", re.MULTILINE)


def words(text: str) -> Counter:
    """The words a reader sees, however the lines were broken (page numbers left out)."""
    return Counter(PAGE_NUMBER.sub("", text).split())


# --- Korean forms -------------------------------------------------------------------------


def test_meeting_time_is_written_the_korean_way_in_seoul_time():
    assert korean_datetime(dt.datetime(2026, 11, 26, 5, 0, tzinfo=dt.UTC)) == "2026. 11. 26.(목) 14:00"
    assert korean_datetime(dt.datetime(2027, 3, 2, 9, 30)) == "2027. 3. 2.(화) 09:30"


def test_amounts_are_in_won_with_thousands_separators():
    assert korean_won(700000) == "700,000원"
    assert korean_won("5000000") == "5,000,000원"
    assert korean_won("700,000원") == "700,000원"


# --- HWPX ---------------------------------------------------------------------------------


def test_minutes_hwpx_is_a_valid_package_that_python_hwpx_reads_back():
    data = render(make_minutes(), "hwpx")

    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/hwp+zip"
    sections = [name for name in archive.namelist() if re.fullmatch(r"Contents/section\d+\.xml", name)]
    assert sections
    for name in sections:
        ElementTree.fromstring(archive.read(name))  # well-formed

    assert HwpxDocument.open(data).validate().issues == ()
    assert [i for i in validate_package(data).issues if i.level == "error"] == []
    safety = validate_editor_open_safety(data)
    assert safety.reopen_ok and not safety.blocking_package_errors


def test_file_properties_name_the_document_and_the_office_not_a_template():
    hwpx = HwpxDocument.open(render(make_minutes(), "hwpx")).parts.metadata
    assert (hwpx.title, hwpx.creator, hwpx.lastsaveby) == ("2026년 제3차 제안심사위원회 회의록", "감동구 제안심사위원회", None)
    assert not hwpx.created_date.startswith("2025")
    pdf = PdfReader(io.BytesIO(render(make_notice(), "pdf"))).metadata
    assert (pdf.title, pdf.author) == ("제안 채택 여부 결정 통지 (홍길동)", "감동구")


def test_minutes_hwpx_shows_the_meeting_its_agenda_and_the_signature_lines():
    data = render(make_minutes(), "hwpx")
    text = hwpx_text(data)
    meeting, agenda = hwpx_tables(data)

    assert text.startswith("2026년 제3차 제안심사위원회 회의록")
    assert meeting == [
        ["일시", "2026. 11. 26.(목) 14:00"],
        ["장소", "감동구청 본관 3층 기획상황실"],
        ["위원장", "김감동"],
        ["간사", "이창의"],
        ["참석", "김감동, 박혁신, 최시민, 정협력, 한동행 (5명)"],
        ["불참", "윤부재 (1명)"],
    ]
    assert agenda == [
        ["번호", "제목", "제안자", "결과", "점수"],
        ["2026-0042", "골목길 보안등을 태양광 겸용으로 교체", "홍길동", "채택", "82.4점"],
        ["2026-0043", "민원 대기 순번 문자 알림", "김*수", "수정 채택", "74.0점"],
        ["2026-0044", "구청 주차장 야간 개방", "이*희", "불채택", "48.5점"],
    ]
    assert "※ 2026-0043: 알림 문구는 민원여권과와 협의하여 정함" in text
    # a line broken inside a paragraph is read as one paragraph
    assert "제안 2026-0042에 대하여 도로과장이 실시 가능성을 설명하였고, 위원들은 설치비 회수 기간을 질의하였다." in text
    assert "위원장 김감동  (서명)" in text and "간사 이창의  (서명)" in text


def test_adoption_notice_hwpx_reads_as_an_official_letter():
    """DOMAIN §2: the decision is notified with the planned implementation date."""
    data = render(make_notice(), "hwpx")
    lines = hwpx_text(data).splitlines()

    assert lines[0] == "감동구"
    assert "수신  홍길동 귀하" in lines
    assert "제목  제안 채택 여부 결정 통지" in lines
    assert "마. 심사 결과: 채택" in lines
    assert "바. 등급 및 부상: 우수, 700,000원" in lines
    assert "사. 실시 예정일: 2027. 3. 2." in lines
    assert lines[lines.index("감동구청장") - 1].endswith("끝.")  # the body closes before the sender
    assert hwpx_tables(data)[-1] == [
        ["시행", "창의혁신팀-2026-0042 (2026. 11. 26.)"],
        ["담당", "기획예산과 창의혁신팀 주무관 이창의 (02-2600-1234)"],
    ]


def test_rejection_notice_gives_the_reasons_and_how_to_ask_for_a_re_review():
    """DOMAIN §2: a rejected proposer may ask for a re-review within 15 days."""
    text = hwpx_text(render(make_rejection(), "hwpx"))

    assert "마. 심사 결과: 불채택" in text
    assert "바. 사유: 이미 2025년부터 시행 중인 야간 개방 시범사업과 내용이 같습니다." in text
    assert "사. 재심사 안내: 이 결정에 이의가 있으면 통지를 받은 날부터 15일 이내에 재심사를 신청할 수 있습니다." in text
    assert "실시 예정일" not in text and "등급" not in text


# --- PDF ----------------------------------------------------------------------------------


def test_minutes_pdf_has_the_korean_text_and_tables_extractable():
    data = render(make_minutes(), "pdf")
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)

    for expected in (
        "2026년 제3차 제안심사위원회 회의록",
        "일시 2026. 11. 26.(목) 14:00",
        "참석 김감동, 박혁신, 최시민, 정협력, 한동행 (5명)",
        "2026-0043 민원 대기 순번 문자 알림 김*수 수정 채택 74.0점",
        "위원장 김감동 (서명)",
    ):
        assert expected in re.sub(r"[ \t]+", " ", text), expected


def test_pdf_embeds_pretendard_with_a_drawn_glyph_for_every_character_shown():
    data = render(make_notice(), "pdf")
    reader = PdfReader(io.BytesIO(data))
    fonts = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        for descendant in font.get("/DescendantFonts", []):
            descriptor = descendant.get_object()["/FontDescriptor"]
            fonts.append((descriptor["/FontName"], descriptor["/FontFile2"].get_data()))
    assert fonts and all("Pretendard" in name for name, _ in fonts)

    drawn: set[str] = set()
    for _, file in fonts:
        font = TTFont(io.BytesIO(file))
        glyphs = font["glyf"]
        drawn |= {
            chr(code) for code, name in font.getBestCmap().items()
            if name != ".notdef" and glyphs[name].numberOfContours != 0
        }
    shown = set(pdf_text(data)) - set(" \n\t")
    assert shown - drawn == set()


def test_pdf_page_draws_real_hangul_glyphs_not_empty_boxes(tmp_path):
    """Empty boxes look alike: with real glyphs, another name of as many syllables changes the page."""

    def raster(recipient: str):
        page = pypdfium2.PdfDocument(render(make_notice(recipient=recipient), "pdf"))[0]
        return page.render(scale=1.5).to_pil().convert("L")

    first, second = raster("홍길동"), raster("김철수")
    first.save(tmp_path / "notice.png")  # to look at when this fails
    assert first.tobytes() != second.tobytes()
    # and the page is mostly paper with some ink on it
    histogram = first.histogram()
    ink = sum(histogram[:128]) / sum(histogram)
    assert 0.001 < ink < 0.2


def test_long_minutes_run_over_pages_in_the_pdf_and_keep_every_row_in_the_hwpx():
    agenda = tuple(
        AgendaOutcome(f"2026-{n:04d}", f"주민 제안 {n}번: 공원 산책로 야간 조명 개선", "홍*동", "보류")
        for n in range(1, 61)
    )
    minutes = make_minutes(agenda=agenda)

    assert len(PdfReader(io.BytesIO(render(minutes, "pdf"))).pages) >= 2
    hwpx = render(minutes, "hwpx")
    rows = hwpx_tables(hwpx)[1]
    assert len(rows) == 61 and rows[-1] == ["2026-0060", "주민 제안 60번: 공원 산책로 야간 조명 개선", "홍*동", "보류", "-"]
    section = zipfile.ZipFile(io.BytesIO(hwpx)).read("Contents/section0.xml").decode()
    assert 'repeatHeader="1"' in section  # the header row repeats on every page in 한/글


def test_pdf_font_is_found_in_the_collected_static_files(settings, tmp_path):
    """`gamdong serve` serves collected static files: the font is read from STATIC_ROOT there."""
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    settings.STATICFILES_DIRS = []  # as if the source tree were not there
    document_pdf.font_path.cache_clear()
    try:
        path = document_pdf.font_path(document_pdf.FONT_FILES[""])
        assert path == tmp_path / "vendor" / "pretendard" / "Pretendard-Regular.ttf"
        assert render(make_notice(), "pdf").startswith(b"%PDF-")
    finally:
        document_pdf.font_path.cache_clear()


def test_the_pdf_fonts_cover_every_modern_hangul_syllable():
    for static_path in document_pdf.FONT_FILES.values():
        cmap = TTFont(document_pdf.font_path(static_path), lazy=True).getBestCmap()
        assert all(code in cmap for code in range(0xAC00, 0xD7A4)), static_path  # 가 … 힣, 11,172


# --- Both formats -------------------------------------------------------------------------

korean_words = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
        st.sampled_from("0123456789-·,.()「」※&<>"),
    ),
    min_size=1,
    max_size=12,
).filter(lambda word: word.strip() == word)
korean_text = st.lists(korean_words, min_size=1, max_size=20).map(" ".join)


@hypothesis_settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=korean_text, place=korean_text, proceedings=st.lists(korean_text, min_size=1, max_size=4))
def test_any_korean_minutes_come_out_with_the_same_words_in_both_formats(title, place, proceedings):
    minutes = make_minutes(title=title, place=place, proceedings="\n\n".join(proceedings))
    assert words(hwpx_text(render(minutes, "hwpx"))) == words(pdf_text(render(minutes, "pdf")))



@pytest.mark.parametrize("document", [make_minutes(), make_notice(), make_rejection()], ids=["minutes", "adoption", "rejection"])
def test_hwpx_and_pdf_say_the_same_words(document):
    assert words(hwpx_text(render(document, "hwpx"))) == words(pdf_text(render(document, "pdf")))


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (make_rejection(reasons=""), "불채택 통지에는 그 사유를 적어야 합니다."),
        (make_notice(outcome="수정 채택", reasons="  "), "수정 채택 통지에는 그 사유를 적어야 합니다."),
        (make_notice(planned_implementation=""), "채택 통지에는 실시 예정일을 적어야 합니다."),
        (make_rejection(rereview_notice=""), "불채택 통지에는 재심사 신청 안내를 적어야 합니다."),
        (make_rejection(grade="장려"), "채택되지 않은 제안에는 등급이나 부상을 적을 수 없습니다."),
        (make_notice(grade=""), "부상을 적으려면 등급도 적어야 합니다."),
        (make_notice(outcome="합격"), "심사 결과는 채택, 수정 채택, 불채택, 보류 중 하나여야 합니다."),
        (make_notice(decided_on=dt.date(2026, 10, 1)), "결정일이 접수일보다 앞섭니다."),
        (make_notice(decided_on=None), "결정일이 없습니다."),
        (make_notice(contact=""), "담당 부서와 연락처가 없습니다."),
        (make_minutes(attendees=()), "참석 위원이 없습니다."),
        (make_minutes(agenda=()), "심사한 안건이 없습니다."),
        (make_minutes(agenda=(AgendaOutcome("2026-0042", "보안등 교체", "홍길동", ""),)),
         "안건 2026-0042의 심사 결과가 없습니다."),
        (make_minutes(proceedings="\n\n"), "회의 내용이 없습니다."),
    ],
)
@pytest.mark.parametrize("fmt", ["hwpx", "pdf"])
def test_a_document_missing_required_content_is_refused_with_a_korean_message(document, message, fmt):
    with pytest.raises(ValueError) as refused:
        render(document, fmt)
    assert isinstance(refused.value, DocumentIncomplete)
    assert str(refused.value) == message


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="지원하지 않는 문서 형식"):
        render(make_notice(), "docx")


def test_pdf_refuses_characters_its_font_cannot_draw_instead_of_leaving_them_out():
    """Pretendard has no Hanja: a name in Hanja would vanish from the PDF, so it is refused."""
    notice = make_notice(recipient="洪吉童")
    with pytest.raises(ValueError, match="PDF로 쓸 수 없는 글자가 있습니다: 吉, 洪, 童"):
        render(notice, "pdf")
    assert "수신  洪吉童 귀하" in hwpx_text(render(notice, "hwpx"))


def test_markup_line_breaks_and_control_characters_in_the_data_do_not_break_either_file():
    minutes = make_minutes(place="본관 3층\n<기획상황실> & 회의실\x0b", chair="김감동\x00")
    for fmt, read in (("hwpx", hwpx_text), ("pdf", pdf_text)):
        text = read(render(minutes, fmt))
        assert "본관 3층 <기획상황실> & 회의실" in text, fmt
        assert "\x00" not in text and "\x0b" not in text


def test_download_names_say_what_the_file_is():
    assert download_name(make_minutes(), "hwpx") == "2026년 제3차 제안심사위원회 회의록.hwpx"
    assert download_name(make_notice(), "pdf") == "제안 채택 여부 결정 통지서(2026-0042).pdf"
    assert download_name(make_minutes(title="회의록 1/2: \"초안\""), "pdf") == "회의록 1 2 초안.pdf"
