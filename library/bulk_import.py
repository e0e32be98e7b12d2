"""The bulk path of the document import: a batch of checked rows is written with a constant number
of queries (documents, their lists, and their history with the lists as they are after the
import), instead of several queries per row. library.resources.DocumentResource calls it."""

from __future__ import annotations

from django.apps import apps
from django.db import connection
from django.utils import timezone
from import_export.instance_loaders import BaseInstanceLoader

from .models import Document, facet_keys_refreshed_once
from .slugs import unique_slugs

# The lists a row sets: column -> (Document field, key of the related record in the row).
LISTS = {"publishers": "organisation_id", "countries": "country_id", "themes": "theme_id"}
UPDATED_FIELDS = [
    "kind",
    "summary",
    "authors",
    "url",
    "status",
    "publication_year",
    "publication_date",
    "updated",
    "oai_datestamp",
    "first_published",
]


class DocumentInstanceLoader(BaseInstanceLoader):
    """Finds the document of each row by title and language: the whole file's in one query. A title
    that comes twice in the file finds the document the earlier row is creating."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        titles = set()
        if dataset is not None and "title" in (dataset.headers or []):
            titles = {str(title or "").strip() for title in dataset["title"]}
        self.existing: dict[tuple[str, str], Document] = {}
        for document in Document.objects.filter(title__in=titles).order_by("pk"):
            self.existing.setdefault((document.title, document.language), document)
        resource.pending = {}

    def get_instance(self, row):
        key = (row["title"], row["language"])
        return self.resource.pending.get(key) or self.existing.get(key)


def documents_write(instances: list[Document], lists: dict[str, dict[str, int]], *, create: bool) -> None:
    """Creates (or updates) these documents with their lists, and one history record each, as the
    record-by-record import would (change reason, lists included)."""
    for document in instances:
        document.prepare_save()
    if create:
        for document, slug in zip(
            instances, unique_slugs(Document, [d.title for d in instances]), strict=True
        ):
            document.slug = slug
        Document.objects.bulk_create(instances)
    else:
        Document.objects.bulk_update(instances, UPDATED_FIELDS)
    ids = [d.pk for d in instances]
    with facet_keys_refreshed_once(ids):
        for field, column in LISTS.items():
            through = getattr(Document, field).through
            if not create:
                through.objects.filter(document_id__in=ids).delete()
            pks = lists[field]
            pairs = [(d.pk, pks[name]) for d in instances for name in dict.fromkeys(d._import_lists[field])]
            _links_add(through, column, pairs)
    _history(instances, update=not create)


def _links_add(through, column: str, pairs: list[tuple[int, int]]) -> None:
    """Rows of a list's link table. PostgreSQL: one INSERT from two arrays, without a model object
    per row (tens of thousands in a large import); elsewhere bulk_create."""
    if not pairs:
        return
    if connection.vendor != "postgresql":
        through.objects.bulk_create([through(document_id=doc, **{column: other}) for doc, other in pairs])
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(through._meta.db_table)} (document_id, {quote(column)}) "  # noqa: S608 (our own names)
        "SELECT * FROM unnest(%s::bigint[], %s::bigint[])"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [[doc for doc, _o in pairs], [other for _d, other in pairs]])


def _history(instances: list[Document], *, update: bool) -> None:
    """One history record per document ("+" created, "~" changed, reason "Imported") and the
    snapshot of its lists, both copied in the database with INSERT ... SELECT (the ORM has no such
    statement): one statement each, whatever the size of the batch, no Python object per row.
    Only quoted table and column names of our own models go into the SQL; values are parameters."""
    history = Document.history.model
    quote = connection.ops.quote_name
    ids = [d.pk for d in instances]
    marks = ", ".join(["%s"] * len(ids))
    tracked = [f.column for f in history.tracked_fields]
    user = history.get_default_history_user(instances[0])
    columns = [*tracked, "history_date", "history_change_reason", "history_type", "history_user_id"]
    insert = " ".join(
        [
            f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(quote(c) for c in columns)})",
            f"SELECT {', '.join(quote(c) for c in tracked)}, %s, %s, %s, %s",
            f"FROM {quote(Document._meta.db_table)} WHERE {quote('id')} IN ({marks})",
            "RETURNING history_id",
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            insert, [timezone.now(), "Imported", "~" if update else "+", user.pk if user else None, *ids]
        )
        history_ids = [row[0] for row in cursor.fetchall()]
    marks = ", ".join(["%s"] * len(history_ids))
    for field in history._history_m2m_fields:
        through = getattr(Document, field.name).through
        snapshot = apps.get_model("library", f"HistoricalDocument_{field.name}")
        columns = [f.column for f in through._meta.fields]
        target = f"{quote(snapshot._meta.db_table)} ({', '.join(quote(c) for c in columns)}, history_id)"
        chosen = f"{', '.join('t.' + quote(c) for c in columns)}, h.history_id"
        joined = f"{quote(through._meta.db_table)} t JOIN {quote(history._meta.db_table)} h ON h.id = t.document_id"
        sql = " ".join(
            ["INSERT INTO", target, "SELECT", chosen, "FROM", joined, f"WHERE h.history_id IN ({marks})"]
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, history_ids)
