from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "gamdong.org"
    label = "org"
    verbose_name = "조직"
