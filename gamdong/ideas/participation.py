"""Who took part in each campaign, kept by the services that change what counts.

`CampaignParticipation` holds, per campaign and person, how many of the campaign's counting
proposals they took part in and how many of those they lead (the counting rule is
campaign_rules; its queryset form is selectors_campaigns.counting_proposals). The progress page
reads these rows (one per person) instead of every counting proposal of the year.

Who keeps it, inside their own transaction (no signals, so that a bulk load or a test that writes
rows directly is visibly outside the rule and must rebuild):

| action                                                  | what is recounted                                   |
|---------------------------------------------------------|-----------------------------------------------------|
| proposal saved / submitted / re-submitted (services)    | its people, in the campaigns it counts in before or after |
| 아이디어하우스 submission (through proposal_save)          | the same                                            |
| proposal withdrawn                                      | its people, in the campaigns it counted in          |
| campaign opened, period or kind changed                 | the whole campaign, from the proposals              |
| employees joining, moving, leaving; target departments  | nothing: eligibility and departments are read when the page is viewed |

Other status changes (screening, review, decisions) move a proposal between statuses that all
count, so they change nothing here.

Recounting, not adding one: each refresh counts the affected people's rows again from the
proposals, so a refresh is idempotent and cannot drift by a lost or doubled increment.
Concurrency: on SQLite every write transaction is IMMEDIATE, so writers are serial already. On
PostgreSQL (READ COMMITTED) two proposals of the same person saved at once could each count
without seeing the other; a transaction-level advisory lock per person, taken before counting
and held until commit, makes the second count see the first. A campaign rebuild takes the
shared "participation" lock exclusively, so that a proposal saved meanwhile is either seen by
the rebuild or counted afterwards under the campaign's new period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from gamdong.ideas import campaign_rules as rules
from gamdong.ideas.models import Campaign, CampaignKind, CampaignParticipation, CoProposer, Proposal
from gamdong.ideas.selectors_campaigns import counting_q

# Advisory lock keys (two int4 keys: a class for this module, then 0 for the whole table or a
# user id). 0x67640001 = "gd" and 1, chosen not to collide with anything else in the district.
LOCK_CLASS_TABLE = 0x67640001
LOCK_CLASS_PERSON = 0x67640002


@dataclass(frozen=True)
class Standing:
    """What of a proposal decides where it counts: status, submission time, the call it answers,
    and who proposed it (lead and co-proposers)."""

    status: str
    submitted_at: dt.datetime | None
    campaign_id: int | None
    people: frozenset[int]

    @property
    def counts_somewhere(self) -> bool:
        return self.submitted_at is not None and self.status not in rules.NOT_COUNTED_STATUSES


def standing_of(proposal: Proposal, *, people: Iterable[int] | None = None) -> Standing:
    """The proposal's standing now; reads its co-proposers (one query) unless `people` is given."""
    if people is None:
        people = [proposal.proposer_id, *CoProposer.objects.filter(proposal=proposal).values_list("user_id", flat=True)]
    return Standing(status=proposal.status, submitted_at=proposal.submitted_at, campaign_id=proposal.campaign_id,
                    people=frozenset(people))


def counted_standing(proposal: Proposal) -> Standing | None:
    """The standing of a proposal that counts somewhere, else None without a query (a draft)."""
    if proposal.submitted_at is None or proposal.status in rules.NOT_COUNTED_STATUSES:
        return None
    return standing_of(proposal)


def _campaigns_counting(standing: Standing, campaigns: list[Campaign]) -> list[Campaign]:
    if not standing.counts_somewhere:
        return []
    day = timezone.localdate(standing.submitted_at)
    return [c for c in campaigns if c.starts_on <= day <= c.ends_on
            and (c.kind == CampaignKind.ONE_EACH or c.pk == standing.campaign_id)]


def _lock(*, table_exclusive: bool = False, people: Iterable[int] = ()) -> None:
    """PostgreSQL: the table lock (shared by proposal refreshes, exclusive for a rebuild), then
    each person's lock in id order (so two refreshes never wait for each other in a circle)."""
    if connection.vendor != "postgresql":
        return  # SQLite: IMMEDIATE transactions are serial
    with connection.cursor() as cursor:
        table_fn = "pg_advisory_xact_lock" if table_exclusive else "pg_advisory_xact_lock_shared"
        cursor.execute(f"SELECT {table_fn}(%s, 0)", [LOCK_CLASS_TABLE])
        ids = sorted(set(people))
        if ids:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, u) FROM unnest(%s::int[]) AS u ORDER BY u",
                           [LOCK_CLASS_PERSON, ids])


def tally(campaign: Campaign, *, people: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """From the proposals: user id -> (counting proposals taken part in, of which led), for
    `people` or everyone. Two grouped reads of the counting proposals (index proposal_counting)."""
    led_rows = Proposal.objects.filter(counting_q(campaign))
    co_rows = (CoProposer.objects.filter(counting_q(campaign, prefix="proposal__"))
               .exclude(proposal__proposer=F("user")))  # a lead listed as co-proposer counts once
    if people is not None:
        ids = sorted(set(people))
        led_rows, co_rows = led_rows.filter(proposer__in=ids), co_rows.filter(user__in=ids)
    led = dict(led_rows.values_list("proposer_id").annotate(n=Count("pk")).order_by())
    co = dict(co_rows.values_list("user_id").annotate(n=Count("proposal_id", distinct=True)).order_by())
    return {user: (led.get(user, 0) + co.get(user, 0), led.get(user, 0)) for user in set(led) | set(co)}


def _store(campaign: Campaign, counts: dict[int, tuple[int, int]], *, people: Iterable[int] | None) -> None:
    """Make the campaign's rows for `people` (or all its rows) equal to `counts`."""
    gone = CampaignParticipation.objects.filter(campaign=campaign)
    if people is not None:
        gone = gone.filter(user__in=sorted(set(people)))
    if counts:
        gone = gone.exclude(user__in=sorted(counts))
    gone.delete()
    if counts:
        CampaignParticipation.objects.bulk_create(
            [CampaignParticipation(campaign=campaign, user_id=user, proposals=n, led=led)
             for user, (n, led) in sorted(counts.items())],
            update_conflicts=True, unique_fields=["campaign", "user"], update_fields=["proposals", "led"],
            batch_size=500,
        )


def participation_refresh(*, before: Standing | None, after: Standing | None) -> None:
    """After a proposal changed (in the caller's transaction): recount its people in every campaign
    it counts in before or after. Nothing to do, and no query, when it counts in neither."""
    standings = [s for s in (before, after) if s is not None and s.counts_somewhere]
    if not standings:
        return
    people = frozenset().union(*(s.people for s in (before, after) if s is not None))
    _lock(people=people)
    days = [timezone.localdate(s.submitted_at) for s in standings]
    calls = {s.campaign_id for s in standings if s.campaign_id}
    candidates = list(Campaign.objects.filter(Q(kind=CampaignKind.ONE_EACH) | Q(pk__in=calls),
                                              starts_on__lte=max(days), ends_on__gte=min(days))
                      .only("pk", "kind", "starts_on", "ends_on"))
    affected = {c.pk: c for s in standings for c in _campaigns_counting(s, candidates)}
    for campaign in affected.values():
        _store(campaign, tally(campaign, people=people), people=people)


def participation_rebuild(campaign: Campaign) -> int:
    """Recount a whole campaign from its proposals (when it is opened or its period or kind change,
    and for repairs). Returns the number of people who took part."""
    _lock(table_exclusive=True)
    counts = tally(campaign)
    _store(campaign, counts, people=None)
    return len(counts)


def participation_drift(campaign: Campaign) -> dict[int, tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """Where the stored rows differ from a recount: user id -> (stored, counted); empty when right."""
    stored = {u: (n, led) for u, n, led in
              CampaignParticipation.objects.filter(campaign=campaign).values_list("user_id", "proposals", "led")}
    counted = tally(campaign)
    return {u: (stored.get(u), counted.get(u)) for u in set(stored) | set(counted) if stored.get(u) != counted.get(u)}


def participation_rebuild_all(campaigns: Iterable[Campaign] | None = None) -> dict[int, int]:
    """Recount every campaign (or those given) from the proposals, after rows were written other
    than through the services (a bulk load, the demo's seeding). Campaign id -> people counted."""
    chosen = Campaign.objects.order_by("pk") if campaigns is None else campaigns
    return {campaign.pk: participation_rebuild(campaign) for campaign in chosen}
