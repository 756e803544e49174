from django.urls import path

from gamdong.core import calendar_views, settings_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("settings/", settings_views.district_settings_page, name="district_settings"),
    path("audit/", views.audit, name="audit"),
    path("calendar/", calendar_views.calculator, name="calculator"),
    path("calendar/holidays/", calendar_views.holidays, name="calendar_holidays"),
    path("privacy/", views.privacy, name="privacy"),
]
