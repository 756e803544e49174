"""Recount the campaigns' participation rows (CampaignParticipation) from the proposals, or with
--check only report where they differ and exit non-zero. The services keep the rows; this is for
repairs after rows were written around them (a bulk load, a manual fix in the database)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gamdong.ideas.models import Campaign
from gamdong.ideas.participation import participation_drift, participation_rebuild


class Command(BaseCommand):
    help = "제안 공모의 참여 집계를 제안에서 다시 셉니다(--check: 어긋난 곳만 알리고 있으면 실패로 끝남)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, action="append", help="이 공모만(번호, 여러 번 쓸 수 있음)")
        parser.add_argument("--check", action="store_true", help="고치지 않고 어긋난 곳만 알립니다")

    def handle(self, *args, campaign=None, check=False, **options):
        campaigns = Campaign.objects.order_by("pk")
        if campaign:
            campaigns = campaigns.filter(pk__in=campaign)
            missing = set(campaign) - set(campaigns.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"없는 공모입니다: {', '.join(map(str, sorted(missing)))}")
        drifted = 0
        for c in campaigns:
            if check:
                drift = participation_drift(c)
                drifted += bool(drift)
                for user_id, (stored, counted) in sorted(drift.items()):
                    self.stdout.write(f"{c.pk}\t사용자 {user_id}\t저장 {stored or '-'}\t실제 {counted or '-'}")
                state = f"어긋난 사람 {len(drift)}명" if drift else "맞음"
                self.stdout.write(f"공모 {c.pk} '{c.title}': {state}")
            else:
                with transaction.atomic():
                    people = participation_rebuild(c)
                self.stdout.write(f"공모 {c.pk} '{c.title}': 참여자 {people}명으로 다시 셌습니다")
        if drifted:
            raise CommandError(f"집계가 어긋난 공모 {drifted}개. --check 없이 실행하면 다시 셉니다.")
        self.stdout.write(self.style.SUCCESS("완료"))
