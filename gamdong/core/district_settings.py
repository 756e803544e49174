"""District settings: every number of DOMAIN.md, with its statutory default.

A district adopts its own ordinances (조례) on top of the statutes, so no rule's number
is a literal in code: code asks `district_setting("complaints.transfer_internal_hours")`
and gets the administrator's value, or the default below. Each definition names the
statute it comes from, so that an administrator changing one knows what they depart from.

The definitions are plain data (no Django); `district_setting` reads the overrides
stored in `core.DistrictSetting` through the cache.
"""

from __future__ import annotations

import datetime as dt
import json as _json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gamdong.core.geo import check_boundary_geojson
from gamdong.policy.rules import DEFAULT_GRADE_FLOORS, check_grade_floors

INT, FLOAT, BOOL, TEXT, TIME, JSON = "int", "float", "bool", "text", "time", "json"
TEXT_OPTIONAL = "text_optional"


class _CheckFailed(ValueError):
    pass


@dataclass(frozen=True)
class SettingDefinition:
    key: str
    default: Any
    kind: str
    label: str  # what an administrator reads, in Korean
    source: str  # statute or practice the default comes from
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    # Further checks of a parsed value: raises ValueError with a Korean message.
    check: Callable[[Any], None] | None = None

    def parse(self, raw: Any) -> Any:
        """Return `raw` as this setting's type, or raise ValueError with a Korean message."""
        try:
            if self.kind == INT:
                value = int(raw)
            elif self.kind == FLOAT:
                value = float(raw)
            elif self.kind == BOOL:
                if isinstance(raw, bool):
                    return raw
                text = str(raw).strip().lower()
                if text not in {"true", "false", "1", "0", "예", "아니오"}:
                    raise ValueError
                return text in {"true", "1", "예"}
            elif self.kind == TIME:
                value = dt.time.fromisoformat(str(raw)).strftime("%H:%M")
                return value
            elif self.kind == TEXT:
                value = str(raw).strip()
                if not value:
                    raise ValueError
                return value
            elif self.kind == TEXT_OPTIONAL:
                return str(raw).strip()
            elif self.kind == JSON:
                import json

                value = json.loads(raw) if isinstance(raw, str) else raw
                if type(value) is not type(self.default):
                    raise ValueError
                if self.check is not None:
                    try:
                        self.check(value)
                    except ValueError as failed:
                        raise _CheckFailed(str(failed)) from failed
                return value
            else:  # pragma: no cover - a definition error
                raise AssertionError(self.kind)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, _CheckFailed):  # the check's own message says what is wrong
                raise ValueError(f"'{self.label}': {exc}") from exc
            raise ValueError(f"'{self.label}' 값의 형식이 올바르지 않습니다: {raw!r}") from exc
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"'{self.label}' 값은 {self.minimum:g} 이상이어야 합니다.")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"'{self.label}' 값은 {self.maximum:g} 이하여야 합니다.")
        return value


MINWON_ACT = "민원 처리에 관한 법률"
MINWON_DECREE = "민원 처리에 관한 법률 시행령"
PROPOSAL_RULE = "공무원 제안 규정"
RATING_RULE = "지방공무원 평정규칙"
APPOINTMENT_DECREE = "지방공무원 임용령"
POSTING_RULE = "개방형 직위 및 공모 직위의 운영 등에 관한 규정"
SERVICE_RULE = "지방공무원 복무규정 §2 (국가공무원 복무규정 §9 준용)"

_D = SettingDefinition

# The demo's 감동구: a made-up district in Seoul coordinates, split into the 10 동 of
# gamdong/demo/district.py. A real district replaces it with its 행정동 boundaries.
DEMO_BOUNDARY = _json.loads((Path(__file__).parent / "data" / "district_boundary.geojson").read_text(encoding="utf-8"))


def _check_extensions(value: Any) -> None:
    if not value or not all(isinstance(v, str) and v.strip(".").isalnum() for v in value):
        raise ValueError("확장자 목록은 영문·숫자로 된 확장자의 목록이어야 합니다(예: [\"pdf\", \"hwp\"]).")


def _check_map_center(value: Any) -> None:
    if (len(value) != 2 or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            or not (-90 <= value[0] <= 90 and -180 <= value[1] <= 180)):
        raise ValueError("지도 중심은 [위도, 경도] 숫자 두 개여야 합니다.")


DEFINITIONS: tuple[SettingDefinition, ...] = (
    _D("district.name", "감동구", TEXT, "구 이름", "구 설정"),
    _D("district.address", "서울특별시 감동구 감동로 1 감동구청", TEXT, "구청 주소(화면 아래에 표시)", "구 설정"),
    _D("district.phone", "02-000-0000", TEXT, "대표전화(화면 아래에 표시)", "구 설정"),
    _D(
        "district.boundary_geojson", DEMO_BOUNDARY, JSON,
        "구·동 경계(GeoJSON FeatureCollection, 동마다 properties.dong)", "구 설정(행정동 경계)",
        check=check_boundary_geojson,
    ),
    _D("district.map_center", [37.5158, 126.8795], JSON, "지도 처음 중심 [위도, 경도]", "구 설정", check=_check_map_center),
    _D("district.map_zoom", 14, INT, "지도 처음 확대 수준", "구 설정", "", 5, 19),
    # --- Working time (법 §19, 복무규정) ---------------------------------------------
    _D("calendar.work_start", "09:00", TIME, "근무 시작 시각", SERVICE_RULE),
    _D("calendar.work_end", "18:00", TIME, "근무 종료 시각", SERVICE_RULE),
    _D("calendar.lunch_start", "12:00", TIME, "점심시간 시작", SERVICE_RULE),
    _D("calendar.lunch_end", "13:00", TIME, "점심시간 종료", SERVICE_RULE),
    _D("calendar.hours_per_day", 8, INT, "1일의 근무시간", f"{MINWON_ACT} §19①", "시간", 1, 24),
    _D("calendar.hour_based_max_days", 5, INT, "근무시간 단위로 세는 최장 처리기간", f"{MINWON_ACT} §19①", "일", 0, 30),
    _D("calendar.count_saturdays", False, BOOL, "토요일을 처리기간에 산입", f"{MINWON_ACT} §19②·③"),
    # --- Complaints (민원) -----------------------------------------------------------
    _D("complaints.period_days.inquiry_law", 14, INT, "질의민원(법령) 처리기간", f"{MINWON_DECREE} §14", "일", 1, 90),
    _D("complaints.period_days.inquiry_system", 7, INT, "질의민원(제도·절차) 처리기간", f"{MINWON_DECREE} §14", "일", 1, 90),
    _D("complaints.period_days.suggestion", 14, INT, "건의민원 처리기간", f"{MINWON_DECREE} §15", "일", 1, 90),
    _D("complaints.period_hours.other", 3, INT, "기타민원(즉시) 처리기간", f"{MINWON_DECREE} §16, §19", "근무시간", 1, 40),
    _D("complaints.period_days.grievance", 7, INT, "고충민원 처리기간", f"{MINWON_DECREE} §17", "일", 1, 90),
    _D("complaints.grievance_investigation_max_days", 14, INT, "고충민원 현장조사 기간(불산입)", f"{MINWON_DECREE} §17", "일", 0, 90),
    _D("complaints.grievance_investigation_extension_days", 7, INT, "고충민원 현장조사 1회 연장", f"{MINWON_DECREE} §17", "일", 0, 90),
    _D("complaints.online_receipt_hours", 8, INT, "전자민원 접수 기한", f"{MINWON_DECREE} §6", "근무시간", 1, 40),
    _D("complaints.multi_party_min", 5, INT, "다수인관련민원 최소 인원", f"{MINWON_DECREE} §6", "건", 2, 100),
    _D("complaints.transfer_internal_hours", 3, INT, "내부 이송 기한", f"{MINWON_DECREE} §13", "근무시간", 1, 40),
    _D("complaints.transfer_external_hours", 8, INT, "타기관 이송 기한", f"{MINWON_DECREE} §13", "근무시간", 1, 40),
    _D("complaints.extension_max_without_consent", 1, INT, "동의 없이 연장할 수 있는 횟수", f"{MINWON_DECREE} §21", "회", 0, 5),
    _D("complaints.extension_cap_ratio", 1.0, FLOAT, "1회 연장 한도(처음 처리기간 대비)", f"{MINWON_DECREE} §21", "배", 0, 5),
    _D("complaints.progress_notice_days", 30, INT, "처리 진행상황 통지 주기", f"{MINWON_DECREE} §23", "일", 1, 365),
    _D("complaints.repeat_min_count", 3, INT, "반복민원으로 보는 최소 횟수", f"{MINWON_ACT} §23", "회", 2, 20),
    _D("complaints.repeat_min_notified", 2, INT, "반복민원 종결 전 결과 통지 횟수", f"{MINWON_ACT} §23", "회", 1, 20),
    _D("complaints.status_check_days", 30, INT, "처리상황 확인·점검 주기", f"{MINWON_DECREE} §22, §28", "일", 1, 90),
    _D("complaints.satisfaction_survey", True, BOOL, "만족도 조사 실시", f"{MINWON_ACT} §26"),
    _D("complaints.reopen_window_days", 14, INT, "답변 후 재개 요청 가능 기간", "구 운영 기준", "일", 0, 365),
    _D("complaints.extension_max_total", 2, INT, "처리기간 연장 최대 횟수(동의 포함)", f"{MINWON_DECREE} §21", "회", 0, 5),
    _D("complaints.intake_department_code", "", TEXT_OPTIONAL, "민원 분류·접수 부서 코드(민원총괄)", "구 운영 기준"),
    _D("complaints.due_soon_hours", 8, INT, "처리기한 임박 알림(남은 근무시간)", "구 운영 기준", "근무시간", 1, 80),
    _D("complaints.similar_radius_m", 300, INT, "주변 같은 민원 안내 반경", "구 운영 기준", "m", 10, 5000),
    _D("complaints.submissions_per_hour", 10, INT, "계정·주소별 시간당 민원 신청 한도", "구 운영 기준", "건", 1, 1000),
    _D("complaints.max_photos", 5, INT, "민원·현장방문 1건당 사진 최대 장수", "구 운영 기준", "장", 0, 20),
    _D("complaints.photo_max_mb", 10, INT, "사진 1장 최대 용량", "구 운영 기준", "MB", 1, 50),
    _D("complaints.photo_max_megapixels", 50, INT, "사진 1장 최대 화소수", "구 운영 기준(서버 메모리 보호)", "백만 화소", 1, 150),
    # --- Proposals (제안) ------------------------------------------------------------
    _D("proposals.supplement_request_days", 7, INT, "보완 요구 기한", PROPOSAL_RULE, "일", 1, 60),
    _D("proposals.decision_months", 1, INT, "채택 여부 결정 기한", PROPOSAL_RULE, "개월", 1, 12),
    _D("proposals.rereview_request_days", 15, INT, "불채택 후 재심사 요청 기한", PROPOSAL_RULE, "일", 1, 90),
    _D("proposals.later_use_rereview_years", 2, INT, "같은 내용 실시 시 재심사 요청 기한", PROPOSAL_RULE, "년", 0, 10),
    _D("proposals.expert_opinion_max_weeks", 3, INT, "전문가 의견 대기(불산입) 최장", PROPOSAL_RULE, "주", 0, 12),
    _D("proposals.committee_external_min_share", 0.5, FLOAT, "심사위원회 외부위원 최소 비율", PROPOSAL_RULE, "비율", 0, 1),
    _D(
        "proposals.criteria_weights",
        {"실시가능성": 1, "창의성": 1, "효율성·효과성": 1, "적용범위": 1, "계속성": 1},
        JSON, "심사 기준별 가중치(규정상 가중치 없음: 동일)", f"{PROPOSAL_RULE} §7",
    ),
    _D(
        "proposals.central_award_ranges_krw",
        {"금상": [5_000_000, 8_000_000], "은상": [3_000_000, 5_000_000], "동상": [1_000_000, 3_000_000], "장려상": [500_000, 1_000_000]},
        JSON, "중앙우수제안 등급별 상금 범위", PROPOSAL_RULE, "원",
    ),
    _D("proposals.co_proposer_raise_min", 3, INT, "상금 상한 상향 공동제안자 수", PROPOSAL_RULE, "명", 2, 20),
    _D("proposals.co_proposer_raise_ratio", 0.5, FLOAT, "공동제안 상금 상한 상향 비율", PROPOSAL_RULE, "비율", 0, 2),
    _D(
        "proposals.district_awards_krw",
        {"최우수": 700_000, "우수": 500_000, "장려": 300_000},
        JSON, "구 자체우수제안 시상금", "구 제안 조례 (용산구 2020 보도 기준)", "원",
    ),
    _D("proposals.reward_implementer", True, BOOL, "채택제안 실시 공무원 포상", "구 제안 조례"),
    _D("proposals.adopted_follow_years", 3, INT, "채택제안 사후관리 기간", PROPOSAL_RULE, "년", 1, 10),
    _D("proposals.rejected_keep_years", 2, INT, "불채택제안 보존 기간", PROPOSAL_RULE, "년", 1, 10),
    _D("proposals.measure_years", 1, INT, "성과 측정 기간", PROPOSAL_RULE, "년", 1, 5),
    _D("proposals.status_check_months", 3, INT, "추진상황 점검 주기", PROPOSAL_RULE, "개월", 1, 12),
    _D(
        "proposals.result_grade_floors", DEFAULT_GRADE_FLOORS, JSON,
        "채택제안 성과 등급(수·우·미·양·가)별 목표 달성률 하한(0–1)", "구 운영 기준", "비율",
        check=check_grade_floors,
    ),
    _D("proposals.annual_report_due", "01-31", TEXT, "연간 제안 운영 보고 기한(월-일)", PROPOSAL_RULE),
    _D("proposals.repeat_min_count", 3, INT, "반복 제안으로 보는 동일 제출 횟수", PROPOSAL_RULE, "회", 2, 20),
    _D("proposals.attachment_max_mb", 20, INT, "제안 첨부파일 1개 최대 용량", "구 운영 기준", "MB", 1, 100),
    _D("proposals.attachment_max_count", 5, INT, "제안 첨부파일 최대 개수", "구 운영 기준", "개", 1, 20),
    _D(
        "proposals.attachment_types", ["pdf", "hwp", "hwpx", "docx", "xlsx", "png", "jpg", "jpeg"], JSON,
        "제안 첨부파일 허용 형식(확장자)", "구 운영 기준", check=_check_extensions,
    ),
    # --- Performance rating (근무성적평정) ---------------------------------------------
    _D("rating.highest_rated_grade", 5, INT, "평정 대상 최상위 직급", RATING_RULE, "급", 1, 9),
    _D("rating.dates", ["06-30", "12-31"], JSON, "정기 평정 기준일(월-일)", RATING_RULE),
    _D("rating.goal_deadline_month", 2, INT, "성과목표 설정 기한(월말)", RATING_RULE, "월", 1, 12),
    _D("rating.performance_weight", 0.5, FLOAT, "근무실적 비중", RATING_RULE, "비율", 0.3, 0.7),
    _D("rating.ability_weight", 0.5, FLOAT, "직무수행능력 비중", RATING_RULE, "비율", 0.3, 0.7),
    _D("rating.element_max_weight", 0.7, FLOAT, "한 요소의 최대 비중", RATING_RULE, "비율", 0.5, 1),
    _D("rating.attitude_max_share", 0.1, FLOAT, "직무수행태도 최대 비중", RATING_RULE, "비율", 0, 0.1),
    _D("rating.scale_points", 70, INT, "평정 만점", RATING_RULE, "점", 1, 100),
    _D("rating.distribution", {"수": 0.2, "우": 0.4, "양": 0.3, "가": 0.1}, JSON, "평정 등급 분포 비율", RATING_RULE),
    _D("rating.grade_floors", {"수": 64, "우": 53, "양": 32, "가": 0}, JSON, "평정 등급 점수 하한", RATING_RULE, "점"),
    _D("rating.committee_min_members", 5, INT, "근무성적평정위원회 최소 위원 수", RATING_RULE, "명", 1, 20),
    _D("promotion.rating_points", 70, INT, "승진후보자명부 평정점", APPOINTMENT_DECREE, "점", 0, 100),
    _D("promotion.career_points", 30, INT, "승진후보자명부 경력평정점", APPOINTMENT_DECREE, "점", 0, 100),
    _D("promotion.extra_points_max", 5, FLOAT, "가점 상한", APPOINTMENT_DECREE, "점", 0, 20),
    _D("promotion.list_dates", ["01-31", "07-31"], JSON, "승진후보자명부 작성 기준일(월-일)", APPOINTMENT_DECREE),
    _D("promotion.lookback_years", {"5": 3, "6": 2, "7": 2, "8": 1, "9": 1}, JSON, "직급별 평정 반영 기간", APPOINTMENT_DECREE, "년"),
    _D("promotion.min_years_in_grade", {"4": 3, "5": 3, "6": 2, "7": 1, "8": 1, "9": 1}, JSON, "승진 최저 소요연수", APPOINTMENT_DECREE, "년"),
    _D("promotion.performance_points_delay_years", 1, INT, "실적가점 기준 변경 후 적용 유예", RATING_RULE, "년", 0, 5),
    # --- Internal postings (직위공모) ---------------------------------------------------
    _D("posting.min_open_days", 7, INT, "공모 최소 공고 기간", POSTING_RULE, "일", 1, 60),
    _D("posting.committee_min_members", 5, INT, "선발심사위원회 최소 위원 수", POSTING_RULE, "명", 1, 20),
    _D("posting.committee_external_min_share", 0.5, FLOAT, "선발심사위원회 외부위원 최소 비율", POSTING_RULE, "비율", 0, 1),
    _D("posting.recommend_min", 2, INT, "추천 후보자 최소 수", POSTING_RULE, "명", 1, 10),
    _D("posting.recommend_max", 3, INT, "추천 후보자 최대 수", POSTING_RULE, "명", 1, 10),
    _D("posting.appointee_min_stay_years", 2, INT, "공모직위 임용자 전보 제한 기간", POSTING_RULE, "년", 0, 10),
    # --- Rotation and preferences (전보, 부서희망제) -------------------------------------
    _D("rotation.min_stay_years", 2, INT, "필수보직기간", APPOINTMENT_DECREE, "년", 0, 10),
    _D("rotation.min_stay_years_similar", 1, INT, "유사 직위 간 필수보직기간", APPOINTMENT_DECREE, "년", 0, 10),
    _D("rotation.min_stay_years_special", 3, INT, "경력경쟁 임용자 필수보직기간", APPOINTMENT_DECREE, "년", 0, 10),
    _D("rotation.preferences_min", 3, INT, "희망 부서 최소 개수", "서울시 부서희망제 운영(2006–2010)", "개", 1, 10),
    _D("rotation.preferences_max", 5, INT, "희망 부서 최대 개수", "서울시 부서희망제 운영(2006–2010)", "개", 1, 10),
    _D("rotation.max_years_in_department", 4, INT, "한 부서 최장 근무(이후 전보)", "서울시 부서희망제 운영(2006–2010)", "년", 1, 20),
)

BY_KEY: dict[str, SettingDefinition] = {d.key: d for d in DEFINITIONS}
CACHE_KEY = "district-settings:v1"
CACHE_SECONDS = 30


def definition(key: str) -> SettingDefinition:
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown district setting {key!r}") from None


# Inside a request the overrides are read from the cache once (a filing asks for a dozen
# settings): request_started opens the request's copy, request_finished drops it.
_request = threading.local()


def request_started(**kwargs) -> None:
    _request.active, _request.values = True, None


def request_finished(**kwargs) -> None:
    _request.active, _request.values = False, None


def overrides() -> dict[str, Any]:
    """The administrator's values, keyed by setting, read through the cache (once a request)."""
    in_request = getattr(_request, "active", False)
    if in_request and _request.values is not None:
        return _request.values
    from django.core.cache import cache

    values = cache.get(CACHE_KEY)
    if values is None:
        from gamdong.core.models import DistrictSetting

        values = dict(DistrictSetting.objects.values_list("key", "value"))
        cache.set(CACHE_KEY, values, CACHE_SECONDS)
    if in_request:
        _request.values = values
    return values


def forget_cached() -> None:
    from django.core.cache import cache

    cache.delete(CACHE_KEY)
    _request.values = None


def district_setting(key: str) -> Any:
    """Return the district's value for `key`, or the statutory default."""
    spec = definition(key)
    values = overrides()
    if key in values:
        return values[key]
    return spec.default
