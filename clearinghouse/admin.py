from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Country, Organisation, Region, Theme, User


class HistoryImportExportAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """Import/export (with a dry-run preview) and change history for a curated model."""


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


@admin.register(Organisation)
class OrganisationAdmin(HistoryImportExportAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country__region"]
    search_fields = ["name", "name_ru", "acronym"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "organisation", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active", "organisation__kind"]
    autocomplete_fields = ["organisation"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Organisation"), {"fields": ["organisation"]}),)
