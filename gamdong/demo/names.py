"""Korean personal names for demo data, drawn with realistic frequencies.

Surname shares: 통계청 2015 인구주택총조사 (성씨·본관 통계), rounded; the rest of the
population is spread over the less common surnames listed last. Given names are two
syllables from syllables common in names of people born 1965–2000. Pure Python.
"""

import random

SURNAMES: tuple[tuple[str, float], ...] = (
    ("김", 21.5), ("이", 14.7), ("박", 8.4), ("최", 4.7), ("정", 4.3), ("강", 2.3), ("조", 2.1),
    ("윤", 2.1), ("장", 2.0), ("임", 1.7), ("한", 1.5), ("오", 1.5), ("서", 1.5), ("신", 1.5),
    ("권", 1.4), ("황", 1.4), ("안", 1.3), ("송", 1.3), ("전", 1.1), ("홍", 1.1), ("유", 1.1),
    ("고", 0.9), ("문", 0.9), ("양", 0.9), ("손", 0.9), ("배", 0.8), ("백", 0.8), ("허", 0.6),
    ("남", 0.5), ("심", 0.5), ("노", 0.4), ("하", 0.4), ("곽", 0.4), ("성", 0.4), ("차", 0.4),
    ("주", 0.4), ("우", 0.4), ("구", 0.4), ("민", 0.3), ("류", 0.3), ("나", 0.3), ("진", 0.3),
)

FIRST_SYLLABLES = "민서지현수영준예은하도윤재성승유동혜연진우정상경다소태주나시채"
SECOND_SYLLABLES = "민서준현우영진수호희아은연빈원훈석철숙미정윤경혁재환지율린솔"


def korean_name(rng: random.Random) -> str:
    """A plausible full name such as 김서연: surname by frequency, two-syllable given name."""
    surnames, weights = zip(*SURNAMES, strict=True)
    surname = rng.choices(surnames, weights=weights)[0]
    first = rng.choice(FIRST_SYLLABLES)
    second = rng.choice(SECOND_SYLLABLES)
    while second == first:
        second = rng.choice(SECOND_SYLLABLES)
    return surname + first + second


def mobile_number(rng: random.Random) -> str:
    """A mobile number in the 010-0000-xxxx range, which is not assigned to subscribers."""
    return f"010-0000-{rng.randrange(10000):04d}"
