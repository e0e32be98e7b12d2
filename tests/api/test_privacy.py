"""Acceptance 3: nothing private ever. Every API address, every page of every list and every item
over the demo data (in English and Russian) is scanned for the demo experts', participants' and
non-public contacts' names and e-mail addresses; the public contacts are found (the scan can fail)."""

import json

import pytest

from clearinghouse.models import Contact, ContactVisibility
from events.demo import DEMO_PARTICIPANTS
from roster.models import Expert

pytestmark = pytest.mark.django_db

# list -> how an item's own API address is made from the item
ITEMS = {
    "documents": "slug",
    "collections": "slug",
    "programmes": "slug",
    "outlines": "id",
    "projects": "reference",
    "organisations": "id",
    "countries": "id",
    "regions": "id",
    "events": "id",
    "findings": "id",
}


def secrets() -> list[str]:
    found = []
    for people in DEMO_PARTICIPANTS.values():
        for name, email, *_rest in people:
            found += [name, email]
    for expert in Expert.objects.all():
        found += [expert.full_name, expert.email]
    for contact in Contact.objects.exclude(visibility=ContactVisibility.PUBLIC):
        found += [contact.name, contact.email]
    return [s for s in found if s]


def crawl(api) -> dict[str, str]:
    """Every answer of the API over the current data: address -> body."""
    bodies = {}

    def fetch(url):
        response = api.get(url)
        assert response.status_code in (200, 410), (url, response.status_code)
        bodies[url] = response.content.decode()
        return json.loads(response.content)

    index = fetch("/api/v1/")
    for name, list_url in index["resources"].items():
        for lang in ("en", "ru"):
            url = f"{list_url.removeprefix('http://testserver')}?limit=100&lang={lang}"
            while url:
                body = fetch(url)
                if lang == "en" and name in ITEMS:
                    for record in body["results"]:
                        fetch(f"/api/v1/{name}/{record[ITEMS[name]]}/")
                url = body["next"] and body["next"].removeprefix("http://testserver")
    return bodies


def test_no_api_answer_shows_an_expert_a_participant_or_a_private_contact(api, demo):
    assert Expert.objects.count() > 5
    assert Contact.objects.exclude(visibility=ContactVisibility.PUBLIC).count() >= 2
    bodies = crawl(api)
    assert len(bodies) > 100, f"only {len(bodies)} answers: the scan scans nothing"
    leaks = [
        f"{url}: {secret}"
        for url, text in bodies.items()
        for secret in secrets()
        if secret.lower() in text.lower() or json.dumps(secret)[1:-1].lower() in text.lower()
    ]
    assert not leaks, "\n".join(leaks[:30])
    # ...and the scan can fail: the public contacts are there.
    public = Contact.objects.filter(visibility=ContactVisibility.PUBLIC).first()
    assert any(public.email in text for text in bodies.values())


def test_private_records_are_not_listed_and_sensitive_projects_keep_their_places(api, demo):
    """Drafts and undecided proposals behave as on the pages: not listed, 404 by address; sensitive
    projects leave out partners and places."""
    from fund.models import Proposal
    from library.catalogue import one_per_work
    from library.models import Document
    from monitoring.models import Finding
    from programmes.models import Programme

    def all_of(url, key):
        found, url = [], f"{url}?limit=100"
        while url:
            body = api.json(url)
            found += [r[key] for r in body["results"]]
            url = body["next"] and body["next"].removeprefix("http://testserver")
        return found

    assert sorted(all_of("/api/v1/projects/", "reference")) == sorted(
        Proposal.objects.public().values_list("reference", flat=True)
    )
    pending = Proposal.objects.exclude(pk__in=Proposal.objects.public()).exclude(reference="").first()
    assert pending is not None
    assert api.json(f"/api/v1/projects/{pending.reference}/", status=404)["error"]["code"] == "not_found"
    # One entry per work, as on /library/ (an edition is listed when it is the one that matches).
    assert sorted(all_of("/api/v1/documents/", "id")) == sorted(
        one_per_work(Document.objects.published()).values_list("pk", flat=True)
    )
    assert sorted(all_of("/api/v1/programmes/", "slug")) == sorted(
        Programme.objects.published().values_list("slug", flat=True)
    )
    assert sorted(all_of("/api/v1/findings/", "id")) == sorted(
        Finding.objects.public().values_list("pk", flat=True)
    )
    hidden = Finding.objects.exclude(pk__in=Finding.objects.public()).first()
    if hidden is not None:
        api.json(f"/api/v1/findings/{hidden.pk}/", status=404)

    # sensitive projects leave out partners and places, as their pages do
    project = Proposal.objects.public().exclude(partners="").first()
    Proposal.objects.filter(pk=project.pk).update(sensitive=True, locations="Secret town")
    body = api.json(f"/api/v1/projects/{project.reference}/")
    assert body["partners"] == "" and body["locations"] == ""
    assert body["title"] == project.title
