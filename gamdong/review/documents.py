"""The documents a review committee files and signs: meeting minutes (심사회의 회의록) and the
decision notice to a proposer (제안 채택 여부 결정 통지서), as HWPX and as PDF.

Both formats come from the same plain data below, so that what the HWPX says and what the PDF
says cannot drift apart. The selectors of gamdong.review build these from the database;
`render(document, fmt)` turns one into bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

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
