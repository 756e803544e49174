"""`gamdong worker`: the background worker (huey consumer) with gamdong's defaults.

It runs queued jobs (notifications, reminders, ...) and the periodic ones. The queue is
SQLite (DATA_DIR/huey.sqlite3) unless REDIS_URL is set, in which case it is Redis; every
worker and web process of one installation must see the same queue.
Any option of huey's `run_huey` may be given to override the defaults.
"""

import logging

from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey

DEFAULTS = {"workers": 2, "worker_type": "thread", "periodic": True}


class Command(RunHuey):
    help = "백그라운드 작업(알림 발송, 예약 작업)을 실행합니다. 기본: 스레드 2개, 주기 작업 포함."

    def handle(self, *args, **options):
        from django.conf import settings
        from huey.contrib.djhuey import HUEY

        configured = settings.HUEY.get("consumer", {}) if isinstance(settings.HUEY, dict) else {}
        for key, value in DEFAULTS.items():
            if options.get(key) is None and key not in configured:
                options[key] = value

        # The consumer gives the "huey" logger a handler of its own; without this every line
        # of it was printed twice (once more by the root logger's console handler).
        logging.getLogger("huey").propagate = False
        if HUEY.immediate:
            self.stderr.write(
                "HUEY_IMMEDIATE is on: jobs run inside the web process and this worker has nothing to do."
            )
        return super().handle(*args, **options)
