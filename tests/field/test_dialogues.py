"""주민과의 대화: each inconvenience raised becomes a complaint tracked to its end; ideas are kept."""

import pytest

from gamdong.accounts.models import Role
from gamdong.complaints.models import Channel, Status
from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.field import selectors
from gamdong.field.models import DialogueItemKind
from gamdong.field.services import (
    DIALOGUE_COMPLAINANT,
    FieldError,
    FieldNotAllowed,
    dialogue_add_idea,
    dialogue_add_inconvenience,
    dialogue_record,
)
from tests.complaints.conftest import seoul
from tests.factories import make_user

HELD = seoul(2026, 6, 16, 14, 0)


@pytest.fixture
def dialogue(district):
    return dialogue_record(host=district.supervisor.user, held_at=HELD, place="감동1동 주민센터 2층",
                           title="감동1동 주민과의 대화", attendees="주민 대표 등", attendee_count=42,
                           summary="보행 안전", department=district.roads)


def test_a_supervisor_records_a_dialogue(dialogue, district):
    assert dialogue.attendee_count == 42
    assert Event.objects.filter(event_type=EventType.DIALOGUE_RECORDED, subject_id=str(dialogue.pk)).exists()


def test_only_supervisors_and_the_mayor_record_dialogues(district):
    with pytest.raises(FieldNotAllowed):
        dialogue_record(host=district.officer.user, held_at=HELD, place="구청", title="대화")
    mayor = make_user("mayor", Role.MAYOR, name="구청장")
    assert dialogue_record(host=mayor, held_at=HELD, place="구청", title="구청장과의 대화").pk


def test_a_dialogue_needs_a_place_and_a_title(district):
    with pytest.raises(FieldError) as err:
        dialogue_record(host=district.supervisor.user, held_at=HELD, place=" ", title="대화")
    assert err.value.field == "place"


def test_an_inconvenience_raised_is_filed_as_a_complaint_registered_by_the_host(dialogue, district):
    item = dialogue_add_inconvenience(dialogue=dialogue, text="학교 앞 보도블록이 깨져 있어요", raised_by="김주민",
                                      category=district.pothole, address="감동로 5", now=HELD)

    complaint = item.complaint
    assert item.kind == DialogueItemKind.INCONVENIENCE
    assert complaint.channel == Channel.DIALOGUE
    assert complaint.registered_by == district.supervisor.user
    assert complaint.complainant_name == "김주민"
    assert complaint.status == Status.RECEIVED and complaint.due_at is not None
    assert complaint.department == district.roads


def test_an_unnamed_resident_is_written_down_as_an_attendee(dialogue, district):
    item = dialogue_add_inconvenience(dialogue=dialogue, text="가로등이 꺼져 있어요", category=district.pothole)
    assert item.complaint.complainant_name == DIALOGUE_COMPLAINANT


def test_an_empty_inconvenience_files_nothing(dialogue, district):
    with pytest.raises(FieldError):
        dialogue_add_inconvenience(dialogue=dialogue, text="", category=district.pothole)
    assert not dialogue.items.exists()


def test_an_idea_is_kept_for_creative_administration(dialogue):
    item = dialogue_add_idea(dialogue=dialogue, text="공원에 작은 도서관을 두면 좋겠어요", raised_by="박주민")
    assert item.kind == DialogueItemKind.IDEA and item.complaint is None
    assert Event.objects.filter(event_type=EventType.DIALOGUE_ITEM_ADDED, subject_id=str(dialogue.pk)).count() == 1


def test_the_dialogue_shows_each_items_complaint_status(dialogue, district, django_assert_max_num_queries):
    dialogue_add_inconvenience(dialogue=dialogue, text="보도 파손", category=district.pothole)
    dialogue_add_idea(dialogue=dialogue, text="아이디어")
    with django_assert_max_num_queries(4):  # the dialogue, its items with complaints, their proposals
        found = selectors.dialogue_detail(pk=dialogue.pk)
        rows = [(i.kind, i.complaint.get_status_display() if i.complaint else None,
                 i.complaint.department.name if i.complaint else None, list(i.proposals.all()))
                for i in found.items.all()]
    assert rows == [("inconvenience", "접수", "도로과", []), ("idea", None, None, [])]


def test_an_idea_raised_links_to_a_new_proposal_and_then_to_the_proposal_made(dialogue, district, client):
    from gamdong.ideas.models import Proposal

    item = dialogue_add_idea(dialogue=dialogue, text="공원에 작은 도서관을 두면 좋겠어요", raised_by="박주민")
    client.force_login(district.supervisor.user)
    page = client.get(f"/field/dialogues/{dialogue.pk}/").content.decode()
    assert f"/ideas/proposals/new/?dialogue_item={item.pk}" in page
    form = client.get(f"/ideas/proposals/new/?dialogue_item={item.pk}").content.decode()
    assert "공원에 작은 도서관" in form  # the idea raised comes with it
    proposal = Proposal.objects.create(title="작은 도서관", current_situation="-", problem="-", improvement="-",
                                       expected_effect="-", proposer=district.supervisor.user, dialogue_item=item,
                                       number="2026-0099")
    page = client.get(f"/field/dialogues/{dialogue.pk}/").content.decode()
    assert f"/ideas/proposals/{proposal.pk}/" in page and "?dialogue_item=" not in page
