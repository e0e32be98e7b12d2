"""Monitoring's rows for the project-wide permission matrix (tests/security/matrix.py).

Public pages answer everyone and show published assessments only (a draft's public address is 404
for everyone, curators included). Work pages: curators and the assessors and reviewer assigned to
an assessment; an assessor opening an assessment they are not assigned to gets 404; anyone without
monitoring work gets 403; anonymous visitors the sign-in page.
"""

from tests.security.matrix import LOGIN, ROLES, Rule, everyone

CURATORS = ("curator", "superuser")


def expect(default, **roles) -> dict:
    answer = dict.fromkeys(ROLES, default)
    answer["anonymous"] = LOGIN
    answer.update(roles)
    return answer


WORKERS = expect(403, assessor=200, curator=200, superuser=200)


def monitoring_world(users) -> dict:
    from monitoring.services.assessments import assessment_transition
    from monitoring.services.recommendations import recommendation_save
    from monitoring.workflow import Action

    from .factories import make_assessor, make_framework, open_assessment, published_assessment

    curator, assessor = users["curator"], users["assessor"]
    framework = make_framework(publish_as=curator, version="2004")
    published = published_assessment(curator=curator, framework=framework, assessor=assessor)
    recommendation = recommendation_save(
        user=assessor,
        assessment=open_assessment(curator=curator, framework=framework, country="RS", assessors=[assessor]),
        text="Adopt a national referral mechanism",
        priority="high",
        addressee="government",
    )
    # Published with its recommendation: the assessment of Serbia is published through the workflow.
    from .factories import answer_all, publish

    answer_all(recommendation.assessment, assessor)
    publish(recommendation.assessment, assessor, curator)
    mine = open_assessment(curator=curator, framework=framework, country="GE", assessors=[assessor])
    someone_elses = open_assessment(
        curator=curator,
        framework=framework,
        country="AM",
        assessors=[make_assessor(username="assessor-other")],
    )
    in_review = open_assessment(curator=curator, framework=framework, country="AZ", assessors=[assessor])
    assessment_transition(user=assessor, assessment=in_review, action=Action.SUBMIT)
    # An activity and an event of officer_a's mission: its officers (and curators) declare what they answer.
    from tests.events.factories import make_event
    from tests.portal.helpers import make_activity

    mission = users["officer_a"].organisation
    activity = make_activity("Matrix activity of mission A")
    activity.implementers.set([mission])
    event = make_event(slug="matrix-mission-event", title="Matrix mission event")
    event.organisers.set([mission])
    return {
        "monitoring_activity": activity,
        "monitoring_event": event,
        "monitoring_framework": framework,
        "monitoring_published": published,
        "monitoring_recommendation": recommendation,
        "monitoring_mine": mine,
        "monitoring_someone_elses": someone_elses,
        "monitoring_in_review": in_review,
        "monitoring_indicator": framework.indicators.first(),
    }


MONITORING_MATRIX: dict[str, Rule] = {
    # Public pages and open data
    "monitoring:index": Rule(lambda w: "/monitoring/", everyone()),
    "monitoring:findings_csv": Rule(lambda w: "/monitoring/findings.csv", everyone()),
    "monitoring:findings_json": Rule(lambda w: "/monitoring/findings.json", everyone()),
    "monitoring:comparison": Rule(
        lambda w: f"/monitoring/{w['monitoring_framework'].slug}/2004/", everyone()
    ),
    "monitoring:assessment_detail": Rule(lambda w: w["monitoring_published"].get_absolute_url(), everyone()),
    "monitoring:indicator_detail": Rule(lambda w: w["monitoring_indicator"].get_absolute_url(), everyone()),
    # Assessors, reviewers and curators
    "monitoring:work_list": Rule(lambda w: "/monitoring/work/", WORKERS),
    "monitoring:assessment_create": Rule(
        lambda w: "/monitoring/work/new/", expect(403, curator=200, superuser=200)
    ),
    "monitoring:work_detail": Rule(lambda w: w["monitoring_mine"].get_work_url(), WORKERS),
    "monitoring:area_edit": Rule(
        lambda w: w["monitoring_mine"].get_work_url() + "areas/prevention/", WORKERS
    ),
    # Only the assessment's own assessors write recommendations.
    "monitoring:recommendation_add": Rule(
        lambda w: w["monitoring_mine"].get_work_url() + "recommendations/", expect(403, assessor=200)
    ),
    "monitoring:assessment_action": Rule(
        lambda w: w["monitoring_mine"].get_work_url() + "action/",
        expect(403, assessor=302, curator=302, superuser=302),
        method="post",
        data={"action": "no-such-action"},
    ),
    # The reviewer (here the curator) comments while in review; the assessor may not.
    "monitoring:finding_comment": Rule(
        lambda w: (
            w["monitoring_in_review"].get_work_url()
            + f"findings/{w['monitoring_in_review'].findings.first().pk}/comments/"
        ),
        expect(403, curator=302, superuser=302),
        method="post",
        data={"body": ""},
    ),
    "monitoring:follow_up": Rule(
        lambda w: f"/monitoring/recommendations/{w['monitoring_recommendation'].pk}/follow-up/",
        expect(403, curator=302, superuser=302),
        method="post",
        data={"status": "nonsense"},
    ),
    # Declaring which recommendations an activity or an event answers: curators and the officers of
    # the implementing (organising) mission; another mission's officer 403.
    "monitoring:activity_answers": Rule(
        lambda w: f"/monitoring/answers/activities/{w['monitoring_activity'].pk}/",
        expect(403, officer_a=200, curator=200, superuser=200),
    ),
    "monitoring:event_answers": Rule(
        lambda w: f"/monitoring/answers/events/{w['monitoring_event'].slug}/",
        expect(403, officer_a=200, curator=200, superuser=200),
    ),
}

MONITORING_HIDDEN = [
    (
        "draft assessment's public page",
        Rule(lambda w: w["monitoring_mine"].get_absolute_url(), everyone(404)),
    ),
    (
        "draft assessment's comparison cycle",
        Rule(lambda w: f"/monitoring/{w['monitoring_framework'].slug}/2001/", everyone(404)),
    ),
    (
        "another assessor's draft",
        Rule(
            lambda w: w["monitoring_someone_elses"].get_work_url(),
            expect(403, assessor=404, curator=200, superuser=200),
        ),
    ),
    (
        "another assessor's area page",
        Rule(
            lambda w: w["monitoring_someone_elses"].get_work_url() + "areas/prevention/",
            expect(403, assessor=404, curator=200, superuser=200),
        ),
    ),
    (
        "an unpublished recommendation's follow-up",
        Rule(
            lambda w: "/monitoring/recommendations/999999/follow-up/",
            expect(404, anonymous=LOGIN),
            method="post",
        ),
    ),
    (
        "an activity's answers posted by someone else",
        Rule(
            lambda w: f"/monitoring/answers/activities/{w['monitoring_activity'].pk}/",
            expect(403, officer_a=302, curator=302, superuser=302),
            method="post",
            data={"recommendations": []},
        ),
    ),
]
