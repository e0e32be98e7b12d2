"""Frameworks are curated here (areas and indicators, with history); a published framework is
frozen. Assessments, findings, recommendations and their events are written by the workflow pages:
read-only here, except findings of earlier reports, which may be imported into an open assessment."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin

from clearinghouse.admin import HistoryImportExportAdmin, RecordAdmin
from clearinghouse.admin_imports import BackgroundImportMixin
from clearinghouse.errors import ServiceError

from .models import Area, Assessment, AssessmentEvent, Finding, Framework, Indicator, Recommendation
from .resources import AreaResource, FindingResource, FrameworkResource, IndicatorResource
from .services.frameworks import framework_new_version, framework_publish


class FrozenWhenPublished:
    """Areas and indicators of a published framework cannot be changed, added or deleted."""

    def _framework(self, obj):
        return obj.framework if obj is not None else None

    def has_change_permission(self, request, obj=None):
        framework = self._framework(obj)
        if framework is not None and framework.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        framework = self._framework(obj)
        if framework is not None and framework.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "framework":
            kwargs["queryset"] = Framework.objects.exclude(status="published")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["code", "name", "name_ru", "theme", "order"]

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_published) and super().has_change_permission(request, obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Framework)
class FrameworkAdmin(HistoryImportExportAdmin):
    resource_classes = [FrameworkResource]
    list_display = ["title", "family", "version", "status", "published_at"]
    list_filter = ["status", "family"]
    search_fields = ["title", "title_ru", "family", "version"]
    prepopulated_fields = {"slug": ["title", "version"]}
    readonly_fields = ["status", "published_at", "previous"]
    inlines = [AreaInline]
    actions = ["publish", "new_version"]

    @admin.action(description=_("Publish (freezes the indicators)"))
    def publish(self, request, queryset):
        for framework in queryset:
            try:
                framework_publish(user=request.user, framework=framework)
            except ServiceError as exc:
                self.message_user(request, f"{framework}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, _("Published: %(f)s") % {"f": framework})

    @admin.action(description=_("Make a new version (indicators mapped to these)"))
    def new_version(self, request, queryset):
        for framework in queryset:
            version = f"{framework.version}-new"
            try:
                copy = framework_new_version(user=request.user, framework=framework, version=version)
            except ServiceError as exc:
                self.message_user(request, f"{framework}: {exc.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Draft version made: %(f)s %(v)s; rename its version before publishing.")
                    % {"f": copy, "v": copy.version},
                )


@admin.register(Area)
class AreaAdmin(FrozenWhenPublished, HistoryImportExportAdmin):
    resource_classes = [AreaResource]
    list_display = ["name", "code", "framework", "order"]
    list_filter = ["framework"]
    search_fields = ["name", "name_ru", "code"]


@admin.register(Indicator)
class IndicatorAdmin(FrozenWhenPublished, HistoryImportExportAdmin):
    resource_classes = [IndicatorResource]
    list_display = ["code", "framework", "area", "kind", "unit", "maps_from"]
    list_filter = ["framework", "area__code", "kind"]
    search_fields = ["code", "question", "question_ru", "commitment"]
    autocomplete_fields = ["maps_from", "commitment_document"]
    filter_horizontal = ["themes"]


@admin.register(Assessment)
class AssessmentAdmin(RecordAdmin):
    list_display = ["country", "framework", "cycle", "status", "reviewer", "published_at"]
    list_filter = ["status", "framework", "cycle"]
    search_fields = ["country__name", "country__iso2"]


@admin.register(Finding)
class FindingAdmin(BackgroundImportMixin, ImportMixin, RecordAdmin):
    """Read-only; import fills open assessments from earlier reports (checked first, all or nothing,
    in the background: clearinghouse.admin_imports)."""

    resource_classes = [FindingResource]
    list_display = ["assessment", "indicator", "level", "value", "confidence", "carried_forward"]
    list_filter = ["level", "assessment__status", "assessment__framework", "assessment__cycle"]
    search_fields = ["assessment__country__name", "indicator__code", "evidence"]

    def has_import_permission(self, request):
        return request.user.has_perm("monitoring.change_finding")


@admin.register(Recommendation)
class RecommendationAdmin(RecordAdmin):
    list_display = ["__str__", "priority", "addressee", "status"]
    list_filter = ["status", "priority", "addressee"]
    search_fields = ["text", "text_ru", "addressee_name"]


@admin.register(AssessmentEvent)
class AssessmentEventAdmin(RecordAdmin):
    list_display = ["assessment", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action", "created_at"]
