"""Issue, list and revoke the API keys of Open311 clients.

    gamdong open311_client issue "국민신문고 연계" [--hourly-limit 500]
    gamdong open311_client list
    gamdong open311_client revoke "국민신문고 연계"

The key is printed once, when it is issued; only its hash is kept.
"""

from django.core.management.base import BaseCommand, CommandError

from gamdong.open311 import services
from gamdong.open311.models import ApiClient


class Command(BaseCommand):
    help = "Open311 클라이언트 API 키를 발급·조회·중지합니다."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue")
        issue.add_argument("name")
        issue.add_argument("--hourly-limit", type=int, default=100)
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("name")

    def handle(self, *args, action: str, **options):
        if action == "issue":
            try:
                issued = services.api_client_issue(name=options["name"], hourly_limit=options["hourly_limit"])
            except services.Open311Error as exc:
                raise CommandError(exc.description) from exc
            self.stdout.write(f"{issued.client.name}: {issued.key}")
            self.stdout.write("이 키는 다시 보여 주지 않습니다. 안전한 곳에 보관하십시오.")
        elif action == "list":
            for client in ApiClient.objects.all():
                state = "사용" if client.active else "중지"
                self.stdout.write(f"{client.name}\t{client.key_prefix}…\t시간당 {client.hourly_limit}건\t{state}")
        else:
            client = ApiClient.objects.filter(name=options["name"]).first()
            if client is None:
                raise CommandError(f"없는 클라이언트입니다: {options['name']}")
            services.api_client_revoke(client=client)
            self.stdout.write(f"{client.name}: 사용을 중지했습니다.")
