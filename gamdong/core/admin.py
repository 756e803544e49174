from django.contrib import admin

from gamdong.core.models import Event, Notification


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
