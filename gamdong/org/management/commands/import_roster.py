"""`gamdong import_roster <file> [--dry-run] [--update]`: check a roster file and import it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gamdong.org import roster, services


class Command(BaseCommand):
    help = "직원 명부(CSV 또는 .xlsx)를 검사하고 가져옵니다. 형식: docs/roster.md"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 또는 .xlsx 파일")
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다")
        parser.add_argument("--update", action="store_true", help="이미 있는 직원번호는 갱신합니다")

    def handle(self, *args, file: str, dry_run: bool, update: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"파일이 없습니다: {file}")
        mode = roster.MODE_UPDATE if update else roster.MODE_CREATE
        content = path.read_bytes()
        try:
            if dry_run:
                report = services.roster_preview(actor=None, filename=path.name, content=content, mode=mode)
            else:
                report = services.roster_import(
                    actor=None, filename=path.name, content=content, mode=mode
                ).report
        except roster.RosterFileError as exc:
            raise CommandError(str(exc)) from exc
        except services.RosterImportFailed as exc:
            raise CommandError(exc.message) from exc
        for row in report.rejected:
            self.stdout.write(f"{row.number}행 제외: " + " / ".join(row.reasons))
        verb = "가져올 수 있는" if dry_run else "가져온"
        self.stdout.write(
            f"전체 {report.total}행: {verb} 행 {len(report.accepted)}개 "
            f"(새 직원 {report.created_count}명, 갱신 {report.updated_count}명), 제외 {len(report.rejected)}개"
            + (" — 검사만 했고 저장하지 않았습니다." if dry_run else "")
        )
