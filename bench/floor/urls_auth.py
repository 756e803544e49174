from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

urlpatterns = [
    path("rows/", login_required(views.latest)),
    path("rows/new/", login_required(views.insert)),
]
