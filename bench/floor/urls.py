from django.urls import path

from . import views

urlpatterns = [
    path("rows/", views.latest),
    path("rows/new/", views.insert),
]
