"""The monitoring pillar's three workflows, every state × action × role: what the table allows happens
(status moved, one event row), everything else is refused with nothing changed. Also the portal's own
step (superseding the earlier cycle)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from clearinghouse.errors import TransitionNotAllowed
from clearinghouse.workflow import events_of
from monitoring.choices import AssessmentStatus, FollowUpStatus, FrameworkStatus
from monitoring.models import Assessment, AssessmentEvent, FollowUp, Framework, Recommendation
from monitoring.services.assessments import assessment_transition
from monitoring.services.followups import recommendation_transition
from monitoring.services.frameworks import framework_transition
from monitoring.workflow import Action, FollowUpAction, FrameworkAction

from .factories import answer_all, make_framework, open_assessment, publish

pytestmark = pytest.mark.django_db

S = AssessmentStatus
# Written out by hand (not read from monitoring.workflow), so a change of a table fails here.
ASSESSMENT_ALLOWED = {
    (S.DRAFT, "submit"): (S.IN_REVIEW, {"assessor"}),
    (S.CHANGES_REQUESTED, "submit"): (S.IN_REVIEW, {"assessor"}),
    (S.IN_REVIEW, "request_changes"): (S.CHANGES_REQUESTED, {"reviewer_user", "curator"}),
    (S.IN_REVIEW, "publish"): (S.PUBLISHED, {"reviewer_user", "curator"}),
    (S.PUBLISHED, "supersede"): (S.SUPERSEDED, {"curator"}),
}
FRAMEWORK_ALLOWED = {(FrameworkStatus.DRAFT, "publish"): FrameworkStatus.PUBLISHED}
FOLLOW_UP_HOLDERS = {"reviewer_user", "curator"}  # any status after any other
ROLES = ["assessor", "other_assessor", "reviewer_user", "reviewer", "curator", "officer_a", "anonymous"]


def _user(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("action", Action.values)
@pytest.mark.parametrize("state", AssessmentStatus.values)
def test_assessment_every_state_action_and_role(request, state, action, draft_assessment, assessor):
    answer_all(draft_assessment, assessor)
    allowed = ASSESSMENT_ALLOWED.get((state, action))
    for role in ROLES:
        Assessment.objects.filter(pk=draft_assessment.pk).update(status=state, published_at=None)
        events = AssessmentEvent.objects.filter(assessment=draft_assessment).count()
        user = _user(request, role)
        if allowed and role in allowed[1]:
            moved = assessment_transition(
                user=user, assessment=draft_assessment, action=action, note="Because."
            )
            assert moved.status == allowed[0], (state, action, role)
            event = AssessmentEvent.objects.filter(assessment=draft_assessment).latest("pk")
            assert (event.action, event.from_status, event.to_status, event.actor) == (
                action,
                state,
                allowed[0],
                user,
            )
            assert AssessmentEvent.objects.filter(assessment=draft_assessment).count() == events + 1
        else:
            with pytest.raises(TransitionNotAllowed):
                assessment_transition(user=user, assessment=draft_assessment, action=action, note="Because.")
            assert Assessment.objects.get(pk=draft_assessment.pk).status == state, (state, action, role)
            assert AssessmentEvent.objects.filter(assessment=draft_assessment).count() == events


@pytest.mark.parametrize("role", ["curator", "superuser", "assessor", "reviewer", "officer_a", "anonymous"])
@pytest.mark.parametrize("action", FrameworkAction.values)
@pytest.mark.parametrize("state", FrameworkStatus.values)
def test_framework_every_state_action_and_role(request, state, action, role):
    framework = make_framework(version="next")
    Framework.objects.filter(pk=framework.pk).update(status=state)
    user = _user(request, role)
    target = FRAMEWORK_ALLOWED.get((state, action))
    if target and role in {"curator", "superuser"}:
        framework_transition(user=user, framework=framework, action=action)
        framework.refresh_from_db()
        assert framework.status == target and framework.published_at is not None
        [event] = events_of(framework)
        assert (event.from_state, event.to_state, event.action, event.actor_id) == (
            state,
            target,
            action,
            user.pk,
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            framework_transition(user=user, framework=framework, action=action)
        framework.refresh_from_db()
        assert framework.status == state and framework.published_at is None
        assert not events_of(framework).exists()


@pytest.fixture
def published_recommendation(draft_assessment, assessor, reviewer_user):
    answer_all(draft_assessment, assessor)
    assessment = publish(draft_assessment, assessor, reviewer_user)
    return Recommendation.objects.create(assessment=assessment, text="Train judges", addressee="government")


@pytest.mark.parametrize("action", FollowUpAction.values)
@pytest.mark.parametrize("state", FollowUpStatus.values)
def test_follow_up_every_state_action_and_role(request, state, action, published_recommendation):
    recommendation = published_recommendation
    on = datetime.date(2006, 1, 1)
    for role in ROLES:
        Recommendation.objects.filter(pk=recommendation.pk).update(status=state)
        recommendation.refresh_from_db()
        rows = FollowUp.objects.filter(recommendation=recommendation).count()
        user = _user(request, role)
        if role in FOLLOW_UP_HOLDERS:
            on += datetime.timedelta(days=1)
            follow_up = recommendation_transition(
                user=user, recommendation=recommendation, action=action, note="Seen.", on=on
            )
            assert (follow_up.status, follow_up.recorded_by, follow_up.recorded_on) == (action, user, on)
            assert Recommendation.objects.get(pk=recommendation.pk).status == action, (state, action, role)
            assert FollowUp.objects.filter(recommendation=recommendation).count() == rows + 1
        else:
            with pytest.raises(TransitionNotAllowed):
                recommendation_transition(user=user, recommendation=recommendation, action=action, on=on)
            assert Recommendation.objects.get(pk=recommendation.pk).status == state, (state, action, role)
            assert FollowUp.objects.filter(recommendation=recommendation).count() == rows


def test_a_back_dated_follow_up_keeps_the_latest_status(published_recommendation, curator):
    recommendation = published_recommendation
    recommendation_transition(
        user=curator, recommendation=recommendation, action="implemented", on=datetime.date(2007, 1, 1)
    )
    recommendation_transition(
        user=curator, recommendation=recommendation, action="in_progress", on=datetime.date(2006, 1, 1)
    )
    assert Recommendation.objects.get(pk=recommendation.pk).status == "implemented"
    assert list(recommendation.follow_ups.values_list("status", flat=True)) == ["in_progress", "implemented"]


def test_no_follow_up_before_publication(draft_assessment, curator):
    recommendation = Recommendation.objects.create(
        assessment=draft_assessment, text="x", addressee="government"
    )
    with pytest.raises(TransitionNotAllowed, match="published"):
        recommendation_transition(
            user=curator, recommendation=recommendation, action="implemented", on=datetime.date(2006, 1, 1)
        )
    assert not recommendation.follow_ups.exists()


def test_publishing_the_next_cycle_supersedes_as_the_portal_s_own_step(
    curator, framework, assessor, reviewer_user, mailbox, django_capture_on_commit_callbacks
):
    old = open_assessment(curator=curator, framework=framework, assessors=[assessor], reviewer=reviewer_user)
    answer_all(old, assessor)
    publish(old, assessor, reviewer_user)
    new = open_assessment(
        curator=curator, framework=framework, cycle=2005, assessors=[assessor], reviewer=reviewer_user
    )
    answer_all(new, assessor)
    assessment_transition(user=assessor, assessment=new, action=Action.SUBMIT)
    # The reviewer may not supersede by hand, but publishing the next cycle does it for them.
    with pytest.raises(TransitionNotAllowed):
        assessment_transition(user=reviewer_user, assessment=old, action=Action.SUPERSEDE)
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assessment_transition(user=reviewer_user, assessment=new, action=Action.PUBLISH)
    old.refresh_from_db()
    assert old.status == S.SUPERSEDED
    event = old.events.latest("pk")
    assert (event.action, event.actor, event.from_status) == ("supersede", reviewer_user, S.PUBLISHED)
    assert "2005" in event.note
    assert len(mailbox) == 1  # the publication's mail to the assessors, none for the superseding
