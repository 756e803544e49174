"""Committee composition and quorum.

Composition (공무원 제안 규정, 국민 제안 규정: "위원의 과반수(또는 2분의 1 이상)는 공무원이 아닌
사람"): at least `min_share` of the voting members are external (not public servants). The
required number is rounded UP: "at least half" of 5 members is 3, of 4 members is 2, of 7
is 4. The secretary (간사) is not a voting member and does not count either way.

Quorum (의사정족수): a meeting may decide when a majority of its voting members are present,
i.e. more than half (3 of 5, 3 of 4, 4 of 7). This is the usual rule of Korean committee
regulations ("재적위원 과반수의 출석으로 개의하고 출석위원 과반수의 찬성으로 의결한다"), which
district 제안 조례 and their committee rules repeat; gamdong applies it to every committee.
"""

from __future__ import annotations

import math

EPSILON = 1e-9  # share × members computed in floats: 0.5 × 6 must stay 3, not 3.0000000001


def required_external(members: int, min_share: float) -> int:
    """The fewest external members a committee of `members` voting members must have."""
    if members <= 0:
        return 0
    return max(0, math.ceil(members * min_share - EPSILON))


def external_share_met(*, external: int, members: int, min_share: float) -> bool:
    return members > 0 and external >= required_external(members, min_share)


def quorum(members: int) -> int:
    """The fewest voting members present for a quorum: a majority (more than half)."""
    return members // 2 + 1


def has_quorum(*, present: int, members: int) -> bool:
    return members > 0 and present >= quorum(members)
