"""The roster's rows for the project-wide permission matrix (tests/security/matrix.py).

Personal data is the point of these rows: an expert's own pages answer only to that expert (404 to
every other signed-in user: there is no profile of theirs to show), roster staff pages only to
curators (the superuser included), a request only to its mission's officers and to curators (an
officer of another mission gets 404). Curators' actions on a request are refused to everyone else
with 403 before any object is looked up. Office staff and officers may not apply to the roster.
"""

from datetime import date

from django.core.files.base import ContentFile

from roster.models import Deployment, Evaluation
from tests.security.matrix import LOGIN, ROLES, Rule

CURATORS = ("curator", "superuser")


def expect(default, **roles) -> dict:
    """`default` for every role not named; anonymous users go to the sign-in page unless named."""
    answer = dict.fromkeys(ROLES, default)
    answer["anonymous"] = LOGIN
    answer.update(roles)
    return answer


def own_page(ok=200) -> dict:
    """The expert's own pages and objects."""
    return expect(404, expert=ok)


def curators_only(ok=200) -> dict:
    return expect(403, curator=ok, superuser=ok)


def mission_request(ok=200, outsider=403) -> dict:
    """Officer A's request: its mission and curators; officer B 404; others `outsider`."""
    return expect(outsider, officer_a=ok, officer_b=404, curator=ok, superuser=ok)


FILERS = expect(403, officer_a=200, officer_b=200, curator=200, superuser=200)


def roster_world(users) -> dict:
    from .factories import make_candidate, make_expert, make_request

    officer_a = users["officer_a"]
    expert = make_expert(
        "Zurab Secretashvili",
        user=users["expert"],
        phone="+995 555 0101",
        themes=["national-referral-mechanisms"],
    )
    expert.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%matrix\n"))
    req = make_request(mission=officer_a.organisation, filed_by=officer_a)
    invited = make_candidate(req, expert, status="invited")

    def past(title, month):
        earlier = make_request(
            mission=officer_a.organisation,
            filed_by=officer_a,
            title=title,
            starts_on=date(2026, month, 1),
            ends_on=date(2026, month, 5),
        )
        candidate = make_candidate(earlier, expert, status="deployed")
        return Deployment.objects.create(
            candidate=candidate, starts_on=earlier.starts_on, ends_on=earlier.ends_on
        )

    to_evaluate = past("Past mission", 1)
    evaluated = past("Evaluated mission", 2)
    evaluation = Evaluation.objects.create(
        deployment=evaluated,
        quality=4,
        subject_expertise=4,
        communication=4,
        timeliness=4,
        overall=4.0,
        recommendation="recommend",
    )
    return {
        "roster_expert": expert,
        "roster_request": req,
        "roster_candidate": invited,
        "roster_deployment": to_evaluate,
        "roster_evaluation": evaluation,
        "roster_expertise": expert.expertise.first(),
    }


def _expert(w, suffix="") -> str:
    return f"/roster/experts/{w['roster_expert'].pk}/{suffix}"


def _request(w, suffix="") -> str:
    return f"/roster/requests/{w['roster_request'].pk}/{suffix}"


ROSTER_MATRIX: dict[str, Rule] = {
    # Public: the application form (signed-in users with a profile are sent to it / their profile)
    "roster:apply": Rule(
        lambda w: "/roster/apply/",
        # A signed-in user without a role (participant) may apply with their account.
        {**dict.fromkeys(ROLES, 403), "anonymous": 200, "expert": 302, "participant": 200},
    ),
    # The e-mailed link's form (a broken link answers with the first step again); signed-in users
    # are sent to the form above
    "roster:apply_confirm": Rule(
        lambda w: "/roster/apply/not-a-valid-link/", {**dict.fromkeys(ROLES, 302), "anonymous": 200}
    ),
    # The expert's own data
    # A signed-in user without a profile who may apply is sent to the application form.
    "roster:me": Rule(lambda w: "/roster/me/", {**own_page(), "participant": 302}),
    "roster:edit": Rule(lambda w: "/roster/me/edit/", own_page()),
    "roster:confirm": Rule(lambda w: "/roster/me/confirm/", own_page(302), method="post"),
    "roster:consent": Rule(lambda w: "/roster/me/consent/", own_page(302), method="post"),
    "roster:export": Rule(lambda w: "/roster/me/export.json", own_page()),
    "roster:erase": Rule(lambda w: "/roster/me/erase/", own_page()),
    "roster:view_log": Rule(lambda w: "/roster/me/views/", own_page()),
    "roster:own_cv": Rule(lambda w: "/roster/me/cv/", own_page()),
    "roster:invitation_respond": Rule(
        lambda w: f"/roster/me/invitations/{w['roster_candidate'].pk}/",
        own_page(302),
        method="post",
        data={"action": "accept"},
    ),
    "roster:evaluation_respond": Rule(
        lambda w: f"/roster/me/evaluations/{w['roster_evaluation'].pk}/answer/",
        own_page(302),
        method="post",
        data={"text": "Thank you."},
    ),
    # Staff: curators only
    "roster:expert_list": Rule(lambda w: "/roster/experts/", curators_only()),
    "roster:expert_detail": Rule(lambda w: _expert(w), curators_only()),
    "roster:expert_cv": Rule(lambda w: _expert(w, "cv/"), curators_only()),
    "roster:expert_vetting": Rule(lambda w: _expert(w, "vetting/"), curators_only(302), method="post"),
    "roster:expert_transition": Rule(lambda w: _expert(w, "status/"), curators_only(302), method="post"),
    "roster:expertise_verify": Rule(
        lambda w: _expert(w, f"expertise/{w['roster_expertise'].pk}/verify/"),
        curators_only(302),
        method="post",
    ),
    # Requests from the field: officers file them for their own mission, curators for any
    "roster:request_list": Rule(lambda w: "/roster/requests/", FILERS),
    "roster:request_new": Rule(lambda w: "/roster/requests/new/", FILERS),
    "roster:match_count": Rule(
        lambda w: "/roster/requests/match-count/?starts_on=2027-03-03&ends_on=2027-03-17", FILERS
    ),
    "roster:request_detail": Rule(lambda w: _request(w), mission_request()),
    "roster:request_matching": Rule(lambda w: _request(w, "matching/"), curators_only()),
    "roster:request_weights": Rule(lambda w: _request(w, "weights/"), curators_only(302), method="post"),
    "roster:request_status": Rule(lambda w: _request(w, "status/"), curators_only(302), method="post"),
    "roster:shortlist_add": Rule(lambda w: _request(w, "shortlist/"), curators_only(302), method="post"),
    "roster:candidate_action": Rule(
        lambda w: f"/roster/candidates/{w['roster_candidate'].pk}/action/",
        curators_only(302),
        method="post",
        data={"action": "release"},
    ),
    "roster:candidate_deploy": Rule(
        lambda w: f"/roster/candidates/{w['roster_candidate'].pk}/deploy/", curators_only(302), method="post"
    ),
    # The requesting mission evaluates a deployment; everyone else is told it does not exist
    "roster:evaluate": Rule(
        lambda w: f"/roster/deployments/{w['roster_deployment'].pk}/evaluate/", mission_request(outsider=404)
    ),
}
