from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "gamdong.complaints"
    label = "complaints"
    verbose_name = "민원"

    def ready(self):
        from gamdong.complaints import (
            notices,  # noqa: F401 - registers the notice templates
            reference,  # noqa: F401 - connects its signals
        )
