"""`gamdong demo`: a working demo district in one command (migrate, seed once, serve)."""

import os
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "데모 구(감동구)를 준비하고 서비스를 시작합니다: 마이그레이션, 최초 1회 데이터 생성, 서비스."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and stop")
        parser.add_argument(
            "--complaints", type=int, default=int(os.environ.get("DEMO_COMPLAINTS", "2000")),
            help="how many complaints of the past year the first run makes (default 2000)",
        )

    def handle(self, *args, **options):
        from gamdong.demo import seed

        started = time.monotonic()
        self._step("데이터베이스를 준비합니다 (migrate)")
        call_command("migrate", interactive=False, verbosity=0)
        if seed.is_seeded():
            self._step("데모 데이터가 이미 있습니다: 그대로 씁니다")
            logins = seed.demo_logins()
        else:
            logins = seed.seed_demo_district(progress=self._step, complaints=options["complaints"])
        self._step(f"준비 완료 ({time.monotonic() - started:.1f}초)")
        self._print_logins(logins, options)
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])

    def _step(self, text: str) -> None:
        self.stdout.write(f"== {text}")
        self.stdout.flush()

    def _print_logins(self, logins, options) -> None:
        address = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"감동구 데모: {address}"))
        self.stdout.write(f"데모 로그인 (비밀번호는 모두 {logins[0].password if logins else ''}):")
        for login in logins:
            self.stdout.write(f"  - {login.role}: {login.username}  ({login.name}, {login.where})")
        self.stdout.write(f"주민 가입 인증번호는 {settings.DATA_DIR / 'outbox'} 아래 파일로 저장됩니다 (실제 문자 발송 없음).")
        self.stdout.write("")
