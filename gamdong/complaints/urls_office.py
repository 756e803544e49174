"""The office's complaint pages, mounted at /office/complaints/."""

from django.urls import path

from gamdong.complaints import views_office

app_name = "office"

urlpatterns = [
    path("", views_office.inbox, name="inbox"),
    path("new/", views_office.register, name="new"),
    path("search/", views_office.search, name="search"),
    path("<int:pk>/", views_office.detail, name="detail"),
    path("<int:pk>/reveal/", views_office.reveal, name="reveal"),
    path("<int:pk>/<slug:action>/", views_office.act, name="act"),
]
