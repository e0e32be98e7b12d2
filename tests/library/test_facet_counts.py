"""Acceptance 3 of issue 17: the catalogue's facet counts (one pass over the matching rows on
PostgreSQL, with the keys the database keeps on each document) equal a plain count of the works
per value, for a sample of queries and filters, with editions, regions through countries and
documents without lists, and still after the lists change through every way of writing them."""

import pytest
import tablib
from django.db import connection

from clearinghouse.models import Country, Organisation, Region, Theme
from library.catalogue import FACET_PARAMS, catalogue
from library.models import Document
from library.resources import DocumentResource

from .factories import DocumentFactory
from .test_import import HEADER, row

pytestmark = pytest.mark.django_db

SAMPLE = [
    {},
    {"q": "shelters"},
    {"q": "shelters", "language": "ru"},
    {"q": "handbook OR shelters", "kind": "handbook"},
    {"theme": "child-trafficking"},
    {"country": "al"},
    {"region": "southeast-europe"},
    {"year": "2004"},
    {"publisher": "osce-odihr"},
    {"q": "nothing-matches-this"},
    {"year": "not-a-year"},
]


def plain_counts(params) -> dict[str, dict[str, int]]:
    """The works per facet value among the documents matching `params`, counted in Python."""
    documents = catalogue(params, with_facets=False, works=False).queryset.prefetch_related(
        "themes", "countries__region", "regions", "publishers"
    )
    works: dict[str, dict[str, set[int]]] = {p: {} for p in FACET_PARAMS}
    for d in documents:
        countries = list(d.countries.all())
        values = {
            "kind": [d.kind],
            "language": [d.language],
            "year": [str(d.publication_year)] if d.publication_year else [],
            "theme": [t.slug for t in d.themes.all()],
            "country": [c.iso2.lower() for c in countries],
            "region": {r.slug for r in d.regions.all()} | {c.region.slug for c in countries},
            "publisher": [o.slug for o in d.publishers.all()],
        }
        for param, keys in values.items():
            for key in keys:
                works[param].setdefault(key, set()).add(d.work_root_id)
    return {p: {value: len(ids) for value, ids in by_value.items()} for p, by_value in works.items()}


def shown_counts(params) -> dict[str, dict[str, int]]:
    return {f.param: {v.value: v.count for v in f.values} for f in catalogue(params).facets}


def assert_counts_are_plain():
    for params in SAMPLE:
        assert shown_counts(params) == plain_counts(params), params


@pytest.fixture
def library():
    odihr = Organisation.objects.get(slug="osce-odihr")
    unicef = Organisation.objects.exclude(pk=odihr.pk).order_by("pk").first()
    child = Theme.objects.get(slug="child-trafficking")
    assistance = Theme.objects.get(slug="victim-assistance")
    albania, moldova = Country.objects.get(iso2="AL"), Country.objects.get(iso2="MD")
    see = Region.objects.get(slug="southeast-europe")
    original = DocumentFactory(
        title="Shelters handbook",
        summary="Shelters for victims.",
        kind="handbook",
        publishers=[odihr],
        themes=[child],
        countries=[albania],
    )
    # The same work in Russian: counted once under kind, theme and country, once under each language.
    DocumentFactory(
        title="Shelters handbook (Russian)",
        summary="Shelters for victims.",
        kind="handbook",
        language="ru",
        edition_of=original,
        publishers=[odihr, unicef],
        themes=[child, assistance],
        countries=[albania, moldova],
    )
    # In south-east Europe twice over (directly and through Albania): one work there.
    both = DocumentFactory(
        title="Shelters in the region", summary="Shelters.", countries=[albania], publishers=[unicef]
    )
    both.regions.add(see)
    # No list at all, and no year.
    DocumentFactory(title="Shelters without lists", summary="Shelters.", publication_year=None)
    DocumentFactory(title="Other research", summary="Referral.", kind="research", publication_year=2005)
    return {"original": original, "both": both, "child": child, "albania": albania, "see": see}


def test_counts_equal_a_plain_count_of_the_works(library):
    assert_counts_are_plain()
    counts = shown_counts({"q": "shelters"})
    assert counts["kind"] == {"handbook": 1, "research": 2}
    assert counts["language"] == {"en": 1 + 2, "ru": 1}
    assert counts["region"]["southeast-europe"] == 2
    assert counts["theme"]["child-trafficking"] == 1


def test_counts_follow_the_lists_through_the_orm(library):
    original, child = library["original"], library["child"]
    original.themes.remove(child)
    original.countries.clear()
    child.library_documents.add(library["both"])  # from the other side
    other = Theme.objects.exclude(pk=child.pk).order_by("pk").first()
    Document.themes.through.objects.bulk_create(
        [Document.themes.through(document_id=library["both"].pk, theme_id=other.pk)]
    )
    assert_counts_are_plain()
    original.themes.set([child])
    library["both"].regions.clear()
    assert_counts_are_plain()


def test_counts_follow_the_documents_own_columns_and_editions(library):
    original = library["original"]
    Document.objects.filter(pk=original.pk).update(kind="policy", publication_year=2010, language="fr")
    edition = Document.objects.get(edition_of=original)
    Document.objects.filter(pk=edition.pk).update(edition_of=None)  # now a work of its own
    assert_counts_are_plain()
    Document.objects.filter(pk=library["both"].pk).update(edition_of=original)
    assert_counts_are_plain()


def test_counts_follow_a_country_moving_to_another_region(library):
    albania = library["albania"]
    albania.region = Region.objects.exclude(pk=albania.region_id).first()
    albania.save()
    assert_counts_are_plain()
    assert shown_counts({"q": "shelters"})["region"]["southeast-europe"] == 1  # the direct one


def test_counts_follow_deleted_vocabulary_and_documents(library):
    Theme.objects.filter(slug="victim-assistance").delete()
    library["both"].delete()
    assert_counts_are_plain()


def test_counts_follow_the_import(library):
    data = tablib.Dataset(headers=HEADER)
    for values in [
        row(1, title="Imported shelters", summary="Shelters."),
        row(2, title="Imported shelters", summary="Shelters.", language="ru", countries="GE"),
    ]:
        data.append([values[c] for c in HEADER])
    result = DocumentResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert_counts_are_plain()
    changed = tablib.Dataset(headers=HEADER)
    values = row(1, title="Imported shelters", summary="Shelters.", countries="MD", themes="")
    changed.append([values[c] for c in HEADER])
    result = DocumentResource().import_data(changed, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert_counts_are_plain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the keys are kept by PostgreSQL")
def test_the_keys_the_database_keeps(library):
    def keys(document):
        with connection.cursor() as cursor:
            cursor.execute("SELECT facet_keys FROM library_document WHERE id = %s", [document.pk])
            return sorted(cursor.fetchone()[0])

    both, albania, see = library["both"], library["albania"], library["see"]
    assert [k for k in keys(both) if k.startswith("region:")] == [f"region:{see.pk}"]
    assert f"country:{albania.pk}" in keys(both)
    assert keys(Document.objects.get(title="Shelters without lists")) == []
