from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "gamdong.core"
    label = "core"
    verbose_name = "공통(달력·기한·기록·알림)"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from gamdong.core import district_settings
        from gamdong.core.event_guard import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="gamdong-event-guard")
        # District settings are read from the cache once a request.
        request_started.connect(district_settings.request_started, dispatch_uid="gamdong-settings-request-started")
        request_finished.connect(district_settings.request_finished, dispatch_uid="gamdong-settings-request-finished")
