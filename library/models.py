"""The resource library: documents (each an edition of a work), their files and extracted pages, and
curated collections."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse.models import Country, Organisation, Region, Theme
from clearinghouse.uploads import DOCUMENT_KINDS, IMAGE_KINDS, MB, FileCheck, detected_kind
from programmes.models import Programme, ProjectOutline


class DocumentKind(models.TextChoices):
    STANDARD = "standard", _("Standard or convention")
    GUIDELINE = "guideline", _("Guideline")
    HANDBOOK = "handbook", _("Handbook or manual")
    TRAINING = "training", _("Training material")
    RESEARCH = "research", _("Research report")
    ASSESSMENT = "assessment", _("Monitoring or assessment report")
    POLICY = "policy", _("Policy paper")
    PROJECT_REPORT = "project-report", _("Project report")
    CONFERENCE = "conference", _("Conference report")
    LEGISLATION = "legislation", _("Legislation or legislative review")
    ETHICS_CODE = "ethics-code", _("Code of ethics")
    NEWSLETTER = "newsletter", _("Newsletter")
    OTHER = "other", _("Other")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    ALBANIAN = "sq", _("Albanian")
    ROMANIAN = "ro", _("Romanian")
    SERBIAN = "sr", _("Serbian")
    UKRAINIAN = "uk", _("Ukrainian")
    OTHER = "other", _("Other")


# The PostgreSQL text search configuration used for a document in each language.
SEARCH_CONFIGS = {"en": "english", "ru": "russian", "fr": "french", "de": "german", "ro": "romanian"}


class Licence(models.TextChoices):
    COPYRIGHT = "copyright", _("All rights reserved")
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_NC = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial 4.0")
    CC_BY_NC_ND = "CC-BY-NC-ND-4.0", _("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0")
    PUBLIC_DOMAIN = "public-domain", _("Public domain")
    UNKNOWN = "unknown", _("Not stated")


LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
}


def datestamp_now():
    """Now, in whole seconds: the OAI-PMH granularity, so that from/until compare exactly what
    harvesters are shown."""
    return timezone.now().replace(microsecond=0)


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=DocumentStatus.PUBLISHED)

    def harvestable(self):
        """What OAI-PMH reports: published records, and withdrawn ones as deleted."""
        return self.filter(status__in=[DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN])

    def with_lists(self):
        """Everything a list row shows, in a constant number of queries (and not the search data,
        which is large and never shown)."""
        return self.prefetch_related("publishers").defer("file_text", "index_names", "search_vector")

    def with_detail(self):
        return self.select_related("edition_of").prefetch_related(
            "publishers", "countries", "regions", "themes", "files"
        )


class Document(models.Model):
    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True, help_text=_("Made from the title when empty.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    authors = models.CharField(
        _("authors"), max_length=1000, blank=True, help_text=_("Personal authors, separated by semicolons.")
    )
    publishers = models.ManyToManyField(
        Organisation, verbose_name=_("publishers"), blank=True, related_name="library_documents"
    )
    publication_year = models.PositiveSmallIntegerField(_("year of publication"), null=True, blank=True)
    publication_date = models.DateField(
        _("date of publication"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the year is known."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    edition_of = models.ForeignKey(
        "self",
        verbose_name=_("edition of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editions",
        help_text=_("The original edition of the same work (for example the English handbook)."),
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="library_documents"
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="library_documents"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="library_documents"
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("programmes"), blank=True, related_name="library_documents"
    )
    outlines = models.ManyToManyField(
        ProjectOutline, verbose_name=_("project outlines"), blank=True, related_name="library_documents"
    )
    url = models.URLField(_("external address"), max_length=500, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    report_number = models.CharField(_("report number"), max_length=100, blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.UNKNOWN)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    first_published = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), default=timezone.now, db_index=True, editable=False)
    oai_datestamp = models.DateTimeField(
        _("harvest datestamp"),
        default=datestamp_now,
        editable=False,
        help_text=_(
            "When anything harvesters receive about the document last changed (its record, "
            "publishers, themes, collections, files, status), in whole seconds."
        ),
    )
    # Search index: text of the files and publisher names, kept up to date by library.search.
    file_text = models.TextField(_("text of the files"), blank=True, editable=False)
    index_names = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(
        m2m_fields=[publishers, countries, regions, themes, programmes, outlines],
        excluded_fields=["file_text", "index_names", "search_vector", "oai_datestamp"],
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-publication_year", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["status", "publication_year"], name="library_doc_status_year"),
            # The import finds documents by title (and language), a file's worth at once.
            models.Index(fields=["title", "language"], name="library_doc_title_language"),
            # OAI-PMH lists walk this order with a (datestamp, id) cursor.
            models.Index(fields=["oai_datestamp", "id"], name="library_doc_oai_cursor"),
            # The admin's change list: the default order, with the primary key it adds.
            models.Index(fields=["-publication_year", "title", "-id"], name="library_doc_admin_order"),
            # Its search finds a document by the exact ISBN or report number beside the full text.
            models.Index(fields=["isbn"], name="library_doc_isbn"),
            models.Index(fields=["report_number"], name="library_doc_report_number"),
            # PostgreSQL also has library_doc_published_newest (migration 0003) for the default order.
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DocumentStatus.values), name="library_document_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="library_document_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(publication_year__isnull=True)
                | models.Q(publication_year__gte=1900, publication_year__lte=2100),
                name="library_document_year_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(edition_of=models.F("pk")), name="library_document_not_own_edition"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.prepare_save()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated", "oai_datestamp", "publication_year"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("library:document_detail", kwargs={"slug": self.slug})

    def prepare_save(self) -> None:
        """What every save sets; also called for documents written with bulk_create/bulk_update.
        Status and the first publication date are the workflow's (library.services.document_transition)."""
        self.updated = timezone.now()
        self.oai_datestamp = self.updated.replace(microsecond=0)
        if self.publication_date and not self.publication_year:
            self.publication_year = self.publication_date.year

    @property
    def is_public(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED

    @property
    def search_config(self) -> str:
        return SEARCH_CONFIGS.get(self.language, "simple")

    @property
    def author_list(self) -> list[str]:
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    @property
    def work_root_id(self) -> int:
        return self.edition_of_id or self.pk

    @property
    def published_display(self) -> str:
        if self.publication_date:
            return self.publication_date.isoformat()
        return str(self.publication_year or "")


@contextmanager
def facet_keys_refreshed_once(document_ids: Iterable[int]):
    """Links of these documents (themes, countries, regions, publishers) written inside the block
    refresh the documents' facet keys once, at its end, instead of once per statement. PostgreSQL
    keeps the keys (`library_document.facet_keys`, migration 0006) with triggers on the link
    tables; this only defers them, inside one transaction. Elsewhere there are no keys to keep."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('library.facet_keys', 'deferred', true)")
        yield
        cursor.execute("SELECT set_config('library.facet_keys', '', true)")
        cursor.execute("SELECT library_document_facet_keys_refresh(%s::bigint[])", [list(document_ids)])


def library_upload_to(instance: DocumentFile, filename: str) -> str:
    return f"library/{instance.document.slug[:80]}/{filename}"


MAX_FILE_SIZE = 50 * MB


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Text extracted")
    EMPTY = "empty", _("No text found")
    FAILED = "failed", _("Failed")


class DocumentFile(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("file"),
        upload_to=library_upload_to,
        max_length=300,
        validators=[FileCheck(kinds=DOCUMENT_KINDS | IMAGE_KINDS, max_size=MAX_FILE_SIZE)],
        help_text=_("PDF, DOCX, ODT, XLSX, PPTX or an image; at most 50 MB."),
    )
    label = models.CharField(_("label"), max_length=200, blank=True, help_text=_("For example “Full text”."))
    kind = models.CharField(_("format"), max_length=10, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    downloads = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    extraction = models.CharField(
        _("text extraction"),
        max_length=10,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )
    page_count = models.PositiveIntegerField(_("pages"), default=0, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extraction__in=ExtractionStatus.values),
                name="library_file_extraction_valid",
            )
        ]

    def __str__(self) -> str:
        return self.label or self.filename

    def save(self, *args, **kwargs):
        if bool(self.file) and not getattr(self.file, "_committed", True):
            # What the bytes are; their text is queued by library.services.files_saved.
            self.kind = detected_kind(self.file) or ""
            self.size = self.file.size or 0
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("library:file_download", kwargs={"slug": self.document.slug, "pk": self.pk})

    @property
    def format_label(self) -> str:
        return (self.kind or self.filename.rsplit(".", 1)[-1]).upper()

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class DocumentPage(models.Model):
    """The text of one page of a file (PDF page by page; other formats as one page)."""

    file = models.ForeignKey(DocumentFile, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["file", "number"]
        constraints = [models.UniqueConstraint(fields=["file", "number"], name="library_page_unique")]

    def __str__(self) -> str:
        return f"{self.file} p. {self.number}"


class SearchTerm(models.Model):
    """A word of the published titles and summaries, for "did you mean" suggestions."""

    word = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.word


class Collection(models.Model):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    documents = models.ManyToManyField(
        Document, through="CollectionItem", verbose_name=_("documents"), related_name="collections"
    )
    updated = models.DateTimeField(
        _("updated"), auto_now=True, help_text=_("Its page's lastmod in the sitemap.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:collection_detail", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["collection", "document"], name="library_collection_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.collection}: {self.document}"


class DeletedRecord(models.Model):
    """What stays of a deleted document that harvesters may have received: its OAI-PMH record
    number, when it was deleted and the sets it was in, so that OAI-PMH goes on reporting it as
    deleted (the repository promises deletedRecord=persistent)."""

    document_id = models.PositiveBigIntegerField(
        _("document number"), unique=True, help_text=_("The number of the deleted document.")
    )
    title = models.CharField(_("title"), max_length=500)
    datestamp = models.DateTimeField(_("deleted"), default=datestamp_now)
    set_specs = models.TextField(
        _("sets"), blank=True, help_text=_("The OAI-PMH sets it was in (and their parents), space-separated.")
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        ordering = ["datestamp", "document_id"]
        verbose_name = _("deleted record")
        verbose_name_plural = _("deleted records")
        indexes = [models.Index(fields=["datestamp", "document_id"], name="library_deleted_oai_cursor")]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.title}"
