"""The Django admin for users and their roles; role changes there are recorded as events."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from gamdong.accounts import services
from gamdong.accounts.models import RoleGrant, User, VerificationCode


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    fields = ["role", "granted_at"]
    readonly_fields = ["granted_at"]
    verbose_name = "역할"
    verbose_name_plural = "역할 (부여·회수는 기록에 남습니다)"


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["username", "name", "kind"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_phone(self) -> str:
        from gamdong.accounts.identifiers import normalize_phone

        text = (self.cleaned_data.get("phone") or "").strip()
        if not text:
            return ""
        digits = normalize_phone(text)
        if digits is None:
            raise forms.ValidationError("휴대전화 번호를 010-1234-5678 형식으로 입력하세요.")
        return digits


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    inlines = [RoleGrantInline]
    list_display = ["username", "name", "kind", "email", "phone", "is_active", "last_login"]
    list_filter = ["kind", "is_active", "is_staff", "role_grants__role"]
    search_fields = ["username", "name", "email", "phone"]
    ordering = ["username"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            "개인 정보",
            {
                "fields": [
                    "name",
                    "kind",
                    "email",
                    "email_verified_at",
                    "phone",
                    "phone_verified_at",
                    "preferred_language",
                ]
            },
        ),
        ("권한", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("기록", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "name", "kind", "password1", "password2"]}),
    ]

    def save_related(self, request, form, formsets, change):
        """Save the inlines, then record each role granted or revoked by this edit."""
        user = form.instance
        before = services.roles_before(user) if change else set()
        super().save_related(request, form, formsets, change)
        services.roles_record_changes(user=user, before=before, actor=request.user)


@admin.register(VerificationCode)
class VerificationCodeAdmin(admin.ModelAdmin):
    """Read only: for answering "I never got my code"."""

    list_display = [
        "created_at",
        "purpose",
        "channel",
        "address",
        "attempts",
        "verified_at",
        "used_at",
        "created_ip",
    ]
    list_filter = ["purpose", "channel"]
    search_fields = ["address", "created_ip"]
    exclude = ["code_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
