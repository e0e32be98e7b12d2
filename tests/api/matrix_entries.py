"""The API's rows for the project-wide permission matrix (tests/security/matrix.py joins them).
The API is anonymous and the same for everyone: signing in shows no draft, no private record."""

from tests.security.matrix import Rule, everyone

API_MATRIX: dict[str, Rule] = {
    "api:index": Rule(lambda w: "/api/v1/", everyone()),
    # django-ninja's own root pattern, listed after the index at the same address (never reached)
    "api:api-root": Rule(lambda w: "/api/v1/", everyone()),
    "api:openapi-json": Rule(lambda w: "/api/v1/openapi.json", everyone()),
    "api:docs": Rule(lambda w: "/api/v1/docs/", everyone()),
    "api:documents": Rule(lambda w: "/api/v1/documents/?q=handbook", everyone()),
    "api:document": Rule(lambda w: f"/api/v1/documents/{w['library_public'].slug}/", everyone()),
    "api:collections": Rule(lambda w: "/api/v1/collections/", everyone()),
    "api:collection": Rule(lambda w: f"/api/v1/collections/{w['library_collection'].slug}/", everyone()),
    "api:programmes": Rule(lambda w: "/api/v1/programmes/", everyone()),
    "api:programme": Rule(lambda w: f"/api/v1/programmes/{w['programme'].slug}/", everyone()),
    "api:outlines": Rule(lambda w: "/api/v1/outlines/", everyone()),
    "api:outline": Rule(lambda w: f"/api/v1/outlines/{w['outline'].pk}/", everyone()),
    "api:activities": Rule(lambda w: "/api/v1/activities/?country=md", everyone()),
    "api:projects": Rule(lambda w: "/api/v1/projects/", everyone()),
    "api:project": Rule(lambda w: f"/api/v1/projects/{w['fund_public'].reference}/", everyone()),
    "api:countries": Rule(lambda w: "/api/v1/countries/", everyone()),
    "api:country": Rule(lambda w: "/api/v1/countries/md/", everyone()),
    "api:regions": Rule(lambda w: "/api/v1/regions/", everyone()),
    "api:region": Rule(lambda w: "/api/v1/regions/caucasus/", everyone()),
    "api:organisations": Rule(lambda w: "/api/v1/organisations/", everyone()),
    "api:organisation": Rule(lambda w: "/api/v1/organisations/unicef/", everyone()),
    "api:events": Rule(lambda w: "/api/v1/events/", everyone()),
    "api:event": Rule(lambda w: f"/api/v1/events/{w['events_open'].slug}/", everyone()),
    "api:findings": Rule(lambda w: "/api/v1/findings/", everyone()),
    "api:finding": Rule(
        lambda w: f"/api/v1/findings/{w['monitoring_published'].findings.first().pk}/", everyone()
    ),
}

# Drafts, documents in review, private collections, undecided proposals, unpublished assessments:
# 404 for every role (no preview through the API); withdrawn documents: 410 with their tombstone.
API_HIDDEN: list[tuple[str, Rule]] = [
    ("api:document (draft)", Rule(lambda w: f"/api/v1/documents/{w['library_draft'].slug}/", everyone(404))),
    (
        "api:document (review)",
        Rule(lambda w: f"/api/v1/documents/{w['library_review'].slug}/", everyone(404)),
    ),
    (
        "api:document (withdrawn)",
        Rule(lambda w: f"/api/v1/documents/{w['library_withdrawn'].slug}/", everyone(410)),
    ),
    (
        "api:collection (private)",
        Rule(lambda w: f"/api/v1/collections/{w['library_private_collection'].slug}/", everyone(404)),
    ),
    (
        "api:programme (draft)",
        Rule(lambda w: f"/api/v1/programmes/{w['draft_programme'].slug}/", everyone(404)),
    ),
    (
        "api:project (draft)",
        Rule(lambda w: f"/api/v1/projects/{w['fund_draft'].reference or 'x'}/", everyone(404)),
    ),
    (
        "api:finding (in review)",
        Rule(lambda w: f"/api/v1/findings/{_finding_pk(w['monitoring_in_review'])}/", everyone(404)),
    ),
]


def _finding_pk(assessment) -> int:
    finding = assessment.findings.first()
    return finding.pk if finding else 0
