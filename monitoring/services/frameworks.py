"""Frameworks are curated in the admin; publishing freezes them, a change makes a new version.
A framework's status changes only in `framework_transition`, by monitoring.workflow.FRAMEWORK_TABLE."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse import roles
from clearinghouse.publishing import public_content_changed
from clearinghouse.workflow import record_event

from ..models import Area, Framework, Indicator
from ..permissions import framework_actor_roles
from ..workflow import FRAMEWORK_TABLE, FrameworkAction
from . import FrameworkFrozen, NotPermitted, ServiceError


def framework_check_editable(*, framework: Framework) -> None:
    """Raises FrameworkFrozen when the framework is published (its indicators are frozen)."""
    if framework.is_published:
        raise FrameworkFrozen(
            _("“%(framework)s” is published: its areas and indicators are frozen. Make a new version.")
            % {"framework": framework.title}
        )


def framework_publish(*, user, framework: Framework) -> Framework:
    """Curators publish a framework that has indicators; from then on it is frozen."""
    if not roles.is_curator(user):
        raise NotPermitted(_("Only curators publish frameworks."))
    framework_check_editable(framework=framework)
    return framework_transition(user=user, framework=framework, action=FrameworkAction.PUBLISH)


def framework_transition(*, user, framework: Framework, action: str) -> Framework:
    """The only way a framework changes status: lock, check monitoring.workflow.FRAMEWORK_TABLE and
    who may act, change, record one workflow event, and renew the public pages after the commit.
    Publishing needs at least one indicator."""
    with transaction.atomic():
        locked = Framework.objects.select_for_update().get(pk=framework.pk)
        move = FRAMEWORK_TABLE.check(
            state=locked.status,
            action=action,
            roles=framework_actor_roles(user, locked),
            action_label=FrameworkAction(action).label if action in FrameworkAction.values else action,
            state_label=locked.get_status_display().lower(),
        )
        if action == FrameworkAction.PUBLISH and not locked.indicators.exists():
            raise ServiceError(_("A framework needs at least one indicator before it is published."))
        before = locked.status
        locked.status = move.to
        fields = ["status"]
        if action == FrameworkAction.PUBLISH:
            locked.published_at = timezone.now()
            fields.append("published_at")
        locked.save(update_fields=fields)
        record_event(locked, action=action, from_state=before, to_state=move.to, user=user)
        public_content_changed()  # the framework's public pages and the monitoring index
    return locked


def framework_new_version(*, user, framework: Framework, version: str) -> Framework:
    """A draft copy of `framework` as `version`: the same areas, and indicators that each continue
    (`maps_from`) the indicator they were copied from. Curators then change the copy and publish it."""
    if not roles.is_curator(user):
        raise NotPermitted(_("Only curators make new framework versions."))
    version = (version or "").strip()
    if not version or Framework.objects.filter(family=framework.family, version=version).exists():
        raise ServiceError(_("Give a version that this methodology does not have yet."))
    with transaction.atomic():
        copy = Framework.objects.create(
            title=framework.title,
            title_ru=framework.title_ru,
            slug=f"{framework.family}-{version}".lower().replace(" ", "-")[:100],
            family=framework.family,
            version=version,
            description=framework.description,
            description_ru=framework.description_ru,
            previous=framework,
        )
        areas = {}
        for area in framework.areas.all():
            areas[area.pk] = Area.objects.create(
                framework=copy,
                code=area.code,
                name=area.name,
                name_ru=area.name_ru,
                theme_id=area.theme_id,
                order=area.order,
            )
        for old in framework.indicators.prefetch_related("themes"):
            new = Indicator.objects.create(
                framework=copy,
                area=areas[old.area_id],
                code=old.code,
                order=old.order,
                question=old.question,
                question_ru=old.question_ru,
                guidance=old.guidance,
                guidance_ru=old.guidance_ru,
                commitment=old.commitment,
                commitment_document_id=old.commitment_document_id,
                kind=old.kind,
                unit=old.unit,
                maps_from=old,
            )
            new.themes.set(old.themes.all())
    return copy
