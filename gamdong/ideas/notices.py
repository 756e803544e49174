"""The notices a proposer receives while a proposal goes through intake (접수 심사).

Each is a case notice (the handling office, the person and a contact are named): the office
is the planner's department (제안·정책 담당), or the district when no planner acted yet.
Services call these inside their transaction; notify() sends after commit.
"""

from __future__ import annotations

from django.utils import timezone

from gamdong.core.district_settings import district_setting
from gamdong.core.notifications import notify, register_template

TEMPLATE = "proposal_notice"

register_template(TEMPLATE, title="제안 접수·심사 안내", case_notice=True, required=("case_title", "message"))


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y년 %m월 %d일 %H:%M") if moment else "-"


def _office(actor) -> tuple[str, str, str]:
    """(department, officer, contact) of the person who acted for the office."""
    from gamdong.org.permissions import employee_of

    employee = employee_of(actor) if actor is not None else None
    phone = district_setting("district.phone")
    if employee is None:
        return f"{district_setting('district.name')} 제안 담당", "제안 담당자", phone
    return employee.department.name, employee.user.name, employee.office_phone or employee.department.phone or phone


def _send(proposal, message: str, *, actor=None, to=None) -> None:
    department, officer, contact = _office(actor)
    label = f"제안 {proposal.number}" if proposal.number else "제안"
    notify(
        recipient=to or proposal.proposer, template=TEMPLATE, about=proposal,
        context={
            "case_title": f"{label} '{proposal.title}'", "message": message,
            "department": department, "officer": officer, "contact": contact,
            "case_url": f"/ideas/proposals/{proposal.pk}/",
        },
    )


def submitted(proposal) -> None:
    _send(proposal, f"제안을 제출했습니다(제안 번호 {proposal.number}). 담당자가 접수해 심사 여부를 검토합니다.")


def received(proposal, *, actor) -> None:
    _send(proposal, (f"제안을 접수했습니다. 채택 여부는 {_when(proposal.decision_due_at)}까지 결정해 알려 드립니다."),
          actor=actor)


def supplement_requested(proposal, *, actor, missing: str) -> None:
    _send(proposal, (f"제안 내용의 보완을 요청합니다.\n보완할 내용: {missing}\n"
                     "제안 화면에서 내용을 고쳐 다시 제출해 주세요."), actor=actor)


def ruled_ineligible(proposal, *, actor) -> None:
    _send(proposal, (f"검토 결과 제안으로 접수하지 못합니다.\n사유: {proposal.get_ineligible_reason_display()}\n"
                     f"의견: {proposal.screening_note or '-'}"), actor=actor)


def marked_repeat(proposal, *, first) -> None:
    _send(proposal, (f"같은 내용의 제안을 이미 여러 번 제출하셨습니다(처음 제출: 제안 {first.number}). "
                     "이번 제출은 반복 제안으로 처리하며, 처음 제출한 제안의 결과로 답변을 갈음합니다."))


def expert_opinion_started(proposal, *, actor) -> None:
    _send(proposal, ("전문가 의견을 듣고 있습니다. 의견을 기다리는 기간은 결정 기한에 산입하지 않으며, "
                     "기한이 바뀌면 다시 알려 드립니다."), actor=actor)


def expert_opinion_ended(proposal, *, actor) -> None:
    _send(proposal, f"전문가 의견을 받았습니다. 채택 여부 결정 기한은 {_when(proposal.decision_due_at)}입니다.", actor=actor)


def accepted_for_review(proposal, *, actor) -> None:
    _send(proposal, (f"제안을 심사에 회부했습니다. 채택 여부는 {_when(proposal.decision_due_at)}까지 "
                     "결정해 실시 예정일과 함께 알려 드립니다."), actor=actor)


def withdrawn(proposal) -> None:
    _send(proposal, "제안을 철회했습니다.")
