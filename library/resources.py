"""Import and export of documents (admin and `python manage.py import
library.resources.DocumentResource FILE.csv`).

Columns: title, kind, summary, language, published, publisher, authors, countries, themes, url,
edition_of, status. Lists are separated by ";"; countries are ISO alpha-2 codes, themes slugs,
publishers organisation names, edition_of the title of the other edition; published is a year
(2004) or a date (2004-05-12). Every row is checked before anything is saved: a file with any bad
row imports nothing, and each bad row is named with its reasons. Rows are written in batches
(import-export's use_bulk, see library/bulk_import.py), history included; the admin's import, which
previews every row, writes them one by one.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from clearinghouse.models import Country, Organisation, Theme

from .bulk_import import DocumentInstanceLoader, documents_write
from .models import Document, DocumentKind, DocumentStatus, Language
from .search import document_reindex
from .slugs import unique_slug

COLUMNS = [
    "title",
    "kind",
    "summary",
    "language",
    "published",
    "publisher",
    "authors",
    "countries",
    "themes",
    "url",
    "edition_of",
    "status",
]
SEPARATOR = ";"


class RowError(Exception):
    """A row that cannot be imported, with every reason."""


def _split(value) -> list[str]:
    return [part.strip() for part in str(value or "").split(SEPARATOR) if part.strip()]


def parse_published(value) -> tuple[int | None, date | None]:
    text = str(value or "").strip()
    if not text:
        return None, None
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return int(text[:4]), None
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(text) from exc
    return day.year, day


class DocumentResource(resources.ModelResource):
    title = fields.Field(attribute="title", column_name="title")
    kind = fields.Field(attribute="kind", column_name="kind")
    summary = fields.Field(attribute="summary", column_name="summary")
    language = fields.Field(attribute="language", column_name="language")
    published = fields.Field(column_name="published", readonly=True)
    publisher = fields.Field(
        attribute="publishers",
        column_name="publisher",
        widget=widgets.ManyToManyWidget(Organisation, field="name", separator=SEPARATOR),
    )
    authors = fields.Field(attribute="authors", column_name="authors")
    countries = fields.Field(
        attribute="countries",
        column_name="countries",
        widget=widgets.ManyToManyWidget(Country, field="iso2", separator=SEPARATOR),
    )
    themes = fields.Field(
        attribute="themes",
        column_name="themes",
        widget=widgets.ManyToManyWidget(Theme, field="slug", separator=SEPARATOR),
    )
    url = fields.Field(attribute="url", column_name="url")
    edition_of = fields.Field(column_name="edition_of", readonly=True)
    status = fields.Field(attribute="status", column_name="status")

    class Meta:
        model = Document
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ["title", "language"]
        skip_diff = True
        use_transactions = True
        skip_unchanged = False
        use_bulk = True
        batch_size = 1000
        instance_loader_class = DocumentInstanceLoader

    def import_data(self, dataset, *args, **kwargs):
        """All or nothing: any bad row rolls the whole file back."""
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)

    # --- checks, before anything is saved -------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        missing = [c for c in ("title", "kind") if c not in (dataset.headers or [])]
        if missing:
            raise ValueError(_("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        # Name -> primary key of every record a row may name (membership checks the names).
        self.countries = dict(Country.objects.values_list("iso2", "pk"))
        self.themes = dict(Theme.objects.values_list("slug", "pk"))
        self.organisations = dict(Organisation.objects.values_list("name", "pk"))
        self.file_titles = {str(row.get("title") or "").strip() for row in dataset.dict}
        self.kind_labels = {str(label).lower(): value for value, label in DocumentKind.choices}
        # The enums' value lists are rebuilt on every access: read once per file, not per row.
        self.kinds, self.languages = set(DocumentKind.values), set(Language.values)
        self.statuses = set(DocumentStatus.values)
        self.url_check = URLValidator(schemes=["http", "https"])
        self.editions: list[tuple[int, str]] = []
        self.saved: list[int] = []

    def before_import_row(self, row, **kwargs):
        problems = []
        title = str(row.get("title") or "").strip()
        row["title"] = title
        if not title:
            problems.append(_("title is empty"))
        elif len(title) > 500:
            problems.append(_("title is longer than 500 characters"))
        kind = str(row.get("kind") or "").strip()
        kind = self.kind_labels.get(kind.lower(), kind.lower())
        row["kind"] = kind
        if kind not in self.kinds:
            problems.append(
                _("unknown kind %(v)r (one of: %(c)s)") % {"v": kind, "c": ", ".join(DocumentKind.values)}
            )
        language = str(row.get("language") or "en").strip().lower()
        row["language"] = language
        if language not in self.languages:
            problems.append(
                _("unknown language %(v)r (one of: %(c)s)") % {"v": language, "c": ", ".join(Language.values)}
            )
        status = str(row.get("status") or DocumentStatus.DRAFT).strip().lower()
        row["status"] = status
        if status not in self.statuses:
            problems.append(
                _("unknown status %(v)r (one of: %(c)s)")
                % {"v": status, "c": ", ".join(DocumentStatus.values)}
            )
        try:
            year, _day = parse_published(row.get("published"))
            if year is not None and not 1900 <= year <= 2100:
                problems.append(_("publication year %(year)s is out of range") % {"year": year})
        except ValueError:
            problems.append(
                _("published %(v)r is neither a year nor a date (YYYY-MM-DD)") % {"v": row.get("published")}
            )
        codes = [code.upper() for code in _split(row.get("countries"))]
        row["countries"] = SEPARATOR.join(codes)
        if unknown := [c for c in codes if c not in self.countries]:
            problems.append(_("unknown country codes: %(values)s") % {"values": ", ".join(unknown)})
        if unknown := [t for t in _split(row.get("themes")) if t not in self.themes]:
            problems.append(_("unknown themes: %(values)s") % {"values": ", ".join(unknown)})
        if unknown := [o for o in _split(row.get("publisher")) if o not in self.organisations]:
            problems.append(_("unknown publishers: %(values)s") % {"values": ", ".join(unknown)})
        url = str(row.get("url") or "").strip()
        row["url"] = url
        if url:
            try:
                self.url_check(url)
            except ValidationError:
                problems.append(_("url %(v)r is not a web address") % {"v": url})
        edition = str(row.get("edition_of") or "").strip()
        if edition and edition == title:
            problems.append(_("edition_of names the document itself"))
        elif (
            edition
            and edition not in self.file_titles
            and not Document.objects.filter(title=edition).exists()
        ):
            problems.append(_("edition_of %(v)r names no document") % {"v": edition})
        for key in ("summary", "authors"):
            row[key] = str(row.get(key) or "").strip()
        if problems:
            raise RowError(
                _("Row %(number)s (%(title)s): %(problems)s")
                % {
                    "number": kwargs.get("row_number", "?"),
                    "title": title or _("no title"),
                    "problems": "; ".join(problems),
                }
            )

    def after_init_instance(self, instance, new, row, **kwargs):
        if new and self._meta.use_bulk:
            self.pending[(row["title"], row["language"])] = instance

    def before_save_instance(self, instance, row, **kwargs):
        if instance.status == DocumentStatus.PUBLISHED and not instance.first_published:
            # Imported straight into the catalogue as published: its first publication is now.
            instance.first_published = timezone.now()
        instance.publication_year, instance.publication_date = parse_published(row.get("published"))
        instance._change_reason = "Imported"
        if self._meta.use_bulk:
            # Written by bulk_create/bulk_update below, lists and history included.
            instance._import_lists = {
                "publishers": _split(row.get("publisher")),
                "countries": _split(row.get("countries")),
                "themes": _split(row.get("themes")),
            }
            instance._import_edition = str(row.get("edition_of") or "").strip()
            return
        if not instance.slug:
            instance.slug = unique_slug(Document, instance.title, exclude_pk=instance.pk)
        # One history record per row, written once the lists are set (see save_m2m), instead of
        # one for the row and one more for each list.
        instance.skip_history_when_saving = True

    def save_instance(self, instance, is_create, row, **kwargs):
        if self._meta.use_bulk and not is_create and instance.pk is None:
            # A second row for a document this file creates: the queued document has its values.
            self.before_save_instance(instance, row, **kwargs)
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if self._meta.use_bulk:
            return
        if hasattr(instance, "skip_history_when_saving"):
            del instance.skip_history_when_saving
        if instance.pk:
            instance.save(update_fields=["updated"])

    def after_save_instance(self, instance, row, **kwargs):
        if self._meta.use_bulk:
            return  # remembered once written (_written)
        self.saved.append(instance.pk)
        edition = str(row.get("edition_of") or "").strip()
        if edition:
            self.editions.append((instance.pk, edition))

    def _lists(self) -> dict[str, dict[str, int]]:
        return {"publishers": self.organisations, "countries": self.countries, "themes": self.themes}

    def _write(self, instances, *, create: bool, using_transactions, dry_run, raise_errors, result):
        if not instances or not (using_transactions or not dry_run):
            instances.clear()
            return
        try:
            documents_write(list(instances), self._lists(), create=create)
            for document in instances:
                self.saved.append(document.pk)
                if document._import_edition:
                    self.editions.append((document.pk, document._import_edition))
        except Exception as exc:  # reported as an error of the import, which then saves nothing
            self.handle_import_error(result, exc, raise_errors)
        finally:
            instances.clear()

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(
            self.create_instances,
            create=True,
            using_transactions=using_transactions,
            dry_run=dry_run,
            raise_errors=raise_errors,
            result=result,
        )

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(
            self.update_instances,
            create=False,
            using_transactions=using_transactions,
            dry_run=dry_run,
            raise_errors=raise_errors,
            result=result,
        )

    def after_import(self, dataset, result, **kwargs):
        if result.has_errors() or not getattr(self, "saved", None):
            return
        titles = {t for _pk, t in self.editions}
        by_title = dict(Document.objects.filter(title__in=titles).order_by("-pk").values_list("title", "pk"))
        for pk, title in self.editions:
            target = by_title.get(title)
            if target and target != pk:
                Document.objects.filter(pk=pk).update(edition_of_id=target)
        document_reindex(document_ids=self.saved)

    # --- export ---------------------------------------------------------------------------------

    def dehydrate_published(self, document):
        return document.published_display

    def dehydrate_edition_of(self, document):
        return document.edition_of.title if document.edition_of_id else ""

    def get_export_queryset(self, request=None):
        return Document.objects.select_related("edition_of").prefetch_related(
            "publishers", "countries", "themes"
        )


class DocumentPreviewResource(DocumentResource):
    """The same import for the admin, whose dry-run preview shows every value of every row."""

    class Meta(DocumentResource.Meta):
        skip_diff = False
        use_bulk = False
