from django.urls import path

from gamdong.field import views

app_name = "field"
urlpatterns = [
    path("", views.today, name="today"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/record/", views.visit_record, name="visit_record"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/move/<str:direction>/", views.visit_move, name="visit_move"),
    path("dialogues/", views.dialogues, name="dialogues"),
    path("dialogues/<int:pk>/", views.dialogue, name="dialogue"),
    path("dialogues/<int:pk>/inconvenience/", views.dialogue_inconvenience, name="dialogue_inconvenience"),
    path("dialogues/<int:pk>/idea/", views.dialogue_idea, name="dialogue_idea"),
]
