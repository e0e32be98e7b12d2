"""Who may do what in monitoring. One predicate per rule; views, templates and services use them.

Drafts and reviewers' comments are never public. Assessors see only the assessments they are
assigned to; anyone else's unpublished assessment is not found (404), not merely refused.
"""

from clearinghouse import roles

from .choices import EDITABLE_STATUSES, AssessmentStatus
from .models import Assessment
from .workflow import TABLE, Actor


def is_assessor_of(user, assessment) -> bool:
    """One of the assessment's assessors (staff or a roster expert a curator assigned)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(a.pk == user.pk for a in assessment.assessors.all())


def is_reviewer_of(user, assessment) -> bool:
    return getattr(user, "is_authenticated", False) and assessment.reviewer_id == user.pk


def actor_roles(user, assessment) -> frozenset:
    """The workflow roles `user` holds for this assessment."""
    found = set()
    if is_assessor_of(user, assessment):
        found.add(Actor.ASSESSOR)
    if is_reviewer_of(user, assessment):
        found.add(Actor.REVIEWER)
    if roles.is_curator(user):
        found.add(Actor.CURATOR)
    return frozenset(found)


def recommendation_actor_roles(user, recommendation) -> frozenset:
    """The workflow roles `user` holds for a recommendation's follow-up (monitoring.workflow.
    FOLLOW_UP_TABLE): the reviewer of its assessment, and curators."""
    found = set()
    if is_reviewer_of(user, recommendation.assessment):
        found.add(Actor.REVIEWER)
    if roles.is_curator(user):
        found.add(Actor.CURATOR)
    return frozenset(found)


def framework_actor_roles(user, framework=None) -> frozenset:
    """The workflow roles `user` holds for a framework (monitoring.workflow.FRAMEWORK_TABLE)."""
    return frozenset({Actor.CURATOR}) if roles.is_curator(user) else frozenset()


def can_use_work_pages(user) -> bool:
    """The private monitoring pages: curators, assessors and anyone assigned to an assessment."""
    if roles.is_curator(user) or roles.is_assessor(user):
        return True
    return visible_assessments(user).exists()


def visible_assessments(user):
    """The assessments whose private work page `user` may open."""
    return Assessment.objects.visible_to(user)


def can_view_work(user, assessment) -> bool:
    """Curators, the assessment's assessors and its reviewer."""
    return roles.is_curator(user) or is_assessor_of(user, assessment) or is_reviewer_of(user, assessment)


def can_create_assessment(user) -> bool:
    """Curators open an assessment and assign its assessors and reviewer."""
    return roles.is_curator(user)


def can_edit_findings(user, assessment) -> bool:
    """The assessment's assessors, while it is a draft or changes are requested."""
    return assessment.status in EDITABLE_STATUSES and is_assessor_of(user, assessment)


def can_comment(user, assessment) -> bool:
    """The reviewer (or a curator) comments per finding while the assessment is in review."""
    return assessment.status == AssessmentStatus.IN_REVIEW and (
        is_reviewer_of(user, assessment) or roles.is_curator(user)
    )


def can_record_follow_up(user, recommendation) -> bool:
    """Curators and the assessment's reviewer record the follow-up of a published recommendation."""
    assessment = recommendation.assessment
    return assessment.is_public and (roles.is_curator(user) or is_reviewer_of(user, assessment))


def can_view_public(assessment) -> bool:
    """Published (and superseded) assessments only; drafts answer 404 on public pages."""
    return assessment.is_public


def allowed_actions(user, assessment) -> list:
    return TABLE.allowed_actions(state=assessment.status, roles=actor_roles(user, assessment))


def answers_as_event(event) -> bool:
    """An event answers a recommendation (and is named on its public page) once it is public, which
    every curated event is (events.models.EventQuerySet.public), unless it is cancelled."""
    return not event.is_cancelled


def _officer_of_any(user, organisations) -> bool:
    if not roles.is_officer(user):
        return False
    return any(o.pk == user.organisation_id for o in organisations)


def can_declare_activity_answers(user, activity) -> bool:
    """Which recommendations an inventory activity answers: curators, and the field-mission officers
    of an organisation that implements it (another mission's officer may not)."""
    if roles.is_curator(user):
        return True
    return _officer_of_any(user, activity.implementers.all())


def can_declare_event_answers(user, event) -> bool:
    """Which recommendations an event answers: curators (events staff), and the field-mission
    officers of an organisation that organises it."""
    if roles.is_curator(user):
        return True
    return _officer_of_any(user, event.organisers.all())
