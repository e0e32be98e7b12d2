from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearinghouse.admin import (
    CheckedFileWidget,
    DistinctValuesFilter,
    EstimatedCountPaginator,
    HistoryImportExportAdmin,
    LargeListMixin,
)
from clearinghouse.errors import ServiceError

from . import services
from .models import Collection, CollectionItem, DeletedRecord, Document, DocumentFile
from .resources import DocumentPreviewResource, DocumentResource
from .search import document_reindex, is_postgres, web_query
from .slugs import unique_slug
from .workflow import TABLE, Action


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 1
    fields = ["file", "label", "order", "kind", "size", "extraction", "page_count", "downloads"]
    readonly_fields = ["kind", "size", "extraction", "page_count", "downloads"]
    # No URL serves MEDIA_ROOT: the link goes to the file's checked download view.
    formfield_overrides = {
        models.FileField: {
            "widget": CheckedFileWidget(url_for=lambda stored: stored.instance.get_absolute_url())
        }
    }


def _transition_action(action: str):
    @admin.action(description=Action(action).label, permissions=["change"])
    def run(modeladmin, request, queryset):
        done, refused = 0, []
        for document in queryset:
            try:
                services.document_transition(user=request.user, document=document, action=action)
                done += 1
            except ServiceError as error:
                refused.append(str(error))
        if done:
            modeladmin.message_user(request, _("%(n)d documents changed.") % {"n": done}, messages.SUCCESS)
        for message in refused:
            modeladmin.message_user(request, message, messages.WARNING)

    run.__name__ = f"{action}_documents"
    return run


class DocumentPaginator(EstimatedCountPaginator):
    """Documents are wide (their text and search vector): a search or filter the planner expects
    more than ten thousand of shows its estimate without counting any."""

    ESTIMATED_ABOVE = 10_000


@admin.register(Document)
class DocumentAdmin(LargeListMixin, HistoryImportExportAdmin):
    paginator = DocumentPaginator
    # The import runs the command line's bulk path (DocumentResource) in the background; the first
    # rows are previewed row by row, with their diff.
    resource_classes = [DocumentResource]
    import_preview_resource_class = DocumentPreviewResource
    list_display = ["title", "kind", "language", "publication_year", "status", "updated"]
    # The year's values are read through the admin-order index (publication_year first), and the
    # first publication is a date filter (any date, today, past 7 days, this month, this year): the
    # date hierarchy it replaces read every row twice (its span and its distinct years, 0.8 s at
    # 100,000 documents).
    list_filter = [
        "status",
        "kind",
        "language",
        "themes",
        ("publication_year", DistinctValuesFilter),
        ("first_published", admin.DateFieldListFilter),
        "licence",
        "files__extraction",
    ]
    search_fields = ["title", "summary", "authors", "isbn", "report_number"]
    autocomplete_fields = ["publishers", "countries", "themes", "programmes", "outlines", "edition_of"]
    readonly_fields = ["status", "first_published", "updated"]
    inlines = [DocumentFileInline]
    actions = [_transition_action(a) for a in TABLE.actions()]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "authors", "publishers"]}),
        (
            _("Publication"),
            {"fields": ["publication_year", "publication_date", "language", "edition_of", "licence"]},
        ),
        (_("Identifiers and links"), {"fields": ["url", "isbn", "report_number"]}),
        (_("Coverage"), {"fields": ["countries", "regions", "themes", "programmes", "outlines"]}),
        (_("Status"), {"fields": ["status", "withdrawal_reason", "first_published", "updated"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """On PostgreSQL, the catalogue's full-text index (title, summary, authors, publishers and
        file text, in every language's configuration) and the exact ISBN or report number, instead
        of a substring scan of every document's text."""
        term = search_term.strip()
        if not term or not is_postgres():
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(Q(search_vector=web_query(term)) | Q(isbn=term) | Q(report_number=term)), False

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = unique_slug(Document, obj.title, exclude_pk=obj.pk)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Files added or deleted in the inline go through the services' text handling."""
        super().save_formset(request, form, formset, change)
        if formset.model is DocumentFile:
            replaced = [obj for obj, fields in formset.changed_objects if "file" in fields]
            services.files_saved(files=[*formset.new_objects, *replaced])
            if formset.deleted_objects:
                services.files_removed(document=form.instance)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        document_reindex(document_ids=[form.instance.pk])

    def delete_model(self, request, obj):
        services.document_delete(user=request.user, document=obj)

    def delete_queryset(self, request, queryset):
        # Each deleted document's tombstone names its sets: the themes and collections of all of
        # them in one query each.
        for document in queryset.prefetch_related("themes", "collections"):
            services.document_delete(user=request.user, document=document)


@admin.register(DeletedRecord)
class DeletedRecordAdmin(admin.ModelAdmin):
    """Tombstones of deleted documents: written by deletion only, kept for harvesters."""

    list_display = ["document_id", "title", "datestamp", "deleted_by"]
    search_fields = ["title"]
    readonly_fields = ["document_id", "title", "datestamp", "set_specs", "deleted_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 1
    autocomplete_fields = ["document"]


@admin.register(Collection)
class CollectionAdmin(HistoryImportExportAdmin):
    list_display = ["title", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CollectionItemInline]

    # A public collection is an OAI-PMH set: its documents' datestamps move when it changes.
    def save_model(self, request, obj, form, change):
        obj._documents_before = set(obj.items.values_list("document_id", flat=True)) if obj.pk else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        collection = form.instance
        after = set(collection.items.values_list("document_id", flat=True))
        services.document_datestamp_bump(document_ids=after | getattr(collection, "_documents_before", set()))

    def delete_model(self, request, obj):
        ids = list(obj.items.values_list("document_id", flat=True))
        super().delete_model(request, obj)
        services.document_datestamp_bump(document_ids=ids)

    def delete_queryset(self, request, queryset):
        ids = list(
            CollectionItem.objects.filter(collection__in=queryset).values_list("document_id", flat=True)
        )
        super().delete_queryset(request, queryset)
        services.document_datestamp_bump(document_ids=ids)
