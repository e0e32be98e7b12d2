"""A work is listed once: the NRM handbook's English and Russian editions are one entry in /library/
with both languages as links; a search matching either edition finds the work once; facets count
works, not documents."""

import io

import pytest

from library import demo
from library.models import DocumentStatus
from tests.html import main, select, text

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


def entries(response) -> list:
    return select(main(response), "ol.library-list > li")


def editions(entry) -> list[tuple[str, str]]:
    return [(text(a), a.get("href")) for a in select(entry, ".library-editions a")]


def facet(response, param: str) -> dict[str, int]:
    return {v.value: v.count for f in response.context["facets"] if f.param == param for v in f.values}


def test_the_nrm_handbook_is_one_entry_with_both_languages(client, seeded):
    demo.load(io.StringIO())
    response = client.get("/library/", {"q": "National Referral Mechanisms"})
    handbooks = [e for e in entries(response) if select(e, ".library-editions")]
    assert len(handbooks) == 1
    assert editions(handbooks[0]) == [
        ("English", "/library/nrm-handbook/"),
        ("Русский", "/library/nrm-handbook-ru/"),
    ]
    listed = [a.get("href") for e in entries(client.get("/library/")) for a in select(e, "h3 a")]
    assert "/library/nrm-handbook/" in listed and "/library/nrm-handbook-ru/" not in listed


@pytest.fixture
def work():
    english = DocumentFactory(title="Referral handbook", summary="How referral works.", language="en")
    russian = DocumentFactory(
        title="Руководство по перенаправлению",
        summary="Как работает перенаправление. Издание ОБСЕ.",
        language="ru",
        edition_of=english,
    )
    return english, russian


def test_a_search_matching_either_edition_finds_the_work_once(client, work):
    english, russian = work
    DocumentFactory(title="Unrelated study", summary="Nothing in common.")
    for query, shown in (("referral", english), ("перенаправлению", russian), ("", english)):
        response = client.get("/library/", {"q": query} if query else {})
        titles = [text(a) for e in entries(response) for a in select(e, "h3 a")]
        assert titles.count(shown.title) == 1, query
        assert english.title not in titles or russian.title not in titles
        found = next(e for e in entries(response) if shown.title in text(e))
        assert [name for name, _ in editions(found)] == ["English", "Русский"]


def test_facets_and_total_count_works_not_documents(client, work):
    DocumentFactory(title="Another research report", language="en")
    response = client.get("/library/")
    assert response.context["total"] == 2
    assert len(entries(response)) == 2
    assert facet(response, "kind") == {"research": 2}
    assert facet(response, "language") == {"en": 2, "ru": 1}
    assert facet(response, "year") == {"2004": 2}
    russian_only = client.get("/library/", {"language": "ru"})
    assert russian_only.context["total"] == 1 and len(entries(russian_only)) == 1


def test_an_unpublished_edition_is_not_offered(client, work):
    english, russian = work
    russian.status = DocumentStatus.REVIEW
    russian.save()
    [entry] = entries(client.get("/library/"))
    assert editions(entry) == []


def test_two_editions_of_a_work_whose_original_does_not_match_show_once(client, work):
    english, russian = work
    DocumentFactory(
        title="Посібник з перенаправлення", summary="Видання ОБСЕ.", language="uk", edition_of=english
    )
    response = client.get("/library/", {"language": "ru"})
    assert len(entries(response)) == 1
    response = client.get("/library/", {"q": "ОБСЕ"})
    shown = [text(a) for e in entries(response) for a in select(e, "h3 a")]
    assert shown == [russian.title]  # the earlier edition of the two that match
    assert response.context["total"] == 1
