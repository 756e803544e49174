"""Seed 창의행정 for the demo: plaza ideas discussed and improved together, idea-house ideas
from residents, and proposals at every intake stage — all through gamdong.ideas.services,
so that the demo holds the same events a real year would.

Call after the district (and, for proposals from complaints and dialogues, the complaints)
are seeded:

    seed_ideas(rng=random.Random(2007), today=date, progress=print)

Notices are history here: they are suppressed, as for the demo's complaints.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from gamdong.accounts.models import Role, User, UserKind
from gamdong.core.notifications import suppressed
from gamdong.ideas import services
from gamdong.ideas.models import Idea, IneligibleReason, Proposal
from gamdong.org.models import Employee

PLAZA_IDEAS = [
    ("민원실 번호표를 문자로 받기", "민원실에서 번호표를 뽑은 뒤 자리를 비우면 차례를 놓칩니다. 번호표를 문자로 보내고 3번 전에 알려 주면 어떨까요."),
    ("가로등 고장 신고에 기둥 번호 쓰기", "가로등 기둥마다 번호가 있는데 신고서에는 주소만 적습니다. 기둥 번호로 신고받으면 현장 확인이 빨라집니다."),
    ("불법 주정차 단속 알림 사전 문자", "단속 10분 전 문자를 보내면 과태료 분쟁이 줄어듭니다. 주정차 알림 서비스 가입을 늘리자는 제안입니다."),
    ("폐기물 스티커 모바일 발급", "대형 폐기물 스티커를 사러 주민센터에 오시는 분이 많습니다. 앱으로 결제하고 번호만 적어 내놓게 하면 됩니다."),
    ("도로 파임 사진 한 장 신고", "사진과 위치만으로 도로 파임을 신고받고 자동으로 도로과에 배정합시다."),
    ("공원 화장실 청소 상태 QR 확인", "화장실 입구 QR로 마지막 청소 시각을 보여 주고, 더러우면 바로 신고하게 합니다."),
    ("어르신 무더위 쉼터 지도", "무더위 쉼터 위치와 운영 시간을 한 장 지도로 만들어 경로당과 복지관에 붙입니다."),
    ("주민센터 서류 미리 작성 안내", "자주 떼는 서류의 신청서를 누리집에서 미리 채워 출력해 오게 하면 대기 시간이 줄어듭니다."),
    ("보도블록 공사 구간 안내판 통일", "공사 기간, 담당자, 연락처를 적은 안내판 양식을 하나로 맞춥시다."),
    ("통학로 노란 발자국 확대", "초등학교 주변 횡단보도 앞에 노란 발자국을 더 그려 아이들이 멈춰 서게 합니다."),
    ("재활용품 분리배출 요일 알림", "동마다 다른 분리배출 요일을 문자로 알려 드리면 민원이 줄어듭니다."),
    ("민원 답변에 쉬운 말 쓰기", "법령 용어 대신 쉬운 말로 답변하는 예시 문장집을 만들어 공유합시다."),
    ("구청 주차장 빈자리 표시", "입구에 빈자리 수를 보여 주면 주변 도로 정체가 줄어듭니다."),
    ("반려견 놀이터 이용 시간 안내", "이용 시간과 규칙을 입구와 누리집에 같은 내용으로 안내합니다."),
    ("골목길 반사경 점검표", "반사경 위치를 목록으로 만들고 분기마다 점검해 깨진 것을 바로 바꿉니다."),
    ("복지 상담 예약제", "복지 상담을 예약제로 바꿔 기다리는 시간을 없앱니다."),
    ("전입 신고 때 생활 안내문 한 장", "전입하는 주민에게 쓰레기 배출, 주차, 도서관 안내를 한 장에 담아 드립니다."),
    ("공공 와이파이 고장 신고 QR", "공유기 옆에 QR을 붙여 고장을 바로 신고받습니다."),
    ("겨울철 제설함 위치 지도", "제설함 위치를 지도에 올려 주민이 직접 쓸 수 있게 합니다."),
    ("구청 회의실 온라인 예약", "회의실 예약을 엑셀 대신 예약 화면으로 바꿉니다."),
    ("결재 문서 요약 한 줄", "결재 문서 첫 줄에 한 줄 요약을 적는 양식을 씁시다."),
    ("민원 처리기한 알림 색깔 구분", "처리기한이 다가오는 민원을 색으로 구분해 보여 줍니다."),
    ("공용 차량 운행 일지 전자화", "종이 운행 일지를 휴대전화로 적게 하면 정산이 쉬워집니다."),
    ("도서관 책 반납함 확대", "지하철역 앞에 반납함을 두면 이용이 늘어납니다."),
    ("어린이집 대기 현황 공개", "대기 순번을 주민이 직접 확인하게 하면 문의 전화가 줄어듭니다."),
    ("청소년 자원봉사 시간 모바일 확인", "봉사 시간 확인서를 모바일로 발급합니다."),
    ("건축 허가 서류 목록 체크리스트", "건축 허가에 필요한 서류를 체크리스트로 안내해 보완 요구를 줄입니다."),
    ("세무 상담 야간 운영", "한 달에 한 번 저녁 상담을 열어 직장인 민원을 받습니다."),
    ("공원 나무 이름표 QR", "나무 이름표에 QR을 달아 수종과 관리 정보를 보여 줍니다."),
    ("비상 연락망 자동 갱신", "인사 발령이 나면 부서 비상 연락망이 자동으로 바뀌게 합니다."),
    ("주민센터 무인 발급기 안내 도우미", "무인 발급기 옆에 어르신 도우미를 오전에 배치합니다."),
    ("하수구 냄새 신고 지도", "냄새 신고를 지도에 모아 자주 나는 곳부터 정비합니다."),
    ("구정 소식지 쉬운 글판", "소식지에 쉬운 글판을 따로 만들어 어르신과 외국인 주민을 돕습니다."),
    ("버스정류장 온열 의자 점검", "겨울 전에 온열 의자 고장을 한꺼번에 점검합니다."),
    ("교육 이수 현황 자동 집계", "직원 교육 이수 시간을 자동으로 모아 보여 줍니다."),
    ("현장 방문 일정 공유 달력", "같은 동에 가는 현장방문을 묶을 수 있게 달력을 공유합니다."),
    ("자전거 보관대 방치 자전거 정리", "방치 자전거에 안내 스티커를 붙이고 한 달 뒤 정리합니다."),
    ("공문 받은 편지함 분류 규칙", "부서 공문함에 분류 규칙을 두어 담당자에게 바로 가게 합니다."),
    ("경로당 냉난방비 실적 공개", "경로당별 냉난방비를 공개해 절약 경쟁을 유도합니다."),
    ("우리 동 소식 문자 수신 동의 확대", "전입 신고 때 동 소식 문자 수신 동의를 함께 받습니다."),
]
COMMENTS = ["좋은 생각입니다. 예산은 얼마나 들까요?", "저희 부서도 비슷한 불편을 겪고 있습니다.", "다른 구 사례가 있는지 찾아보겠습니다.",
            "시범으로 한 동에서 먼저 해 보면 어떨까요?", "개인정보 처리 부분을 확인해야 할 것 같습니다.", "적극 공감합니다!",
            "현장에서 실제로 자주 듣는 이야기입니다.", "담당 부서와 한번 이야기해 보세요."]
HOUSE_IDEAS = [
    ("공원 벤치에 그늘막", "여름에 공원 벤치가 너무 뜨거워 앉을 수 없어요.", "벤치 위에 접이식 그늘막을 달아 주세요.", "어르신들이 여름에도 쉴 수 있어요."),
    ("골목 반사경 설치", "굽은 골목에서 차가 갑자기 나와 위험해요.", "모퉁이에 반사경을 달아 주세요.", "아이들 통학길이 안전해져요."),
    ("분리수거장 조명", "밤에 분리수거장이 어두워 분리배출이 어려워요.", "센서 조명을 달아 주세요.", "제대로 분리배출할 수 있어요."),
    ("버스정류장 노선 안내 큰 글씨", "정류장 노선도 글씨가 너무 작아요.", "큰 글씨 안내판을 함께 붙여 주세요.", "어르신도 쉽게 버스를 찾아요."),
    ("놀이터 바닥 교체", "놀이터 고무 바닥이 갈라져 아이가 넘어졌어요.", "바닥을 새로 깔아 주세요.", "아이들이 다치지 않아요."),
    ("도서관 주말 연장 운영", "주말에 도서관이 일찍 닫아요.", "토요일에는 저녁 8시까지 열어 주세요.", "직장인도 책을 빌릴 수 있어요."),
    ("횡단보도 보행 신호 연장", "큰길 횡단보도 신호가 짧아 어르신이 다 못 건너요.", "보행 신호를 늘려 주세요.", "보행자 사고가 줄어요."),
    ("주민센터 주차 안내", "주민센터 주차장이 좁아 길에서 기다려요.", "가까운 공영주차장 안내판을 세워 주세요.", "길이 덜 막혀요."),
]


def _moment(today: dt.date, days_ago: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, 0)))


def seed_ideas(*, rng: random.Random, today: dt.date, progress: Callable[[str], None] = print) -> dict[str, int]:
    """Plaza ideas with comments, supports and revisions; idea-house ideas; proposals at every
    intake stage (≥ 8 under review). Returns counts by kind of thing made."""
    staff = list(Employee.objects.active().filter(user__role_grants__role=Role.OFFICER)
                 .select_related("user", "department").order_by("employee_number").distinct())
    if len(staff) < 10:
        raise RuntimeError("seed the district first (gamdong.demo.seed.seed_demo_district)")
    users = [e.user for e in staff]
    planner = User.objects.get(username="planner")
    officer = User.objects.filter(username="officer").first() or users[0]
    counts: dict[str, int] = {}
    with suppressed():
        progress("창의광장 아이디어와 댓글·공감·다듬기를 만듭니다")
        with transaction.atomic():
            ideas = _plaza(rng, today, users, officer)
        counts["ideas"] = len(ideas)
        progress("아이디어하우스 주민 아이디어를 만듭니다")
        with transaction.atomic():
            counts["house"] = _house(rng, today, planner)
        progress("제안(작성 중, 접수 대기, 보완 요구, 제안 아님, 반복, 심사 중)을 만듭니다")
        with transaction.atomic():
            counts.update(_proposals(rng, today, users, officer, planner, ideas))
    return counts


def _plaza(rng: random.Random, today: dt.date, users: list[User], officer: User) -> list[Idea]:
    ideas = []
    for n, (title, body) in enumerate(PLAZA_IDEAS):
        author = officer if n % 9 == 0 else rng.choice(users)
        posted = _moment(today, rng.randint(3, 150), rng.randint(9, 17))
        idea = services.idea_post(author=author, title=title, body=body, now=posted)
        others = rng.sample(users, k=min(len(users), 12))
        for k, person in enumerate(others[: rng.randint(0, 8)]):
            services.idea_comment(idea_id=idea.pk, author=person, body=rng.choice(COMMENTS),
                                  now=posted + dt.timedelta(hours=k + 1))
        for person in others[: rng.randint(0, 12)]:
            if person.pk != author.pk:
                services.idea_support(idea_id=idea.pk, user=person, now=posted + dt.timedelta(hours=2))
        if rng.random() < 0.4:
            editor = rng.choice(others)
            services.idea_revise(idea_id=idea.pk, editor=editor, title=title, body=body + " 시범 운영 후 확대합니다.",
                                 expected_version=1, note="시범 운영 단계 추가", now=posted + dt.timedelta(days=1))
        ideas.append(idea)
    return ideas


def _house(rng: random.Random, today: dt.date, planner: User) -> int:
    demo_resident = User.objects.filter(username="resident@example.com").first()
    residents = [*([demo_resident] if demo_resident else []),
                 *User.objects.filter(kind=UserKind.RESIDENT, is_active=True).exclude(
                     username="resident@example.com").order_by("pk")[:40]]
    made = 0
    for n, (title, situation, improvement, effect) in enumerate(HOUSE_IDEAS):
        if not residents:
            break
        author = residents[0] if n < 2 else rng.choice(residents)  # the demo resident has two of them
        submitted = _moment(today, 40 - n * 4, 11)
        proposal = services.house_submit(author=author, title=title, situation=situation, improvement=improvement,
                                         effect=effect, now=submitted)
        made += 1
        stage = n % 4
        if stage == 1:
            services.proposal_receive(proposal_id=proposal.pk, actor=planner, now=submitted + dt.timedelta(days=1))
        elif stage == 2:
            services.proposal_accept_for_review(proposal_id=proposal.pk, actor=planner,
                                                now=submitted + dt.timedelta(days=2))
        elif stage == 3:
            services.proposal_rule_ineligible(proposal_id=proposal.pk, actor=planner,
                                              reason=IneligibleReason.ALREADY_IN_FORCE,
                                              note="올해 사업으로 이미 추진 중입니다. 좋은 의견 감사합니다.",
                                              now=submitted + dt.timedelta(days=2))
    return made


def _draft(title: str, improvement: str, **links) -> services.ProposalDraft:
    return services.ProposalDraft(
        title=title, current_situation=f"{title}와(과) 관련해 현재는 부서마다 다르게 처리하고 있습니다.",
        problem="주민이 같은 일로 여러 번 문의하고, 처리 시간이 길어집니다.", improvement=improvement,
        expected_effect="처리 시간이 줄고 주민 만족도가 높아집니다.", **links,
    )


def _proposals(rng, today, users, officer, planner, ideas) -> dict[str, int]:
    from gamdong.complaints.models import Complaint
    from gamdong.field.models import DialogueItem, DialogueItemKind

    counts = {"draft": 0, "submitted": 0, "supplement": 0, "ineligible": 0, "repeat": 0, "review": 0}

    def submit(user, draft, days_ago):
        return services.proposal_save(proposer=user, draft=draft, submit=True, now=_moment(today, days_ago, 10))

    # Drafts, one of them the demo officer's.
    for n, title in enumerate(("민원 안내 문자 양식 통일", "현장방문 사진 자동 첨부", "부서 간 협조 요청 표준화")):
        services.proposal_save(proposer=officer if n == 0 else rng.choice(users),
                               draft=_draft(title, f"{title} 방안을 마련합니다."), submit=False,
                               now=_moment(today, 2 + n))
        counts["draft"] += 1
    # From plaza ideas: the idea's writer proposes it, revisers as co-proposers.
    oldest_first = sorted((i for i in ideas if i.status == "open"), key=lambda i: i.created_at)
    from_ideas = [i for i in oldest_first if i.created_at < _moment(today, 45)][:10] + \
        [i for i in oldest_first if i.created_at >= _moment(today, 45)][-4:]
    review_ideas, waiting_ideas = from_ideas[:10], from_ideas[10:]
    for n, idea in enumerate(review_ideas):
        co = [u.pk for u in rng.sample(users, 2) if u.pk != idea.author_id][:2]
        proposal = submit(idea.author, _draft(idea.title, idea.body, idea_id=idea.pk, co_proposer_ids=co), 30 - n)
        services.proposal_receive(proposal_id=proposal.pk, actor=planner, now=_moment(today, 29 - n, 14))
        services.proposal_accept_for_review(proposal_id=proposal.pk, actor=planner, now=_moment(today, 27 - n, 15),
                                            owner_department_id=proposal.department_id)
        counts["review"] += 1
    for n, idea in enumerate(waiting_ideas):
        submit(idea.author, _draft(idea.title, idea.body, idea_id=idea.pk), 1 + n)
        counts["submitted"] += 1
    # Institutional improvements from real complaints of the demo (same category, several dongs).
    complaints = list(Complaint.objects.select_related("category").order_by("category_id", "submitted_at")[:400])
    by_category: dict[int, list] = {}
    for c in complaints:
        by_category.setdefault(c.category_id, []).append(c)
    groups = [group for group in by_category.values() if len(group) >= 3][:3]
    for n, group in enumerate(groups):
        chosen = group[:3]
        name = chosen[0].category.name
        proposal = submit(rng.choice(users), _draft(f"{name} 민원 제도개선", f"{name} 민원이 반복되지 않도록 처리 기준을 고칩니다.",
                                                    complaint_ids=[c.pk for c in chosen]), 12 - n)
        if n == 0:
            services.proposal_receive(proposal_id=proposal.pk, actor=planner, now=_moment(today, 11, 10))
            services.proposal_accept_for_review(proposal_id=proposal.pk, actor=planner, now=_moment(today, 10, 10))
            counts["review"] += 1
        else:
            counts["submitted"] += 1
    # Ideas raised in 주민과의 대화.
    for n, item in enumerate(DialogueItem.objects.filter(kind=DialogueItemKind.IDEA).order_by("pk")[:2]):
        proposal = submit(rng.choice(users), _draft(item.text[:60], item.text, dialogue_item_id=item.pk), 8 - n)
        services.proposal_receive(proposal_id=proposal.pk, actor=planner, now=_moment(today, 7 - n, 10))
        counts["submitted"] += 1
    # Supplement requested (within the 7 days after receipt).
    for n, title in enumerate(("무인민원발급기 수수료 면제 확대", "공원 음수대 수질 공개", "청사 에너지 절약 알림")):
        proposal = submit(rng.choice(users), _draft(title, f"{title}을(를) 시행합니다."), 6 - n)
        services.proposal_receive(proposal_id=proposal.pk, actor=planner, now=_moment(today, 5 - n, 10))
        services.proposal_request_supplement(proposal_id=proposal.pk, actor=planner,
                                             missing="현재 운영 실적(최근 1년 건수)과 예상 비용을 붙여 주세요.",
                                             now=_moment(today, 4 - n, 11))
        counts["supplement"] += 1
    # Not a proposal: each with its statutory reason.
    for n, (title, reason, note) in enumerate((
        ("민원실 직원이 불친절합니다", IneligibleReason.MERE_COMPLAINT, "제안이 아닌 불만으로 보아 민원으로 이송했습니다."),
        ("특정 업체 앱을 구 공식 앱으로", IneligibleReason.PRIVATE_BUSINESS, "특정 업체의 홍보에 해당합니다."),
        ("종량제 봉투 온라인 판매", IneligibleReason.ALREADY_IN_FORCE, "2025년부터 시행 중입니다."),
    )):
        proposal = submit(rng.choice(users), _draft(title, f"{title}."), 20 - n)
        services.proposal_rule_ineligible(proposal_id=proposal.pk, actor=planner, reason=reason, note=note,
                                          now=_moment(today, 18 - n, 10))
        counts["ineligible"] += 1
    # The same proposal three times: the third is a repeat.
    persistent = rng.choice(users)
    for days_ago in (60, 45, 25):
        proposal = submit(persistent, _draft("구청 앞 횡단보도 신설", "구청 정문 앞에 횡단보도를 새로 만듭니다."), days_ago)
    counts["repeat"] += int(proposal.status == "repeat")
    # A withdrawn one.
    withdrawn = submit(rng.choice(users), _draft("청사 옥상 텃밭", "청사 옥상에 직원 텃밭을 만듭니다."), 9)
    services.proposal_withdraw(proposal_id=withdrawn.pk, actor=withdrawn.proposer, now=_moment(today, 8))
    counts["proposals"] = Proposal.objects.count()
    return counts
