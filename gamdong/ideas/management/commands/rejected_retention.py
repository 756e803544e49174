"""List the rejected proposals whose retention period (불채택제안 보존 기간) has ended."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gamdong.core.district_settings import district_setting
from gamdong.ideas.selectors import rejected_past_retention


class Command(BaseCommand):
    help = "보존 기간(구 설정, 기본 2년)이 지난 불채택 제안을 보여 줍니다. 지우지는 않습니다."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="기준일(YYYY-MM-DD, 기본 오늘)")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError("기준일은 YYYY-MM-DD로 적어 주세요.") from None
        rows = rejected_past_retention(today=day)
        years = district_setting("proposals.rejected_keep_years")
        for p in rows:
            decided = timezone.localtime(p.decided_at).date().isoformat()
            self.stdout.write(f"{p.number}\t{decided}\t{p.proposer.name}\t{p.title}")
        self.stdout.write(self.style.SUCCESS(f"보존 기간({years}년)이 지난 불채택 제안 {len(rows)}건"))
