"""Who may see and do what in 심의.

| who                                            | committees, agenda, minutes | scores of an item                                   | spread, outliers | manage (form, convene, agenda, scoring, pilot, decide) |
|------------------------------------------------|-----------------------------|-----------------------------------------------------|------------------|--------------------------------------------------------|
| secretariat: role planner (제안·정책 담당), admin | all committees              | once every present voting member has scored         | yes              | yes                                                    |
| secretary (간사) of the committee               | that committee              | same                                                | yes              | that committee                                         |
| chair (위원장)                                   | that committee              | same                                                | yes              | records the decision too                               |
| member (위원)                                    | that committee              | their own sheet always; others once all have scored | no               | scores                                                 |
| member who proposed the item (lead or co)      | that committee              | never for that item                                 | no               | never scores it                                        |
| resident, non-member staff                     | nothing (403)               | nothing (403)                                       | no               | no                                                     |
| the proposer                                   | only the decision on their proposal (proposal panel)                                                                                                |

Scores stay hidden until all present voting members have scored so that nobody's marks lean
on another's (blind scoring); closing the round shows them as well.
"""

from __future__ import annotations

from gamdong.org.permissions import is_proposal_office
from gamdong.review.models import CommitteeMember, MemberRole


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


is_secretariat = is_proposal_office  # the proposal office: planners (심사 간사) and admins, staff accounts only


def seats_of(user) -> dict[int, CommitteeMember]:
    """The user's active seats by committee id (cached on the user object for the request)."""
    if not _authenticated(user):
        return {}
    cached = getattr(user, "_review_seats", None)
    if cached is None:
        cached = {m.committee_id: m for m in CommitteeMember.objects.filter(user=user, active=True)}
        user._review_seats = cached
    return cached


def forget_seats(user) -> None:
    if user is not None and hasattr(user, "_review_seats"):
        del user._review_seats


def seat(user, committee_id: int) -> CommitteeMember | None:
    return seats_of(user).get(committee_id)


def can_use_review(user) -> bool:
    return is_secretariat(user) or bool(seats_of(user))


def can_view_committee(user, committee_id: int) -> bool:
    return is_secretariat(user) or seat(user, committee_id) is not None


def can_manage(user, committee_id: int) -> bool:
    """Convene, put on the agenda, open and close scoring, pilots, minutes."""
    if is_secretariat(user):
        return True
    member = seat(user, committee_id)
    return member is not None and member.role == MemberRole.SECRETARY


def can_decide(user, committee_id: int) -> bool:
    """Record the committee's decision: the secretariat, the secretary or the chair."""
    if can_manage(user, committee_id):
        return True
    member = seat(user, committee_id)
    return member is not None and member.role == MemberRole.CHAIR


def can_form_committees(user) -> bool:
    return is_secretariat(user)


def sees_spread(user, committee_id: int) -> bool:
    """Spread and outliers: the chair and the secretariat."""
    return can_decide(user, committee_id)
