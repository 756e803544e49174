from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "gamdong.review"
    label = "review"
    verbose_name = "제안 심사(심의)"
