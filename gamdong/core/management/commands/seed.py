"""`gamdong seed`: make data — the demo district's organisation and staff (more kinds of
data, such as `--complaints N` for benchmarks, arrive with the apps that own them)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "데모 구의 조직과 직원을 만듭니다 (이미 있으면 그대로 둡니다)."

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, default=2000, help="complaints of the past year to make")

    def handle(self, *args, **options):
        from gamdong.demo import seed

        if seed.is_seeded():
            self.stdout.write("데모 구가 이미 있습니다.")
            return
        try:
            seed.seed_demo_district(
                progress=lambda text: self.stdout.write(f"== {text}"), complaints=options["complaints"]
            )
        except Exception as exc:  # a half-seeded district is rolled back by the transaction
            raise CommandError(f"데모 데이터를 만들지 못했습니다: {exc}") from exc
