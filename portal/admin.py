from django.contrib import admin

from .models import SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "kind", "created_at", "last_digest_at"]
    list_filter = ["kind"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["token"]
