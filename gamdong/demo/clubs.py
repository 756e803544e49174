"""The demo district's creative administration: a running 1직원 1제안 campaign with uneven
participation, three research clubs with meetings, minutes and reports, and a presentation
held this month.

Campaigns, clubs and the presentation go through the services (services_campaigns,
services_clubs), with notices suppressed as for all demo history. The proposals are written as
rows in status 제출(submitted) with their PROPOSAL_SUBMITTED event at the time they were
submitted, until the proposal services can be called for past dates.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from gamdong.accounts.models import User
from gamdong.core.events import EventType, record_event
from gamdong.core.notifications import suppressed
from gamdong.demo.seed import demo_planner
from gamdong.ideas import services_campaigns, services_clubs
from gamdong.ideas.models import (
    Campaign,
    CoProposer,
    IneligibleReason,
    Proposal,
    ProposalKind,
    ProposalStatus,
)
from gamdong.ideas.participation import participation_rebuild_all
from gamdong.org.models import Department, Employee

# (title, current situation, problem, improvement, expected effect)
PROPOSAL_TEXTS = [
    ("민원 서식 통합으로 서류 한 장 줄이기", "전입신고와 확정일자 신청에 같은 내용을 두 번 씁니다.",
     "주민이 같은 정보를 반복해 적고 창구 대기가 길어집니다.", "두 서식을 하나로 합치고 공통 항목은 한 번만 적습니다.",
     "창구 처리 시간 단축과 종이 절감"),
    ("청사 복사용지 양면 인쇄 기본 설정", "부서 프린터 대부분이 단면 인쇄로 설정되어 있습니다.",
     "내부 보고서 인쇄에 종이가 많이 쓰입니다.", "모든 프린터의 기본값을 양면·흑백으로 바꿉니다.", "용지 구입비 절감"),
    ("불법 주정차 민원 현장사진 자동 첨부", "단속 요청 민원에 위치만 있고 사진이 없는 경우가 많습니다.",
     "현장 확인에 출동이 한 번 더 필요합니다.", "민원 접수 화면에서 사진 첨부를 권하고 위치와 함께 보냅니다.",
     "출동 횟수 감소"),
    ("어르신 안부 확인 전화 자동 알림", "독거 어르신 안부 확인을 담당자가 수첩으로 관리합니다.",
     "담당자 교체 때 기록이 끊깁니다.", "안부 확인 일정을 시스템에 등록하고 알림을 받습니다.", "돌봄 공백 예방"),
    ("공원 벤치 고장 신고 QR 코드", "공원 시설 고장을 주민이 전화로만 알립니다.",
     "위치 설명이 부정확해 찾기 어렵습니다.", "벤치·운동기구마다 QR 코드를 붙여 바로 신고하게 합니다.",
     "수리 기간 단축"),
    ("세무 안내문 쉬운 말로 다시 쓰기", "지방세 안내문에 법령 용어가 많습니다.",
     "문의 전화가 납부 기간마다 몰립니다.", "자주 묻는 내용을 쉬운 말과 예시로 안내문에 넣습니다.",
     "문의 전화 감소"),
    ("주민센터 무인 민원발급기 위치 안내", "무인 발급기가 건물 안쪽에 있어 찾기 어렵습니다.",
     "창구로 와서 떼는 서류가 여전히 많습니다.", "입구 안내판과 누리집 지도에 위치를 표시합니다.",
     "창구 혼잡 완화"),
    ("도로 파임 보수 우선순위 기준 마련", "보수 순서를 접수 순으로 정합니다.",
     "통행량이 많은 곳의 보수가 늦어지기도 합니다.", "통행량과 사고 위험으로 점수를 매겨 순서를 정합니다.",
     "사고 위험 감소"),
    ("회의 자료 전자 공유로 인쇄 줄이기", "부서 회의마다 자료를 인쇄해 나눠 줍니다.",
     "인쇄와 배부에 시간이 듭니다.", "회의 자료를 공유 폴더에 올리고 화면으로 봅니다.", "인쇄비와 준비 시간 절감"),
    ("폐기물 배출 요일 문자 알림", "대형 폐기물 배출 요일을 모르는 주민이 많습니다.",
     "무단 투기 민원이 반복됩니다.", "신청한 주민에게 배출 요일 전날 문자를 보냅니다.", "무단 투기 감소"),
    ("신규 직원 업무 인수인계서 표준화", "인수인계서 양식이 부서마다 다릅니다.",
     "전보 직후 업무 공백이 생깁니다.", "공통 양식과 점검표를 만들어 씁니다.", "업무 연속성 확보"),
    ("복지 급여 신청 서류 사전 점검 목록", "신청 서류가 빠져 다시 방문하는 경우가 많습니다.",
     "주민이 두세 번 방문합니다.", "급여별 준비 서류 점검표를 누리집과 창구에 둡니다.", "재방문 감소"),
]

CLUBS = [
    ("쉬운말연구회", "공문서와 안내문을 주민이 읽기 쉬운 말로 바꾸는 방법을 연구합니다."),
    ("탄소중립실천단", "청사와 공공시설에서 에너지와 자원을 아끼는 실천 방안을 찾습니다."),
    ("데이터로 보는 민원", "민원 자료를 분석해 반복 민원의 원인과 예방책을 찾습니다."),
]
MINUTES = [
    "연구 주제와 역할을 나누었다. 다음 모임까지 사례를 하나씩 모아 오기로 했다.",
    "모아 온 사례를 검토했다. 주민 설문 문항 초안을 만들었다.",
    "현장 의견을 듣기 위해 주민센터 두 곳을 방문한 결과를 나누었다.",
    "개선안 초안을 정리하고 보고서 목차를 정했다.",
    "보고서 초안을 함께 읽고 고칠 점을 정리했다. 발표 자료를 준비하기로 했다.",
]
PLACES = ["본관 3층 소회의실", "별관 2층 세미나실", "구청 도서관 스터디룸", "본관 5층 중회의실"]


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed_campaign(*, rng: random.Random, today: dt.date, planner: User) -> tuple[Campaign, int]:
    """This year's 1직원 1제안 and the proposals of the year so far: each 과·동 has its own habit
    (from a few proposers to nearly all), and some proposals are written with a colleague."""
    campaign = services_campaigns.campaign_open(
        actor=planner, title=f"{today.year}년 1직원 1제안", starts_on=dt.date(today.year, 1, 1),
        ends_on=dt.date(today.year, 12, 31), target_per_employee=1,
        theme="직원 한 사람이 한 해에 제안 하나 이상. 혼자도, 동료와 함께도 좋습니다.",
    )
    Campaign.objects.filter(pk=campaign.pk).update(created_at=_moment(dt.date(today.year, 1, 2), 9))
    units = list(Department.objects.filter(depth__in=(1, 2), active=True).order_by("path"))
    staff = list(Employee.objects.filter(active=True).select_related("user", "department").order_by("pk"))
    rate_by_unit: dict[str, float] = {}
    for unit in units:
        rate_by_unit[unit.path] = rng.choice((0.15, 0.3, 0.45, 0.6, 0.75, 0.9))
    start = dt.date(today.year, 1, 2)
    span = max((today - start).days - 1, 1)
    proposals: list[tuple[Proposal, list[User]]] = []
    by_department: dict[int, list[Employee]] = {}
    for e in staff:
        by_department.setdefault(e.department_id, []).append(e)
    for employee in staff:
        path = employee.department.path
        rate = next((rate_by_unit[p] for p in (path[:18], path[:12]) if p in rate_by_unit), 0.5)
        if rng.random() >= rate:
            continue
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            title, situation, problem, improvement, effect = rng.choice(PROPOSAL_TEXTS)
            day = start + dt.timedelta(days=rng.randrange(span))
            when = _moment(day, rng.randint(9, 17), rng.choice((0, 10, 20, 30, 40, 50)))
            colleagues = [c for c in by_department[employee.department_id] if c.pk != employee.pk]
            co = [c.user for c in rng.sample(colleagues, k=1)] if colleagues and rng.random() < 0.2 else []
            proposal = Proposal(
                kind=ProposalKind.STAFF, status=ProposalStatus.SUBMITTED, title=title, current_situation=situation,
                problem=problem, improvement=improvement, expected_effect=effect, proposer=employee.user,
                department=employee.department, campaign=campaign, submitted_at=when, created_at=when,
                updated_at=when,
            )
            proposals.append((proposal, co))
    _settle(proposals, rng=rng, today=today)
    Proposal.objects.bulk_create([p for p, _ in proposals], batch_size=500)
    CoProposer.objects.bulk_create([CoProposer(proposal=p, user=u) for p, co in proposals for u in co])
    for proposal, co in proposals:
        record_event(EventType.PROPOSAL_SUBMITTED, actor=proposal.proposer, subject=proposal,
                     after={"status": proposal.status, "campaign": campaign.pk, "co_proposers": [u.pk for u in co]},
                     occurred_at=proposal.submitted_at)
    return campaign, len(proposals)


def _settle(proposals: list[tuple[Proposal, list[User]]], *, rng: random.Random, today: dt.date) -> None:
    """The year's proposals where an office would have them by now: received within a day or
    two; those older than five weeks decided — most not adopted (the committee's adoptions are
    the review demo's), some ruled not a proposal at intake — and the rest waiting in the queue."""
    settled_before = _moment(today - dt.timedelta(days=35), 0)
    received_before = _moment(today - dt.timedelta(days=3), 0)
    for proposal, _co in proposals:
        when = proposal.submitted_at
        if when < received_before:
            proposal.received_at = when + dt.timedelta(days=1, hours=rng.randint(0, 6))
        if when >= settled_before:
            continue
        decided = when + dt.timedelta(days=rng.randint(18, 30))
        proposal.decided_at = proposal.updated_at = decided
        if rng.random() < 0.2:
            proposal.status = ProposalStatus.INELIGIBLE
            proposal.ineligible_reason = rng.choice(
                (IneligibleReason.ALREADY_IN_FORCE, IneligibleReason.MERE_COMPLAINT, IneligibleReason.SAME_AS_ADOPTED))
            proposal.screening_note = "접수 심사 결과 제안 요건에 해당하지 않아 반려합니다."
        else:
            proposal.status = ProposalStatus.REJECTED
            proposal.rereview_due_at = decided + dt.timedelta(days=15)


def seed_clubs(*, rng: random.Random, today: dt.date, planner: User) -> dict[str, int]:
    """Three clubs of this year; two report at a presentation held earlier this month, the third
    is still at work."""
    now = _moment(today, 23, 59)
    staff = list(Employee.objects.filter(active=True, grade__gte=6).select_related("user", "department")
                 .order_by("pk"))
    chosen = rng.sample(staff, k=min(len(staff), 18))
    clubs, reports, meetings = [], [], 0
    for i, (name, theme) in enumerate(CLUBS):
        people = chosen[i * 6:(i + 1) * 6]
        if not people:
            break
        leader, members = people[0], people[1:]
        club = services_clubs.club_form(actor=planner, name=name, theme=theme, year=today.year, leader=leader,
                                        members=members, today=today)
        clubs.append(club)
        count = 5 if i < 2 else 3
        first = today - dt.timedelta(days=7 * 4 * count)
        for n in range(count):
            day = first + dt.timedelta(days=28 * n + rng.randrange(3))
            attendees = [leader, *rng.sample(members, k=max(1, len(members) - rng.randrange(3)))]
            services_clubs.club_record_meeting(
                actor=leader.user, club=club, held_at=_moment(day, 18, 30), place=rng.choice(PLACES),
                minutes=MINUTES[min(n, len(MINUTES) - 1)], attendees=attendees, now=now,
            )
            meetings += 1
        if i < 2:
            reports.append(services_clubs.club_submit_report(
                actor=leader.user, club=club, title=f"{name} 연구 보고서",
                summary=f"{theme} 한 해 동안 사례를 모으고 현장 의견을 들었습니다.",
                findings="개선안 세 가지를 정리했고, 그중 하나는 제안으로 제출했습니다.",
            ))
            when = _moment(today - dt.timedelta(days=20 + i), 10)
            Proposal.objects.create(
                kind=ProposalKind.STAFF, status=ProposalStatus.SUBMITTED, title=f"{name} 연구 결과 제안",
                current_situation=theme, problem="현장 의견에서 반복된 불편이 확인되었습니다.",
                improvement="연구 보고서의 개선안을 시범 적용합니다.", expected_effect="주민 불편 감소와 업무 절감",
                proposer=leader.user, department=leader.department, club=club, submitted_at=when, created_at=when,
                updated_at=when,
            )
    held_on = today.replace(day=max(1, min(today.day - 7, 20))) if today.day > 7 else today
    presentation = services_clubs.presentation_schedule(
        actor=planner, title=f"{today.year} 창의연구 동아리 발표회", held_at=_moment(held_on, 14),
        place="구청 대강당", description="올해 활동한 연구 동아리가 연구 결과를 발표합니다. 직원 누구나 참석할 수 있습니다.",
    )
    for report in reports:
        services_clubs.presentation_add_report(actor=planner, presentation=presentation, report=report)
    if reports:
        services_clubs.presentation_hold(actor=planner, presentation=presentation,
                                         result="직원 86명 참석. 우수 과제로 쉬운말연구회를 뽑았습니다.")
    return {"clubs": len(clubs), "meetings": meetings, "reports": len(reports)}


def seed_clubs_and_campaigns(*, rng: random.Random, today: dt.date,
                             progress: Callable[[str], None] = print) -> dict[str, int]:
    """The campaign, its proposals, the clubs and the presentation, in one transaction and without
    notices. Needs the demo district (its planner login) to exist."""
    planner = demo_planner()
    if planner is None:
        progress("제안 담당자 계정이 없어 공모와 동아리를 만들지 않습니다")
        return {}
    with transaction.atomic(), suppressed():
        progress(f"{today.year}년 1직원 1제안 공모와 제안을 만듭니다")
        _campaign, proposals = seed_campaign(rng=rng, today=today, planner=planner)
        progress("창의연구 동아리 3개와 발표회를 만듭니다")
        counts = seed_clubs(rng=rng, today=today, planner=planner)
        participation_rebuild_all()  # the campaign's proposals were bulk-created, not saved through the services
    return {"proposals": proposals, **counts}
