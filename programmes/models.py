"""The office's programmes and the project outlines that implement them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse.models import Country, Organisation, Region, Theme
from clearinghouse.translation import translated


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)


class ProgrammeQuerySet(PublishableQuerySet):
    def with_lists(self):
        """Everything a list page shows, in a constant number of queries."""
        return self.prefetch_related("themes", "regions", "countries")

    def with_detail(self):
        return self.prefetch_related(
            "themes",
            "regions",
            "countries",
            "partners",
            models.Prefetch(
                "outlines",
                queryset=ProjectOutline.objects.published().prefetch_related(
                    "themes", "regions", "countries", "partners"
                ),
            ),
        )


class TranslatedTextMixin:
    """Russian title and summary where curators have provided them, English otherwise."""

    @property
    def display_title(self) -> str:
        return translated(self, "title")

    def _section_text(self, name: str) -> str:
        return translated(self, name)

    @property
    def display_summary(self) -> str:
        return translated(self, "summary" if hasattr(self, "summary") else "objectives")


class Programme(TranslatedTextMixin, models.Model):
    title = models.CharField(_("title"), max_length=255)
    title_ru = models.CharField(_("title in Russian"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position in the source document.")
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    main_activities = models.TextField(_("main activities"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    approach = models.TextField(_("approach"), blank=True)
    description_of_activities = models.TextField(_("description of activities"), blank=True)
    expected_impact = models.TextField(_("estimated impact on target groups"), blank=True)
    publications_outputs = models.TextField(_("publications and other material outputs"), blank=True)
    multiplier_effects = models.TextField(_("multiplier effects"), blank=True)
    sustainability = models.TextField(_("sustainability"), blank=True)
    additional_sections = models.JSONField(
        _("additional sections"),
        default=list,
        blank=True,
        help_text=_("Sections of the source document with no field of their own: [{heading, body}]."),
    )
    period_start = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="programmes")
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True, related_name="programmes")
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="programmes"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="programmes"
    )
    source_document = models.CharField(
        _("source document"), max_length=255, blank=True, help_text=_("The outline document imported.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[themes, regions, countries, partners])

    objects = ProgrammeQuerySet.as_manager()

    # Sections in the order of the source document, for pages and the importer alike.
    SECTIONS = (
        "location",
        "summary",
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
    )

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values),
                name="programme_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="programme_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", kwargs={"slug": self.slug})

    @property
    def period(self) -> str:
        if self.period_start and self.period_end and self.period_end != self.period_start:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")

    def sections(self) -> list[tuple[str, str]]:
        """(label, text) for every filled section, in document order."""
        out = [(self._meta.get_field(name).verbose_name, self._section_text(name)) for name in self.SECTIONS]
        out += [(s.get("heading", ""), s.get("body", "")) for s in self.additional_sections]
        return [(label, text) for label, text in out if text]


class ProjectOutlineQuerySet(PublishableQuerySet):
    def visible(self):
        """Published outlines of published programmes: what the public sees."""
        return self.published().filter(programme__status=PublicationStatus.PUBLISHED)


class ProjectOutline(TranslatedTextMixin, models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="outlines"
    )
    title = models.CharField(_("title"), max_length=255)
    title_ru = models.CharField(_("title in Russian"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255)
    status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    scope = models.CharField(
        _("scope line"), max_length=255, blank=True, help_text=_('For example "REGIONAL: CAUCASUS".')
    )
    objectives = models.TextField(_("objectives"), blank=True)
    objectives_ru = models.TextField(_("objectives in Russian"), blank=True)
    background = models.TextField(_("background"), blank=True)
    approach = models.TextField(_("approach"), blank=True)
    timeframe = models.CharField(_("timeframe"), max_length=100, blank=True)
    additional_sections = models.JSONField(_("additional sections"), default=list, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="outlines")
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True, related_name="outlines")
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="outlines"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="outlines"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[themes, regions, countries, partners])

    objects = ProjectOutlineQuerySet.as_manager()

    SECTIONS = ("objectives", "background", "approach", "timeframe")

    class Meta:
        ordering = ["programme__order", "order", "title"]
        verbose_name = _("project outline")
        verbose_name_plural = _("project outlines")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="outline_slug_per_programme"),
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values),
                name="outline_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse(
            "programmes:outline_detail",
            kwargs={"programme": self.programme.slug, "slug": self.slug},
        )

    def sections(self) -> list[tuple[str, str]]:
        out = [(self._meta.get_field(name).verbose_name, self._section_text(name)) for name in self.SECTIONS]
        out += [(s.get("heading", ""), s.get("body", "")) for s in self.additional_sections]
        return [(label, text) for label, text in out if text]


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus codes 1-6."""

    PIPELINE = "1", _("Pipeline/identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


ONGOING_STATUSES = (ActivityStatus.PIPELINE, ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION)


class ActivityQuerySet(PublishableQuerySet):
    def with_lists(self):
        return self.prefetch_related("countries", "themes", "implementers", "funders")

    def ongoing(self):
        return self.filter(activity_status__in=ONGOING_STATUSES)


class Activity(models.Model):
    """An anti-trafficking effort by anyone in the region, kept in the inventory for donors."""

    title = models.CharField(_("title"), max_length=255)
    title_ru = models.CharField(_("title in Russian"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    activity_status = models.CharField(
        _("activity status"),
        max_length=1,
        choices=ActivityStatus.choices,
        default=ActivityStatus.IMPLEMENTATION,
    )
    implementers = models.ManyToManyField(
        Organisation,
        verbose_name=_("implementing organisations"),
        blank=True,
        related_name="implemented_activities",
    )
    funders = models.ManyToManyField(
        Organisation, verbose_name=_("funding organisations"), blank=True, related_name="funded_activities"
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="activities"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="activities")
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="EUR")
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where the information comes from.")
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[implementers, funders, countries, themes])

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values), name="activity_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(activity_status__in=ActivityStatus.values),
                name="activity_iati_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="activity_budget_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("inventory_detail", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        return translated(self, "title")
