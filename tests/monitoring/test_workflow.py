"""The assessment workflow: the table, who may act, completeness, events, mail, superseding."""

import pytest

from clearinghouse.errors import NotPermitted, ServiceError, TransitionNotAllowed
from monitoring.choices import AssessmentStatus, Level
from monitoring.models import Assessment, AssessmentEvent
from monitoring.services import AssessmentExists, AssessmentIncomplete
from monitoring.services.assessments import assessment_transition, finding_comment, finding_save
from monitoring.workflow import TABLE, Action

from .factories import answer_all, open_assessment, publish, published_assessment

pytestmark = pytest.mark.django_db


def test_the_table_has_every_state_of_the_issue():
    assert TABLE.states() == set(AssessmentStatus.values)


def test_only_curators_open_assessments(assessor, framework):
    with pytest.raises(NotPermitted):
        open_assessment(curator=assessor, framework=framework)


def test_one_assessment_per_country_framework_and_cycle(curator, framework, draft_assessment):
    with pytest.raises(AssessmentExists):
        open_assessment(curator=curator, framework=framework)


def test_a_draft_framework_cannot_be_assessed(curator):
    from .factories import make_framework

    draft = make_framework(version="draft")
    with pytest.raises(ServiceError):
        open_assessment(curator=curator, framework=draft)


def test_every_indicator_gets_a_finding(draft_assessment, framework):
    assert draft_assessment.findings.count() == framework.indicators.count() == 8
    assert draft_assessment.events.get().action == "create"


def test_full_cycle_with_events_and_mail(
    draft_assessment, assessor, reviewer_user, mailbox, django_capture_on_commit_callbacks
):
    answer_all(draft_assessment, assessor)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_transition(user=assessor, assessment=draft_assessment, action=Action.SUBMIT)
    assert [m.to for m in mailbox] == [[reviewer_user.email]]
    with pytest.raises(TransitionNotAllowed):  # a note is required to ask for changes
        assessment_transition(user=reviewer_user, assessment=draft_assessment, action=Action.REQUEST_CHANGES)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_transition(
            user=reviewer_user, assessment=draft_assessment, action=Action.REQUEST_CHANGES, note="Check P1"
        )
    assert mailbox[-1].to == [assessor.email] and "Check P1" in mailbox[-1].body
    assessment_transition(user=assessor, assessment=draft_assessment, action=Action.SUBMIT)
    done = assessment_transition(user=reviewer_user, assessment=draft_assessment, action=Action.PUBLISH)
    assert done.status == AssessmentStatus.PUBLISHED and done.published_at is not None
    assert list(done.events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "request_changes",
        "submit",
        "publish",
    ]


@pytest.mark.parametrize(
    ("who", "action", "allowed"),
    [
        ("assessor", Action.SUBMIT, True),
        ("reviewer_user", Action.SUBMIT, False),
        ("other_assessor", Action.SUBMIT, False),
        ("curator", Action.SUBMIT, False),
        ("officer_a", Action.SUBMIT, False),
    ],
)
def test_who_may_send_to_review(request, draft_assessment, who, action, allowed):
    user = request.getfixturevalue(who)
    if allowed:
        assert (
            assessment_transition(user=user, assessment=draft_assessment, action=action).status == "in_review"
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            assessment_transition(user=user, assessment=draft_assessment, action=action)
        assert Assessment.objects.get(pk=draft_assessment.pk).status == "draft"


@pytest.mark.parametrize("who", ["assessor", "other_assessor", "reviewer", "officer_a", "expert_user"])
def test_only_the_reviewer_or_a_curator_publishes(request, draft_assessment, assessor, who):
    answer_all(draft_assessment, assessor)
    assessment_transition(user=assessor, assessment=draft_assessment, action=Action.SUBMIT)
    with pytest.raises(TransitionNotAllowed):
        assessment_transition(
            user=request.getfixturevalue(who), assessment=draft_assessment, action=Action.PUBLISH
        )


def test_publishing_needs_every_indicator_answered_with_a_source(draft_assessment, assessor, reviewer_user):
    findings = list(draft_assessment.findings.all())
    finding_save(user=assessor, finding=findings[0], level=Level.IN_PLACE)  # no source
    finding_save(
        user=assessor, finding=findings[1], level=Level.NO_INFORMATION, new_source={"title": "Desk review"}
    )
    assessment_transition(user=assessor, assessment=draft_assessment, action=Action.SUBMIT)
    with pytest.raises(AssessmentIncomplete) as refused:
        assessment_transition(user=reviewer_user, assessment=draft_assessment, action=Action.PUBLISH)
    problems = {finding.pk: problem for finding, problem in refused.value.problems}
    assert findings[1].pk not in problems  # "no information" with a source is an answer
    assert "no source" in problems[findings[0].pk]
    assert len(problems) == 7
    assert Assessment.objects.get(pk=draft_assessment.pk).status == "in_review"
    assert not AssessmentEvent.objects.filter(action="publish").exists()


def test_findings_are_frozen_outside_drafting(draft_assessment, assessor):
    assessment_transition(user=assessor, assessment=draft_assessment, action=Action.SUBMIT)
    draft_assessment.refresh_from_db()
    with pytest.raises(NotPermitted):
        finding_save(user=assessor, finding=draft_assessment.findings.first(), level=Level.IN_PLACE)


def test_only_the_reviewer_comments_while_in_review(
    draft_assessment, assessor, reviewer_user, other_assessor
):
    finding = draft_assessment.findings.first()
    with pytest.raises(NotPermitted):  # not in review yet
        finding_comment(user=reviewer_user, finding=finding, body="Too early")
    assessment_transition(user=assessor, assessment=draft_assessment, action=Action.SUBMIT)
    finding.assessment.refresh_from_db()
    for user in (assessor, other_assessor):
        with pytest.raises(NotPermitted):
            finding_comment(user=user, finding=finding, body="Not mine")
    with pytest.raises(ServiceError):
        finding_comment(user=reviewer_user, finding=finding, body="  ")
    assert finding_comment(user=reviewer_user, finding=finding, body="Which law?").body == "Which law?"


def test_a_new_cycle_carries_forward_and_supersedes_the_old_one(curator, framework, assessor):
    old = published_assessment(
        curator=curator, framework=framework, assessor=assessor, level=Level.NOT_IN_PLACE
    )
    new = open_assessment(curator=curator, framework=framework, cycle=2005, assessors=[assessor])
    assert new.previous == old
    findings = list(new.findings.prefetch_related("sources"))
    assert all(f.carried_forward and f.level == Level.NOT_IN_PLACE for f in findings)
    assert all(len(f.sources.all()) == 1 for f in findings)
    assessment_transition(user=assessor, assessment=new, action=Action.SUBMIT)
    with pytest.raises(AssessmentIncomplete):  # carried forward answers must be confirmed first
        assessment_transition(user=curator, assessment=new, action=Action.PUBLISH)
    assessment_transition(user=curator, assessment=new, action=Action.REQUEST_CHANGES, note="Confirm")
    new.refresh_from_db()
    finding_save(user=assessor, finding=findings[0], level=Level.IN_PLACE)  # a change confirms it
    finding = new.findings.get(pk=findings[1].pk)
    finding_save(
        user=assessor,
        finding=finding,
        level=finding.level,
        evidence=finding.evidence,
        confidence=finding.confidence,
    )
    assert new.findings.get(pk=findings[1].pk).carried_forward  # saved unchanged: still to confirm
    answer_all(new, assessor, level=Level.NOT_IN_PLACE)
    publish_ready = Assessment.objects.get(pk=new.pk)
    assessment_transition(user=assessor, assessment=publish_ready, action=Action.SUBMIT)
    assessment_transition(user=curator, assessment=publish_ready, action=Action.PUBLISH)
    old.refresh_from_db()
    assert old.status == AssessmentStatus.SUPERSEDED
    assert old.events.last().action == "supersede"
    assert set(Assessment.objects.public()) == {old, Assessment.objects.get(pk=new.pk)}


def test_publish_helper(curator, framework, assessor):
    assessment = open_assessment(curator=curator, framework=framework, assessors=[assessor])
    answer_all(assessment, assessor)
    assert publish(assessment, assessor, curator).status == "published"
