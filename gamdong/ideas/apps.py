from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "gamdong.ideas"
    label = "ideas"
    verbose_name = "창의행정(아이디어·제안)"
