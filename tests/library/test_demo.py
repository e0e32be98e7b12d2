"""seed_demo's library: the seed's publications as published metadata, editions linked, idempotent."""

import io

import pytest

from library import demo
from library.models import Collection, Document, DocumentStatus

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed_publications_twice_without_duplicates(client, seeded):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Document.objects.count() == len(demo.ENTRIES)
    assert set(Document.objects.values_list("status", flat=True)) == {DocumentStatus.PUBLISHED}
    assert not Document.objects.filter(files__isnull=False).exists()  # metadata only
    russian = Document.objects.get(slug="nrm-handbook-ru")
    assert russian.edition_of.slug == "nrm-handbook"
    assert Collection.objects.get(slug="media-ethics").documents.count() == 1
    assert Document.objects.get(slug="nrm-handbook").programmes.exists()
    for needle in (
        "SEE RIGHTS",
        "law enforcement",
        "Legislative reviews",
        "identification and interrogation",
        "Central Asia",
        "Roma and Egyptian",
        "Europe against Trafficking",
        "Codes of ethics",
    ):
        assert Document.objects.filter(title__icontains=needle).exists(), needle
    response = client.get("/library/", {"q": "Roma"})
    assert response.context["total"] >= 1
    assert client.get("/library/nrm-handbook/").status_code == 200


def test_navigation_and_home_card(client):
    text = client.get("/").content.decode()
    assert 'href="/library/"' in text and "Resource library" in text


def test_templates_have_no_inline_styles_or_scripts():
    from pathlib import Path

    from django.conf import settings

    for path in (Path(settings.BASE_DIR) / "templates" / "library").glob("*.html"):
        text = path.read_text()
        assert "style=" not in text and "<style" not in text, path
        scripts = text.count("<script")
        assert scripts == text.count('<script type="application/ld+json" nonce="{{ csp_nonce }}">'), path
