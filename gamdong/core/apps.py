from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "gamdong.core"
    label = "core"
    verbose_name = "공통(달력·기한·기록·알림)"

    def ready(self) -> None:
        from gamdong.core.event_guard import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="gamdong-event-guard")
