"""Background jobs of the core app (huey; started with `gamdong worker`).

Retries: a delivery is tried once and retried NOTIFICATION_RETRIES times (default 3),
waiting NOTIFICATION_RETRY_DELAY seconds (default 60), doubled after each try
(60 s, 120 s, 240 s). After the last try the notification is marked failed; every
morning `retry_failed_notifications` gives recent failures another round, until a
notification has had NOTIFICATION_MAX_ATTEMPTS tries (default 8).
"""

from django.conf import settings
from django.db import connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gamdong.core import notifications

NOTIFICATION_RETRIES = int(getattr(settings, "NOTIFICATION_RETRIES", 3))
NOTIFICATION_RETRY_DELAY = int(getattr(settings, "NOTIFICATION_RETRY_DELAY", 60))  # seconds


@db_task(retries=NOTIFICATION_RETRIES, retry_delay=NOTIFICATION_RETRY_DELAY, retry_backoff=2, context=True)
def deliver_notification(notification_id: int, task=None) -> None:
    """Send one notification; raising makes huey retry it after the delay."""
    final = task is None or task.retries <= 0
    notifications.deliver(notification_id, final_attempt=final)


@db_task(retries=NOTIFICATION_RETRIES, retry_delay=NOTIFICATION_RETRY_DELAY, retry_backoff=2, context=True)
def deliver_notifications(notification_ids: list[int], task=None) -> None:
    """Send the notifications one transaction made (one enqueue for all). Each is tried once; a
    failure does not hold back the others. If any failed with tries left, raising makes huey
    retry the task, which sends only those still unsent: every notification gets its own tries."""
    final = task is None or task.retries <= 0
    failed = None
    for notification_id in notification_ids:
        try:
            notifications.deliver(notification_id, final_attempt=final)
        except notifications.DeliveryError as exc:
            failed = exc
    if failed is not None:
        raise failed


# huey reads crontabs in UTC: 00:10 UTC is 09:10 in Seoul (no daylight saving), the start of
# the working day, so that nobody gets a notice in the night.
@db_periodic_task(crontab(hour="0", minute="10"))
def retry_failed_notifications() -> list[int]:
    """Every morning: another round of tries for notifications that failed recently."""
    return notifications.requeue_failed()


def checkpoint_sqlite_wal() -> tuple[int, int, int] | None:
    """SQLite: copy the write-ahead log into the database file (PASSIVE: never waits for, nor
    blocks, the web processes' readers and writer), so that no request has to (settings:
    wal_autocheckpoint). Returns SQLite's (busy, frames in the log, frames checkpointed);
    None on PostgreSQL."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        busy, log, checkpointed = cursor.fetchone()
    return busy, log, checkpointed

if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":

    @db_periodic_task(crontab(minute="*"))
    def checkpoint_sqlite_wal_every_minute() -> tuple[int, int, int] | None:
        """Every minute, on SQLite only: see checkpoint_sqlite_wal."""
        return checkpoint_sqlite_wal()
