from django.urls import path

from gamdong.review import views

app_name = "review"
urlpatterns = [
    path("", views.index, name="index"),
    path("committees/<int:pk>/", views.committee, name="committee"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/minutes.<str:fmt>", views.minutes_download, name="minutes_download"),
    path("items/<int:pk>/score/", views.score, name="score"),
    path("items/<int:pk>/results/", views.results, name="results"),
    path("items/<int:pk>/decide/", views.decide, name="decide"),
    path("items/<int:pk>/pilot/", views.pilot_new, name="pilot_new"),
    path("pilots/<int:pk>/", views.pilot, name="pilot"),
    path("decisions/<int:pk>/notice.<str:fmt>", views.notice_download, name="notice_download"),
    path("proposals/<int:pk>/", views.proposal_panel, name="proposal_panel"),
    path("proposals/<int:pk>/rereview/", views.rereview, name="rereview"),
]
