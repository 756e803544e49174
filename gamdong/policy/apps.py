from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "gamdong.policy"
    label = "policy"
    verbose_name = "정책화"
