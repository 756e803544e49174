"""The event record is append-only: not through the ORM, not through a plain queryset, not
even through raw SQL (database triggers, migration 0003_event_append_only)."""

import pytest
from django.db import DatabaseError, connection, models, transaction

from gamdong.core.event_guard import allow_event_purge
from gamdong.core.events import EventType, record_event
from gamdong.core.models import Event


@pytest.fixture
def event(db):
    return record_event(EventType.DISTRICT_SETTING_CHANGED, actor=None, before={"v": 1}, after={"v": 2}, note="원본")


def note_in_database(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM core_event WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_saved_event_cannot_be_changed_through_the_model(event):
    event.note = "고침"
    with pytest.raises(PermissionError):
        event.save()
    assert note_in_database(event.pk) == "원본"


def test_an_event_cannot_be_deleted_through_the_model(event):
    with pytest.raises(PermissionError):
        event.delete()
    assert Event.objects.filter(pk=event.pk).exists()


def test_the_event_queryset_refuses_update_and_delete(event):
    with pytest.raises(PermissionError):
        Event.objects.filter(pk=event.pk).update(note="고침")
    with pytest.raises(PermissionError):
        Event.objects.filter(pk=event.pk).delete()
    assert note_in_database(event.pk) == "원본"


def test_a_plain_queryset_that_bypasses_the_model_is_refused_by_the_database(event):
    plain = models.QuerySet(model=Event).filter(pk=event.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        plain.update(note="고침")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        plain._raw_delete(connection.alias)
    assert note_in_database(event.pk) == "원본"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_event SET note = 'raw' WHERE id = %s",
        "UPDATE core_event SET occurred_at = occurred_at WHERE id = %s",
        "DELETE FROM core_event WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_an_event(event, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert note_in_database(event.pk) == "원본"


def test_new_events_can_still_be_appended(event):
    record_event(EventType.DISTRICT_SETTING_RESET, actor=None)
    assert Event.objects.count() == 2


def test_a_deliberate_purge_may_delete_but_never_update(event):
    with allow_event_purge():
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE core_event SET note = 'raw' WHERE id = %s", [event.pk])
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_event WHERE id = %s", [event.pk])
    assert not Event.objects.filter(pk=event.pk).exists()


def test_the_purge_permission_ends_with_its_block(event):
    with allow_event_purge():
        pass
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_event WHERE id = %s", [event.pk])


def test_the_triggers_are_installed_on_this_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_event'::regclass AND NOT tgisinternal"
            )
            assert [row[0] for row in cursor.fetchall()] == ["core_event_append_only"]
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_event'")
            assert sorted(row[0] for row in cursor.fetchall()) == ["core_event_no_delete", "core_event_no_update"]


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_a_database_that_holds_events():
    """`gamdong flush` (and the test runner's flush after this very test) may empty the record."""
    from django.core.management import call_command

    record_event(EventType.DISTRICT_SETTING_CHANGED, actor=None)
    call_command("flush", interactive=False, verbosity=0)
    assert Event.objects.count() == 0
    record_event(EventType.DISTRICT_SETTING_CHANGED, actor=None)  # left for the teardown flush
