from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from gamdong.core.calendar_services import (
    calendar_override_add,
    calendar_override_change,
    calendar_override_check,
    calendar_override_remove,
)
from gamdong.core.models import CalendarOverride, Event, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that are written by the system only: they can be read, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "event_type", "actor", "subject_type", "subject_label", "note")
    list_filter = ("event_type", "occurred_at", ("actor", admin.RelatedOnlyFieldListFilter), "subject_type")
    search_fields = ("subject_label", "note")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor", "subject_type")
    show_full_result_count = False  # counting a large record on every page is slow
    fields = (
        "occurred_at",
        "event_type",
        "actor",
        "subject_type",
        "subject_id",
        "subject_label",
        "before",
        "after",
        "note",
    )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "template", "recipient_name", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "template", "created_at")
    search_fields = ("recipient_name", "template", "subject")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    show_full_result_count = False


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "name", "reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("kind"):
            try:
                calendar_override_check(
                    date=cleaned["date"], kind=cleaned["kind"], exclude_pk=self.instance.pk
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        self.add_error(field if field in self.fields else None, error)
        return cleaned


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """휴무일·근무일 지정: every change goes through gamdong.core.calendar_services (events)."""

    form = CalendarOverrideForm
    list_display = ["date", "weekday", "kind", "name", "created_by", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "reason"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fields = ["date", "kind", "name", "reason", "created_by", "created_at", "updated_at"]

    @admin.display(description="요일")
    def weekday(self, obj: CalendarOverride) -> str:
        return "월화수목금토일"[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        values = {k: form.cleaned_data[k] for k in ("date", "kind", "name", "reason")}
        if change:
            saved = calendar_override_change(actor=request.user, override=obj, **values)
        else:
            saved = calendar_override_add(actor=request.user, **values)
        # The admin goes on with `obj` (its message, its log entry, its redirect).
        for name in ("pk", "date", "kind", "name", "reason", "created_by_id", "created_at", "updated_at"):
            setattr(obj, name, getattr(saved, name))
        obj._state.adding = False

    def delete_model(self, request, obj):
        calendar_override_remove(actor=request.user, override=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.order_by("pk"):
            calendar_override_remove(actor=request.user, override=obj)
