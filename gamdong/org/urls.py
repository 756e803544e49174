from django.urls import path

from gamdong.org import views

app_name = "org"
urlpatterns = [
    path("", views.org_chart, name="chart"),
    path("departments/<int:pk>/", views.department_detail, name="department"),
    path("employees/", views.directory, name="directory"),
    path("roster/", views.roster_import, name="roster_import"),
    path("roster/template.csv", views.roster_template, name="roster_template"),
    path("roster/<str:token>/rejected.csv", views.roster_rejected, name="roster_rejected"),
]
