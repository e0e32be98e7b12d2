"""The fund's rows for the project-wide permission matrix, which tests/security/test_permission_matrix.py
runs for every role (tests/security/matrix.py joins them)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.matrix import LOGIN, Rule, everyone, only

STAFF = ("reviewer", "curator", "superuser")
FUND_USERS = ("officer_a", "officer_b", *STAFF)


def mission_only(*allowed, ok=200, denied=403):
    """Officer A's proposal: officer B gets 404, other non-allowed signed-in users 403."""
    expect = only(*allowed, ok=ok, denied=denied)
    if "officer_b" not in allowed:
        expect["officer_b"] = 404
    return expect


FUND_MATRIX: dict[str, Rule] = {
    # Public: supported projects and open data
    "fund:front": Rule(lambda w: "/fund/", everyone()),
    "fund:project_list": Rule(lambda w: "/fund/projects/", everyone()),
    "fund:project_detail": Rule(lambda w: w["fund_public"].get_public_url(), everyone()),
    "fund:projects_csv": Rule(lambda w: "/fund/projects.csv", everyone()),
    "fund:projects_json": Rule(lambda w: "/fund/projects.json", everyone()),
    "fund:iati_xml": Rule(lambda w: "/fund/iati.xml", everyone()),
    # Missions and staff
    "fund:proposal_list": Rule(lambda w: "/fund/proposals/", only(*FUND_USERS)),
    "fund:proposal_create": Rule(lambda w: "/fund/proposals/new/", only("officer_a", "officer_b")),
    "fund:proposal_detail": Rule(
        lambda w: f"/fund/proposals/{w['fund_active'].pk}/", mission_only("officer_a", *STAFF)
    ),
    "fund:proposal_edit": Rule(
        lambda w: f"/fund/proposals/{w['fund_draft'].pk}/edit/", mission_only("officer_a")
    ),
    "fund:proposal_action": Rule(
        lambda w: f"/fund/proposals/{w['fund_active'].pk}/action/",
        mission_only("officer_a", *STAFF, ok=302),
        method="post",
        data={"action": "no-such-action"},
    ),
    "fund:message_create": Rule(
        lambda w: f"/fund/proposals/{w['fund_active'].pk}/messages/",
        mission_only("officer_a", *STAFF, ok=302),
        method="post",
        data={"body": ""},
    ),
    "fund:attachment_upload": Rule(
        lambda w: f"/fund/proposals/{w['fund_draft'].pk}/attachments/",
        mission_only("officer_a", ok=302),
        method="post",
        data={"title": "no file"},
    ),
    "fund:attachment_download": Rule(
        lambda w: w["fund_attachment"].get_absolute_url(), mission_only("officer_a", *STAFF)
    ),
    # On a project in implementation nobody may remove files: the mission and staff get 403.
    "fund:attachment_remove": Rule(
        lambda w: w["fund_attachment"].get_absolute_url() + "delete/",
        {**mission_only("officer_a", *STAFF, ok=403), "anonymous": LOGIN},
        method="post",
    ),
    "fund:report_detail": Rule(
        lambda w: w["fund_report"].get_absolute_url(), mission_only("officer_a", *STAFF)
    ),
    # Staff pages
    "fund:dashboard": Rule(lambda w: "/fund/dashboard/", only(*STAFF)),
    "fund:round_list": Rule(lambda w: "/fund/rounds/", only(*STAFF)),
    "fund:round_detail": Rule(lambda w: w["fund_round"].get_absolute_url(), only(*STAFF)),
    "fund:review": Rule(lambda w: f"/fund/proposals/{w['fund_active'].pk}/review/", mission_only(*STAFF)),
    "fund:decide": Rule(lambda w: f"/fund/proposals/{w['fund_active'].pk}/decide/", mission_only(*STAFF)),
    "fund:versions": Rule(lambda w: f"/fund/proposals/{w['fund_active'].pk}/versions/", mission_only(*STAFF)),
    "fund:evaluation": Rule(
        lambda w: f"/fund/proposals/{w['fund_active'].pk}/evaluation/", mission_only(*STAFF)
    ),
    "fund:mark_sensitive": Rule(
        lambda w: f"/fund/proposals/{w['fund_active'].pk}/sensitive/",
        mission_only("curator", "superuser", ok=302),
        method="post",
        data={"sensitive": "0"},
    ),
}

FUND_HIDDEN = [
    (
        "unsupported fund project",
        Rule(lambda w: f"/fund/projects/{w['fund_draft'].reference}/", everyone(404)),
    ),
]


def fund_world(officer_a, curator) -> dict:
    """Officer A's mission: a draft, a project in implementation with an attachment and a report,
    and a round. Call with a temporary MEDIA_ROOT (the attachment is written to private storage)."""
    from fund.models import ProposalAttachment
    from tests.fund.factories import advance, make_proposal, make_round, pdf_bytes

    funding_round = make_round(title="Matrix round")
    draft = make_proposal(officer_a, title="Matrix draft")
    active = make_proposal(officer_a, title="Matrix project")
    attachment = ProposalAttachment.objects.create(
        proposal=active,
        title="Plan",
        file=SimpleUploadedFile("plan.pdf", pdf_bytes()),
        content_type="application/pdf",
    )
    advance(active, "in_implementation", officer=officer_a, staff=curator)
    return {
        "fund_round": funding_round,
        "fund_draft": draft,
        "fund_active": active,
        "fund_public": active,
        "fund_attachment": attachment,
        "fund_report": active.reports.first(),
    }
