"""What OAI-PMH harvesters receive, chosen and ordered: the records (published documents; withdrawn
ones and the tombstones of deleted ones as deleted records), their sets and their datestamps.

Sets form a hierarchy, as the protocol's colon means: `kind` > `kind:<kind>`, `theme` >
`theme:<theme>` > `theme:<theme>:<sub-theme>`, `collection` > `collection:<slug>` (public
collections). A set holds its descendants' records. Lists walk the order (datestamp, document id)
with a cursor, so that a record that changes moves without shifting the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext as _

from clearinghouse.models import Theme

from .models import Collection, CollectionItem, DeletedRecord, Document, DocumentKind, DocumentStatus

WITH_METADATA = ("publishers", "countries", "files")


class NoSuchSet(ValueError):
    pass


@dataclass
class Record:
    """One record of a list: a document, or what is left of a deleted one."""

    pk: int
    datestamp: datetime
    set_specs: list[str]
    document: Document | None = None
    deleted: bool = field(default=False)

    @property
    def key(self) -> tuple[datetime, int]:
        return (self.datestamp, self.pk)


def theme_spec(theme: Theme, parents: dict[int, str]) -> str:
    parent = parents.get(theme.parent_id) if theme.parent_id else None
    return f"theme:{parent}:{theme.slug}" if parent else f"theme:{theme.slug}"


def theme_parents() -> dict[int, str]:
    """Slugs of the top-level themes by id: a sub-theme's set sits under its parent's."""
    return dict(Theme.objects.filter(parent__isnull=True).values_list("pk", "slug"))


def document_set_specs(document: Document, parents: dict[int, str]) -> list[str]:
    """The most specific sets a document is in (its themes and public collections prefetched)."""
    specs = [f"kind:{document.kind}"]
    specs += [theme_spec(t, parents) for t in document.themes.all()]
    specs += [f"collection:{c.slug}" for c in document.collections.all() if c.is_public]
    return specs


def with_ancestors(specs: list[str]) -> list[str]:
    """Every set the specs name and every set above them, each once."""
    out: dict[str, None] = {}
    for spec in specs:
        parts = spec.split(":")
        for n in range(1, len(parts) + 1):
            out[":".join(parts[:n])] = None
    return list(out)


def all_sets() -> list[tuple[str, str]]:
    """(setSpec, setName) of every set, parents before their children."""
    out = [("kind", _("Kinds of document"))]
    out += [(f"kind:{value}", str(label)) for value, label in DocumentKind.choices]
    out.append(("theme", _("Themes")))
    themes = list(Theme.objects.order_by("order", "name"))
    parents = {t.pk: t.slug for t in themes if t.parent_id is None}
    for top in (t for t in themes if t.parent_id is None):
        out.append((theme_spec(top, parents), top.name))
        out += [(theme_spec(t, parents), t.name) for t in themes if t.parent_id == top.pk]
    collections = list(
        Collection.objects.filter(is_public=True).order_by("slug").values_list("slug", "title")
    )
    if collections:
        out.append(("collection", _("Collections")))
        out += [(f"collection:{slug}", title) for slug, title in collections]
    return out


def set_filter(spec: str) -> Q:
    """The documents of a set (its descendants' included); NoSuchSet for a set that does not exist."""
    parts = spec.split(":")
    head, rest = parts[0], parts[1:]
    themed = Document.themes.through.objects
    if head == "kind" and not rest:
        return Q()
    if head == "kind" and len(rest) == 1 and rest[0] in DocumentKind.values:
        return Q(kind=rest[0])
    if head == "theme" and not rest:
        return Q(pk__in=themed.values("document_id"))
    if (
        head == "theme"
        and len(rest) == 1
        and Theme.objects.filter(slug=rest[0], parent__isnull=True).exists()
    ):
        links = themed.filter(Q(theme__slug=rest[0]) | Q(theme__parent__slug=rest[0]))
        return Q(pk__in=links.values("document_id"))
    if (
        head == "theme"
        and len(rest) == 2
        and Theme.objects.filter(slug=rest[1], parent__slug=rest[0]).exists()
    ):
        return Q(pk__in=themed.filter(theme__slug=rest[1]).values("document_id"))
    public = CollectionItem.objects.filter(collection__is_public=True)
    if head == "collection" and not rest and public.exists():
        return Q(pk__in=public.values("document_id"))
    if head == "collection" and len(rest) == 1 and public.filter(collection__slug=rest[0]).exists():
        return Q(pk__in=public.filter(collection__slug=rest[0]).values("document_id"))
    raise NoSuchSet(spec)


def _selection(*, spec: str | None, start: datetime | None, until: datetime | None):
    documents = Document.objects.harvestable()
    deleted = DeletedRecord.objects.all()
    if spec:
        documents = documents.filter(set_filter(spec))
        deleted = deleted.filter(set_specs__contains=f" {spec} ")
    if start is not None:
        documents = documents.filter(oai_datestamp__gte=start)
        deleted = deleted.filter(datestamp__gte=start)
    if until is not None:
        documents = documents.filter(oai_datestamp__lte=until)
        deleted = deleted.filter(datestamp__lte=until)
    return documents, deleted


def list_size(*, spec: str | None, start: datetime | None, until: datetime | None) -> int:
    documents, deleted = _selection(spec=spec, start=start, until=until)
    return documents.count() + deleted.count()


def _with_sets(documents: QuerySet, *, metadata: bool) -> QuerySet:
    documents = documents.defer("file_text", "index_names", "search_vector").prefetch_related(
        "themes", "collections"
    )
    return documents.prefetch_related(*WITH_METADATA) if metadata else documents


def records_after(
    *,
    spec: str | None,
    start: datetime | None,
    until: datetime | None,
    after: tuple[datetime, int] | None,
    size: int,
    metadata: bool,
) -> tuple[list[Record], bool]:
    """Up to `size` records after the cursor `after` in (datestamp, id) order, and whether more follow."""
    documents, deleted = _selection(spec=spec, start=start, until=until)
    if after is not None:
        stamp, pk = after
        documents = documents.filter(Q(oai_datestamp__gt=stamp) | Q(oai_datestamp=stamp, pk__gt=pk))
        deleted = deleted.filter(Q(datestamp__gt=stamp) | Q(datestamp=stamp, document_id__gt=pk))
    parents = theme_parents()
    found = [
        Record(
            pk=d.pk,
            datestamp=d.oai_datestamp,
            set_specs=document_set_specs(d, parents),
            document=d,
            deleted=d.status == DocumentStatus.WITHDRAWN,
        )
        for d in _with_sets(documents.order_by("oai_datestamp", "pk"), metadata=metadata)[: size + 1]
    ]
    found += [
        Record(pk=t.document_id, datestamp=t.datestamp, set_specs=tombstone_specs(t), deleted=True)
        for t in deleted.order_by("datestamp", "document_id")[: size + 1]
    ]
    found.sort(key=lambda r: r.key)
    return found[:size], len(found) > size


def record(pk: int, *, metadata: bool) -> Record | None:
    """One record by document number: a harvestable document or a deleted one's tombstone."""
    document = _with_sets(Document.objects.harvestable().filter(pk=pk), metadata=metadata).first()
    if document is not None:
        return Record(
            pk=document.pk,
            datestamp=document.oai_datestamp,
            set_specs=document_set_specs(document, theme_parents()),
            document=document,
            deleted=document.status == DocumentStatus.WITHDRAWN,
        )
    tombstone = DeletedRecord.objects.filter(document_id=pk).first()
    if tombstone is not None:
        return Record(
            pk=pk, datestamp=tombstone.datestamp, set_specs=tombstone_specs(tombstone), deleted=True
        )
    return None


def tombstone_specs(tombstone: DeletedRecord) -> list[str]:
    """The most specific sets a deleted record was in (the stored list also holds their parents)."""
    stored = tombstone.set_specs.split()
    return [s for s in stored if not any(other.startswith(s + ":") for other in stored)]


def tombstone_set_specs(document: Document) -> str:
    """What a tombstone stores: every set of the document and their parents, space-padded so that a
    set is found with one `contains` on both databases."""
    specs = with_ancestors(document_set_specs(document, theme_parents()))
    return f" {' '.join(specs)} " if specs else ""


def earliest_datestamp() -> datetime | None:
    stamps = [
        Document.objects.harvestable().aggregate(first=Min("oai_datestamp"))["first"],
        DeletedRecord.objects.aggregate(first=Min("datestamp"))["first"],
    ]
    return min((s for s in stamps if s is not None), default=None)
