"""A year of realistic complaints for the demo district, made through the complaint services.

Each complaint goes through the same services an office uses (submit, receive, assign,
transfer, extend, answer, rate, close), with the time each step happened, so that every
page and timeline shows something true. Notices are not sent for this history.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from gamdong.accounts.models import Role, RoleGrant, User, UserKind
from gamdong.complaints import reference, services
from gamdong.complaints.models import Category, Complaint, Status
from gamdong.core.calendar_selectors import district_calendar
from gamdong.core.district_map import district_geography
from gamdong.core.notifications import suppressed
from gamdong.core.services import district_setting_change
from gamdong.demo import catalogue, district
from gamdong.demo.names import korean_name
from gamdong.org.models import Department, Employee

DEMO_RESIDENTS = 240
REFUSAL_REMEDIES = "이 처분에 이의가 있으면 90일 이내에 행정심판을 청구하거나 행정소송을 제기할 수 있습니다."


def create_catalogue() -> dict[str, Category]:
    departments = {d.code: d for d in Department.objects.all()}
    rows = [
        Category(
            code=spec.code, name=spec.name, group=spec.group, default_kind=spec.kind,
            department=departments.get(spec.department) if spec.department else None,
            routed_by_area=spec.routed_by_area, statutory_days=spec.statutory_days, keywords=spec.keywords,
            sort_order=i,
        )
        for i, spec in enumerate(catalogue.CATEGORIES)
    ]
    Category.objects.bulk_create(rows)
    reference.forget()  # bulk_create sends no post_save
    district_setting_change(actor=None, key="complaints.intake_department_code", raw_value=catalogue.INTAKE_CODE)
    return {c.code: c for c in Category.objects.all()}


def create_residents(rng: random.Random, count: int) -> list[User]:
    users = [
        User(username=f"demo-resident-{i:04d}", name=korean_name(rng), kind=UserKind.RESIDENT,
             phone=f"0100000{1000 + i:04d}", email=f"resident{i:04d}@example.com")
        for i in range(count)
    ]
    for user in users:
        user.set_unusable_password()
    users = User.objects.bulk_create(users)
    RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.RESIDENT) for u in users])
    return users


class _Clock:
    """Working-hours moments in the past year, more of them recent."""

    def __init__(self, rng: random.Random, now: dt.datetime):
        self.rng, self.now = rng, now

    def submitted(self) -> dt.datetime:
        days_ago = int(self.rng.triangular(0, 365, 20))
        day = timezone.localtime(self.now).date() - dt.timedelta(days=days_ago)
        if day.weekday() == 6 and self.rng.random() < 0.7:
            day -= dt.timedelta(days=2)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(self.rng.randint(7, 21), self.rng.randint(0, 59))))
        return min(moment, self.now - dt.timedelta(minutes=5))


def seed_complaints(*, count: int, progress: Callable[[str], None], now: dt.datetime | None = None,
                    seed: int = 2007) -> int:
    """File `count` complaints over the past year and move each to a realistic stage."""
    rng = random.Random(seed)
    now = now or timezone.now()
    with suppressed():
        progress("민원 유형(민원편람)을 만듭니다")
        with transaction.atomic():
            categories = create_catalogue()
            residents = create_residents(rng, DEMO_RESIDENTS)
        staff_by_department = _staff_by_department()
        clock = _Clock(rng, now)
        specs = {spec.code: spec for spec in catalogue.CATEGORIES}
        weighted = [code for spec in catalogue.CATEGORIES for code in [spec.code] * spec.weight]
        supervisor_user = Employee.objects.filter(department__code="B20-30").select_related("user").first().user
        made = 0
        batch = 250  # one transaction per batch: SQLite syncs to disk once, not per step
        for start in range(0, count, batch):
            with transaction.atomic():
                for _ in range(min(batch, count - start)):
                    code = rng.choice(weighted)
                    _one_complaint(rng, clock, categories[code], specs[code], rng.choice(residents),
                                   staff_by_department, supervisor_user, now)
                    made += 1
            progress(f"민원 {made}/{count}건")
        progress("반복민원, 다수인 민원을 만듭니다")
        with transaction.atomic():
            _repeated_and_multi_party(rng, categories, residents, staff_by_department, supervisor_user, now)
        progress("주민과의 대화와 오늘의 현장방문을 만듭니다")
        with transaction.atomic():
            _dialogues(rng, categories, now, staff_by_department, supervisor_user)
            _todays_visits(rng, categories, residents, now)
            _demo_resident_story(rng, categories, now)
    return made


def _staff_by_department() -> dict[int, list[Employee]]:
    """Officers who can handle a department's complaints: its staff and those of the teams below."""
    by_department: dict[int, list[Employee]] = defaultdict(list)
    employees = list(Employee.objects.filter(active=True).select_related("user", "department"))
    departments = list(Department.objects.all())
    for department in departments:
        prefix = department.path
        by_department[department.pk] = [
            e for e in employees if e.department.path.startswith(prefix) and e.position in ("주무관", "팀장")
        ]
    return by_department


def _point_in(rng, dong: str) -> tuple[float, float]:
    """A point inside `dong`, near its centre."""
    geography = district_geography()
    lat, lng = geography.area(dong).centroid()
    for spread in (0.004, 0.002, 0.001, 0.0):
        candidate = (round(lat + rng.uniform(-spread, spread), 6), round(lng + rng.uniform(-spread, spread), 6))
        if geography.dong_for(*candidate) == dong:
            return candidate
    return round(lat, 6), round(lng, 6)


def _submission(rng, category, spec, resident, dong) -> services.Submission:
    lat, lng = _point_in(rng, dong)
    return services.Submission(
        category=category,
        title=rng.choice(spec.titles) if spec.titles else spec.name,
        body=rng.choice(spec.bodies) if spec.bodies else spec.name,
        complainant_name=resident.name, complainant_phone=resident.phone, complainant_email=resident.email,
        address=f"감동구 {dong} {rng.randint(1, 300)}-{rng.randint(1, 40)} 앞", dong=dong, latitude=lat, longitude=lng,
    )


def _one_complaint(rng, clock, category, spec, resident, staff_by_department, supervisor_user, now) -> Complaint:
    dong = rng.choice(district.DONGS)
    submitted = clock.submitted()
    complaint, _ = services.complaint_submit(submission=_submission(rng, category, spec, resident, dong),
                                             complainant=resident, now=submitted)
    return _advance(rng, complaint, staff_by_department, supervisor_user, now)


def _office_time(moment: dt.datetime, *, until: dt.datetime | None = None, **amount: float) -> dt.datetime:
    """The moment `amount` of working time after `moment`, at the latest `until` (a working
    moment): staff act in office hours (a complaint filed at 20:10 is assigned the next
    morning, not at midnight)."""
    found = district_calendar().add_working_time(moment, dt.timedelta(**amount))
    return min(found, until) if until is not None else found


def _last_office_moment(moment: dt.datetime) -> dt.datetime:
    """`moment` when it is working time, else the end of the last working span before it
    (seeded on a Sunday evening, the office last acted on Friday at 18:00)."""
    calendar = district_calendar()
    if calendar.is_working_time(moment):
        return moment
    day = calendar.local(moment).date()
    while True:
        ends = [end for _start, end in calendar.working_intervals(day) if end <= moment]
        if ends:
            return max(ends)
        day = calendar.previous_working_day(day)


def _advance(rng, complaint: Complaint, staff_by_department, supervisor_user, now) -> Complaint:
    """Move a complaint along as an office would have by `now`."""
    t = complaint.submitted_at
    if complaint.status == Status.SUBMITTED:
        t = _office_time(t, hours=rng.uniform(0.5, 6))
        if t >= now:
            return complaint
        # the intake team classifies it: suggestions to planning, the rest to the complaints team
        code = "B10-10-04" if complaint.kind == "suggestion" else catalogue.INTAKE_CODE
        complaint = services.complaint_receive(complaint=complaint, actor=supervisor_user, now=t,
                                               department=Department.objects.get(code=code))
    staff = staff_by_department.get(complaint.department_id) or []
    if not staff:
        return complaint
    t = _office_time(t, minutes=rng.randint(20, 240))
    if t >= now:
        return complaint
    officer = rng.choice(staff)
    complaint = services.complaint_assign(complaint=complaint, officer=officer, actor=officer.user, now=t)
    if rng.random() < 0.04 and complaint.kind != "statutory" and _office_time(t, hours=2) < now:
        # to a neighbouring team of the same division or bureau (a pothole is not the passport team's)
        here = complaint.department
        siblings = [d.pk for d in Department.objects.filter(parent_id=here.parent_id).exclude(pk=here.pk)
                    if staff_by_department.get(d.pk)] if here.parent_id else []
        other = rng.choice(siblings or [d for d, people in staff_by_department.items()
                                        if people and d != complaint.department_id])
        complaint = services.complaint_transfer(
            complaint=complaint, to_department=Department.objects.get(pk=other), actor=officer.user,
            reason="소관 부서로 이송합니다.", now=_office_time(t, hours=1),
        )
        officer = rng.choice(staff_by_department[other])
        t = _office_time(t, hours=2)
        complaint = services.complaint_assign(complaint=complaint, officer=officer, actor=officer.user, now=t)
    period = district_calendar().working_time_between(complaint.received_at, complaint.due_at)
    if rng.random() < 0.05 and complaint.period_days:
        when = complaint.due_at - dt.timedelta(hours=4)
        if t < when < now:
            services.complaint_extend(complaint=complaint, actor=officer.user, reason="관계 기관 협의가 필요합니다.",
                                      days=max(1, complaint.period_days // 2), now=when)
            complaint.refresh_from_db()
    if complaint.due_at > now and rng.random() < 0.8:
        return complaint  # still in hand, within its period
    if now - complaint.due_at < dt.timedelta(days=5) and rng.random() < 0.15:
        return complaint  # a few run late: the inbox shows them as overdue
    late = rng.random() < 0.07
    answer_at = _office_time(complaint.received_at,
                             seconds=period.total_seconds() * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.15, 0.95)))
    answer_at = max(answer_at, _office_time(t, minutes=rng.randint(30, 120)))  # after its officer got it
    if answer_at >= now:
        return complaint  # still being handled (and overdue when the due time has passed)
    if rng.random() < 0.03:
        services.complaint_refuse(complaint=complaint, actor=officer.user, reasons="관계 법령상 사유지에는 구가 시설을 설치할 수 없습니다.",
                                  remedies=REFUSAL_REMEDIES, now=answer_at)
    else:
        template = rng.choice(catalogue.ANSWERS[complaint.kind])
        body = template.format(date=timezone.localtime(answer_at).strftime("%m월 %d일"))
        services.complaint_answer(complaint=complaint, actor=officer.user, body=body, now=answer_at)
    complaint.refresh_from_db()
    rated_at = answer_at + dt.timedelta(hours=rng.randint(2, 72))
    if rng.random() < 0.45 and rated_at < now and complaint.complainant_id:  # raised at a dialogue: no account
        score = rng.choices([5, 4, 3, 2, 1], weights=[45, 30, 12, 8, 5])[0]
        services.complaint_rate(complaint=complaint, resident=complaint.complainant, score=score,
                                comment="" if score >= 4 else "조금 더 빨리 처리되면 좋겠습니다.", now=rated_at)
        if score <= 2 and rng.random() < 0.4 and rated_at + dt.timedelta(hours=1) < now:
            services.complaint_reopen(complaint=complaint, resident=complaint.complainant,
                                      reason="다시 가 보니 그대로입니다.", now=rated_at + dt.timedelta(hours=1))
            return complaint
    closed_at = district_calendar().next_working_moment(answer_at + dt.timedelta(days=rng.randint(3, 20)))
    if closed_at < now and rng.random() < 0.8:
        complaint = services.complaint_close(complaint=complaint, actor=officer.user, now=closed_at)
    return complaint


def _repeated_and_multi_party(rng, categories, residents, staff_by_department, supervisor_user, now) -> None:
    """Clusters of the same complaint filed again and again (법 §23), and one 다수인 민원 (령 §6)."""
    spec = next(s for s in catalogue.CATEGORIES if s.code == "NOISE")
    category = categories["NOISE"]
    for n in range(6):
        resident = rng.choice(residents)
        start = now - dt.timedelta(days=rng.randint(120, 300))
        first = None
        for k in range(3 + (n % 2)):
            when = start + dt.timedelta(days=k * 25)
            complaint, _ = services.complaint_submit(
                submission=_submission(rng, category, spec, resident, "새봄동"), complainant=resident, now=when)
            if first is None:
                first = complaint
            else:
                services.complaint_mark_repeat(complaint=complaint, of=first, actor=supervisor_user,
                                               now=_office_time(when, hours=1))
            if k < 2:
                _advance(rng, complaint, staff_by_department, supervisor_user, now)
            elif _office_time(when, hours=8) < now:
                try:
                    services.complaint_close_as_repeated(complaint=complaint, actor=supervisor_user,
                                                         now=_office_time(when, hours=8))
                except services.ComplaintError:
                    _advance(rng, complaint, staff_by_department, supervisor_user, now)  # not yet closable
    speed = categories["TRAFFIC-SIGN"]
    spec = next(s for s in catalogue.CATEGORIES if s.code == "TRAFFIC-SIGN")
    office_now = _last_office_moment(now)
    when = office_now - dt.timedelta(days=3)
    group = []
    for resident in rng.sample(residents, 7):
        submission = _submission(rng, speed, spec, resident, "햇살동")
        submission.title = "햇살초등학교 앞 과속방지턱 설치 요청"
        complaint, _ = services.complaint_submit(submission=submission, complainant=resident, now=when)
        group.append(complaint)
        when += dt.timedelta(minutes=37)
    services.complaints_merge_multi_party(lead=group[0], others=group[1:], actor=supervisor_user,
                                          now=_office_time(when, hours=1, until=office_now))


DIALOGUES = (
    ("새봄동 주민과의 대화", "새봄동 주민센터 2층 강당", (
        ("ROAD-DAMAGE", "새봄시장 앞 도로가 움푹 꺼져 장보러 가기 불편합니다."),
        ("STREETLIGHT", "새봄공원 산책로 가로등이 어두워 저녁 운동이 무섭습니다."),
    ), "주민센터에 무인 민원발급기를 한 대 더 두면 좋겠습니다."),
    ("햇살동 학부모와의 대화", "햇살초등학교 시청각실", (
        ("TRAFFIC-SIGN", "등굣길 횡단보도에 보행 신호등이 없어 아이들이 위험합니다."),
        ("PARKING", "학교 정문 앞 불법 주정차가 심합니다."),
    ), "통학로에 노란 발자국을 그려 아이들이 안전한 길로 걷게 하면 좋겠습니다."),
    ("어르신 경로당 순회 대화", "누리동 행복경로당", (
        ("SIDEWALK", "경로당 앞 보도블록이 울퉁불퉁해 넘어질 뻔했습니다."),
        ("PARK-FACILITY", "어린이공원 벤치가 부서져 앉을 곳이 없습니다."),
    ), "경로당에서 스마트폰 사용법 교실을 열어 주세요."),
)


def _dialogues(rng, categories, now, staff_by_department, supervisor_user) -> None:
    """주민과의 대화 held by the mayor: inconveniences become complaints that the office then
    handles like any other (visible from the session, each at its own stage); ideas are kept."""
    from gamdong.field import services as field

    mayor = User.objects.get(username="mayor")
    for n, (title, place, inconveniences, idea) in enumerate(DIALOGUES):
        held_at = timezone.localtime(now).replace(hour=14, minute=0, second=0, microsecond=0) - dt.timedelta(
            days=20 + 60 * n)
        dialogue = field.dialogue_record(host=mayor, held_at=held_at, place=place, title=title,
                                         attendees="구청장, 관계 국·과장, 주민", attendee_count=rng.randint(25, 80),
                                         summary="주민이 제기한 불편과 제안을 듣고 부서별로 처리하기로 했습니다.")
        for code, text in inconveniences:
            dong = rng.choice(district.DONGS)
            lat, lng = _point_in(rng, dong)
            item = field.dialogue_add_inconvenience(
                dialogue=dialogue, text=text, category=categories[code], raised_by=korean_name(rng), dong=dong,
                latitude=lat, longitude=lng, address=f"감동구 {dong}", now=held_at + dt.timedelta(hours=1))
            _advance(rng, item.complaint, staff_by_department, supervisor_user, now)
        field.dialogue_add_idea(dialogue=dialogue, text=idea, raised_by=korean_name(rng))


def _todays_visits(rng, categories, residents, now) -> None:
    """Today's route for the demo officer: three places, one of them with two complaints."""
    from gamdong.field import services as field

    officer = Employee.objects.select_related("user").get(user__username="officer")
    spec = next(s for s in catalogue.CATEGORIES if s.code == "ROAD-DAMAGE")
    today = timezone.localtime(now)
    office_now = _last_office_moment(now)
    for n, dong in enumerate(("감동1동", "한빛동", "마루동")):
        complaints = []
        for _ in range(2 if n == 1 else 1):
            resident = rng.choice(residents)
            complaint, _ = services.complaint_submit(
                submission=_submission(rng, categories["ROAD-DAMAGE"], spec, resident, dong),
                complainant=resident,
                now=office_now - dt.timedelta(days=1, hours=n),
            )
            complaint = services.complaint_assign(
                complaint=complaint, officer=officer, actor=officer.user,
                now=_office_time(complaint.submitted_at, hours=1, until=office_now))
            complaints.append(complaint)
        first = complaints[0]
        field.visit_schedule(officer=officer, complaints=complaints, actor=officer.user,
                             scheduled_for=today.replace(hour=(10, 13, 15)[n], minute=30, second=0, microsecond=0),
                             address=first.address, latitude=first.latitude, longitude=first.longitude)


def _demo_resident_story(rng, categories, now) -> None:
    """The demo resident's own complaints: one just filed, one answered and waiting for a
    rating, one closed with a rating, and one on the demo officer's route today."""
    from gamdong.field import services as field

    resident = User.objects.get(username="resident@example.com")
    officer = Employee.objects.select_related("user").get(user__username="officer")

    def file(code, when, dong="감동1동"):
        spec = next(s for s in catalogue.CATEGORIES if s.code == code)
        complaint, _ = services.complaint_submit(
            submission=_submission(rng, categories[code], spec, resident, dong), complainant=resident, now=when)
        return complaint

    office_now = _last_office_moment(now)  # staff act in office hours, residents at any time
    closed = file("ROAD-DAMAGE", now - dt.timedelta(days=40))
    services.complaint_assign(complaint=closed, officer=officer, actor=officer.user,
                              now=_office_time(closed.submitted_at, hours=1))
    answered_at = _office_time(closed.submitted_at, hours=2)
    services.complaint_answer(complaint=closed, actor=officer.user, now=answered_at,
                              body="현장을 확인하고 파인 곳을 아스팔트로 메웠습니다.")
    services.complaint_rate(complaint=closed, resident=resident, score=5, comment="빨리 고쳐 주셔서 감사합니다.",
                            now=answered_at + dt.timedelta(hours=20))
    services.complaint_close(complaint=closed, actor=officer.user,
                             now=district_calendar().next_working_moment(answered_at + dt.timedelta(days=2)))

    answered = file("STREETLIGHT", office_now - dt.timedelta(days=4))
    services.complaint_assign(complaint=answered, officer=officer, actor=officer.user,
                              now=_office_time(answered.submitted_at, hours=1, until=office_now))
    services.complaint_answer(complaint=answered, actor=officer.user,
                              now=_office_time(answered.submitted_at, hours=10, until=office_now),
                              body="보안등 전구를 교체했습니다. 다시 고장 나면 알려 주세요.")

    visited = file("ROAD-DAMAGE", office_now - dt.timedelta(days=1), dong="새봄동")
    services.complaint_assign(complaint=visited, officer=officer, actor=officer.user,
                              now=_office_time(visited.submitted_at, hours=1, until=office_now))
    today = timezone.localtime(now)
    field.visit_schedule(officer=officer, complaints=[visited], actor=officer.user,
                         scheduled_for=today.replace(hour=16, minute=30, second=0, microsecond=0),
                         address=visited.address, latitude=visited.latitude, longitude=visited.longitude)

    file("BULKY-WASTE", now - dt.timedelta(hours=1))
