from django.urls import path

from gamdong.core import calendar_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("calendar/", calendar_views.calculator, name="calculator"),
    path("calendar/holidays/", calendar_views.holidays, name="calendar_holidays"),
]
