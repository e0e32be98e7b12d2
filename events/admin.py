"""Events in the admin: curated with history and import/export. Status changes belong to the
workflow (the staff page); logs, registrations and feedback are read-only here."""

from django.contrib import admin

from clearinghouse.admin import HistoryImportExportAdmin

from .models import Event, EventLog, Feedback, Registration, RegistrationLog
from .resources import EventResource


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the portal itself; staff read it, nobody adds, edits or deletes it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(HistoryImportExportAdmin):
    resource_classes = [EventResource]
    list_display = ["title", "kind", "starts_at", "city", "country", "status"]
    list_filter = ["kind", "status", "online", "country", "themes"]
    search_fields = ["title", "title_ru", "city", "slug"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "cancellation_note"]
    autocomplete_fields = ["country", "organisers", "partners", "materials", "report"]
    filter_horizontal = ["countries", "themes"]


@admin.register(EventLog)
class EventLogAdmin(ReadOnlyAdmin):
    list_display = ["event", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """Personal data: read-only, no export; erasure and retention blank it (no history copies)."""

    list_display = ["pk", "event", "status", "attended", "created_at", "erased_at"]
    list_filter = ["status", "attended", "event"]
    search_fields = ["full_name", "email"]


@admin.register(RegistrationLog)
class RegistrationLogAdmin(ReadOnlyAdmin):
    list_display = ["registration", "action", "from_status", "to_status", "actor", "at"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["event", "overall", "content", "organisation", "created_at"]
    list_filter = ["event"]
