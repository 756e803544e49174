from django.urls import path

from gamdong.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("signup/", views.code_start, {"purpose": views.SIGNUP}, name="signup"),
    path("signup/verify/", views.code_verify, {"purpose": views.SIGNUP}, name="signup_verify"),
    path("signup/complete/", views.signup_complete, name="signup_complete"),
    path("password-reset/", views.code_start, {"purpose": views.RESET}, name="password_reset"),
    path("password-reset/verify/", views.code_verify, {"purpose": views.RESET}, name="password_reset_verify"),
    path("password-reset/complete/", views.password_reset_complete, name="password_reset_complete"),
    path("password/", views.password_change, name="password_change"),
]
