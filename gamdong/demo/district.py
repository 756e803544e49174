"""The organisation of 감동구, a fictional district shaped like a Seoul 자치구 office.

Bureaus (국) hold divisions (과) that hold teams (팀); a few offices report to the mayor
directly (담당관), and community centres (동 주민센터) serve the neighbourhoods. The shape
follows the 행정기구 설치 조례 of mid-sized Seoul districts; the names are invented.
"""

from dataclasses import dataclass, field

ROOT_CODE = "R00"
ROOT_NAME = "감동구청"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str  # "bureau" | "division" | "team" | "community_centre"
    children: tuple["Unit", ...] = field(default_factory=tuple)
    phone: str = ""
    dong: str = ""


def _division(code: str, name: str, teams: tuple[str, ...]) -> Unit:
    return Unit(
        code=code,
        name=name,
        kind="division",
        children=tuple(Unit(f"{code}-{i + 1:02d}", team, "team") for i, team in enumerate(teams)),
    )


DIRECT_OFFICES = (
    _division("D01", "감사담당관", ("감사팀", "조사팀", "청렴팀")),
    _division("D02", "홍보담당관", ("홍보기획팀", "언론팀", "뉴미디어팀")),
)

BUREAUS = (
    Unit("B10", "기획경제국", "bureau", (
        _division("B10-10", "기획예산과", ("기획팀", "예산팀", "성과평가팀", "창의혁신팀")),
        _division("B10-20", "일자리경제과", ("일자리팀", "지역경제팀", "소상공인팀")),
        _division("B10-30", "재무과", ("재무팀", "계약팀", "공유재산팀")),
        _division("B10-40", "세무과", ("세무총괄팀", "재산세팀", "징수팀")),
    )),
    Unit("B20", "행정안전국", "bureau", (
        _division("B20-10", "총무과", ("총무팀", "인사팀", "후생팀")),
        _division("B20-20", "자치행정과", ("자치행정팀", "주민자치팀", "통계팀")),
        _division("B20-30", "민원여권과", ("민원총괄팀", "민원상담팀", "여권팀", "가족관계팀")),
        _division("B20-40", "안전재난과", ("안전총괄팀", "재난관리팀", "민방위팀")),
        _division("B20-50", "스마트정보과", ("정보화팀", "전산운영팀", "공간정보팀")),
    )),
    Unit("B30", "복지문화국", "bureau", (
        _division("B30-10", "복지정책과", ("복지기획팀", "기초생활팀", "복지조사팀")),
        _division("B30-20", "어르신장애인과", ("어르신복지팀", "장애인복지팀", "돌봄지원팀")),
        _division("B30-30", "아동청소년과", ("아동복지팀", "보육지원팀", "청소년팀")),
        _division("B30-40", "문화체육과", ("문화예술팀", "체육진흥팀", "관광축제팀")),
    )),
    Unit("B40", "도시환경국", "bureau", (
        _division("B40-10", "도시계획과", ("도시계획팀", "도시재생팀", "지역개발팀")),
        _division("B40-20", "건축과", ("건축허가팀", "건축안전팀", "건축물관리팀")),
        _division("B40-30", "도로과", ("도로관리팀", "도로굴착팀", "보도정비팀")),
        _division("B40-40", "교통행정과", ("교통기획팀", "주차관리팀", "불법주정차단속팀")),
        _division("B40-50", "공원녹지과", ("공원관리팀", "녹지조성팀", "가로수팀")),
        _division("B40-60", "청소행정과", ("청소기획팀", "재활용팀", "폐기물단속팀")),
        _division("B40-70", "환경과", ("환경관리팀", "소음진동팀", "대기수질팀")),
    )),
    Unit("B50", "보건소", "bureau", (
        _division("B50-10", "보건행정과", ("보건행정팀", "의약팀", "위생팀")),
        _division("B50-20", "건강증진과", ("건강증진팀", "감염병관리팀", "정신건강팀")),
    )),
)

DONGS = ("감동1동", "감동2동", "새봄동", "한빛동", "푸른숲동", "햇살동", "누리동", "다솜동", "가온동", "마루동")

COMMUNITY_CENTRES = tuple(
    Unit(f"C{i + 1:02d}", f"{dong} 주민센터", "community_centre",
         children=(Unit(f"C{i + 1:02d}-01", "행정민원팀", "team"), Unit(f"C{i + 1:02d}-02", "복지팀", "team")),
         phone=f"02-0000-{7100 + i * 10}", dong=dong)
    for i, dong in enumerate(DONGS)
)

TOP_LEVEL = DIRECT_OFFICES + BUREAUS + COMMUNITY_CENTRES


def walk(units=TOP_LEVEL, parent: Unit | None = None):
    """Yield (unit, parent) top-down, parents before their children."""
    for unit in units:
        yield unit, parent
        yield from walk(unit.children, unit)
