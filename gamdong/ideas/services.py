"""Every action a person takes on an idea or a proposal, up to its referral to the review
committee (the review app takes it from `proposal_accept_for_review` on).

Each function runs in a transaction, checks who may act and the rules
(gamdong.ideas.rules), writes its event and queues its notices (sent after commit).
Concurrency: counters move with F() updates; a change to what a person saw (an idea's
text, a proposal's sections) locks the row and compares `version` (IdeaConflict, 409).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gamdong.accounts.models import User
from gamdong.core.calendar_selectors import district_calendar
from gamdong.core.district_settings import district_setting
from gamdong.core.events import EventType, record_event, snapshot
from gamdong.ideas import notices, participation, rules
from gamdong.ideas.models import (
    Campaign,
    Club,
    CoProposer,
    Idea,
    IdeaComment,
    IdeaRevision,
    IdeaStatus,
    IdeaSupport,
    IneligibleReason,
    Proposal,
    ProposalAttachment,
    ProposalCounter,
    ProposalKind,
    ProposalStatus,
    Venue,
)
from gamdong.org.permissions import employee_of, is_proposal_office, is_staff_member


class IdeaError(Exception):
    """An idea or proposal action that cannot be done; `message` is for people (Korean)."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class IdeaConflict(IdeaError):
    status = 409


class IdeaNotAllowed(IdeaError):
    status = 403


class IdeaNotFound(IdeaError):
    status = 404


def _rule(violation: rules.RuleViolation) -> IdeaError:
    return IdeaError(violation.message, code=violation.code, field=violation.field)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


TITLE_MAX = 200
COMMENT_MAX = 2000
BODY_MAX = 20000

# --- who may act ---------------------------------------------------------------------------


def can_use_plaza(user) -> bool:
    """창의광장 is for the district's staff only; a resident never sees it."""
    return is_staff_member(user)


is_planner = is_proposal_office  # 제안·정책 담당 screens proposals at intake (administrators stand in)


def _require_plaza(user) -> None:
    if not can_use_plaza(user):
        raise IdeaNotAllowed("창의광장은 구청 직원만 이용할 수 있습니다.", code="forbidden")


def _require_planner(user) -> None:
    if not is_planner(user):
        raise IdeaNotAllowed("제안 접수 심사는 제안·정책 담당자만 할 수 있습니다.", code="forbidden")


def _clean_text(value: str, *, label: str, field_name: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise IdeaError(f"'{label}' 항목을 적어 주세요.", code="required", field=field_name)
    if len(text) > max_length:
        raise IdeaError(f"'{label}'은(는) {max_length}자까지 쓸 수 있습니다.", code="too_long", field=field_name)
    return text


# --- ideas: 창의광장 -------------------------------------------------------------------------


def _locked_idea(idea_id: int) -> Idea:
    try:
        return Idea.objects.select_for_update().get(pk=idea_id)
    except Idea.DoesNotExist:
        raise IdeaNotFound("아이디어를 찾을 수 없습니다.", code="not_found") from None


def _plaza_idea(idea_id: int) -> Idea:
    idea = Idea.objects.filter(pk=idea_id, venue=Venue.PLAZA).exclude(status=IdeaStatus.HIDDEN).first()
    if idea is None:
        raise IdeaNotFound("아이디어를 찾을 수 없습니다.", code="not_found")
    return idea


@transaction.atomic
def idea_post(*, author: User, title: str, body: str, campaign: Campaign | None = None,
              now: dt.datetime | None = None) -> Idea:
    """Post an idea on 창의광장; its first text is kept as the first revision."""
    _require_plaza(author)
    title = _clean_text(title, label="제목", field_name="title", max_length=TITLE_MAX)
    body = _clean_text(body, label="내용", field_name="body", max_length=BODY_MAX)
    moment = _now(now)
    employee = employee_of(author)
    idea = Idea.objects.create(
        venue=Venue.PLAZA, author=author, department=employee.department if employee else None, title=title,
        body=body, campaign=campaign, created_at=moment, last_activity_at=moment,
    )
    IdeaRevision.objects.create(idea=idea, editor=author, title=title, body=body, note="처음 작성", created_at=moment)
    record_event(EventType.IDEA_POSTED, actor=author, subject=idea, after=snapshot(idea, ["title", "venue"]),
                 occurred_at=moment)
    return idea


@transaction.atomic
def idea_comment(*, idea_id: int, author: User, body: str, now: dt.datetime | None = None) -> IdeaComment:
    """Comment on a plaza idea (open or proposed: the discussion may go on)."""
    _require_plaza(author)
    idea = _plaza_idea(idea_id)
    if idea.status == IdeaStatus.CLOSED:
        raise IdeaError("마감된 아이디어에는 댓글을 달 수 없습니다.", code="closed")
    body = _clean_text(body, label="댓글", field_name="body", max_length=COMMENT_MAX)
    moment = _now(now)
    comment = IdeaComment.objects.create(idea=idea, author=author, body=body, created_at=moment)
    Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1, last_activity_at=moment)
    record_event(EventType.IDEA_COMMENTED, actor=author, subject=idea, note=body[:100], occurred_at=moment)
    return comment


@transaction.atomic
def idea_support(*, idea_id: int, user: User, now: dt.datetime | None = None) -> IdeaSupport:
    """공감: one per person (a database constraint). Supporting again is refused (409); the
    person withdraws with `idea_unsupport`."""
    _require_plaza(user)
    idea = _plaza_idea(idea_id)
    moment = _now(now)
    try:
        with transaction.atomic():
            support = IdeaSupport.objects.create(idea=idea, user=user, created_at=moment)
    except IntegrityError:
        raise IdeaConflict("이미 공감한 아이디어입니다.", code="already_supported") from None
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1, last_activity_at=moment)
    record_event(EventType.IDEA_SUPPORTED, actor=user, subject=idea, occurred_at=moment)
    return support


@transaction.atomic
def idea_unsupport(*, idea_id: int, user: User) -> None:
    """Withdraw one's 공감; refused (409) when the person had not supported the idea."""
    _require_plaza(user)
    idea = _plaza_idea(idea_id)
    deleted, _ = IdeaSupport.objects.filter(idea=idea, user=user).delete()
    if not deleted:
        raise IdeaConflict("공감하지 않은 아이디어입니다.", code="not_supported")
    Idea.objects.filter(pk=idea.pk, support_count__gt=0).update(support_count=F("support_count") - 1)
    record_event(EventType.IDEA_SUPPORT_WITHDRAWN, actor=user, subject=idea)


@transaction.atomic
def idea_revise(*, idea_id: int, editor: User, title: str, body: str, expected_version: int, note: str = "",
                now: dt.datetime | None = None) -> Idea:
    """Improve an open idea together: anyone on the plaza may edit it; each edit is kept as a
    revision. The editor says which version they edited; if someone saved in between, the
    edit is refused (409) so that no one's words are silently lost."""
    _require_plaza(editor)
    idea = _locked_idea(idea_id)
    if idea.venue != Venue.PLAZA or idea.status == IdeaStatus.HIDDEN:
        raise IdeaNotFound("아이디어를 찾을 수 없습니다.", code="not_found")
    if idea.status != IdeaStatus.OPEN:
        raise IdeaError("의견을 나누는 중인 아이디어만 고칠 수 있습니다.", code="not_open")
    if idea.version != expected_version:
        raise IdeaConflict(
            "다른 사람이 먼저 이 아이디어를 고쳤습니다. 바뀐 내용을 확인한 뒤 다시 고쳐 주세요.", code="version_conflict",
        )
    title = _clean_text(title, label="제목", field_name="title", max_length=TITLE_MAX)
    body = _clean_text(body, label="내용", field_name="body", max_length=BODY_MAX)
    if title == idea.title and body == idea.body:
        raise IdeaError("바뀐 내용이 없습니다.", code="unchanged", field="body")
    moment = _now(now)
    before = snapshot(idea, ["title", "body"])
    idea.title, idea.body, idea.last_activity_at = title, body, moment
    idea.version = F("version") + 1
    idea.revision_count = F("revision_count") + 1
    idea.save(update_fields=["title", "body", "last_activity_at", "version", "revision_count"])
    idea.refresh_from_db(fields=["version", "revision_count"])
    IdeaRevision.objects.create(idea=idea, editor=editor, title=title, body=body, note=(note or "").strip()[:200],
                                created_at=moment)
    record_event(EventType.IDEA_REVISED, actor=editor, subject=idea, before=before,
                 after=snapshot(idea, ["title", "body"]), note=(note or "")[:200], occurred_at=moment)
    return idea


# --- proposals: drafting and submitting -------------------------------------------------------


@dataclass
class ProposalDraft:
    """What a proposer writes, and where it came from (links are checked by the service)."""

    title: str = ""
    current_situation: str = ""
    problem: str = ""
    improvement: str = ""
    expected_effect: str = ""
    kind: str = ProposalKind.STAFF
    co_proposer_ids: Sequence[int] = ()
    idea_id: int | None = None
    club_id: int | None = None
    campaign_id: int | None = None
    complaint_ids: Sequence[int] = ()
    dialogue_item_id: int | None = None
    links: str = ""  # one address per line, kept in the body of 현황 as references
    files: Sequence = field(default_factory=tuple)  # uploaded files (name, size, read())

    def sections(self) -> dict[str, str]:
        return {name: getattr(self, name) for name, _label in rules.SECTIONS}


SECTION_FIELDS = [name for name, _label in rules.SECTIONS]
STATE_FIELDS = ["status", "received_at", "supplement_due_at", "decision_due_at", "ineligible_reason"]
WITHDRAWABLE = (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.SUPPLEMENT_REQUESTED)


def attachment_limits() -> tuple[list[str], int, int]:
    """(allowed extensions, maximum bytes per file, maximum files) from the district settings."""
    return (
        list(district_setting("proposals.attachment_types")),
        int(district_setting("proposals.attachment_max_mb")) * 1024 * 1024,
        int(district_setting("proposals.attachment_max_count")),
    )


def check_files(files: Sequence, *, already: int = 0) -> None:
    """Refuse the whole upload (nothing stored) if one file is of a wrong type or too large."""
    allowed, max_bytes, max_count = attachment_limits()
    if already + len(files) > max_count:
        raise IdeaError(f"첨부파일은 {max_count}개까지 올릴 수 있습니다.", code="too_many_files", field="attachments")
    for upload in files:
        try:
            rules.check_attachment(upload.name, upload.size, allowed=allowed, max_bytes=max_bytes)
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc


def _staff_users(ids: Iterable[int], *, exclude: int) -> list[User]:
    wanted = {int(i) for i in ids if int(i) != exclude}
    if not wanted:
        return []
    users = list(User.objects.filter(pk__in=wanted, kind="staff", is_active=True, employee__active=True))
    if len(users) != len(wanted):
        raise IdeaError("공동제안자는 재직 중인 직원 중에서 골라 주세요.", code="invalid", field="co_proposers")
    return users


def _resolve_links(draft: ProposalDraft, *, proposer: User) -> dict:
    """The rows a draft links to, checked (a wrong id is a 400 naming the field)."""
    from gamdong.complaints.models import Complaint
    from gamdong.field.models import DialogueItem, DialogueItemKind

    out: dict = {"idea": None, "club": None, "campaign": None, "dialogue_item": None, "complaints": []}
    staff = is_staff_member(proposer)
    if draft.idea_id:
        idea = Idea.objects.filter(pk=draft.idea_id).exclude(status=IdeaStatus.HIDDEN).first()
        if idea is None or (idea.venue == Venue.PLAZA and not staff) or (idea.venue == Venue.HOUSE and idea.author_id != proposer.pk):
            raise IdeaError("출발한 아이디어를 찾을 수 없습니다.", code="not_found", field="idea")
        out["idea"] = idea
    if draft.club_id or draft.campaign_id or draft.complaint_ids or draft.dialogue_item_id:
        if not staff:
            raise IdeaNotAllowed("이 제안은 구청 직원만 쓸 수 있습니다.", code="forbidden")
    if draft.club_id:
        out["club"] = Club.objects.filter(pk=draft.club_id).first()
        if out["club"] is None:
            raise IdeaError("연구 동아리를 찾을 수 없습니다.", code="not_found", field="club")
    if draft.campaign_id:
        out["campaign"] = Campaign.objects.filter(pk=draft.campaign_id).first()
        if out["campaign"] is None:
            raise IdeaError("제안 공모를 찾을 수 없습니다.", code="not_found", field="campaign")
    if draft.dialogue_item_id:
        item = DialogueItem.objects.filter(pk=draft.dialogue_item_id, kind=DialogueItemKind.IDEA).first()
        if item is None:
            raise IdeaError("주민과의 대화에서 제기된 아이디어를 찾을 수 없습니다.", code="not_found", field="dialogue_item")
        out["dialogue_item"] = item
    if draft.complaint_ids:
        ids = {int(i) for i in draft.complaint_ids}
        complaints = list(Complaint.objects.filter(pk__in=ids))
        if len(complaints) != len(ids):
            raise IdeaError("근거 민원 중 찾을 수 없는 것이 있습니다.", code="not_found", field="complaints")
        out["complaints"] = complaints
    return out


def _kind_for(draft: ProposalDraft, links: dict, proposer: User) -> str:
    if not is_staff_member(proposer):
        return ProposalKind.CITIZEN
    if links["complaints"]:
        return ProposalKind.INSTITUTIONAL
    campaign = links["campaign"]
    if campaign is not None and campaign.kind == "themed_call":
        return ProposalKind.CALL
    if draft.kind in (ProposalKind.STAFF, ProposalKind.INSTITUTIONAL, ProposalKind.CALL):
        return draft.kind
    return ProposalKind.STAFF


def next_proposal_number(now: dt.datetime) -> str:
    """The next 제안 번호 of `now`'s year, taken under a row lock on the year's counter (submission,
    and a proposal imported with its past: the demo's)."""
    year = timezone.localtime(now).year
    ProposalCounter.objects.get_or_create(year=year)
    counter = ProposalCounter.objects.select_for_update().get(year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return rules.proposal_number(year, counter.last)


def _store_files(proposal: Proposal, files: Sequence, *, by: User, moment: dt.datetime) -> None:
    for upload in files:
        attachment = ProposalAttachment(proposal=proposal, name=upload.name[:200], size=upload.size, uploaded_by=by,
                                        uploaded_at=moment)
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        record_event(EventType.PROPOSAL_ATTACHMENT_ADDED, actor=by, subject=proposal, note=attachment.name,
                     occurred_at=moment)


def _apply_links(proposal: Proposal, links: dict, co_proposers: list[User], *, actor: User, moment) -> None:
    proposal.co_proposers.exclude(user__in=co_proposers).delete()
    have = set(proposal.co_proposers.values_list("user_id", flat=True))
    CoProposer.objects.bulk_create([CoProposer(proposal=proposal, user=u) for u in co_proposers if u.pk not in have])
    before = set(proposal.complaints.values_list("pk", flat=True))
    proposal.complaints.set(links["complaints"])
    added = {c.pk for c in links["complaints"]} - before
    if added:
        numbers = ", ".join(c.receipt_number for c in links["complaints"] if c.pk in added)
        record_event(EventType.PROPOSAL_LINKED, actor=actor, subject=proposal, note=f"근거 민원 {numbers}",
                     occurred_at=moment)


def _links_text(raw: str) -> str:
    lines = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    for line in lines:
        if not (line.startswith("https://") or line.startswith("http://")):
            raise IdeaError("참고 링크는 http:// 또는 https://로 시작하는 주소를 한 줄에 하나씩 적어 주세요.",
                            code="invalid", field="links")
    return "\n".join(lines)


LINKS_MARK = "\n\n[참고 링크]\n"


def split_links(current_situation: str) -> tuple[str, list[str]]:
    """현황 text and the reference links kept at its end."""
    if LINKS_MARK in current_situation:
        text, links = current_situation.split(LINKS_MARK, 1)
        return text, [line for line in links.splitlines() if line.strip()]
    return current_situation, []


@transaction.atomic
def proposal_save(*, proposer: User, draft: ProposalDraft, submit: bool, proposal_id: int | None = None,
                  expected_version: int | None = None, idempotency_key: str = "",
                  now: dt.datetime | None = None) -> Proposal:
    """Save a proposal as a draft, or submit it (new, or a draft/supplement being finished).

    Submitting checks every section (a Korean 400 naming the first empty one), takes the
    year's next number, turns a plaza idea into `proposed`, and handles a third identical
    submission by the same proposer as a repeat. `idempotency_key` makes a double click on
    "제출" return the first proposal instead of a second one.
    """
    moment = _now(now)
    if idempotency_key:
        earlier = Proposal.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            if earlier.proposer_id != proposer.pk:
                raise IdeaConflict("이미 사용한 요청 키입니다.", code="idempotency_key_reused")
            return earlier
    links = _resolve_links(draft, proposer=proposer)
    co_proposers = _staff_users(draft.co_proposer_ids, exclude=proposer.pk)
    if co_proposers and not is_staff_member(proposer):
        raise IdeaError("주민 제안에는 공동제안자를 넣을 수 없습니다.", code="invalid", field="co_proposers")
    kind = _kind_for(draft, links, proposer)
    sections = {name: (getattr(draft, name) or "").strip() for name in SECTION_FIELDS}
    if len(sections["title"]) > TITLE_MAX:
        raise IdeaError(f"제목은 {TITLE_MAX}자까지 쓸 수 있습니다.", code="too_long", field="title")
    if submit:
        try:
            # An idea-house submission (by a resident or a staff member) has 현황·문제점 as one section.
            source_idea = links["idea"] or proposal_idea(proposal_id)
            from_house = source_idea is not None and source_idea.venue == Venue.HOUSE
            rules.check_sections(sections, citizen=kind == ProposalKind.CITIZEN or from_house)
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc
    elif not sections["title"]:
        raise IdeaError("'제목' 항목을 적어 주세요. 임시 저장에도 제목은 필요합니다.", code="required", field="title")
    links_text = _links_text(draft.links)
    if links_text:
        sections["current_situation"] = sections["current_situation"] + LINKS_MARK + links_text

    if proposal_id is None:
        check_files(draft.files)
        proposal = Proposal(proposer=proposer, created_at=moment, idempotency_key=idempotency_key[:80])
        resubmitting = False
    else:
        proposal = _locked_proposal(proposal_id)
        if proposal.proposer_id != proposer.pk:
            raise IdeaNotAllowed("제안자만 제안을 고칠 수 있습니다.", code="forbidden")
        if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.SUPPLEMENT_REQUESTED):
            raise IdeaError("작성 중이거나 보완 요구를 받은 제안만 고칠 수 있습니다.", code="not_editable")
        if expected_version is not None and proposal.version != expected_version:
            raise IdeaConflict("그 사이 제안이 바뀌었습니다. 새로 불러와 다시 고쳐 주세요.", code="version_conflict")
        check_files(draft.files, already=proposal.attachments.count())
        resubmitting = proposal.status == ProposalStatus.SUPPLEMENT_REQUESTED
        if resubmitting and not submit:
            raise IdeaError("보완 요구를 받은 제안은 고친 뒤 바로 다시 제출해 주세요.", code="submit_required")
    before = None if proposal.pk is None else participation.counted_standing(proposal)

    employee = employee_of(proposer)
    for name, value in sections.items():
        setattr(proposal, name, value)
    proposal.kind = kind
    proposal.department = employee.department if employee else None
    proposal.idea = links["idea"] or proposal.idea
    proposal.club = links["club"] or proposal.club
    proposal.campaign = links["campaign"] or proposal.campaign
    proposal.dialogue_item = links["dialogue_item"] or proposal.dialogue_item
    proposal.updated_at = moment
    if proposal.pk:
        proposal.version = F("version") + 1
    was_new = proposal.pk is None
    if was_new and proposal.idempotency_key:
        try:
            with transaction.atomic():
                proposal.save()
        except IntegrityError:  # the same key saved by a concurrent request: that one wins
            return Proposal.objects.get(idempotency_key=proposal.idempotency_key)
    else:
        proposal.save()
    proposal.refresh_from_db(fields=["version"])
    if was_new:
        record_event(EventType.PROPOSAL_DRAFTED, actor=proposer, subject=proposal, occurred_at=moment)
    _apply_links(proposal, links, co_proposers, actor=proposer, moment=moment)
    _store_files(proposal, draft.files, by=proposer, moment=moment)
    if submit:
        if resubmitting:
            _resubmit(proposal, actor=proposer, moment=moment)
        else:
            _submit(proposal, actor=proposer, moment=moment)
    participation.participation_refresh(
        before=before, after=participation.standing_of(proposal, people=[proposer.pk, *(u.pk for u in co_proposers)]))
    return proposal


def proposal_idea(proposal_id: int | None) -> Idea | None:
    """The idea an existing proposal came from (None for a new one)."""
    if proposal_id is None:
        return None
    return Idea.objects.filter(proposals__pk=proposal_id).first()


def _submit(proposal: Proposal, *, actor: User, moment: dt.datetime) -> None:
    before = snapshot(proposal, STATE_FIELDS)
    proposal.number = proposal.number or next_proposal_number(moment)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = moment
    proposal.save(update_fields=["number", "status", "submitted_at"])
    record_event(EventType.PROPOSAL_SUBMITTED, actor=actor, subject=proposal, before=before,
                 after=snapshot(proposal, STATE_FIELDS), note=proposal.number, occurred_at=moment)
    if proposal.idea_id:
        Idea.objects.filter(pk=proposal.idea_id, venue=Venue.PLAZA, status=IdeaStatus.OPEN).update(
            status=IdeaStatus.PROPOSED, last_activity_at=moment,
        )
    first = _identical_first(proposal)
    if first is not None:
        proposal.status = ProposalStatus.REPEAT
        proposal.repeat_of = first
        proposal.save(update_fields=["status", "repeat_of"])
        record_event(EventType.PROPOSAL_MARKED_REPEAT, actor=None, subject=proposal,
                     before={"status": ProposalStatus.SUBMITTED}, after={"status": ProposalStatus.REPEAT},
                     note=f"처음 제출: {first.number}", occurred_at=moment)
        notices.marked_repeat(proposal, first=first)
        return
    notices.submitted(proposal)


def _identical_first(proposal: Proposal) -> Proposal | None:
    """The proposer's first identical submission when this one is the 3rd (setting) or later."""
    earlier = [
        p for p in Proposal.objects.filter(proposer=proposal.proposer, submitted_at__isnull=False)
        .exclude(pk=proposal.pk).exclude(status__in=[ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN])
        .only("pk", "number", "title", "improvement", "submitted_at").order_by("submitted_at", "pk")
        if rules.is_identical((p.title, p.improvement), (proposal.title, proposal.improvement))
    ]
    if rules.is_repeat(len(earlier), min_count=int(district_setting("proposals.repeat_min_count"))):
        return earlier[0]
    return None


def _resubmit(proposal: Proposal, *, actor: User, moment: dt.datetime) -> None:
    before = snapshot(proposal, STATE_FIELDS)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.save(update_fields=["status"])
    record_event(EventType.PROPOSAL_SUPPLEMENTED, actor=actor, subject=proposal, before=before,
                 after=snapshot(proposal, STATE_FIELDS), occurred_at=moment)


@transaction.atomic
def house_submit(*, author: User, situation: str, improvement: str, effect: str, title: str,
                 idempotency_key: str = "", now: dt.datetime | None = None) -> Proposal:
    """아이디어하우스: a resident's (or staff member's) idea, written in the proposal's sections,
    becomes an Idea(venue=house) and a submitted Proposal, screened like every proposal."""
    if not getattr(author, "is_authenticated", False):
        raise IdeaNotAllowed("로그인한 뒤 아이디어를 낼 수 있습니다.", code="unauthenticated")
    if idempotency_key:
        earlier = Proposal.objects.filter(idempotency_key=idempotency_key, proposer=author).first()
        if earlier is not None:
            return earlier
    fields = {"title": title, "current_situation": situation, "improvement": improvement, "expected_effect": effect}
    labels = {"title": "제목", "current_situation": "지금 불편한 점", "improvement": "이렇게 바꾸면 좋겠어요",
              "expected_effect": "바뀌면 좋아지는 점"}
    for name, value in fields.items():
        if not (value or "").strip():
            raise IdeaError(f"'{labels[name]}' 항목을 적어 주세요.", code="required", field=name)
    moment = _now(now)
    employee = employee_of(author)
    body = (f"[지금 불편한 점]\n{situation.strip()}\n\n[이렇게 바꾸면 좋겠어요]\n{improvement.strip()}\n\n"
            f"[바뀌면 좋아지는 점]\n{effect.strip()}")
    idea = Idea.objects.create(venue=Venue.HOUSE, author=author, department=employee.department if employee else None,
                               title=title.strip()[:TITLE_MAX], body=body, status=IdeaStatus.PROPOSED,
                               created_at=moment, last_activity_at=moment)
    record_event(EventType.IDEA_POSTED, actor=author, subject=idea, after=snapshot(idea, ["title", "venue"]),
                 occurred_at=moment)
    draft = ProposalDraft(title=title, current_situation=situation, problem="", improvement=improvement,
                          expected_effect=effect, idea_id=idea.pk)
    return proposal_save(proposer=author, draft=draft, submit=True, idempotency_key=idempotency_key, now=moment)


# --- intake screening (접수 심사) --------------------------------------------------------------


def _locked_proposal(proposal_id: int) -> Proposal:
    try:
        return Proposal.objects.select_for_update().get(pk=proposal_id)
    except Proposal.DoesNotExist:
        raise IdeaNotFound("제안을 찾을 수 없습니다.", code="not_found") from None


def _check_version(proposal: Proposal, expected_version: int | None) -> None:
    if expected_version is not None and proposal.version != expected_version:
        raise IdeaConflict("그 사이 다른 사람이 이 제안을 처리했습니다. 새로 불러와 확인해 주세요.", code="version_conflict")


def _bump(proposal: Proposal, fields: list[str], moment: dt.datetime) -> None:
    proposal.version = F("version") + 1
    proposal.updated_at = moment
    proposal.save(update_fields=[*fields, "version", "updated_at"])
    proposal.refresh_from_db(fields=["version"])


def _spans(proposal: Proposal) -> list[tuple[dt.datetime, dt.datetime | None]]:
    return [(dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b) if b else None)
            for a, b in proposal.excluded_spans]


def _end_of(day: dt.date) -> dt.datetime:
    """The end of the working time of `day` (18:00 by default): when a period ending that day ends."""
    return district_calendar().end_of_day(day)


def compute_deadlines(received_at: dt.datetime, spans, *, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """(supplement_due_at, decision_due_at) for a proposal received at `received_at` whose
    expert-opinion waits are `spans` (see rules.py for how days and months are counted)."""
    calendar = district_calendar()
    received = timezone.localtime(received_at).date()
    supplement = rules.supplement_due_date(received, days=int(district_setting("proposals.supplement_request_days")),
                                           is_working_day=calendar.is_working_day)
    excluded = rules.excluded_days(spans, now=now,
                                   max_days=int(district_setting("proposals.expert_opinion_max_weeks")) * 7)
    decision = rules.decision_due_date(received, months=int(district_setting("proposals.decision_months")),
                                       excluded_days=excluded, is_working_day=calendar.is_working_day)
    return _end_of(supplement), _end_of(decision)


def _receive(proposal: Proposal, *, actor: User, moment: dt.datetime, notify_proposer: bool = True) -> None:
    before = snapshot(proposal, STATE_FIELDS)
    proposal.received_at = moment
    proposal.supplement_due_at, proposal.decision_due_at = compute_deadlines(moment, _spans(proposal), now=moment)
    _bump(proposal, ["received_at", "supplement_due_at", "decision_due_at"], moment)
    record_event(EventType.PROPOSAL_RECEIVED, actor=actor, subject=proposal, before=before,
                 after=snapshot(proposal, STATE_FIELDS), occurred_at=moment)
    if notify_proposer:
        notices.received(proposal, actor=actor)


@transaction.atomic
def proposal_receive(*, proposal_id: int, actor: User, expected_version: int | None = None,
                     now: dt.datetime | None = None) -> Proposal:
    """접수: the planner takes a submitted proposal in; its deadlines start from now."""
    _require_planner(actor)
    proposal = _locked_proposal(proposal_id)
    _check_version(proposal, expected_version)
    if proposal.status != ProposalStatus.SUBMITTED or proposal.received_at is not None:
        raise IdeaError("제출되어 접수를 기다리는 제안만 접수할 수 있습니다.", code="not_waiting")
    _receive(proposal, actor=actor, moment=_now(now))
    return proposal


@transaction.atomic
def proposal_request_supplement(*, proposal_id: int, actor: User, missing: str, expected_version: int | None = None,
                                now: dt.datetime | None = None) -> Proposal:
    """보완 요구: allowed only until the supplement deadline (receipt + 7 days, a setting)."""
    _require_planner(actor)
    proposal = _locked_proposal(proposal_id)
    _check_version(proposal, expected_version)
    missing = (missing or "").strip()
    if not missing:
        raise IdeaError("보완할 내용을 적어 주세요.", code="required", field="missing")
    if proposal.status != ProposalStatus.SUBMITTED:
        raise IdeaError("접수 대기 중인 제안에만 보완을 요구할 수 있습니다.", code="not_waiting")
    moment = _now(now)
    if proposal.received_at is None:
        _receive(proposal, actor=actor, moment=moment, notify_proposer=False)
    if not rules.supplement_still_allowed(moment, proposal.supplement_due_at):
        due = timezone.localtime(proposal.supplement_due_at).strftime("%Y-%m-%d %H:%M")
        raise IdeaError(f"보완 요구 기한({due})이 지났습니다. 지금 내용으로 판단해 주세요.", code="supplement_overdue")
    before = snapshot(proposal, STATE_FIELDS)
    proposal.status = ProposalStatus.SUPPLEMENT_REQUESTED
    proposal.screening_note = missing
    _bump(proposal, ["status", "screening_note"], moment)
    record_event(EventType.PROPOSAL_SUPPLEMENT_REQUESTED, actor=actor, subject=proposal, before=before,
                 after=snapshot(proposal, STATE_FIELDS), note=missing[:300], occurred_at=moment)
    notices.supplement_requested(proposal, actor=actor, missing=missing)
    return proposal


@transaction.atomic
def proposal_rule_ineligible(*, proposal_id: int, actor: User, reason: str, note: str,
                             expected_version: int | None = None, now: dt.datetime | None = None) -> Proposal:
    """제안 아님: one of the statutory reasons (IneligibleReason) and a note to the proposer."""
    _require_planner(actor)
    proposal = _locked_proposal(proposal_id)
    _check_version(proposal, expected_version)
    if reason not in IneligibleReason.values:
        raise IdeaError("제안이 아닌 사유를 골라 주세요.", code="required", field="reason")
    note = (note or "").strip()
    if not note:
        raise IdeaError("제안자에게 알릴 의견을 적어 주세요.", code="required", field="note")
    if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.SUPPLEMENT_REQUESTED):
        raise IdeaError("접수 대기 중인 제안만 반려할 수 있습니다.", code="not_waiting")
    moment = _now(now)
    if proposal.received_at is None:
        _receive(proposal, actor=actor, moment=moment, notify_proposer=False)
    before = snapshot(proposal, STATE_FIELDS)
    proposal.status = ProposalStatus.INELIGIBLE
    proposal.ineligible_reason = reason
    proposal.screening_note = note
    _bump(proposal, ["status", "ineligible_reason", "screening_note"], moment)
    record_event(EventType.PROPOSAL_RULED_INELIGIBLE, actor=actor, subject=proposal, before=before,
                 after=snapshot(proposal, STATE_FIELDS), note=note[:300], occurred_at=moment)
    notices.ruled_ineligible(proposal, actor=actor)
    return proposal


@transaction.atomic
def proposal_expert_opinion_start(*, proposal_id: int, actor: User, note: str = "",
                                  now: dt.datetime | None = None) -> Proposal:
    """전문가 의견 요청: the wait (up to 3 weeks, a setting) is not counted in the decision period."""
    _require_planner(actor)
    proposal = _locked_proposal(proposal_id)
    if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW) or proposal.received_at is None:
        raise IdeaError("접수한 뒤 결정 전인 제안에만 전문가 의견을 요청할 수 있습니다.", code="not_received")
    if any(end is None for _start, end in _spans(proposal)):
        raise IdeaError("이미 전문가 의견을 기다리고 있습니다.", code="already_waiting")
    moment = _now(now)
    proposal.excluded_spans = [*proposal.excluded_spans, [moment.isoformat(), None]]
    _bump(proposal, ["excluded_spans"], moment)
    record_event(EventType.PROPOSAL_EXPERT_OPINION_STARTED, actor=actor, subject=proposal, note=(note or "")[:300],
                 occurred_at=moment)
    notices.expert_opinion_started(proposal, actor=actor)
    return proposal


@transaction.atomic
def proposal_expert_opinion_end(*, proposal_id: int, actor: User, now: dt.datetime | None = None) -> Proposal:
    """전문가 의견 접수: the wait ends; the decision deadline moves by the days waited
    (at most the setting's weeks)."""
    _require_planner(actor)
    proposal = _locked_proposal(proposal_id)
    spans = [list(s) for s in proposal.excluded_spans]
    if not spans or spans[-1][1] is not None:
        raise IdeaError("기다리고 있는 전문가 의견이 없습니다.", code="not_waiting")
    moment = _now(now)
    spans[-1][1] = moment.isoformat()
    before = snapshot(proposal, ["decision_due_at"])
    proposal.excluded_spans = spans
    _supplement, proposal.decision_due_at = compute_deadlines(proposal.received_at, _spans(proposal), now=moment)
    _bump(proposal, ["excluded_spans", "decision_due_at"], moment)
    record_event(EventType.PROPOSAL_EXPERT_OPINION_ENDED, actor=actor, subject=proposal, before=before,
                 after=snapshot(proposal, ["decision_due_at"]), occurred_at=moment)
    notices.expert_opinion_ended(proposal, actor=actor)
    return proposal


@transaction.atomic
def proposal_accept_for_review(*, proposal_id: int, actor: User, owner_department_id: int | None = None,
                               expected_version: int | None = None, now: dt.datetime | None = None) -> Proposal:
    """심사 회부: the proposal passed intake; the review app (committee, scoring) takes it on."""
    _require_planner(actor)
    proposal = _locked_proposal(proposal_id)
    _check_version(proposal, expected_version)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise IdeaError("접수 대기 중인 제안만 심사에 회부할 수 있습니다.", code="not_waiting")
    moment = _now(now)
    if proposal.received_at is None:
        _receive(proposal, actor=actor, moment=moment, notify_proposer=False)
    before = snapshot(proposal, STATE_FIELDS)
    proposal.status = ProposalStatus.UNDER_REVIEW
    fields = ["status"]
    if owner_department_id:
        from gamdong.org.models import Department

        department = Department.objects.filter(pk=owner_department_id, active=True).first()
        if department is None:
            raise IdeaError("소관 부서를 찾을 수 없습니다.", code="not_found", field="owner_department")
        proposal.owner_department = department
        fields.append("owner_department")
    _bump(proposal, fields, moment)
    record_event(EventType.PROPOSAL_REVIEW_STARTED, actor=actor, subject=proposal, before=before,
                 after=snapshot(proposal, STATE_FIELDS), occurred_at=moment)
    notices.accepted_for_review(proposal, actor=actor)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal_id: int, actor: User, now: dt.datetime | None = None) -> Proposal:
    """철회: the proposer may withdraw until the proposal goes to review."""
    proposal = _locked_proposal(proposal_id)
    if proposal.proposer_id != actor.pk:
        raise IdeaNotAllowed("제안자만 제안을 철회할 수 있습니다.", code="forbidden")
    if proposal.status not in WITHDRAWABLE:
        raise IdeaError("심사에 회부되기 전의 제안만 철회할 수 있습니다.", code="not_withdrawable")
    moment = _now(now)
    before = snapshot(proposal, STATE_FIELDS)
    counted = participation.counted_standing(proposal)
    proposal.status = ProposalStatus.WITHDRAWN
    _bump(proposal, ["status"], moment)
    participation.participation_refresh(before=counted, after=None)
    record_event(EventType.PROPOSAL_WITHDRAWN, actor=actor, subject=proposal, before=before,
                 after=snapshot(proposal, STATE_FIELDS), occurred_at=moment)
    if proposal.idea_id:
        Idea.objects.filter(pk=proposal.idea_id, venue=Venue.PLAZA, status=IdeaStatus.PROPOSED).update(
            status=IdeaStatus.OPEN)
    if proposal.number:
        notices.withdrawn(proposal)
    return proposal
