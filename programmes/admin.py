from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from clearinghouse.admin import HistoryImportExportAdmin
from clearinghouse.errors import ServiceError

from .models import Activity, Programme, ProjectOutline
from .resources import ProgrammeResource, ProjectOutlineResource
from .services.publication import publication_transition
from .workflow import Action


def _publication_action(action: str):
    """An admin action that moves each selected record through the publication service (which checks
    the user's permission and records the event); refusals are reported, nothing is forced."""

    @admin.action(description=Action(action).label, permissions=["change"])
    def run(modeladmin, request, queryset):
        done, refused = 0, []
        for record in queryset:
            try:
                publication_transition(record=record, user=request.user, action=action)
                done += 1
            except ServiceError as error:
                refused.append(f"{record}: {error}")
        if done:
            modeladmin.message_user(request, _("%(n)d records changed.") % {"n": done}, messages.SUCCESS)
        for message in refused:
            modeladmin.message_user(request, message, messages.WARNING)

    run.__name__ = f"{action}_records"
    return run


publish = _publication_action(Action.PUBLISH)
unpublish = _publication_action(Action.UNPUBLISH)


class ProjectOutlineInline(admin.StackedInline):
    model = ProjectOutline
    extra = 0
    show_change_link = True
    fields = ["title", "slug", "status", "order", "scope", "timeframe"]
    readonly_fields = ["status"]
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
    readonly_fields = ["status"]  # changed by the actions (the publication workflow) only
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
    readonly_fields = ["status"]


@admin.register(Activity)
class ActivityAdmin(HistoryImportExportAdmin):
    list_display = ["title", "activity_status", "status", "last_verified"]
    list_filter = ["status", "activity_status", "countries__region", "themes"]
    search_fields = ["title", "title_ru", "description", "source"]
    autocomplete_fields = ["implementers", "funders", "countries", "themes"]
    actions = [publish, unpublish]
    readonly_fields = ["status"]
