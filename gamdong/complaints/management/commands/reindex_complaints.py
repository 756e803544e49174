"""Rebuild the Korean word search index of complaints (after a bulk load or a change of rules)."""

from django.core.management.base import BaseCommand

from gamdong.complaints.search import REINDEX_BATCH, reindex


class Command(BaseCommand):
    help = "민원 검색 색인을 처음부터 다시 만듭니다."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=REINDEX_BATCH, help="한 번에 색인할 민원 수")

    def handle(self, *args, batch: int, **options):
        def progress(done: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}건 색인")

        done = reindex(None, batch=batch, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"민원 {done}건의 검색 색인을 만들었습니다."))
