"""The event record: every change of state, who made it, when, and what it was before and after.

Event types are one enumeration, numbered in blocks by domain:
    0xx  core, accounts and organisation      3xx  proposals, review (창의·심의)
    1xx  complaints (민원)                       4xx  policy (정책화)
    2xx  field administration (현장행정)         5xx  personnel (인사)

The *actor* is the person who acted (None for the system: a scheduled job, an import
run by a command); the *subject* is the row that changed. When an HR officer imports a
roster, each created employee is a subject and the HR officer the actor.

Events are appended, never edited: `Event.save()` refuses updates, the admin is read
only, and the database refuses UPDATE and DELETE on the table (see the migration).
"""

from __future__ import annotations

from typing import Any

from django.db import models


class EventType(models.IntegerChoices):
    # 0xx core / accounts / org
    DISTRICT_SETTING_CHANGED = 1, "구 설정 변경"
    DISTRICT_SETTING_RESET = 2, "구 설정 기본값 복원"
    CALENDAR_OVERRIDE_ADDED = 5, "휴무일·근무일 지정"
    CALENDAR_OVERRIDE_CHANGED = 6, "휴무일·근무일 변경"
    CALENDAR_OVERRIDE_REMOVED = 7, "휴무일·근무일 해제"
    USER_SIGNED_UP = 10, "주민 가입"
    USER_VERIFIED = 11, "본인 확인(인증번호)"
    USER_LOGGED_IN = 12, "로그인"
    USER_LOGIN_FAILED = 13, "로그인 실패"
    USER_LOCKED_OUT = 14, "로그인 잠김"
    USER_PASSWORD_CHANGED = 15, "비밀번호 변경"
    USER_LOGGED_OUT = 16, "로그아웃"
    ROLE_GRANTED = 20, "역할 부여"
    ROLE_REVOKED = 21, "역할 회수"
    DEPARTMENT_CREATED = 30, "부서 생성"
    DEPARTMENT_CHANGED = 31, "부서 변경"
    EMPLOYEE_CREATED = 40, "직원 등록"
    EMPLOYEE_CHANGED = 41, "직원 정보 변경"
    EMPLOYEE_MOVED = 42, "직원 부서 이동"
    ROSTER_IMPORTED = 45, "직원 명부 가져오기"
    NOTIFICATION_SENT = 60, "알림 발송"
    NOTIFICATION_FAILED = 61, "알림 발송 실패"
    NOTIFICATION_REQUEUED = 62, "알림 재발송 예약"
    PERSONAL_DATA_VIEWED = 70, "개인정보 열람"
    OPEN311_CLIENT_ISSUED = 80, "Open311 API 키 발급"
    OPEN311_CLIENT_REVOKED = 81, "Open311 API 키 사용 중지"
    # 1xx complaints (민원)
    COMPLAINT_SUBMITTED = 100, "민원 신청"
    COMPLAINT_RECEIVED = 101, "민원 접수"
    COMPLAINT_ASSIGNED = 102, "담당자 배정"
    COMPLAINT_REASSIGNED = 103, "담당자 변경"
    COMPLAINT_TRANSFERRED = 104, "부서 이송"
    COMPLAINT_TRANSFERRED_OUT = 105, "타기관 이송"
    COMPLAINT_EXTENDED = 106, "처리기간 연장"
    COMPLAINT_INVESTIGATION_STARTED = 107, "현장조사 시작(기간 불산입)"
    COMPLAINT_INVESTIGATION_ENDED = 108, "현장조사 종료"
    COMPLAINT_ANSWERED = 110, "답변"
    COMPLAINT_REFUSED = 111, "거부 통지"
    COMPLAINT_CLOSED = 112, "종결"
    COMPLAINT_CLOSED_AS_REPEATED = 113, "반복민원 종결"
    COMPLAINT_REOPENED = 114, "재처리 요청"
    COMPLAINT_RATED = 115, "만족도 평가"
    COMPLAINT_MERGED = 116, "다수인 민원 병합"
    COMPLAINT_FOLLOWED = 117, "같은 민원 구독"
    COMPLAINT_PROGRESS_NOTICE = 118, "처리 진행상황 통지"
    COMPLAINT_REMINDER = 119, "처리기한 알림·독촉"
    COMPLAINT_PHOTO_ADDED = 120, "사진 첨부"
    COMPLAINT_MARKED_REPEAT = 121, "반복민원 지정"
    # 2xx field administration (현장행정)
    VISIT_SCHEDULED = 200, "현장방문 예정"
    VISIT_RECORDED = 201, "현장방문 완료"
    VISIT_CANCELLED = 202, "현장방문 취소"
    VISIT_REORDERED = 203, "현장방문 순서 변경"
    DIALOGUE_RECORDED = 210, "주민과의 대화 기록"
    DIALOGUE_ITEM_ADDED = 211, "대화 제기 사항 등록"
    # 3xx creative administration (창의): ideas, campaigns, clubs, proposals
    IDEA_POSTED = 300, "아이디어 게시"
    IDEA_REVISED = 301, "아이디어 다듬기"
    IDEA_COMMENTED = 302, "아이디어 댓글"
    IDEA_SUPPORTED = 303, "아이디어 공감"
    IDEA_SUPPORT_WITHDRAWN = 304, "아이디어 공감 취소"
    IDEA_HIDDEN = 305, "아이디어 숨김"
    IDEA_CLOSED = 306, "아이디어 마감"
    COMMENT_HIDDEN = 307, "댓글 숨김"
    CAMPAIGN_OPENED = 310, "제안 공모 개설"
    CAMPAIGN_CHANGED = 311, "제안 공모 변경"
    CLUB_FORMED = 315, "연구 동아리 결성"
    CLUB_MEMBER_JOINED = 316, "동아리 회원 가입"
    CLUB_MEMBER_LEFT = 317, "동아리 회원 탈퇴"
    CLUB_MEETING_RECORDED = 318, "동아리 모임 기록"
    CLUB_REPORT_SUBMITTED = 319, "연구 보고서 제출"
    PRESENTATION_SCHEDULED = 320, "발표회 개최 예정"
    PRESENTATION_REPORT_ADDED = 321, "발표회 발표 과제 추가"
    PRESENTATION_HELD = 322, "발표회 개최"
    CLUB_LEADER_CHANGED = 323, "동아리 회장 변경"
    PROPOSAL_DRAFTED = 330, "제안 작성"
    PROPOSAL_SUBMITTED = 331, "제안 제출"
    PROPOSAL_RECEIVED = 332, "제안 접수"
    PROPOSAL_SUPPLEMENT_REQUESTED = 333, "제안 보완 요구"
    PROPOSAL_SUPPLEMENTED = 334, "제안 보완 제출"
    PROPOSAL_RULED_INELIGIBLE = 335, "제안 아님 통지"
    PROPOSAL_MARKED_REPEAT = 336, "반복 제안 처리"
    PROPOSAL_WITHDRAWN = 337, "제안 철회"
    PROPOSAL_LINKED = 338, "근거 연결(민원·대화·아이디어)"
    PROPOSAL_ATTACHMENT_ADDED = 339, "제안 첨부"
    PROPOSAL_EXPERT_OPINION_STARTED = 340, "전문가 의견 요청(기간 불산입)"
    PROPOSAL_EXPERT_OPINION_ENDED = 341, "전문가 의견 접수"
    PROPOSAL_REREVIEW_REQUESTED = 342, "재심사 요청"
    # 35x–39x review (심의)
    COMMITTEE_FORMED = 350, "심사위원회 구성"
    COMMITTEE_MEMBER_ADDED = 351, "심사위원 위촉"
    COMMITTEE_MEMBER_REMOVED = 352, "심사위원 해촉"
    COMMITTEE_CHANGED = 353, "심사위원회 설정 변경"
    MEETING_CONVENED = 355, "심사회의 소집"
    MEETING_AGENDA_ADDED = 356, "심사 안건 상정"
    MEETING_HELD = 357, "심사회의 개최"
    MEETING_MINUTES_RECORDED = 358, "심사회의 회의록"
    SCORING_OPENED = 360, "심사 채점 시작"
    SCORE_SUBMITTED = 361, "심사표 제출"
    SCORING_CLOSED = 362, "심사 채점 마감"
    PROPOSAL_REVIEW_STARTED = 363, "심사 회부"
    PILOT_PLANNED = 370, "현장 시뮬레이션 계획"
    PILOT_STARTED = 371, "현장 시뮬레이션 시작"
    PILOT_RESULT_RECORDED = 372, "현장 시뮬레이션 결과 기록"
    PILOT_FINISHED = 373, "현장 시뮬레이션 종료(심사위원회 회부)"
    PROPOSAL_DECIDED = 380, "채택 여부 결정"
    PROPOSAL_AWARDED = 381, "시상"
    PROPOSAL_DECISION_NOTIFIED = 382, "결정 통지"
    MERIT_POINT_RECORDED = 385, "실적가점 후보 기록"
    # 4xx policy (정책화)
    IMPLEMENTATION_STARTED = 400, "정책화 착수"
    IMPLEMENTATION_CHANGED = 401, "정책화 변경"
    MILESTONE_ADDED = 402, "추진 단계 추가"
    MILESTONE_COMPLETED = 403, "추진 단계 완료"
    MILESTONE_CHANGED = 404, "추진 단계 변경"
    MEASURE_DEFINED = 410, "성과 지표 설정"
    MEASURE_VALUE_RECORDED = 411, "성과 측정값 기록"
    MEASURE_AUTO_MEASURED = 412, "민원 건수 자동 측정"
    STATUS_CHECK_RECORDED = 420, "분기 추진상황 점검"
    RESULT_GRADED = 421, "성과 등급 평가"
    IMPLEMENTATION_FINISHED = 422, "사후관리 종료"
    ANNUAL_REPORT_PRODUCED = 430, "연간 제안 운영 보고"


def record_event(
    event_type: EventType,
    *,
    actor,
    subject: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    occurred_at=None,
):
    """Append one event. Call it inside the transaction of the change it records.

    `occurred_at` is for changes that carry their own time (imported history, a service
    called with an explicit `now`); by default it is now."""

    event = _event(event_type, actor=actor, subject=subject, before=before, after=after, note=note,
                   occurred_at=occurred_at)
    event.save(force_insert=True)
    return event


def record_events(*events: dict[str, Any]) -> list:
    """Append several events in one INSERT, in this order; each dict holds record_event's
    arguments (`event_type` included). Call it inside the transaction of the change they record."""
    from gamdong.core.models import Event

    return Event.objects.bulk_create([_event(**spec) for spec in events])


def _event(event_type: EventType, *, actor, subject=None, before=None, after=None, note: str = "",
           occurred_at=None):
    from django.utils import timezone

    from gamdong.core.models import Event

    return Event(
        occurred_at=occurred_at or timezone.now(),
        event_type=event_type,
        actor=actor if (actor is not None and getattr(actor, "pk", None)) else None,
        subject_type=_content_type(subject),
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=str(subject)[:200] if subject is not None else "",
        before=before,
        after=after,
        note=note[:500],
    )


def _content_type(subject):
    if subject is None:
        return None
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(subject, for_concrete_model=True)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The JSON-ready values of `fields` on `instance`, for an event's before/after."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = value.pk
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        out[name] = value
    return out
