"""Writes to expert profiles: application, self-service, vetting, privacy, retention and erasure.

Every function is keyword-only, takes the acting user (never a request) and records what it did;
e-mails leave with transaction.on_commit so nothing is sent for a rolled-back change.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse import roles

from .choices import CONSENT_VERSION, ExpertStatus, VettingKind
from .models import (
    ARCHIVE_DAYS,
    FRESH_DAYS,
    Availability,
    CountryExperience,
    Evaluation,
    Expert,
    ExpertExpertise,
    ExpertFunction,
    ExpertLanguage,
    ProfileView,
    VerifiedTraining,
    VettingCheck,
)
from .permissions import may_apply

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
            raise ValidationError(_("This username is taken."))
        user = User.objects.create_user(username=username, email=data.fields["email"], password=password)
    elif Expert.objects.filter(user=user).exists() or not may_apply(user):
        raise PermissionDenied
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
        raise PermissionDenied
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


def expert_confirm(*, expert: Expert, user) -> Expert:
    """ "My profile and availability are current": resets freshness; an archived profile returns
    to active if it had been vetted (archiving was only for staleness)."""
    if expert.user_id != user.pk:
        raise PermissionDenied
    expert.confirmed_at = timezone.now()
    expert.retention_notice_sent_at = None
    if expert.status == ExpertStatus.ARCHIVED and expert.vetting_checks.count() == len(VettingKind):
        expert.status = ExpertStatus.ACTIVE
        expert.status_changed_at = expert.confirmed_at
    expert.save(
        update_fields=[
            "confirmed_at",
            "retention_notice_sent_at",
            "status",
            "status_changed_at",
            "updated_at",
        ]
    )
    _audit(user, expert, "confirmed_at", "status")
    return expert


def expert_withdraw_consent(*, expert: Expert, user) -> Expert:
    """Withdrawing consent takes the expert out of matching at once (matchable() excludes them)."""
    if expert.user_id != user.pk:
        raise PermissionDenied
    expert.consent_withdrawn_at = timezone.now()
    expert.save(update_fields=["consent_withdrawn_at", "updated_at"])
    _audit(user, expert, "consent_withdrawn_at")
    return expert


def expert_give_consent(*, expert: Expert, user) -> Expert:
    """Gives (or renews) consent to the current version of the roster terms."""
    if expert.user_id != user.pk:
        raise PermissionDenied
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


@transaction.atomic
def expert_erase(*, expert: Expert, user) -> None:
    """Erases the expert: scrubs every personal field, the CV file and the account; keeps past
    deployments (and their evaluations) attached to an anonymous, erased profile."""
    if expert.user_id != user.pk and not roles.is_curator(user):
        raise PermissionDenied
    secrets_to_remove = [s for s in (expert.full_name, expert.email, expert.phone) if s]
    if expert.cv:
        expert.cv.delete(save=False)
    for evaluation in Evaluation.objects.filter(deployment__candidate__expert=expert):
        comment = evaluation.comment
        for secret in secrets_to_remove:
            comment = comment.replace(secret, "[erased]")
        evaluation.comment = comment
        evaluation.expert_response = ""
        evaluation.save(update_fields=["comment", "expert_response"])
    expert.candidacies.filter(deployment__isnull=True).delete()
    for related in (
        expert.languages,
        expert.expertise,
        expert.functions,
        expert.country_experience,
        expert.availability,
        expert.vetting_checks,
        expert.profile_views,
        expert.trainings,
    ):
        related.all().delete()
    account = expert.user
    now = timezone.now()
    expert.full_name = expert.email = expert.phone = expert.bio = ""
    expert.organisation_name = expert.media_outlet = ""
    expert.publication_languages = []
    expert.nationality = None
    expert.cv = ""
    expert.user = None
    expert.status = ExpertStatus.ERASED
    expert.status_changed_at = expert.erased_at = now
    expert.consent_withdrawn_at = expert.consent_withdrawn_at or now
    expert.save()
    _audit(user, expert, "status", note="Personal data erased.")
    expert_type = ContentType.objects.get_for_model(Expert)
    LogEntry.objects.filter(content_type=expert_type, object_id=str(expert.pk)).update(
        object_repr=expert.code
    )
    if account is not None:
        old_username = account.username
        account.username = f"erased-{secrets.token_hex(8)}"
        account.email = account.first_name = account.last_name = ""
        account.set_unusable_password()
        account.is_active = False
        account.save()
        account.groups.clear()
        user_type = ContentType.objects.get_for_model(account)
        LogEntry.objects.filter(content_type=user_type, object_id=str(account.pk)).update(
            object_repr=account.username
        )
        _erase_login_records(old_username, secrets_to_remove)


def _erase_login_records(username: str, values: list[str]) -> None:
    """django-axes keeps usernames of sign-in attempts; the expert's go with the account."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__in=[username, *values]).delete()


# --- vetting ---------------------------------------------------------------------------------

# action -> (allowed from, to). Only curators act; activation needs the complete checklist.
EXPERT_TRANSITIONS = {
    "activate": ((ExpertStatus.APPLIED, ExpertStatus.ARCHIVED, ExpertStatus.DECLINED), ExpertStatus.ACTIVE),
    "decline": ((ExpertStatus.APPLIED, ExpertStatus.ACTIVE), ExpertStatus.DECLINED),
    "archive": ((ExpertStatus.APPLIED, ExpertStatus.ACTIVE), ExpertStatus.ARCHIVED),
}


def vetting_record(*, expert: Expert, user, kind: str, completed_on, note: str = "") -> VettingCheck:
    if not roles.is_curator(user):
        raise PermissionDenied
    check, _created = VettingCheck.objects.update_or_create(
        expert=expert,
        kind=kind,
        defaults={"completed_on": completed_on, "note": note, "recorded_by": user},
    )
    _audit(user, expert, note=f"Vetting check recorded: {check.get_kind_display()} ({completed_on}).")
    return check


def expert_transition(*, expert: Expert, user, action: str) -> Expert:
    if not roles.is_curator(user):
        raise PermissionDenied
    if action not in EXPERT_TRANSITIONS:
        raise ValidationError(_("Unknown action."))
    allowed_from, target = EXPERT_TRANSITIONS[action]
    if expert.status not in allowed_from:
        raise ValidationError(_("This profile cannot be changed that way from its current status."))
    if action == "activate":
        done = set(expert.vetting_checks.values_list("kind", flat=True))
        missing = [str(VettingKind(k).label) for k in VettingKind.values if k not in done]
        if missing:
            raise ValidationError(
                _("Complete the vetting checklist first: %(missing)s.") % {"missing": ", ".join(missing)}
            )
    expert.status = target
    expert.status_changed_at = timezone.now()
    expert.save(update_fields=["status", "status_changed_at", "updated_at"])
    _audit(user, expert, "status")
    if action in ("activate", "decline"):
        body = (
            _("Your roster profile is now active: missions can be matched with you.")
            if action == "activate"
            else _("After vetting, your application to the expert roster was not accepted.")
        )
        _notify(_("Your expert roster profile"), body, [expert.email])
    return expert


def expertise_verify(*, expertise: ExpertExpertise, user, verified: bool) -> ExpertExpertise:
    if not roles.is_curator(user):
        raise PermissionDenied
    expertise.verified = verified
    expertise.verified_at = timezone.now() if verified else None
    expertise.verified_by = user if verified else None
    expertise.save(update_fields=["verified", "verified_at", "verified_by"])
    state = "verified" if verified else "unverified"
    _audit(user, expertise.expert, note=f"Expertise {state}: {expertise.theme}.")
    return expertise


# --- retention -------------------------------------------------------------------------------


def retention_run(*, now=None) -> tuple[int, int]:
    """Reminds experts unconfirmed for 12 months (once) and archives those unconfirmed for 24.

    Returns (reminded, archived)."""
    now = now or timezone.now()
    pool = Expert.objects.on_roster().exclude(status__in=[ExpertStatus.DECLINED, ExpertStatus.ARCHIVED])
    archived = 0
    for expert in pool.filter(confirmed_at__lt=now - timedelta(days=ARCHIVE_DAYS)).only("pk", "status"):
        with transaction.atomic():
            Expert.objects.filter(pk=expert.pk).update(
                status=ExpertStatus.ARCHIVED, status_changed_at=now, updated_at=now
            )
        archived += 1
    reminded = 0
    stale = pool.filter(
        confirmed_at__lt=now - timedelta(days=FRESH_DAYS),
        retention_notice_sent_at__isnull=True,
    ).exclude(status=ExpertStatus.ARCHIVED)
    for expert in stale.only("pk", "email", "full_name"):
        with transaction.atomic():
            Expert.objects.filter(pk=expert.pk).update(retention_notice_sent_at=now)
            _notify(
                _("Is your expert roster profile still current?"),
                _(
                    "Dear %(name)s,\n\nyou have not confirmed your expert roster profile for 12 months. "
                    "Please sign in and confirm that your profile and availability are current, or "
                    "update them. Profiles not confirmed for 24 months are archived and no longer "
                    "matched with requests.\n\n%(url)s"
                )
                % {"name": expert.full_name, "url": settings.SITE_URL.rstrip("/") + "/roster/me/"},
                [expert.email],
            )
        reminded += 1
    return reminded, archived


def training_invitation(token: str):
    """The events registration a roster invitation token names (an attendee of a qualifying training,
    not erased), or None for a bad, altered or expired token. Read through events.models only."""
    from events.models import Registration

    return Registration.objects.from_roster_invitation(token or "")


def training_prefill(registration) -> dict:
    """The profile fields an invitation fills in: what the attendee gave when registering."""
    return {
        "full_name": registration.full_name,
        "email": registration.email,
        "organisation_name": registration.organisation_name,
        "nationality": registration.country_id,
    }


@transaction.atomic
def training_record(*, expert: Expert, user, token: str) -> VerifiedTraining | None:
    """Records on the expert's own profile the training an invitation names, as verified (the
    attendance was recorded by events staff). Only the expert themself; a bad token records nothing."""
    if expert.user_id is None or expert.user_id != user.pk:
        raise PermissionDenied
    registration = training_invitation(token)
    if registration is None:
        return None
    event = registration.event
    training, _created = VerifiedTraining.objects.get_or_create(
        expert=expert,
        event=event,
        defaults={"title": event.title, "completed_on": event.local_end.date()},
    )
    _audit(user, expert, note=f"Verified training recorded: {event.slug}.")
    return training
