from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "gamdong.field"
    label = "field"
    verbose_name = "현장행정"
