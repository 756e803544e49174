"""정책화 pages, mounted at /policy/."""

from django.urls import path

from gamdong.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/<int:proposal_pk>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/update/", views.update, name="update"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("<int:pk>/measures/", views.measure_add, name="measure_add"),
    path("measures/<int:pk>/target/", views.measure_target, name="measure_target"),
    path("measures/<int:pk>/values/", views.value_add, name="value_add"),
    path("measures/<int:pk>/count/", views.measure_count, name="measure_count"),
    path("checks/<int:pk>/", views.check_record, name="check_record"),
    path("<int:pk>/grade/", views.grade, name="grade"),
    path("<int:pk>/finish/", views.finish, name="finish"),
    path("report/<int:year>/", views.report, name="report"),
    path("report/<int:year>.xlsx", views.report_xlsx, name="report_xlsx"),
]
