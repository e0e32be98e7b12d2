"""Events: conferences, meetings, training courses, workshops and online sessions, with their
materials and report (library documents) and a log of every status change."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse.models import Country, Organisation, Theme
from library.models import Document

from ..choices import PAST_STATUSES, EventKind, EventStatus

TIME_ZONES = sorted(zoneinfo.available_timezones())


def _validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s.") % {"zone": value})


class EventQuerySet(models.QuerySet):
    def public(self):
        """Every curated event is public once it is planned (cancelled ones say so)."""
        return self.filter(status__in=EventStatus.values)

    def with_lists(self):
        return self.select_related("country").prefetch_related("themes", "organisers")

    def upcoming(self, *, now: datetime):
        """Not over yet and not cancelled: soonest first."""
        return (
            self.filter(ends_at__gte=now)
            .exclude(status__in=[EventStatus.CANCELLED, *PAST_STATUSES])
            .order_by("starts_at", "pk")
        )

    def past(self, *, now: datetime):
        """Over, or held, or cancelled: newest first."""
        return self.exclude(pk__in=self.upcoming(now=now).values("pk")).order_by("-starts_at", "-pk")

    def for_country(self, country):
        """Held in the country or concerning it (for country pages)."""
        return self.filter(Q(country=country) | Q(countries=country)).distinct()

    def in_month(self, year: int, month: int):
        """Events that run on any day of the month (in UTC)."""
        first = date(year, month, 1)
        after = date(year + (month == 12), month % 12 + 1, 1)
        start = datetime(first.year, first.month, 1, tzinfo=zoneinfo.ZoneInfo("UTC"))
        end = datetime(after.year, after.month, 1, tzinfo=zoneinfo.ZoneInfo("UTC"))
        return self.filter(starts_at__lt=end, ends_at__gte=start)

    def search(self, text: str):
        """A plain contains-search over titles and summaries in both languages (site search)."""
        text = (text or "").strip()
        if not text:
            return self.none()
        return self.filter(
            Q(title__icontains=text)
            | Q(title_ru__icontains=text)
            | Q(summary__icontains=text)
            | Q(summary_ru__icontains=text)
            | Q(city__icontains=text)
        )


class Event(models.Model):
    """One event the office runs or co-organises. Status changes only through
    events.services.events.event_transition (the table in events/workflow.py)."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=300)
    title_ru = models.CharField(_("title in Russian"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Vienna",
        validators=[_validate_time_zone],
        help_text=_("Where the event takes place (IANA name, e.g. Europe/Vienna); times are shown in it."),
    )
    online = models.BooleanField(_("online"), default=False)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_held",
        help_text=_("Where it is held; empty for online events."),
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries concerned"), blank=True, related_name="events_concerning"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="events")
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), blank=True, related_name="events_organised"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="events_partnered"
    )
    audience = models.CharField(
        _("audience"), max_length=500, blank=True, help_text=_("Who it is for, e.g. media professionals.")
    )
    working_languages = models.CharField(_("working languages"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty when there is no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED, editable=False
    )
    invites_to_roster = models.BooleanField(
        _("attendees are invited to the expert roster"),
        default=False,
        help_text=_("For trainings that qualify: attendees are invited with their training verified."),
    )
    materials = models.ManyToManyField(
        Document,
        verbose_name=_("materials"),
        blank=True,
        related_name="event_materials",
        help_text=_("Agenda, presentations, handouts: library documents (shown once published)."),
    )
    report = models.ForeignKey(
        Document,
        verbose_name=_("report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_reports",
        help_text=_("The event's report with its conclusions: a library document."),
    )
    cancellation_note = models.TextField(_("reason for cancellation"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[countries, themes, organisers, partners, materials])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="events_event_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="events_event_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="events_event_dates"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True)
                | Q(registration_opens__isnull=True)
                | Q(registration_closes__gte=models.F("registration_opens")),
                name="events_event_registration_window",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="events_event_status_idx")]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    @property
    def display_title(self) -> str:
        if (get_language() or "en").startswith("ru") and self.title_ru:
            return self.title_ru
        return self.title

    @property
    def display_summary(self) -> str:
        if (get_language() or "en").startswith("ru") and self.summary_ru:
            return self.summary_ru
        return self.summary

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self) -> datetime:
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def is_training(self) -> bool:
        return self.kind == EventKind.TRAINING

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_over(self) -> bool:
        return self.status in PAST_STATUSES

    def registration_is_open(self, *, now: datetime | None = None) -> bool:
        """Open by status, and inside the window when one is set."""
        now = now or timezone.now()
        if self.status != EventStatus.REGISTRATION_OPEN:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now > self.registration_closes)

    @property
    def place(self) -> str:
        if self.online:
            return str(_("Online"))
        return ", ".join(str(part) for part in (self.venue, self.city, self.country) if part)


class EventLog(models.Model):
    """One status change of an event: who, when, from, to, why. Read-only everywhere."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("event status change")
        verbose_name_plural = _("event status changes")

    def __str__(self) -> str:
        return f"{self.event.slug}: {self.from_status} → {self.to_status}"
