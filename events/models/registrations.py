"""Registrations (signed-in users and guests), their log, and feedback after the event.

Registrations hold personal data: they keep no HistoricalRecords (erasure must leave no copy of a
name or an address); their trail is RegistrationLog (who, when, which status), which holds none.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clearinghouse.models import Country

from ..choices import ACTIVE_REGISTRATION, RATINGS, RegistrationStatus
from .events import Event

ROSTER_INVITATION_SALT = "events.roster-invitation"
# An invitation to the roster is valid this long (seconds): 90 days.
ROSTER_INVITATION_MAX_AGE = 90 * 24 * 3600


def new_key() -> str:
    """The participant's own link: 256 random bits, unguessable."""
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_REGISTRATION)

    def accepted(self):
        return self.filter(status=RegistrationStatus.ACCEPTED)

    def wait_list(self):
        """First come, first served."""
        return self.filter(status=RegistrationStatus.WAIT_LISTED).order_by("wait_listed_at", "pk")

    def attended(self):
        return self.filter(attended=True)

    def not_erased(self):
        return self.filter(erased_at__isnull=True)

    def of_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def from_roster_invitation(self, token: str):
        """The attended, not erased registration a roster invitation token names, or None (a bad,
        altered or expired token names nothing). The roster's apply flow reads it to prefill."""
        try:
            data = signing.loads(token, salt=ROSTER_INVITATION_SALT, max_age=ROSTER_INVITATION_MAX_AGE)
        except (signing.BadSignature, TypeError):
            return None
        return (
            self.filter(pk=data.get("r"), key=data.get("k"), attended=True, erased_at__isnull=True)
            .select_related("event", "country")
            .filter(event__invites_to_roster=True)
            .first()
        )


class Registration(models.Model):
    """One person's registration for an event: a signed-in user or a guest without an account.
    Only the person (through their account or their link) and the event's staff ever see it."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    key = models.CharField(_("private link key"), max_length=64, unique=True, default=new_key, editable=False)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("role or position"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accessibility_needs = models.TextField(
        _("accessibility needs"),
        blank=True,
        max_length=2000,
        help_text=_("Anything we should arrange so that you can take part fully."),
    )
    share_organisation = models.BooleanField(
        _("my organisation may be listed among those represented"), default=False
    )
    consent_version = models.CharField(_("consent version"), max_length=20)
    consent_given_at = models.DateTimeField(_("consent given"))
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
        editable=False,
    )
    wait_listed_at = models.DateTimeField(_("wait-listed"), null=True, blank=True, editable=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)
    roster_invited_at = models.DateTimeField(
        _("invited to the roster"), null=True, blank=True, editable=False
    )
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values), name="events_registration_status_valid"
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email="") & Q(status__in=ACTIVE_REGISTRATION),
                name="events_registration_once",
                violation_error_message=_("This e-mail address is already registered for this event."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.slug} #{self.pk}"

    def get_absolute_url(self) -> str:
        """The participant's private page (the link that is e-mailed to them)."""
        return reverse("events:registration", kwargs={"key": self.key})

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def roster_invitation_token(self) -> str:
        """A signed token naming this registration, for the roster's apply form."""
        return signing.dumps({"r": self.pk, "k": self.key}, salt=ROSTER_INVITATION_SALT)


class RegistrationLog(models.Model):
    """One status change of a registration (no personal data)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("registration status change")
        verbose_name_plural = _("registration status changes")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.from_status} → {self.to_status}"


class FeedbackQuerySet(models.QuerySet):
    def summary(self) -> dict:
        """Averages and the number of answers (for the event's staff)."""
        return self.aggregate(
            answers=Count("pk"),
            overall=Avg("overall"),
            content=Avg("content"),
            organisation=Avg("organisation"),
        )


class Feedback(models.Model):
    """A participant's short feedback after the event: three ratings and a comment."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    overall = models.PositiveSmallIntegerField(_("overall"), choices=RATINGS)
    content = models.PositiveSmallIntegerField(_("content and speakers"), choices=RATINGS)
    organisation = models.PositiveSmallIntegerField(_("organisation"), choices=RATINGS)
    comments = models.TextField(_("comments"), blank=True, max_length=3000)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5)
                & Q(content__gte=1, content__lte=5)
                & Q(organisation__gte=1, organisation__lte=5),
                name="events_feedback_ratings",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.slug}: {self.overall}/5"
