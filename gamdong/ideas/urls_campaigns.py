from django.urls import path

from gamdong.ideas import views_campaigns as views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.progress, name="progress"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
]
