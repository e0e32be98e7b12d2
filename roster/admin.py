"""Roster admin for curators: filters, inlines, and import/export for loading an existing roster.

Profiles hold personal data, so they have no change history (erasure must leave no copy): the admin
log is their audit trail. Requests, shortlists and deployments keep a history."""

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from clearinghouse.admin import (
    CheckedFileWidget,
    DistinctValuesFilter,
    LargeListMixin,
    ReadOnlyInline,
    RecordAdmin,
    SimpleHistoryAdmin,
)
from clearinghouse.admin_imports import BackgroundImportMixin

from .choices import ExpertStatus
from .models import (
    Availability,
    Candidate,
    CountryExperience,
    Deployment,
    Evaluation,
    Expert,
    ExpertExpertise,
    ExpertFunction,
    ExpertLanguage,
    ExpertRequest,
    ProfileView,
    RequestLanguage,
    VettingCheck,
)
from .resources import ExpertResource
from .services import expert_erase, expert_record_view


class LanguageInline(admin.TabularInline):
    model = ExpertLanguage
    extra = 0


class ExpertiseInline(admin.TabularInline):
    model = ExpertExpertise
    extra = 0
    autocomplete_fields = ["theme"]
    readonly_fields = ["verified_at", "verified_by"]

    def get_queryset(self, request):
        # Each row's title is its theme's name (ExpertExpertise.__str__).
        return super().get_queryset(request).select_related("theme", "verified_by")


class FunctionInline(admin.TabularInline):
    model = ExpertFunction
    extra = 0


class CountryInline(admin.TabularInline):
    model = CountryExperience
    extra = 0
    autocomplete_fields = ["country"]

    def get_queryset(self, request):
        # Each row's title is its country's name (CountryExperience.__str__).
        return super().get_queryset(request).select_related("country")


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0


class VettingInline(admin.TabularInline):
    model = VettingCheck
    extra = 0
    readonly_fields = ["recorded_by"]


@admin.register(Expert)
class ExpertAdmin(LargeListMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [ExpertResource]
    list_display = ["full_name", "code", "status", "consent_version", "confirmed_at", "years_experience"]
    list_filter = [
        "status",
        ("consent_version", DistinctValuesFilter),
        ("consent_withdrawn_at", admin.EmptyFieldListFilter),
        "functions__function",
        "languages__language",
        "expertise__theme",
        "expertise__verified",
        "country_experience__country__region",
    ]
    search_fields = ["full_name", "email", "code", "organisation_name"]
    autocomplete_fields = ["nationality", "user"]
    # The CV has no address: the admin's link goes to the curators' download view (logged).
    formfield_overrides = {
        models.FileField: {
            "widget": CheckedFileWidget(url_for=lambda cv: reverse("roster:expert_cv", args=[cv.instance.pk]))
        }
    }
    readonly_fields = [
        "status",  # vetting: roster.services.expert_transition
        "code",
        "consent_given_at",
        "consent_withdrawn_at",
        "erased_at",
        "created_at",
        "updated_at",
    ]
    inlines = [
        LanguageInline,
        ExpertiseInline,
        FunctionInline,
        CountryInline,
        AvailabilityInline,
        VettingInline,
    ]
    actions = ["erase_selected"]

    @admin.action(description=_("Erase the selected experts' personal data (on their request)"))
    def erase_selected(self, request, queryset):
        count = 0
        for expert in queryset.exclude(status=ExpertStatus.ERASED):  # erasure is final
            expert_erase(expert=expert, user=request.user)
            count += 1
        self.message_user(request, _("%(n)d expert(s) erased.") % {"n": count})

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # erasure, not deletion, keeps past deployments
        return actions

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status="erased")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a profile in the admin is a staff view too: it goes to the expert's log."""
        if request.method == "GET":
            expert = self.get_object(request, object_id)
            if expert is not None:
                expert_record_view(expert=expert, user=request.user, what=str(_("Profile (administration)")))
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ProfileView)
class ProfileViewAdmin(admin.ModelAdmin):
    list_display = ["expert", "viewer", "what", "viewed_at"]
    list_filter = ["what"]
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RequestLanguageInline(admin.TabularInline):
    model = RequestLanguage
    extra = 0


@admin.register(ExpertRequest)
class ExpertRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "mission", "country", "starts_on", "ends_on", "status"]
    list_filter = ["status", "mission", "country__region", "function"]
    search_fields = ["title", "terms_of_reference"]
    autocomplete_fields = ["mission", "country", "required_themes", "desirable_themes"]
    readonly_fields = ["status"]  # roster.services.request_set_status
    inlines = [RequestLanguageInline]


@admin.register(Candidate)
class CandidateAdmin(RecordAdmin):
    """Shortlisted, invited, released and deployed through roster.services (candidate_transition)."""

    list_display = ["request", "expert", "score", "status", "shortlisted_at"]
    list_filter = ["status", "request__mission"]
    search_fields = ["request__title", "expert__code", "expert__full_name"]
    raw_id_fields = ["request", "expert"]
    readonly_fields = ["score", "reasons", "weights", "near_miss"]


class EvaluationInline(ReadOnlyInline, admin.StackedInline):
    model = Evaluation


@admin.register(Deployment)
class DeploymentAdmin(RecordAdmin):
    """Created by roster.services.deployment_create; evaluated by the mission: read-only here."""

    list_display = ["candidate", "starts_on", "ends_on"]
    list_filter = [("ends_on", admin.DateFieldListFilter)]
    raw_id_fields = ["candidate"]
    inlines = [EvaluationInline]
