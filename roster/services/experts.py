"""Writes to expert profiles: application, self-service, consent, vetting. A profile's status
(vetting decisions, the archive, erasure) changes in roster.services.lifecycle.

Every function is keyword-only, takes the acting user (never a request) and records what it did;
e-mails leave with transaction.on_commit so nothing is sent for a rolled-back change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse import roles
from clearinghouse.errors import NotPermitted

from ..choices import CONSENT_VERSION
from ..errors import RosterError
from ..models import (
    Availability,
    CountryExperience,
    Evaluation,
    Expert,
    ExpertExpertise,
    ExpertFunction,
    ExpertLanguage,
    ProfileView,
    VettingCheck,
)
from ..permissions import may_apply

PROFILE_FIELDS = (
    "full_name",
    "email",
    "phone",
    "nationality",
    "organisation_name",
    "bio",
    "years_experience",
    "media_outlet",
    "publication_languages",
    "notice_days",
)


@dataclass
class ProfileData:
    """A profile as the forms deliver it: scalar fields plus the repeating parts."""

    fields: dict
    themes: list = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    countries: list[tuple[object, int]] = field(default_factory=list)
    windows: list[tuple[object, object]] = field(default_factory=list)
    cv: object = None  # an upload, None to keep the current CV, False to remove it


def _audit(user, expert: Expert, *fields: str, flag: int = CHANGE, note: str = "") -> None:
    """The profile's audit trail in Django's admin log: who, when and which fields changed, never the
    values (profiles hold personal data, and erasure must leave no copy of it anywhere)."""
    labels = [str(Expert._meta.get_field(name).verbose_name) for name in fields]
    if note:
        message = note
    elif flag == ADDITION:
        message = [{"added": {}}]
    else:
        message = [{"changed": {"fields": labels}}]
    LogEntry.objects.log_actions(
        user_id=user.pk if user else None,
        queryset=[expert],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


def _notify(subject: str, body: str, to: list[str]) -> None:
    to = [address for address in to if address]
    if to:
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to), robust=True)


def _write_parts(expert: Expert, data: ProfileData) -> None:
    # Expertise keeps its verification when the expert keeps the theme.
    wanted = {theme.pk for theme in data.themes}
    expert.expertise.exclude(theme_id__in=wanted).delete()
    have = set(expert.expertise.values_list("theme_id", flat=True))
    ExpertExpertise.objects.bulk_create(
        [ExpertExpertise(expert=expert, theme_id=pk) for pk in sorted(wanted - have)]
    )
    expert.functions.all().delete()
    ExpertFunction.objects.bulk_create(
        [ExpertFunction(expert=expert, function=f) for f in dict.fromkeys(data.functions)]
    )
    expert.languages.all().delete()
    ExpertLanguage.objects.bulk_create(
        [
            ExpertLanguage(expert=expert, language=code, level=level)
            for code, level in dict(data.languages).items()
        ]
    )
    expert.country_experience.all().delete()
    CountryExperience.objects.bulk_create(
        [
            CountryExperience(expert=expert, country=c, years=y)
            for c, y in {c: y for c, y in data.countries}.items()
        ]
    )
    expert.availability.all().delete()
    Availability.objects.bulk_create(
        [Availability(expert=expert, starts_on=s, ends_on=e) for s, e in data.windows]
    )


@transaction.atomic
def expert_apply(*, data: ProfileData, username: str = "", password: str = "", user=None) -> Expert:
    """Creates the profile, recording the consent given, and puts the account in the expert group.

    Visitors get a new account (username, password); a signed-in user without a profile (and not
    office staff or an officer) applies with the account they have."""
    if user is None:
        User = get_user_model()
        if User.objects.filter(username__iexact=username).exists():
            raise RosterError(_("This username is taken."))
        user = User.objects.create_user(username=username, email=data.fields["email"], password=password)
    elif Expert.objects.filter(user=user).exists() or not may_apply(user):
        raise NotPermitted
    roles.sync_groups()
    user.groups.add(Group.objects.get(name=roles.EXPERT))
    now = timezone.now()
    expert = Expert(user=user, consent_version=CONSENT_VERSION, consent_given_at=now, confirmed_at=now)
    for name in PROFILE_FIELDS:
        setattr(expert, name, data.fields.get(name, getattr(expert, name)))
    if data.cv:
        expert.cv = data.cv
    expert.save()
    _write_parts(expert, data)
    _audit(user, expert, flag=ADDITION)
    _notify(
        _("Your application to the expert roster"),
        _(
            "Thank you for applying to the expert roster. Staff will check your references, hold an "
            "interview and verify your documents before your profile becomes active."
        ),
        [expert.email],
    )
    return expert


@transaction.atomic
def expert_update(*, expert: Expert, user, data: ProfileData) -> Expert:
    """The expert edits their profile; editing also confirms it is current."""
    if expert.user_id != user.pk:
        raise NotPermitted
    stored = Expert.objects.get(pk=expert.pk)
    for name in PROFILE_FIELDS:
        if name in data.fields:
            setattr(expert, name, data.fields[name])
    changed = [name for name in PROFILE_FIELDS if getattr(stored, name) != getattr(expert, name)]
    # The stored name, not the in-memory one (a bound ModelForm may already have replaced it).
    old_cv = Expert.objects.filter(pk=expert.pk).values_list("cv", flat=True).first() or ""
    if data.cv:
        expert.cv = data.cv
    elif data.cv is False:  # the expert ticked "clear"
        expert.cv = ""
    else:
        expert.cv = old_cv
    expert.confirmed_at = timezone.now()
    expert.retention_notice_sent_at = None
    expert.save()
    _write_parts(expert, data)
    if old_cv != expert.cv.name:
        changed.append("cv")
    _audit(user, expert, *changed, "confirmed_at")
    if old_cv and old_cv != expert.cv.name:
        storage = expert.cv.storage
        transaction.on_commit(lambda: storage.delete(old_cv))
    if expert.user and expert.user.email != expert.email:
        expert.user.email = expert.email
        expert.user.save(update_fields=["email"])
    return expert


def expert_withdraw_consent(*, expert: Expert, user) -> Expert:
    """Withdrawing consent takes the expert out of matching at once (matchable() excludes them)."""
    if expert.user_id != user.pk:
        raise NotPermitted
    expert.consent_withdrawn_at = timezone.now()
    expert.save(update_fields=["consent_withdrawn_at", "updated_at"])
    _audit(user, expert, "consent_withdrawn_at")
    return expert


def expert_give_consent(*, expert: Expert, user) -> Expert:
    """Gives (or renews) consent to the current version of the roster terms."""
    if expert.user_id != user.pk:
        raise NotPermitted
    expert.consent_version = CONSENT_VERSION
    expert.consent_given_at = timezone.now()
    expert.consent_withdrawn_at = None
    expert.save(update_fields=["consent_version", "consent_given_at", "consent_withdrawn_at", "updated_at"])
    _audit(user, expert, "consent_version", "consent_given_at", "consent_withdrawn_at")
    return expert


def expert_record_view(*, expert: Expert, user, what: str) -> None:
    """Logs a staff member's look at a profile or CV; the expert can read the log."""
    if expert.user_id != user.pk:
        ProfileView.objects.create(expert=expert, viewer=user, what=what)


def expert_export(*, expert: Expert) -> dict:
    """Every piece of data the roster holds about the expert, as JSON-serialisable data."""
    return {
        "reference": expert.code,
        "profile": {
            "full_name": expert.full_name,
            "email": expert.email,
            "phone": expert.phone,
            "nationality": expert.nationality.iso2 if expert.nationality else None,
            "organisation": expert.organisation_name,
            "bio": expert.bio,
            "years_experience": expert.years_experience,
            "media_outlet": expert.media_outlet,
            "publication_languages": expert.publication_languages,
            "notice_days": expert.notice_days,
            "cv_on_file": bool(expert.cv),
            "status": expert.status,
        },
        "consent": {
            "version": expert.consent_version,
            "given_at": expert.consent_given_at.isoformat() if expert.consent_given_at else None,
            "withdrawn_at": expert.consent_withdrawn_at.isoformat() if expert.consent_withdrawn_at else None,
        },
        "confirmed_at": expert.confirmed_at.isoformat(),
        "languages": [
            {"language": x.language, "level": x.get_level_display()} for x in expert.languages.all()
        ],
        "expertise": [{"theme": x.theme.slug, "verified": x.verified} for x in expert.expertise.all()],
        "functions": [x.function for x in expert.functions.all()],
        "countries": [{"country": x.country.iso2, "years": x.years} for x in expert.country_experience.all()],
        "availability": [
            {"from": x.starts_on.isoformat(), "until": x.ends_on.isoformat()}
            for x in expert.availability.all()
        ],
        "vetting": [
            {"check": x.kind, "completed_on": x.completed_on.isoformat()} for x in expert.vetting_checks.all()
        ],
        "candidacies": [
            {
                "request": c.request.title,
                "status": c.status,
                "score": float(c.score),
                "reasons": c.reasons,
            }
            for c in expert.candidacies.select_related("request")
        ],
        "evaluations": [
            {
                "request": e.deployment.candidate.request.title,
                "criteria": {str(label): value for label, value in e.criteria()},
                "recommendation": e.recommendation,
                "comment": e.comment,
                "response": e.expert_response,
            }
            for e in Evaluation.objects.filter(deployment__candidate__expert=expert).select_related(
                "deployment__candidate__request"
            )
        ],
        "profile_views": [
            {
                "at": v.viewed_at.isoformat(),
                "what": v.what,
                "by": v.viewer.get_username() if v.viewer else None,
            }
            for v in expert.profile_views.select_related("viewer")
        ],
    }


# --- vetting ---------------------------------------------------------------------------------


def vetting_record(*, expert: Expert, user, kind: str, completed_on, note: str = "") -> VettingCheck:
    if not roles.is_curator(user):
        raise NotPermitted
    check, _created = VettingCheck.objects.update_or_create(
        expert=expert,
        kind=kind,
        defaults={"completed_on": completed_on, "note": note, "recorded_by": user},
    )
    _audit(user, expert, note=f"Vetting check recorded: {check.get_kind_display()} ({completed_on}).")
    return check


def expertise_verify(*, expertise: ExpertExpertise, user, verified: bool) -> ExpertExpertise:
    if not roles.is_curator(user):
        raise NotPermitted
    expertise.verified = verified
    expertise.verified_at = timezone.now() if verified else None
    expertise.verified_by = user if verified else None
    expertise.save(update_fields=["verified", "verified_at", "verified_by"])
    state = "verified" if verified else "unverified"
    _audit(user, expertise.expert, note=f"Expertise {state}: {expertise.theme}.")
    return expertise
