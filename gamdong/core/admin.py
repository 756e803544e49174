from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from gamdong.core.calendar_services import (
    calendar_override_add,
    calendar_override_change,
    calendar_override_check,
    calendar_override_remove,
)
from gamdong.core.models import CalendarOverride


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
