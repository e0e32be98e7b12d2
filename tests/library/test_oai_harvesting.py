"""Issue 16: OAI-PMH that harvesters can trust. Identify valid by default, inclusive bounds at the
granularity shown, stable resumption tokens, datestamps that move with whatever is disseminated,
persistent deleted records, hierarchical sets; every answer valid against the official schemas."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from clearinghouse.models import Organisation, Theme
from library import services
from library.models import Collection, DeletedRecord, Document, DocumentKind, DocumentStatus

from .factories import DocumentFactory, make_pdf, upload
from .oai_support import NS, deleted, error_code, harvest, identifier, identifiers, oai

pytestmark = pytest.mark.django_db
BASE = datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def set_datestamp(document, moment: datetime) -> None:
    """Puts a record's datestamp in the past (both names the datestamp has had)."""
    fields = {f.name for f in Document._meta.fields}
    values = {"updated": moment}
    if "oai_datestamp" in fields:
        values["oai_datestamp"] = moment
    Document.objects.filter(pk=document.pk).update(**values)


def datestamp(client, document) -> str:
    tree = oai(client, verb="GetRecord", identifier=identifier(document), metadataPrefix="oai_dc")
    return tree.findtext(".//o:header/o:datestamp", namespaces=NS)


@pytest.fixture
def dated(db):
    """Ten published records, one minute apart."""
    documents = [DocumentFactory(title=f"Dated {n}") for n in range(10)]
    for n, document in enumerate(documents):
        set_datestamp(document, BASE + timedelta(minutes=n))
    return documents


def test_identify_is_valid_with_the_default_settings(client):
    """The default adminEmail (clearinghouse@localhost) broke the schema's e-mail pattern."""
    tree = oai(client, verb="Identify")  # oai() validates against the schemas
    assert error_code(tree) is None
    assert "@" in tree.findtext(".//o:adminEmail", namespaces=NS)


def test_until_is_inclusive_at_the_granularity_shown(client):
    document = DocumentFactory()
    shown = datestamp(client, document)
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": shown, "until": shown})
    assert identifiers(tree) == [identifier(document)]
    day = shown[:10]
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": day, "until": day})
    assert identifiers(tree) == [identifier(document)]


def test_windows_of_whole_seconds_lose_nothing(client, dated):
    """A harvester working in consecutive windows [T, T+59s] sees every record exactly once."""
    seen = []
    for minute in range(10):
        start = BASE + timedelta(minutes=minute)
        tree = oai(
            client,
            verb="ListIdentifiers",
            metadataPrefix="oai_dc",
            **{"from": stamp(start), "until": stamp(start + timedelta(seconds=59))},
        )
        seen += identifiers(tree)
    assert seen == [identifier(d) for d in dated]


def test_resumption_tokens_survive_edits_between_pages(client, dated, settings):
    """Page 1 had records 0-3; editing record 1 used to shift the offsets so that record 4 was never
    sent. The token is a cursor: every record unchanged since the list began is harvested."""
    settings.LIBRARY_OAI_PAGE_SIZE = 4

    def edit(page):
        if page == 1:
            record = Document.objects.get(pk=dated[1].pk)
            record.summary = "Edited while a harvester was listing."
            record.save()

    pages = harvest(client, between_pages=edit)
    seen = [i for page in pages for i in identifiers(page)]
    unchanged = [identifier(d) for n, d in enumerate(dated) if n != 1]
    assert set(unchanged) <= set(seen)
    assert all(seen.count(i) == 1 for i in unchanged)


def test_a_token_keeps_the_until_of_the_list_start(client, dated, settings):
    """Records changed after the list began do not push unchanged ones out of the list."""
    settings.LIBRARY_OAI_PAGE_SIZE = 4
    first = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.find(".//o:resumptionToken", NS).text
    for document in dated[:4]:  # all of page 1 edited: they move to the end, after the list began
        document.refresh_from_db()
        document.save()
    second = oai(client, verb="ListIdentifiers", resumptionToken=token)
    assert identifiers(second) == [identifier(d) for d in dated[4:8]]


def test_publisher_rename_moves_the_datestamp(client, dated):
    organisation = Organisation.objects.create(name="Old Name Institute", kind="ngo")
    document = dated[0]
    document.publishers.set([organisation])
    set_datestamp(document, BASE)
    organisation.website = "https://example.org/"  # not disseminated: the datestamp stays
    organisation.save()
    assert datestamp(client, document) == stamp(BASE)
    organisation.name = "New Name Institute"
    organisation.save()
    tree = oai(client, verb="GetRecord", identifier=identifier(document), metadataPrefix="oai_dc")
    assert tree.findtext(".//dc:publisher", namespaces=NS) == "New Name Institute"
    assert tree.findtext(".//o:header/o:datestamp", namespaces=NS) > stamp(BASE)
    tree = oai(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": stamp(BASE + timedelta(hours=1))}
    )
    assert identifier(document) in identifiers(tree)


def test_theme_rename_moves_the_datestamp(client, dated):
    theme = Theme.objects.get(slug="child-trafficking")
    document = dated[0]
    document.themes.set([theme])
    set_datestamp(document, BASE)
    theme.name = "Trafficking in children"
    theme.save()
    assert datestamp(client, document) > stamp(BASE)


def test_files_move_the_datestamp(client, dated, curator):
    document = dated[0]
    stored = services.file_add(user=curator, document=document, upload=upload("a.pdf", make_pdf(["Text"])))
    assert datestamp(client, document) > stamp(BASE)
    set_datestamp(document, BASE)
    services.file_remove(user=curator, stored=stored)
    assert datestamp(client, document) > stamp(BASE)


def test_withdrawal_moves_the_datestamp_and_the_record_is_deleted(client, dated, curator):
    document = dated[0]
    services.document_transition(user=curator, document=document, action="withdraw", reason="Outdated")
    tree = oai(client, verb="GetRecord", identifier=identifier(document), metadataPrefix="oai_dc")
    assert tree.find(".//o:header", NS).get("status") == "deleted"
    assert tree.find(".//o:metadata", NS) is None
    assert tree.findtext(".//o:header/o:datestamp", namespaces=NS) > stamp(BASE)


def test_collection_membership_moves_the_datestamp(client, dated, curator):
    client.force_login(curator)
    response = client.post(
        reverse("admin:library_collection_add"),
        {
            "title": "Referral",
            "slug": "referral",
            "description": "",
            "is_public": "on",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-document": str(dated[0].pk),
            "items-0-order": "0",
            "items-0-note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert datestamp(client, dated[0]) > stamp(BASE)
    assert datestamp(client, dated[1]) == stamp(BASE + timedelta(minutes=1))
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="collection:referral")
    assert identifiers(tree) == [identifier(dated[0])]
    # Made private: it is no longer a set, and its records' datestamps move again.
    set_datestamp(dated[0], BASE)
    collection = Collection.objects.get(slug="referral")
    client.force_login(curator)
    response = client.post(
        reverse("admin:library_collection_change", args=[collection.pk]),
        {
            "title": "Referral",
            "slug": "referral",
            "description": "",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-id": str(collection.items.get().pk),
            "items-0-collection": str(collection.pk),
            "items-0-document": str(dated[0].pk),
            "items-0-order": "0",
            "items-0-note": "",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert datestamp(client, dated[0]) > stamp(BASE)
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="collection:referral")
    assert error_code(tree) == "badArgument"


def test_a_curators_delete_leaves_a_persistent_deleted_record(client, curator):
    theme = Theme.objects.get(slug="child-trafficking")
    document = DocumentFactory(kind=DocumentKind.HANDBOOK, themes=[theme])
    draft = DocumentFactory(status=DocumentStatus.DRAFT)
    client.force_login(curator)
    for victim in (document, draft):
        response = client.post(reverse("admin:library_document_delete", args=[victim.pk]), {"post": "yes"})
        assert response.status_code == 302
    client.logout()
    assert not Document.objects.filter(pk__in=[document.pk, draft.pk]).exists()
    tree = oai(client, verb="GetRecord", identifier=identifier(document), metadataPrefix="oai_dc")
    header = tree.find(".//o:header", NS)
    assert header.get("status") == "deleted"
    assert [s.text for s in header.iterfind("o:setSpec", NS)] == [
        "kind:handbook",
        "theme:protection:child-trafficking",
    ]
    for spec in ("theme", "theme:protection", "kind:handbook"):
        tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec)
        assert deleted(tree) == {identifier(document)}
    # A draft was never disseminated: nothing to report.
    tree = oai(client, verb="GetRecord", identifier=identifier(draft), metadataPrefix="oai_dc")
    assert error_code(tree) == "idDoesNotExist"
    assert error_code(oai(client, verb="ListMetadataFormats", identifier=identifier(document))) is None


def test_bulk_delete_in_the_admin_leaves_deleted_records(client, curator):
    documents = [DocumentFactory() for _ in range(2)]
    client.force_login(curator)
    response = client.post(
        reverse("admin:library_document_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in documents], "post": "yes"},
    )
    assert response.status_code == 302
    client.logout()
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert deleted(tree) == {identifier(d) for d in documents}


def test_theme_sets_are_hierarchical(client):
    protection = Theme.objects.get(slug="protection")
    children = list(protection.children.all()[:3])
    parent_only = DocumentFactory(themes=[protection])
    in_children = [DocumentFactory(themes=[child]) for child in children]
    elsewhere = DocumentFactory(themes=[Theme.objects.get(slug="prevention")])
    untagged = DocumentFactory()
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="theme:protection")
    assert set(identifiers(tree)) == {identifier(d) for d in [parent_only, *in_children]}
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="theme")
    assert set(identifiers(tree)) == {identifier(d) for d in [parent_only, *in_children, elsewhere]}
    assert identifier(untagged) not in identifiers(tree)
    child = children[0]
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=f"theme:protection:{child.slug}")
    assert identifiers(tree) == [identifier(in_children[0])]
    tree = oai(client, verb="ListSets")
    specs = [e.text for e in tree.iterfind(".//o:setSpec", NS)]
    assert {"theme", "theme:protection", f"theme:protection:{child.slug}", "kind", "kind:handbook"} <= set(
        specs
    )
    for spec in specs:  # every set listed is one a harvester may ask for
        parent = spec.rsplit(":", 1)[0]
        assert spec == parent or parent in specs
    assert error_code(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="theme:nothing")) == (
        "badArgument"
    )


def test_only_curators_delete_documents(officer_a, expert_user):
    document = DocumentFactory()
    for user in (officer_a, expert_user):
        with pytest.raises(PermissionDenied):
            services.document_delete(user=user, document=document)
    assert Document.objects.filter(pk=document.pk).exists()
    assert not DeletedRecord.objects.exists()
