"""`gamdong serve`: serve production-style with gunicorn, static files through WhiteNoise,
and the background worker beside it."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "gunicorn(멀티 프로세스)로 서비스를 시작하고 백그라운드 작업자(huey)를 함께 띄웁니다."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", str(min(4, (os.cpu_count() or 1) + 1))))
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--no-worker", action="store_true", help="do not start the background worker")
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args, **options):
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not options["no_worker"] and not settings.HUEY.get("immediate"):
            worker = subprocess.Popen([sys.executable, "-m", "gamdong", "worker"])  # noqa: S603
        try:
            self._gunicorn(options)
        finally:
            if worker and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def _gunicorn(self, options):
        from gunicorn.app.base import BaseApplication

        from gamdong.wsgi import application

        bind = f"{options['host']}:{options['port']}"
        config = {
            "bind": bind,
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "accesslog": os.environ.get("ACCESS_LOG", "-"),
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 20,
            "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        }

        class Server(BaseApplication):
            def load_config(self):
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self):
                return application

        self.stdout.write(f"감동구 서비스: http://{bind}/ (작업 프로세스 {options['workers']}개)")
        Server().run()
