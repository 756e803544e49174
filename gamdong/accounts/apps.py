from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gamdong.accounts"
    label = "accounts"
    verbose_name = "계정"

    def ready(self) -> None:
        from gamdong.accounts import signals

        signals.connect()
