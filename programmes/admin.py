from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clearinghouse.admin import HistoryImportExportAdmin

from .models import Activity, Programme, ProjectOutline, PublicationStatus
from .resources import ProgrammeResource, ProjectOutlineResource


@admin.action(description=_("Publish the selected records"))
def publish(modeladmin, request, queryset):
    for obj in queryset:
        obj.status = PublicationStatus.PUBLISHED
        obj.save(update_fields=["status", "updated"])


@admin.action(description=_("Return the selected records to draft"))
def unpublish(modeladmin, request, queryset):
    for obj in queryset:
        obj.status = PublicationStatus.DRAFT
        obj.save(update_fields=["status", "updated"])


class ProjectOutlineInline(admin.StackedInline):
    model = ProjectOutline
    extra = 0
    show_change_link = True
    fields = ["title", "slug", "status", "order", "scope", "timeframe"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Programme)
class ProgrammeAdmin(HistoryImportExportAdmin):
    resource_classes = [ProgrammeResource]
    list_display = ["title", "status", "period_start", "period_end", "order", "updated"]
    list_filter = ["status", "themes", "regions", "period_start"]
    search_fields = ["title", "title_ru", "summary", "objectives"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "regions", "countries", "partners"]
    inlines = [ProjectOutlineInline]
    actions = [publish, unpublish]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "title_ru",
                    "slug",
                    "status",
                    "order",
                    "location",
                    "period_start",
                    "period_end",
                ]
            },
        ),
        (
            _("Sections"),
            {
                "fields": [
                    "summary",
                    "summary_ru",
                    "target_groups",
                    "main_activities",
                    "objectives",
                    "justification",
                    "approach",
                    "description_of_activities",
                    "expected_impact",
                    "publications_outputs",
                    "multiplier_effects",
                    "sustainability",
                    "additional_sections",
                ]
            },
        ),
        (_("Tags"), {"fields": ["themes", "regions", "countries", "partners", "source_document"]}),
    ]


@admin.register(ProjectOutline)
class ProjectOutlineAdmin(HistoryImportExportAdmin):
    resource_classes = [ProjectOutlineResource]
    list_display = ["title", "programme", "scope", "status", "timeframe"]
    list_filter = ["status", "programme", "themes", "regions"]
    search_fields = ["title", "title_ru", "scope", "objectives", "background", "approach"]
    autocomplete_fields = ["programme"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "regions", "countries", "partners"]
    actions = [publish, unpublish]


@admin.register(Activity)
class ActivityAdmin(HistoryImportExportAdmin):
    list_display = ["title", "activity_status", "status", "last_verified"]
    list_filter = ["status", "activity_status", "countries__region", "themes"]
    search_fields = ["title", "title_ru", "description", "source"]
    autocomplete_fields = ["implementers", "funders", "countries", "themes"]
    actions = [publish, unpublish]
