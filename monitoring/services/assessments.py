"""Assessments: opening one (with the previous cycle carried forward), saving findings as typed,
reviewers' comments, and the one workflow service."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse.publishing import public_content_changed

from ..choices import PUBLIC_STATUSES, AnswerKind, AssessmentStatus
from ..models import Assessment, AssessmentEvent, Finding, FindingSource, ReviewComment
from ..notifications import notify_transition
from ..permissions import actor_roles, can_comment, can_create_assessment, can_edit_findings
from ..queries import lineage_roots
from ..workflow import TABLE, Action, Actor
from . import AssessmentExists, AssessmentIncomplete, NotPermitted, ServiceError


def previous_assessment(*, country, framework, cycle) -> Assessment | None:
    """The latest public assessment of the same country and methodology before `cycle`."""
    return (
        Assessment.objects.public()
        .filter(country=country, framework__family=framework.family, cycle__lt=cycle)
        .select_related("framework")
        .order_by("-cycle")
        .first()
    )


def assessment_create(*, user, country, framework, cycle: int, reviewer, assessors=()) -> Assessment:
    """A curator opens an assessment and assigns its assessors and reviewer. Every indicator gets a
    finding; where the previous public cycle answered the same indicator (or the one it continues in
    an earlier framework version), its answer, evidence and sources are carried forward, marked
    until an assessor confirms them."""
    if not can_create_assessment(user):
        raise NotPermitted(_("Only curators open assessments."))
    if not framework.is_published:
        raise ServiceError(_("Assessments use a published framework."), field="framework")
    if Assessment.objects.filter(country=country, framework=framework, cycle=cycle).exists():
        raise AssessmentExists(
            _("%(country)s already has an assessment for %(cycle)s with this framework.")
            % {"country": country, "cycle": cycle},
            field="cycle",
        )
    previous = previous_assessment(country=country, framework=framework, cycle=cycle)
    with transaction.atomic():
        assessment = Assessment.objects.create(
            country=country, framework=framework, cycle=cycle, reviewer=reviewer, previous=previous
        )
        assessment.assessors.set(assessors)
        earlier, roots = {}, {}
        if previous is not None:
            roots = lineage_roots(framework.family)
            for finding in previous.findings.prefetch_related("sources"):
                earlier[roots.get(finding.indicator_id, finding.indicator_id)] = finding
        sources = []
        for indicator in framework.indicators.all():
            old = earlier.get(roots.get(indicator.pk, indicator.pk))
            finding = Finding(assessment=assessment, indicator=indicator, updated_by=user)
            if old is not None:
                for name in ("level", "value", "evidence", "evidence_ru", "confidence"):
                    setattr(finding, name, getattr(old, name))
                finding.carried_forward = True
            finding.save()
            if old is not None:
                sources += [
                    FindingSource(
                        finding=finding, document_id=s.document_id, title=s.title, url=s.url, date=s.date
                    )
                    for s in old.sources.all()
                ]
        FindingSource.objects.bulk_create(sources)
        AssessmentEvent.objects.create(
            assessment=assessment, actor=user, action="create", to_status=AssessmentStatus.DRAFT
        )
    return assessment


def finding_save(
    *,
    user,
    finding: Finding,
    level: str = "",
    value=None,
    evidence: str = "",
    evidence_ru: str = "",
    confidence: str = "",
    change_note: str = "",
    confirm: bool = False,
    new_source: dict | None = None,
    remove_sources=(),
) -> Finding:
    """Saves an answer as typed (complete or not). A carried-forward answer stays marked until the
    assessor changes it or confirms it."""
    assessment = finding.assessment
    if not can_edit_findings(user, assessment):
        raise NotPermitted(_("Only the assessment's assessors edit its findings, before it is published."))
    if finding.indicator.kind == AnswerKind.NUMBER:
        level = level if level == "no_information" else ""
    else:
        value = None
    answer = {
        "level": level or "",
        "value": value,
        "evidence": evidence or "",
        "evidence_ru": evidence_ru or "",
        "confidence": confidence or "",
        "change_note": change_note or "",
    }
    changed = any(getattr(finding, name) != new for name, new in answer.items())
    with transaction.atomic():
        for name, new in answer.items():
            setattr(finding, name, new)
        if changed or confirm or new_source or remove_sources:
            finding.carried_forward = False
        finding.updated_by = user
        finding.save()
        if remove_sources:
            finding.sources.filter(pk__in=list(remove_sources)).delete()
        if new_source:
            FindingSource.objects.create(finding=finding, **new_source)
    return finding


def finding_comment(*, user, finding: Finding, body: str) -> ReviewComment:
    """The reviewer comments on one finding while the assessment is in review (never public)."""
    if not can_comment(user, finding.assessment):
        raise NotPermitted(_("Only the reviewer comments, while the assessment is in review."))
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write the comment."), field="body")
    return ReviewComment.objects.create(finding=finding, author=user, body=body)


def incomplete_findings(assessment: Assessment) -> list[tuple[Finding, str]]:
    """Findings that stop publication: unanswered, without a source, or carried forward unconfirmed."""
    problems = []
    findings = assessment.findings.select_related("indicator__area").prefetch_related("sources")
    for finding in findings:
        if not finding.is_answered:
            problems.append((finding, _("no answer (choose “No information” when nothing is known)")))
        elif not finding.sources.all():
            problems.append((finding, _("no source")))
        elif finding.carried_forward:
            problems.append((finding, _("carried forward from the previous cycle and not confirmed")))
    return problems


def assessment_transition(
    *, user, assessment: Assessment, action: str, note: str = "", system: bool = False
) -> Assessment:
    """The only way an assessment changes status: lock, check the table and who may act, change,
    record one event row, and send mail once the transaction commits. Publishing needs every finding
    answered with a source, and supersedes the previous public cycle of the same country.

    `system=True` is the portal's own step (monitoring.workflow.Actor.SYSTEM: superseding the earlier
    cycle when `user` publishes the next); it is recorded under `user` and mails no one."""
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update()
            .select_related("framework", "country")
            .get(pk=assessment.pk)
        )
        move = TABLE.check(
            state=assessment.status,
            action=action,
            roles=frozenset({Actor.SYSTEM}) if system else actor_roles(user, assessment),
            note=note,
            action_label=Action(action).label if action in Action.values else action,
            state_label=assessment.get_status_display(),
        )
        if action == Action.PUBLISH:
            problems = incomplete_findings(assessment)
            if problems:
                raise AssessmentIncomplete(problems)
        before = assessment.status
        assessment.status = move.to
        fields = ["status"]
        if action == Action.PUBLISH:
            assessment.published_at = timezone.now()
            fields.append("published_at")
        assessment.save(update_fields=fields)
        AssessmentEvent.objects.create(
            assessment=assessment, actor=user, action=action, from_status=before, to_status=move.to, note=note
        )
        if action == Action.PUBLISH:
            _supersede_earlier(assessment, user)
        if before in PUBLIC_STATUSES or move.to in PUBLIC_STATUSES:
            public_content_changed()  # the public pages, country sections, sitemap and open data
        if not system:
            transaction.on_commit(lambda: notify_transition(assessment=assessment, action=action, note=note))
    return assessment


def _supersede_earlier(assessment: Assessment, user) -> None:
    """Earlier published cycles of the same country and methodology become superseded (still public),
    through the workflow as the portal's own step."""
    earlier = Assessment.objects.filter(
        country=assessment.country,
        framework__family=assessment.framework.family,
        cycle__lt=assessment.cycle,
        status=AssessmentStatus.PUBLISHED,
    )
    for old in earlier:
        assessment_transition(
            user=user,
            assessment=old,
            action=Action.SUPERSEDE,
            note=_("Superseded by the %(cycle)s cycle.") % {"cycle": assessment.cycle},
            system=True,
        )
