"""The notices of 정책화: to the proposer (what became of the proposal), to the owner (the
responsible employee, or the department head) and to the planners (overdue checks).

All are case notices (the shared `case_notice` template): they name the department in
charge, the officer and a contact (령 §31, applied to every notice about a case).
"""

from __future__ import annotations

from gamdong.accounts.models import Role, User
from gamdong.core.district_settings import district_setting
from gamdong.core.notifications import notify


def _context(implementation, message: str) -> dict:
    responsible = implementation.responsible
    department = implementation.owner_department
    contact = (responsible.office_phone if responsible and responsible.office_phone else "") or department.phone \
        or district_setting("district.phone")
    proposal = implementation.proposal
    return {
        "case_title": f"제안 {proposal.number or proposal.pk} 정책화",
        "message": message,
        "department": department.name,
        "officer": responsible.user.name if responsible else "지정 전(추진 부서)",
        "contact": contact,
        "case_url": f"/policy/{implementation.pk}/",
    }


def _send(implementation, user, message: str) -> None:
    if user is None:
        return
    notify(recipient=user, template="case_notice", context=_context(implementation, message), about=implementation)


def owner_of(implementation):
    """Who answers for an implementation: the responsible employee, else the department head."""
    if implementation.responsible is not None:
        return implementation.responsible.user
    head = implementation.owner_department.head
    return head.user if head is not None else None


def planners():
    return User.objects.filter(role_grants__role=Role.PLANNER, is_active=True).distinct().order_by("pk")


def started(implementation) -> None:
    proposal = implementation.proposal
    _send(implementation, proposal.proposer,
          f"채택된 제안 '{proposal.title}'의 정책화를 {implementation.owner_department.name}에서 "
          f"{implementation.started_on:%Y년 %m월 %d일} 시작했습니다.")
    owner = owner_of(implementation)
    if owner is not None and owner.pk != proposal.proposer_id:
        _send(implementation, owner,
              f"제안 '{proposal.title}'의 정책화를 맡았습니다. 분기마다 추진상황을 점검해 주세요 "
              f"(사후관리 {implementation.follow_until:%Y년 %m월 %d일}까지).")


def status_changed(implementation) -> None:
    proposal = implementation.proposal
    message = f"제안 '{proposal.title}'의 정책화 상태가 '{implementation.get_status_display()}'(으)로 바뀌었습니다."
    if implementation.status_reason:
        message += f" 사유: {implementation.status_reason}"
    _send(implementation, proposal.proposer, message)


def graded(implementation, grade) -> None:
    proposal = implementation.proposal
    _send(implementation, proposal.proposer,
          f"제안 '{proposal.title}'의 정책화 성과가 '{grade.grade}' 등급으로 평가되었습니다 "
          f"(목표 달성률 {grade.achievement * 100:.0f}%).")


def check_due_soon(check) -> bool:
    implementation = check.implementation
    owner = owner_of(implementation)
    _send(implementation, owner,
          f"제안 '{implementation.proposal.title}'의 {check.number}회차 추진상황 점검 기한이 "
          f"{check.due_on:%Y년 %m월 %d일}입니다.")
    return owner is not None


def check_overdue(check) -> int:
    implementation = check.implementation
    message = (f"제안 '{implementation.proposal.title}'의 {check.number}회차 추진상황 점검이 기한"
               f"({check.due_on:%Y년 %m월 %d일})을 넘겼습니다.")
    people = {u.pk: u for u in planners()}
    owner = owner_of(implementation)
    if owner is not None:
        people[owner.pk] = owner
    for user in people.values():
        _send(implementation, user, message)
    return len(people)
