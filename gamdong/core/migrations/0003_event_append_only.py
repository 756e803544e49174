"""The database itself refuses UPDATE and DELETE on core_event (the event record is append-only).

PostgreSQL: a plpgsql trigger function raises an exception. A DELETE (never an UPDATE) is let
through only inside a transaction that set `gamdong.allow_event_purge = 'on'` (see
gamdong.core.event_guard.allow_event_purge), for the `flush` command and retention purges.
TRUNCATE does not fire row triggers; production roles should not hold TRUNCATE on core_event.

SQLite: BEFORE UPDATE/DELETE triggers RAISE(ABORT). The DELETE trigger asks the function
gamdong_event_purge_allowed(), which gamdong registers on its own connections only; any other
client (the sqlite3 shell) lacks it, so its DELETE fails too.

Careful: on SQLite, a migration that rebuilds core_event (most AlterField operations) drops
these triggers; such a migration must re-create them (call `create_triggers` again).
"""

from django.db import migrations

POSTGRESQL_CREATE = """
CREATE OR REPLACE FUNCTION core_event_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('gamdong.allow_event_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'core_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_event_append_only ON core_event;
CREATE TRIGGER core_event_append_only
    BEFORE UPDATE OR DELETE ON core_event
    FOR EACH ROW EXECUTE FUNCTION core_event_refuse_change();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS core_event_append_only ON core_event;
DROP FUNCTION IF EXISTS core_event_refuse_change();
"""

SQLITE_CREATE = [
    "DROP TRIGGER IF EXISTS core_event_no_update",
    "DROP TRIGGER IF EXISTS core_event_no_delete",
    """CREATE TRIGGER core_event_no_update BEFORE UPDATE ON core_event
       BEGIN SELECT RAISE(ABORT, 'core_event is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER core_event_no_delete BEFORE DELETE ON core_event
       WHEN gamdong_event_purge_allowed() IS NOT 1
       BEGIN SELECT RAISE(ABORT, 'core_event is append-only: DELETE refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_event_no_update",
    "DROP TRIGGER IF EXISTS core_event_no_delete",
]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [POSTGRESQL_CREATE])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)
    else:  # pragma: no cover - gamdong supports SQLite and PostgreSQL
        raise NotImplementedError(f"no append-only trigger for {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [POSTGRESQL_DROP])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_notification")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
