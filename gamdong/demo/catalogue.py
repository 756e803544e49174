"""감동구's catalogue of complaint categories (민원편람) and realistic complaint texts.

Departments are named by their demo codes (gamdong.demo.district). 법정민원 periods are of
the kind published in Seoul districts' 민원편람; the texts are written for the demo.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CategorySpec:
    code: str
    name: str
    group: str
    kind: str
    department: str | None  # demo department code; None: the intake department classifies it
    weight: int  # how often residents file it, relative
    statutory_days: int | None = None
    routed_by_area: bool = False
    keywords: str = ""
    titles: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()


INTAKE_CODE = "B20-30-01"  # 민원여권과 민원총괄팀

CATEGORIES = (
    CategorySpec("ROAD-DAMAGE", "도로 파손(포트홀)", "도로·교통", "other", "B40-30-01", 14, keywords="도로,포트홀,파손",
                 titles=("도로에 구멍이 패였어요", "포트홀 때문에 타이어가 찢어졌습니다", "차도 아스팔트가 깨져 있어요"),
                 bodies=("비가 온 뒤로 도로 가운데가 움푹 패여 차들이 피해 다닙니다. 사고가 날까 걱정입니다.",
                         "횡단보도 앞 도로가 깨져 자전거가 넘어질 뻔했습니다. 빨리 보수해 주세요.")),
    CategorySpec("SIDEWALK", "보도블록 파손", "도로·교통", "other", "B40-30-03", 8, keywords="보도,보도블록,인도",
                 titles=("보도블록이 들떠 있어요", "인도 블록이 깨져서 걸려 넘어졌습니다"),
                 bodies=("버스정류장 앞 보도블록이 들떠 유모차가 지나가기 어렵습니다.",
                         "어르신들이 자주 다니는 길인데 블록이 깨져 위험합니다.")),
    CategorySpec("STREETLIGHT", "가로등·보안등 고장", "도로·교통", "other", "B40-30-01", 9, keywords="가로등,보안등,조명",
                 titles=("골목 가로등이 꺼져 있어요", "보안등이 깜빡거립니다"),
                 bodies=("밤이 되면 골목이 너무 어두워 귀가가 무섭습니다. 가로등을 고쳐 주세요.",
                         "며칠째 보안등이 켜졌다 꺼졌다 합니다.")),
    CategorySpec("PARKING", "불법 주정차 신고", "도로·교통", "other", "B40-40-03", 12, keywords="주차,주정차,불법",
                 titles=("소화전 앞 불법 주차", "어린이보호구역 불법 주정차", "골목 이중주차로 차가 못 나가요"),
                 bodies=("매일 저녁 같은 차량이 소화전 앞에 주차합니다. 단속 부탁드립니다.",
                         "초등학교 앞에 차들이 세워져 아이들이 차도로 걸어갑니다.")),
    CategorySpec("TRAFFIC-SIGN", "교통안전시설 설치 요청", "도로·교통", "suggestion", "B40-40-01", 4, keywords="신호등,횡단보도,과속방지턱",
                 titles=("과속방지턱을 설치해 주세요", "횡단보도 신호 시간이 너무 짧아요"),
                 bodies=("놀이터 앞 도로에서 차들이 빠르게 달립니다. 과속방지턱이 필요합니다.",
                         "어르신들이 신호 안에 다 건너지 못합니다. 보행 신호를 늘려 주세요.")),
    CategorySpec("ILLEGAL-DUMPING", "쓰레기 무단투기", "환경·청소", "other", None, 11, routed_by_area=True,
                 keywords="쓰레기,무단투기,투기",
                 titles=("전봇대 밑 쓰레기 무단투기", "골목에 쓰레기가 쌓여 있어요"),
                 bodies=("분리수거도 안 된 쓰레기봉투가 며칠째 쌓여 냄새가 납니다.",
                         "밤마다 누군가 가구를 버리고 갑니다. CCTV 설치도 검토해 주세요.")),
    CategorySpec("NOISE", "생활 소음", "환경·청소", "other", "B40-70-02", 7, keywords="소음,층간,확성기",
                 titles=("새벽 공사 소음", "상가 확성기 소음이 심합니다"),
                 bodies=("오전 6시부터 공사 소음이 나 잠을 잘 수 없습니다.",
                         "가게 앞 스피커 음악 소리가 하루 종일 들립니다.")),
    CategorySpec("ODOR", "악취", "환경·청소", "other", "B40-70-03", 4, keywords="악취,냄새,하수구",
                 titles=("하수구 악취가 심해요", "음식점 배기 냄새"),
                 bodies=("여름이 되니 빗물받이에서 냄새가 올라옵니다.",
                         "식당 배기구가 주택 창문 쪽을 향해 있습니다.")),
    CategorySpec("BULKY-WASTE", "대형폐기물 수거 문의", "환경·청소", "inquiry_system", "B40-60-02", 3, keywords="대형폐기물,수거",
                 titles=("침대 매트리스 버리는 방법", "대형폐기물 스티커 문의"),
                 bodies=("이사하면서 가구를 버리려 합니다. 신청 절차와 수수료를 알려 주세요.",)),
    CategorySpec("PARK-FACILITY", "공원 시설 고장", "공원·녹지", "other", "B40-50-01", 5, keywords="공원,놀이터,운동기구",
                 titles=("놀이터 그네가 부서졌어요", "공원 운동기구 고장"),
                 bodies=("아이들이 타는 그네 줄이 끊어질 것 같습니다.",
                         "체육공원 철봉이 흔들립니다. 점검 부탁드립니다.")),
    CategorySpec("STREET-TREE", "가로수·녹지 정비", "공원·녹지", "other", "B40-50-03", 4, keywords="가로수,나무,꽃,화단",
                 titles=("가로수 가지가 전깃줄에 닿아요", "화단에 꽃이 다 말랐어요"),
                 bodies=("태풍이 오기 전에 가지치기를 해 주세요.",
                         "주민센터 앞 화단 꽃이 시들어 보기 좋지 않습니다.")),
    CategorySpec("BUILDING-REPORT", "불법 건축물 신고", "건축·주택", "grievance", "B40-20-02", 3, keywords="불법건축,증축",
                 titles=("옥상 불법 증축 신고", "주택 불법 용도변경"),
                 bodies=("옆 건물 옥상에 허가 없이 가건물을 올렸습니다. 확인 부탁드립니다.",)),
    CategorySpec("CONSTRUCTION-DUST", "공사장 먼지·안전", "건축·주택", "other", "B40-20-02", 4, keywords="공사,먼지,안전",
                 titles=("공사장 먼지가 날려요", "공사장 가림막이 넘어질 것 같아요"),
                 bodies=("살수차 없이 공사를 해서 창문을 열 수 없습니다.",)),
    CategorySpec("WELFARE-Q", "기초생활보장 문의", "복지", "inquiry_law", "B30-10-02", 3, keywords="기초생활,수급,복지",
                 titles=("기초생활수급 자격 문의", "주거급여 신청 조건"),
                 bodies=("혼자 사시는 어머니가 수급 대상이 되는지 법령 기준을 알고 싶습니다.",)),
    CategorySpec("ELDER-CARE", "어르신 돌봄 서비스 문의", "복지", "inquiry_system", "B30-20-03", 3, keywords="돌봄,어르신",
                 titles=("어르신 돌봄 서비스 신청 방법",),
                 bodies=("거동이 불편하신 아버지를 위한 방문 돌봄 신청 절차를 알려 주세요.",)),
    CategorySpec("TAX-OBJECTION", "지방세 부과 고충", "세무", "grievance", "B10-40-02", 2, keywords="재산세,지방세,부과",
                 titles=("재산세가 잘못 부과된 것 같습니다",),
                 bodies=("면적이 실제보다 크게 잡혀 재산세가 부과되었습니다. 바로잡아 주세요.",)),
    CategorySpec("TAX-Q", "지방세 문의", "세무", "inquiry_law", "B10-40-01", 2, keywords="취득세,세금",
                 titles=("취득세 감면 요건 문의",), bodies=("생애 최초 주택 구입 시 감면 요건을 알고 싶습니다.",)),
    CategorySpec("ROAD-OCCUPANCY", "도로점용 허가", "인허가(법정민원)", "statutory", "B40-30-02", 2, statutory_days=10,
                 keywords="도로점용,허가",
                 titles=("상가 앞 도로점용 허가 신청",), bodies=("간판 설치를 위한 도로점용 허가를 신청합니다.",)),
    CategorySpec("FOOD-BUSINESS", "식품위생 영업신고", "인허가(법정민원)", "statutory", "B50-10-03", 2, statutory_days=3,
                 keywords="영업신고,식품",
                 titles=("일반음식점 영업신고",), bodies=("새로 여는 분식점의 영업신고 서류를 제출합니다.",)),
    CategorySpec("BUILDING-USE", "건축물 사용승인", "인허가(법정민원)", "statutory", "B40-20-01", 1, statutory_days=7,
                 keywords="사용승인,준공",
                 titles=("다세대주택 사용승인 신청",), bodies=("공사를 마친 다세대주택의 사용승인을 신청합니다.",)),
    CategorySpec("ADMIN-SUGGESTION", "행정 개선 건의", "건의·기타", "suggestion", None, 4, keywords="건의,개선,제도",
                 titles=("주민센터 운영시간을 늘려 주세요", "구청 누리집 예약이 불편합니다"),
                 bodies=("직장인은 평일에 주민센터에 갈 수 없습니다. 목요일 야간 운영을 건의합니다.",
                         "시설 예약 화면이 휴대전화에서 잘 보이지 않습니다.")),
    CategorySpec("OTHER", "기타 불편사항", "건의·기타", "other", None, 3, keywords="기타",
                 titles=("어디에 물어야 할지 모르겠어요",), bodies=("집 앞 전신주 광고물이 지저분합니다.",)),
)

ANSWERS = {
    "other": ("현장을 확인하고 {date} 보수를 마쳤습니다. 불편을 드려 죄송합니다.",
              "현장을 확인한 결과 관리 주체에 정비를 요청했고, {date} 조치되었습니다."),
    "suggestion": ("건의하신 내용을 검토하여 {date}부터 시범 운영하기로 했습니다. 좋은 의견 감사합니다.",),
    "inquiry_law": ("문의하신 요건은 관계 법령에 따라 소득인정액 기준으로 판단합니다. 자세한 기준을 안내드립니다.",),
    "inquiry_system": ("신청은 주민센터 방문 또는 구 누리집에서 할 수 있으며, 필요한 서류를 안내드립니다.",),
    "grievance": ("현장조사 결과 말씀하신 내용이 확인되어 바로잡았습니다.",),
    "statutory": ("신청하신 건이 처리되어 허가(신고)증을 발급했습니다.",),
}
