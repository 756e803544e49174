from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrgConfig(AppConfig):
    name = "gamdong.org"
    label = "org"
    verbose_name = "조직"

    def ready(self):
        from gamdong.org.standard_series import ensure_standard_series

        post_migrate.connect(ensure_standard_series, sender=self, dispatch_uid="org-standard-series")
