from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .admin_imports import BackgroundImportMixin, ImportJobAdmin
from .models import Contact, Country, ImportJob, Organisation, Region, Theme, User, WorkflowEvent
from .publishing import public_content_changed

# The admin carries the portal's name.
admin.site.site_header = _("Anti-Trafficking Clearinghouse administration")
admin.site.site_title = _("Anti-Trafficking Clearinghouse")
admin.site.index_title = _("Curation")


class HistoryImportExportAdmin(BackgroundImportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """Import/export and change history for a curated model; imports are checked, previewed and run
    in the background (clearinghouse.admin_imports). Curated models are public content: every save,
    deletion and import here renews the public page cache."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_content_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        public_content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_content_changed()


admin.site.register(ImportJob, ImportJobAdmin)


class CheckedFileWidget(AdminFileWidget):
    """The admin's file input for an uploaded file: it links to the view that checks access and
    sends the file (`url_for(stored_file)`), never to a storage address (private files have none,
    and no URL serves MEDIA_ROOT)."""

    template_name = "clearinghouse/widgets/checked_file_input.html"

    def __init__(self, attrs=None, *, url_for):
        super().__init__(attrs)
        self.url_for = url_for

    def is_initial(self, value):
        instance = getattr(value, "instance", None)
        return bool(value and instance is not None and instance.pk)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["download_url"] = self.url_for(value) if self.is_initial(value) else ""
        return context


class RecordAdmin(ExportMixin, SimpleHistoryAdmin):
    """A record the portal writes itself (an event log, a frozen version, a checked upload): staff
    read and export it, nobody adds, edits, imports or deletes it, so the trail cannot be rewritten."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline:
    """An inline of records a workflow writes: shown with their parent, never added, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CountryResource(resources.ModelResource):
    class Meta:
        model = Country
        import_id_fields = ["iso2"]
        fields = ["iso2", "iso3", "name", "name_ru", "region", "osce_participating", "situation_summary"]


@admin.register(Region)
class RegionAdmin(HistoryImportExportAdmin):
    list_display = ["name", "name_ru", "slug", "order"]
    search_fields = ["name", "name_ru"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(HistoryImportExportAdmin):
    resource_classes = [CountryResource]
    list_display = ["name", "iso2", "iso3", "region", "osce_participating"]
    list_filter = ["region", "osce_participating"]
    search_fields = ["name", "name_ru", "iso2", "iso3"]


@admin.register(Theme)
class ThemeAdmin(HistoryImportExportAdmin):
    list_display = ["name", "parent", "slug", "order"]
    list_filter = ["parent"]
    search_fields = ["name", "name_ru", "keywords"]
    prepopulated_fields = {"slug": ["name"]}


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "position", "email", "phone", "visibility", "last_verified"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryImportExportAdmin):
    inlines = [ContactInline]
    list_display = ["name", "acronym", "kind", "anti_trafficking_role", "country"]
    list_filter = ["kind", "anti_trafficking_role", "country__region"]
    search_fields = ["name", "name_ru", "acronym"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "organisation", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active", "organisation__kind"]
    autocomplete_fields = ["organisation"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Organisation"), {"fields": ["organisation"]}),)
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-factor authentication (remove devices)"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        from .two_factor import two_factor_reset

        for user in queryset:
            two_factor_reset(user=user, actor=request.user)
        self.message_user(
            request, _("Two-factor authentication reset for %(n)s account(s).") % {"n": len(queryset)}
        )


class VerificationDueFilter(admin.SimpleListFilter):
    """Contacts due for their yearly check (not verified for twelve months, or never): the work
    queue's link (clearinghouse.work_queue)."""

    title = _("yearly check")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("due", _("Due"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.stale(today=timezone.localdate())
        return queryset


@admin.register(Contact)
class ContactAdmin(HistoryImportExportAdmin):
    list_display = ["name", "organisation", "position", "visibility", "last_verified"]
    list_filter = [VerificationDueFilter, "visibility", "organisation__country"]
    search_fields = ["name", "position", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "last_verified"


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):
    """Workflow steps are written by the services only: staff read them, nobody edits them."""

    list_display = ["created_at", "content_type", "object_id", "action", "from_state", "to_state", "actor"]
    list_filter = ["content_type", "action"]
    search_fields = ["note", "actor__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
