from django.urls import path

from gamdong.complaints import views_resident as views

app_name = "complaints"
urlpatterns = [
    path("new/", views.complaint_new, name="new"),
    path("new/questions/", views.complaint_new_questions, name="new_questions"),
    path("new/similar/", views.complaint_new_similar, name="new_similar"),
    path("mine/", views.complaint_mine, name="mine"),
    path("<str:receipt_number>/", views.complaint_detail, name="detail"),
    path("<str:receipt_number>/receipt/", views.complaint_receipt, name="receipt"),
    path("<str:receipt_number>/photos/<int:photo_id>/<str:size>/", views.complaint_photo, name="photo"),
    path("<str:receipt_number>/follow/", views.complaint_follow_view, name="follow"),
    path("<str:receipt_number>/rating/", views.complaint_rate_view, name="rate"),
    path("<str:receipt_number>/reopen/", views.complaint_reopen_view, name="reopen"),
    path("<str:receipt_number>/photos/", views.complaint_add_photos_view, name="add_photos"),
    path("<str:receipt_number>/withdraw/", views.complaint_withdraw_view, name="withdraw"),
]
