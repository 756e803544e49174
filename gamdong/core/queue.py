"""The task queue on SQLite (the embedded default; Redis in production, settings.HUEY).

huey's SQLite storage runs in WAL mode with SQLite's default synchronous=FULL, which syncs the
file to disk at every commit: one fsync for every notice enqueued after a filing. In WAL mode,
synchronous=NORMAL (what gamdong's own SQLite database uses) keeps every committed task through
a crash or a kill of the process, and syncs at checkpoints instead; only a power cut (or an
operating-system crash) can lose the last few enqueues, whose notifications stay stored as
pending in the database.
"""

from __future__ import annotations

from huey import Huey
from huey.storage import SqliteStorage


class WalNormalSqliteStorage(SqliteStorage):
    def _create_connection(self):
        conn = super()._create_connection()
        conn.execute("pragma synchronous=NORMAL")
        return conn


class SqliteHuey(Huey):
    storage_class = WalNormalSqliteStorage
