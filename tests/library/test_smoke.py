import pytest

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_pages_render(client):
    document = DocumentFactory(title="Handbook on referral")
    assert client.get("/library/").status_code == 200
    assert client.get("/library/?q=referral").status_code == 200
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get("/library/feed/").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/oai/?verb=Identify").status_code == 200
