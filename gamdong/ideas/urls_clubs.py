from django.urls import path

from gamdong.ideas import views_clubs as views

app_name = "clubs"
urlpatterns = [
    path("", views.club_list, name="list"),
    path("<int:pk>/", views.club_detail, name="detail"),
    path("<int:pk>/join/", views.club_join, name="join"),
    path("<int:pk>/leave/", views.club_leave, name="leave"),
    path("<int:pk>/members/", views.club_add_member, name="add_member"),
    path("<int:pk>/leader/", views.club_hand_over, name="hand_over"),
    path("<int:pk>/meetings/", views.club_meeting, name="meeting"),
    path("<int:pk>/reports/", views.club_report, name="report"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("presentations/", views.presentation_list, name="presentations"),
    path("presentations/<int:pk>/", views.presentation_detail, name="presentation"),
    path("presentations/<int:pk>/reports/", views.presentation_add_report, name="presentation_add_report"),
    path("presentations/<int:pk>/hold/", views.presentation_hold, name="presentation_hold"),
]
