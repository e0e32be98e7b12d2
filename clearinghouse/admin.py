import json
from collections import defaultdict

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import ForeignKey
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin as BaseSimpleHistoryAdmin
from simple_history.models import DeletedObject, ModelChange, ModelDelta
from simple_history.utils import get_m2m_reverse_field_name

from .admin_imports import BackgroundImportMixin, ImportJobAdmin
from .models import Contact, Country, ImportJob, Organisation, Region, Theme, User, WorkflowEvent
from .publishing import public_content_changed

# The admin carries the portal's name.
admin.site.site_header = _("Anti-Trafficking Clearinghouse administration")
admin.site.site_title = _("Anti-Trafficking Clearinghouse")
admin.site.index_title = _("Curation")


class EstimatedCountPaginator(Paginator):
    """The admin's paginator for a large table, on PostgreSQL: an unfiltered list reads the number
    of rows from the planner's statistics (pg_class.reltuples, kept by autovacuum) instead of
    counting them all; a filtered or searched list is counted exactly when it has at most
    FILTERED_EXACT_UP_TO rows, and beyond that the planner's estimate of its rows is shown when
    the planner expects more than that (counting the 27,000 documents a common word finds costs
    more than the rest of the page; an estimate below the rows already seen is not believed, and
    the rows are counted). A small table and SQLite count exactly.

    With ESTIMATED_ABOVE set (a table too wide to count a thousand rows of cheaply), the planner is
    asked first, and a list it expects more rows than that of is not counted at all: the count of
    the first thousand of the 27,000 documents a common word finds read some 600 to 2,000 pages of
    a table larger than the server's buffers, and cost 30 to 400 ms as they were cached or not."""

    EXACT_BELOW = 10_000
    FILTERED_EXACT_UP_TO = 1_000
    ESTIMATED_ABOVE: int | None = None

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or connections[queryset.db].vendor != "postgresql":
            return super().count
        if not query.where and not query.distinct:
            connection = connections[queryset.db]
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] >= self.EXACT_BELOW:
                return row[0]
            return super().count
        cap, planned = self.FILTERED_EXACT_UP_TO, None
        if self.ESTIMATED_ABOVE is not None:
            planned = _planned_rows(queryset.order_by())
            if planned > self.ESTIMATED_ABOVE:
                return planned
        counted = queryset.order_by()[: cap + 1].count()
        if counted <= cap:
            return counted
        if planned is None:
            planned = _planned_rows(queryset.order_by())
        # An estimate below what was already counted is wrong: the rows are counted after all.
        return planned if planned > cap else super().count


def _planned_rows(queryset) -> int:
    """The planner's estimate of the number of rows `queryset` returns (PostgreSQL)."""
    plan = json.loads(queryset.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class DistinctValuesFilter(admin.AllValuesFieldListFilter):
    """The admin's filter by every value of a column, its values read by skipping through an index
    on PostgreSQL (a recursive query that jumps from one value to the next: a few index probes per
    value instead of reading every row of a large table; the column needs an index that starts
    with it). Elsewhere, or over a relation, the admin's own DISTINCT query."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        if (
            field_path == field.name
            and field.model is model
            and connections[self.lookup_choices.db].vendor == "postgresql"
            and len(self.lookup_choices.query.alias_map) <= 1
        ):
            self.lookup_choices = _distinct_values(model_admin.get_queryset(request), field)


def _distinct_values(queryset, field) -> list:
    connection = connections[queryset.db]
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        where, params = compiler.compile(queryset.query.where)
    except FullResultSet:
        where, params = "TRUE", []
    except EmptyResultSet:
        return []
    where = where or "TRUE"
    qn = connection.ops.quote_name
    table, column = qn(queryset.model._meta.db_table), qn(field.column)
    # The names are quoted by the backend, the values passed as parameters.
    sql = (
        f"WITH RECURSIVE t(v) AS ("  # noqa: S608
        f"(SELECT {column} FROM {table} WHERE ({where}) AND {column} IS NOT NULL ORDER BY {column} LIMIT 1)"
        f" UNION ALL SELECT (SELECT {column} FROM {table} WHERE ({where}) AND {column} > t.v"
        f" ORDER BY {column} LIMIT 1) FROM t WHERE t.v IS NOT NULL)"
        f" SELECT v, 0 FROM t WHERE v IS NOT NULL"
        f" UNION ALL SELECT NULL, 1 WHERE EXISTS (SELECT 1 FROM {table} WHERE ({where}) AND {column} IS NULL)"
        f" ORDER BY 2, 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *params, *params])
        return [row[0] for row in cursor.fetchall()]


class LargeChangeList(ChangeList):
    """A change list whose filter or search through a relation (a document's themes, an expert's
    languages) selects the rows whose key is among the matching ones, instead of the admin's
    SELECT DISTINCT over every column of the joined rows (long texts and all): the same rows, and
    the page is read in the list's order without sorting all the matches."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if not queryset.query.distinct or queryset.query.distinct_fields:
            return queryset
        matching = queryset.order_by()
        matching.query.distinct = False
        rows = self.root_queryset.filter(pk__in=matching.values("pk"))
        if queryset.query.select_related:
            rows.query.select_related = queryset.query.select_related
        return rows.order_by(*queryset.query.order_by)


class LargeListMixin:
    """A change list of tens of thousands of rows and more: counted once (no second count of the
    whole table beside a filtered one), estimated when unfiltered or when a filter finds many rows,
    filtered through relations without DISTINCT (LargeChangeList), fifty rows a page, each row's
    action checkbox written directly (the form widget's template, rendered once per row, cost a
    fifth of the page)."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return LargeChangeList

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )


class SimpleHistoryAdmin(BaseSimpleHistoryAdmin):
    """django-simple-history's admin, with the differences between versions of the many-to-many
    fields read once for the whole history page (the library reads them with two queries per field
    and per version: 360 queries for 30 versions of a document)."""

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        m2m_fields = [f.name for f in records[0]._history_m2m_fields] if records else []
        if len(records) < 2 or not m2m_fields:
            return super().set_history_delta_changes(request, records, foreign_keys_are_objs)
        rows = {name: self._history_m2m_rows(records, name, foreign_keys_are_objs) for name in m2m_fields}
        previous = None
        for current in records:
            if previous is None:
                previous = current
                continue
            delta = previous.diff_against(
                current, excluded_fields=set(m2m_fields), foreign_keys_are_objs=foreign_keys_are_objs
            )
            changes = list(delta.changes)
            for name in m2m_fields:
                (old_keys, old), (new_keys, new) = (
                    rows[name].get(current.history_id, ([], [])),
                    rows[name].get(previous.history_id, ([], [])),
                )
                if old_keys != new_keys:
                    changes.append(ModelChange(name, old, new))
            changes.sort(key=lambda change: change.field)
            delta = ModelDelta(changes, [c.field for c in changes], current, previous)
            helper = self.get_historical_record_context_helper(request, previous)
            previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def _history_m2m_rows(self, records, name, foreign_keys_are_objs):
        """{history_id: (rows of primary keys, rows as diff_against gives them)} of one m2m field,
        in one query, in the order diff_against uses."""
        through = getattr(type(records[0]), name).model  # simple_history.manager.HistoryManager
        fields = [
            f
            for f in through._meta.fields
            if f.editable and f.name not in ("id", "m2m_history_id", "history")
        ]
        foreign = [f.name for f in fields if isinstance(f, ForeignKey)] if foreign_keys_are_objs else []
        reverse = get_m2m_reverse_field_name(self.model._meta.get_field(name))
        found = defaultdict(lambda: ([], []))
        queryset = (
            through.objects.filter(history__in=[r.history_id for r in records])
            .select_related(*foreign)
            .order_by(reverse)
        )
        for obj in queryset:
            keys, values = found[obj.history_id]
            keys.append({f.name: getattr(obj, f.attname) for f in fields})
            values.append(
                {
                    f.name: (
                        getattr(obj, f.name, None) or DeletedObject(f.related_model, getattr(obj, f.attname))
                    )
                    if f.name in foreign
                    else getattr(obj, f.attname)
                    for f in fields
                }
            )
        return found


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
