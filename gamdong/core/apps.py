from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gamdong.core"
    label = "core"
    verbose_name = "공통(달력·기한·기록·알림)"
