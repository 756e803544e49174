"""The one deliberate way to remove events: `allow_event_purge()`.

The database refuses every UPDATE and DELETE on core_event (migration 0003_event_append_only).
Removing rows is still needed twice: `gamdong flush` (which empties a whole database, used by
the tests and by `gamdong demo`) and a retention purge that the district's records schedule
requires. Both run inside `allow_event_purge()`; nothing else can delete an event, and
nothing at all can change one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction

_state = threading.local()


def _purge_allowed() -> int:
    """The SQL function gamdong_event_purge_allowed() on SQLite: 1 inside allow_event_purge()."""
    return 1 if getattr(_state, "allowed", False) else 0


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created handler: give SQLite connections the function the trigger asks."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("gamdong_event_purge_allowed", 0, _purge_allowed)


@contextmanager
def allow_event_purge(using: str = "default") -> Iterator[None]:
    """Let DELETE on core_event through, in this thread and transaction only. Never UPDATE."""
    connection = connections[using]
    previous = getattr(_state, "allowed", False)
    _state.allowed = True
    try:
        if connection.vendor == "postgresql":
            # set_config(..., true) lasts to the end of the transaction; when this block runs
            # inside a longer transaction, switch it off again on the way out (on an error the
            # savepoint's rollback undoes it).
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('gamdong.allow_event_purge', 'on', true)")
                yield
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('gamdong.allow_event_purge', 'off', true)")
        else:
            yield
    finally:
        _state.allowed = previous
