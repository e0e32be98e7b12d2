"""Sign-in, sign-out and password reset in the site's own layout (templates/registration/)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor

urlpatterns = [
    path("login/", two_factor.LoginView.as_view(), name="login"),
    path("two-factor/", two_factor.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/setup/", two_factor.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("two-factor/recovery/", two_factor.RecoveryCodesView.as_view(), name="two_factor_recovery"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
