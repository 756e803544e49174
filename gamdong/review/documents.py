"""The documents a review committee files and signs: meeting minutes (심사회의 회의록) and the
decision notice to a proposer (제안 채택 여부 결정 통지서), as HWPX and as PDF.

Both formats come from the same plain data below, so that what the HWPX says and what the PDF
says cannot drift apart. The selectors of gamdong.review build these from the database;
`render(document, fmt)` turns one into bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from django.utils import timezone

Format = Literal["hwpx", "pdf"]


@dataclass(frozen=True)
class AgendaOutcome:
    number: str  # 제안 번호
    title: str
    proposer: str  # as it may be shown in minutes (a name; residents' names masked by the caller)
    outcome: str  # 채택 / 수정 채택 / 불채택 / 보류 / 현장 시뮬레이션 회부, in Korean
    score: str | None = None  # weighted total as shown, e.g. "82.4점"
    note: str = ""


@dataclass(frozen=True)
class MinutesDocument:
    district: str  # 감동구
    committee: str  # 제안심사위원회
    title: str  # 2026년 제3차 제안심사위원회 회의록
    held_at: dt.datetime
    place: str
    chair: str
    secretary: str
    attendees: tuple[str, ...]
    absentees: tuple[str, ...] = ()
    agenda: tuple[AgendaOutcome, ...] = ()
    proceedings: str = ""  # 회의 내용, paragraphs separated by blank lines
    signatures: tuple[str, ...] = field(default_factory=tuple)  # who signs (위원장, 간사)


@dataclass(frozen=True)
class DecisionNotice:
    district: str
    document_number: str  # 문서번호, e.g. 창의혁신팀-2026-0042
    recipient: str  # the proposer's name
    proposal_number: str
    proposal_title: str
    received_on: dt.date
    decided_on: dt.date
    outcome: str  # 채택 / 수정 채택 / 불채택 / 보류
    grade: str = ""  # 금상 ... or the district's own grade names; "" when not adopted
    award: str = ""  # "700,000원"; "" when none
    reasons: str = ""  # required for 불채택 and 수정 채택
    planned_implementation: str = ""  # 실시 예정일 for adopted ones, e.g. "2027. 3. 2."
    rereview_notice: str = ""  # how and until when a re-review may be asked (불채택)
    issuer: str = ""  # 감동구청장
    contact: str = ""  # 담당 부서·담당자·연락처


Document = MinutesDocument | DecisionNotice


# --- What the reader sees, once, for both formats ------------------------------------------
#
# A document is first laid out as a short list of blocks (a title, paragraphs, tables); the
# HWPX and the PDF writers only draw those blocks. Every word a reader sees is decided here,
# so the two files cannot say different things.

Align = Literal["left", "center", "right"]
Size = Literal["body", "heading", "title"]
# Control characters cannot stand in XML (HWPX) and draw nothing in a PDF.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_line(text: str) -> str:
    """The text on one line: line breaks become spaces, control characters go."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r", " ").replace("\n", " ")).strip()


@dataclass(frozen=True)
class Paragraph:
    text: str
    align: Align = "left"
    bold: bool = False
    size: Size = "body"
    space_before: bool = False  # a blank line's worth of room above (between parts)
    indent: int = 0  # levels of indentation (the 가., 나. items of an official letter)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", one_line(self.text))


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]  # relative column widths
    header: bool = False  # the first row names the columns
    label_column: bool = False  # the first column names the rows (a form: 일시 | ...)
    centered_columns: tuple[int, ...] = ()  # short codes and numbers read best centred

    def __post_init__(self) -> None:
        if any(len(row) != len(self.widths) for row in self.rows):
            raise ValueError("every row of a table has one cell per column")
        cleaned = tuple(tuple(" ".join(one_line(cell).split()) for cell in row) for row in self.rows)
        object.__setattr__(self, "rows", cleaned)

    @property
    def texts(self) -> list[str]:
        return [cell for row in self.rows for cell in row]


Block = Paragraph | Table


@dataclass(frozen=True)
class Layout:
    title: str  # the file's own title (document properties)
    blocks: tuple[Block, ...]
    author: str = ""  # who issues it (document properties), e.g. 감동구 제안심사위원회

    def characters(self) -> set[str]:
        """Every character the reader will see."""
        texts = [self.title]
        for block in self.blocks:
            texts += [block.text] if isinstance(block, Paragraph) else block.texts
        return set("".join(texts))


class DocumentIncomplete(ValueError):
    """The document lacks something a reader must find in it; the message says what, in Korean."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


MEDIA_TYPES = {
    "hwpx": "application/hwp+zip",
    "pdf": "application/pdf",
}
FILE_EXTENSIONS = {"hwpx": ".hwpx", "pdf": ".pdf"}

ADOPTED = ("채택", "수정 채택")
NOTICE_OUTCOMES = ("채택", "수정 채택", "불채택", "보류")
WEEKDAYS = "월화수목금토일"
SIGNATURE_MARK = "(서명)"


def render(document: Document, fmt: Format) -> bytes:
    """The document as the bytes of an HWPX or a PDF file.

    Raises DocumentIncomplete (a ValueError, with a Korean message) when the document lacks
    required content, e.g. a rejection without its reasons; nothing is drawn then. The PDF
    also refuses, with a ValueError in Korean, characters its font cannot draw (Hanja, emoji),
    which would otherwise silently vanish; the HWPX keeps them.
    """
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"지원하지 않는 문서 형식입니다: {fmt}")
    layout = lay_out(document)
    # The writers import their libraries (python-hwpx, fpdf2) only when a file is asked for,
    # which keeps them out of every web worker's start-up.
    if fmt == "hwpx":
        from gamdong.review.document_hwpx import write_hwpx

        return write_hwpx(layout)
    from gamdong.review.document_pdf import write_pdf

    return write_pdf(layout)


def download_name(document: Document, fmt: Format) -> str:
    """The file name a secretary saves: the minutes' title, or the notice and its proposal number."""
    if isinstance(document, MinutesDocument):
        stem = document.title
    else:
        stem = f"제안 채택 여부 결정 통지서({document.proposal_number})"
    stem = " ".join(re.sub(r'[\\/:*?"<>|]+', " ", one_line(stem)).split()) or "문서"
    return stem + FILE_EXTENSIONS[fmt]


def lay_out(document: Document) -> Layout:
    """Check the document and decide every line a reader will see."""
    if isinstance(document, MinutesDocument):
        check_minutes(document)
        return minutes_layout(document)
    if isinstance(document, DecisionNotice):
        check_notice(document)
        return notice_layout(document)
    raise TypeError(f"not a document: {type(document).__name__}")


# --- Korean forms of dates, times and amounts -----------------------------------------------


def korean_date(value: dt.date) -> str:
    """2026. 11. 26. — the dotted date of Korean official documents (no leading zeros)."""
    return f"{value.year}. {value.month}. {value.day}."


def district_time(value: dt.datetime) -> dt.datetime:
    """An aware time in the district's time zone (Asia/Seoul); a naive one is taken as it is."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def korean_datetime(value: dt.datetime) -> str:
    """2026. 11. 26.(목) 14:00, in the district's time zone when the value is aware."""
    value = district_time(value)
    return f"{korean_date(value)}({WEEKDAYS[value.weekday()]}) {value:%H:%M}"


def korean_won(amount: int | str) -> str:
    """700000 or "700000" -> "700,000원"; an amount already written out is kept as it is."""
    if isinstance(amount, int):
        return f"{amount:,}원"
    text = amount.strip()
    if re.fullmatch(r"\d+", text):
        return f"{int(text):,}원"
    return text


def people(names: tuple[str, ...]) -> str:
    """김감동, 이창의 (2명), or 없음."""
    names = tuple(name.strip() for name in names if name.strip())
    if not names:
        return "없음"
    return f"{', '.join(names)} ({len(names)}명)"


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs separated by blank lines, each on one line (a line break inside is a space)."""
    chunks = re.split(r"\n\s*\n", CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n")).strip())
    return [" ".join(line.strip() for line in chunk.splitlines() if line.strip()) for chunk in chunks if chunk.strip()]


# --- Checks: what a document must say before it is filed -------------------------------------


def _require(value: str, message: str, field: str) -> None:
    if not (value or "").strip():
        raise DocumentIncomplete(message, field=field)


def check_minutes(minutes: MinutesDocument) -> None:
    """A set of minutes names its meeting, who ran it and who came, and what was decided."""
    _require(minutes.title, "회의록 제목이 없습니다.", "title")
    _require(minutes.committee, "위원회 이름이 없습니다.", "committee")
    _require(minutes.place, "회의 장소가 없습니다.", "place")
    _require(minutes.chair, "위원장이 없습니다.", "chair")
    _require(minutes.secretary, "간사가 없습니다.", "secretary")
    if not isinstance(minutes.held_at, dt.datetime):
        raise DocumentIncomplete("회의 일시가 없습니다.", field="held_at")
    if not any(name.strip() for name in minutes.attendees):
        raise DocumentIncomplete("참석 위원이 없습니다.", field="attendees")
    if not minutes.agenda:
        raise DocumentIncomplete("심사한 안건이 없습니다.", field="agenda")
    for item in minutes.agenda:
        label = item.number.strip() or item.title.strip() or "번호 없는 안건"
        _require(item.number, f"안건 '{label}'의 제안 번호가 없습니다.", "agenda")
        _require(item.title, f"안건 {label}의 제목이 없습니다.", "agenda")
        _require(item.outcome, f"안건 {label}의 심사 결과가 없습니다.", "agenda")
    if not paragraphs_of(minutes.proceedings):
        raise DocumentIncomplete("회의 내용이 없습니다.", field="proceedings")


def check_notice(notice: DecisionNotice) -> None:
    """A decision notice says what was decided and why, and what the proposer can do next.

    DOMAIN §2: the decision is notified with the planned implementation date (adopted
    proposals), and a rejected proposer may ask for a re-review (so the notice says how).
    """
    _require(notice.district, "기관명이 없습니다.", "district")
    _require(notice.document_number, "문서번호가 없습니다.", "document_number")
    _require(notice.recipient, "수신자(제안자)가 없습니다.", "recipient")
    _require(notice.proposal_number, "제안 번호가 없습니다.", "proposal_number")
    _require(notice.proposal_title, "제안 제목이 없습니다.", "proposal_title")
    _require(notice.issuer, "발신 명의가 없습니다.", "issuer")
    _require(notice.contact, "담당 부서와 연락처가 없습니다.", "contact")
    if notice.outcome not in NOTICE_OUTCOMES:
        raise DocumentIncomplete(
            f"심사 결과는 {', '.join(NOTICE_OUTCOMES)} 중 하나여야 합니다.", field="outcome"
        )
    if not isinstance(notice.received_on, dt.date):
        raise DocumentIncomplete("제안 접수일이 없습니다.", field="received_on")
    if not isinstance(notice.decided_on, dt.date):
        raise DocumentIncomplete("결정일이 없습니다.", field="decided_on")
    if notice.decided_on < notice.received_on:
        raise DocumentIncomplete("결정일이 접수일보다 앞섭니다.", field="decided_on")
    if notice.outcome in ("불채택", "수정 채택"):
        _require(notice.reasons, f"{notice.outcome} 통지에는 그 사유를 적어야 합니다.", "reasons")
    if notice.outcome in ADOPTED:
        _require(
            notice.planned_implementation,
            "채택 통지에는 실시 예정일을 적어야 합니다.",
            "planned_implementation",
        )
    if notice.outcome == "불채택":
        _require(notice.rereview_notice, "불채택 통지에는 재심사 신청 안내를 적어야 합니다.", "rereview_notice")
    if notice.outcome not in ADOPTED and (notice.grade.strip() or notice.award.strip()):
        raise DocumentIncomplete("채택되지 않은 제안에는 등급이나 부상을 적을 수 없습니다.", field="grade")
    if notice.award.strip() and not notice.grade.strip():
        raise DocumentIncomplete("부상을 적으려면 등급도 적어야 합니다.", field="grade")


# --- The two layouts ---------------------------------------------------------------------------


def minutes_layout(minutes: MinutesDocument) -> Layout:
    """심사회의 회의록: title, meeting table, agenda and results, proceedings, signatures."""
    blocks: list[Block] = [
        Paragraph(minutes.title.strip(), align="center", bold=True, size="title"),
        Paragraph(f"{minutes.district.strip()} {minutes.committee.strip()}".strip(), align="center"),
        Table(
            rows=(
                ("일시", korean_datetime(minutes.held_at)),
                ("장소", minutes.place.strip()),
                ("위원장", minutes.chair.strip()),
                ("간사", minutes.secretary.strip()),
                ("참석", people(minutes.attendees)),
                ("불참", people(minutes.absentees)),
            ),
            widths=(1, 4),
            label_column=True,
        ),
        Paragraph("1. 안건 및 심사 결과", bold=True, size="heading", space_before=True),
        Table(
            rows=(
                ("번호", "제목", "제안자", "결과", "점수"),
                *(
                    (
                        item.number.strip(),
                        item.title.strip(),
                        item.proposer.strip() or "-",
                        item.outcome.strip(),
                        (item.score or "").strip() or "-",
                    )
                    for item in minutes.agenda
                ),
            ),
            widths=(3, 8, 3, 3, 2),
            header=True,
            centered_columns=(0, 2, 3, 4),
        ),
    ]
    blocks += [
        Paragraph(f"※ {item.number.strip()}: {item.note.strip()}")
        for item in minutes.agenda
        if item.note.strip()
    ]
    blocks.append(Paragraph("2. 회의 내용", bold=True, size="heading", space_before=True))
    blocks += [Paragraph(text) for text in paragraphs_of(minutes.proceedings)]
    signatures = tuple(s.strip() for s in minutes.signatures if s.strip()) or (
        f"위원장 {minutes.chair.strip()}",
        f"간사 {minutes.secretary.strip()}",
    )
    blocks.append(Paragraph("위 회의록의 내용이 사실과 같음을 확인합니다.", align="center", space_before=True))
    blocks.append(Paragraph(korean_date(district_time(minutes.held_at)), align="center"))
    blocks += [Paragraph(f"{signer}  {SIGNATURE_MARK}", align="right", space_before=True) for signer in signatures]
    author = f"{minutes.district.strip()} {minutes.committee.strip()}".strip()
    return Layout(title=minutes.title.strip(), blocks=tuple(blocks), author=author)


def notice_layout(notice: DecisionNotice) -> Layout:
    """제안 채택 여부 결정 통지서, in the layout of a Korean official letter (시행문).

    기관명 on top; 수신, (경유) and 제목; the body numbered 1., 2., with 가., 나. items and
    closed by "끝."; the sender's name (발신명의) centred; then 시행 (document number and
    date) and the officer to contact.
    """
    recipient = notice.recipient.strip()
    title_quote = f"「{notice.proposal_title.strip()}」"
    items: list[tuple[str, str]] = [
        ("제안 번호", notice.proposal_number.strip()),
        ("제안 제목", notice.proposal_title.strip()),
        ("접수일", korean_date(notice.received_on)),
        ("결정일", korean_date(notice.decided_on)),
        ("심사 결과", notice.outcome),
    ]
    if notice.grade.strip():
        grade_and_award = notice.grade.strip()
        if notice.award.strip():
            grade_and_award += f", {korean_won(notice.award)}"
        items.append(("등급 및 부상", grade_and_award))
    if notice.reasons.strip():
        items.append(("사유", " ".join(paragraphs_of(notice.reasons))))
    if notice.planned_implementation.strip():
        items.append(("실시 예정일", notice.planned_implementation.strip()))
    if notice.rereview_notice.strip():
        items.append(("재심사 안내", " ".join(paragraphs_of(notice.rereview_notice))))
    markers = "가나다라마바사아자차카타파하"
    blocks: list[Block] = [
        Paragraph(notice.district.strip(), align="center", bold=True, size="title"),
        Paragraph(f"수신  {recipient} 귀하", space_before=True),
        Paragraph("(경유)"),
        Paragraph("제목  제안 채택 여부 결정 통지", bold=True),
        Paragraph(
            f"1. 귀하께서 {korean_date(notice.received_on)} 제출하신 제안 {title_quote}"
            f"(제안 번호 {notice.proposal_number.strip()})에 대한 심사 결과를 다음과 같이 알려 드립니다.",
            space_before=True,
        ),
        Paragraph("2. 심사 결과"),
    ]
    for index, (label, value) in enumerate(items):
        blocks.append(Paragraph(f"{markers[index]}. {label}: {value}", indent=1))
    blocks.append(Paragraph(f"3. 문의: {notice.contact.strip()}  끝."))
    blocks.append(Paragraph(notice.issuer.strip(), align="center", bold=True, size="title", space_before=True))
    blocks.append(
        Table(
            rows=(
                ("시행", f"{notice.document_number.strip()} ({korean_date(notice.decided_on)})"),
                ("담당", notice.contact.strip()),
            ),
            widths=(1, 5),
            label_column=True,
        )
    )
    return Layout(
        title=f"제안 채택 여부 결정 통지 ({recipient})", blocks=tuple(blocks), author=notice.district.strip()
    )
