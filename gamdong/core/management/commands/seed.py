"""`gamdong seed`: make data — the demo district's organisation and staff, and a year of
complaints (`--complaints N`).

Up to BULK_THRESHOLD complaints go through the complaint services one by one (every step of
each complaint's life, as an office would have taken it); more, or `--fast`, are written in
bulk by gamdong.demo.bulk (the same rows, thousands a second). `--no-search-index` leaves
the bulk complaints out of the word-search index (one entry per complaint).
"""

from django.core.management.base import BaseCommand, CommandError

BULK_THRESHOLD = 5_000


class Command(BaseCommand):
    help = "데모 구의 조직과 직원, 지난 1년의 민원을 만듭니다 (조직이 이미 있으면 그대로 둡니다)."

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, default=2000, help="complaints of the past year to make")
        parser.add_argument("--fast", action="store_true",
                            help=f"write complaints in bulk (automatic above {BULK_THRESHOLD})")
        parser.add_argument("--no-search-index", action="store_true",
                            help="bulk complaints are not added to the word-search index")

    def handle(self, *args, **options):
        from gamdong.demo import seed

        count = options["complaints"]
        bulk = options["fast"] or count > BULK_THRESHOLD

        def say(text):
            self.stdout.write(f"== {text}")
            self.stdout.flush()

        try:
            if seed.is_seeded():
                if not bulk:
                    self.stdout.write("데모 구가 이미 있습니다.")
                    return
                say("데모 구가 이미 있습니다: 민원만 더합니다")
            else:
                seed.seed_demo_district(progress=say, complaints=0 if bulk else count)
            if bulk and count:
                from gamdong.demo.bulk import bulk_complaints

                say(f"지난 1년의 민원 {count:,}건을 한꺼번에 씁니다")
                counts = bulk_complaints(count, progress=say, search_index=not options["no_search_index"])
                say("완료: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        except Exception as exc:  # a half-seeded district is rolled back by the transaction
            raise CommandError(f"데모 데이터를 만들지 못했습니다: {exc}") from exc
