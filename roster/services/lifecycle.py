"""An expert profile's status: vetting decisions, the archive (by staff, or by the retention job),
the expert's return from it, and erasure. `expert_transition` is the only code that changes it, by
roster.workflow.EXPERT_TABLE.

Every function is keyword-only and takes the acting user (never a request); e-mails leave with
transaction.on_commit so nothing is sent for a rolled-back change.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse.errors import NotPermitted
from clearinghouse.workflow import record_event

from ..choices import ExpertStatus, VettingKind
from ..errors import RosterError
from ..models import ARCHIVE_DAYS, FRESH_DAYS, Evaluation, Expert
from ..permissions import expert_actor_roles
from ..workflow import EXPERT_TABLE, Actor, ExpertAction
from .experts import _audit, _notify

# Actions that need the whole vetting checklist.
NEEDS_VETTING = (ExpertAction.ACTIVATE, ExpertAction.RETURN)


def expert_transition(*, expert: Expert, user, action: str, system: bool = False) -> Expert:
    """Moves a profile by roster.workflow.EXPERT_TABLE, or raises and changes nothing.

    Roster staff activate (with the whole vetting checklist), decline and archive; the expert returns
    an archived, vetted profile; staff or the expert erase it (every personal field, the CV and the
    account go; past deployments stay with an anonymous profile). `system=True` is the portal's
    retention job (roster.workflow.Actor.SYSTEM, `user` None), never a person. Locks the row,
    records one workflow event (and the admin-log line of the profile's audit trail); the expert is
    told of activation or decline after the commit."""
    label = ExpertAction(action).label if action in ExpertAction.values else action
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        move = EXPERT_TABLE.check(
            state=locked.status,
            action=action,
            roles=frozenset({Actor.SYSTEM}) if system else expert_actor_roles(user, locked),
            action_label=label,
            state_label=locked.get_status_display().lower(),
        )
        if action in NEEDS_VETTING:
            done = set(locked.vetting_checks.values_list("kind", flat=True))
            missing = [str(VettingKind(k).label) for k in VettingKind.values if k not in done]
            if missing:
                raise RosterError(
                    _("Complete the vetting checklist first: %(missing)s.") % {"missing": ", ".join(missing)}
                )
        from_state = locked.status
        now = timezone.now()
        locked.status, locked.status_changed_at = move.to, now
        if action == ExpertAction.ERASE:
            _erase(locked, user=user, now=now)
        else:
            locked.save(update_fields=["status", "status_changed_at", "updated_at"])
            if user is not None:
                _audit(user, locked, "status")
        record_event(locked, action=action, from_state=from_state, to_state=move.to, user=user)
        if action in (ExpertAction.ACTIVATE, ExpertAction.DECLINE):
            body = (
                _("Your roster profile is now active: missions can be matched with you.")
                if action == ExpertAction.ACTIVATE
                else _("After vetting, your application to the expert roster was not accepted.")
            )
            _notify(_("Your expert roster profile"), body, [locked.email])
    if action == ExpertAction.ERASE:
        expert.refresh_from_db()
    else:
        expert.status, expert.status_changed_at = locked.status, locked.status_changed_at
    return expert


def expert_confirm(*, expert: Expert, user) -> Expert:
    """ "My profile and availability are current": resets freshness; an archived profile returns
    to active if it had been vetted (archiving was only for staleness)."""
    if expert.user_id != user.pk:
        raise NotPermitted
    with transaction.atomic():
        expert.confirmed_at = timezone.now()
        expert.retention_notice_sent_at = None
        expert.save(update_fields=["confirmed_at", "retention_notice_sent_at", "updated_at"])
        _audit(user, expert, "confirmed_at")
        if expert.status == ExpertStatus.ARCHIVED and expert.vetting_checks.count() == len(VettingKind):
            expert_transition(expert=expert, user=user, action=ExpertAction.RETURN)
    return expert


def expert_erase(*, expert: Expert, user) -> None:
    """The expert (or roster staff on their request) erases the profile: the workflow's "erase" step."""
    expert_transition(expert=expert, user=user, action=ExpertAction.ERASE)


def _erase(expert: Expert, *, user, now) -> None:
    """Saves the erased status set by expert_transition (its only caller) and scrubs every personal field, the CV file and the account; keeps past deployments (and their
    evaluations) attached to an anonymous, erased profile."""
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
    expert.full_name = expert.email = expert.phone = expert.bio = ""
    expert.organisation_name = expert.media_outlet = ""
    expert.publication_languages = []
    expert.nationality = None
    expert.cv = ""
    expert.user = None
    expert.erased_at = now
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


# --- retention -------------------------------------------------------------------------------


def retention_run(*, now=None) -> tuple[int, int]:
    """Reminds experts unconfirmed for 12 months (once) and archives those unconfirmed for 24.

    Returns (reminded, archived)."""
    now = now or timezone.now()
    pool = Expert.objects.on_roster().exclude(status__in=[ExpertStatus.DECLINED, ExpertStatus.ARCHIVED])
    archived = 0
    for expert in pool.filter(confirmed_at__lt=now - timedelta(days=ARCHIVE_DAYS)).only("pk", "status"):
        expert_transition(expert=expert, user=None, action=ExpertAction.ARCHIVE, system=True)
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
