"""The library's rows for the project-wide permission matrix, which tests/security/test_permission_matrix.py
runs for every role (tests/security/matrix.py joins them)."""

from tests.security.matrix import ROLES, Rule, everyone

CURATORS = ("curator", "superuser")


def curators_only(ok: int = 200) -> dict:
    return {role: ok if role in CURATORS else 404 for role in ROLES}


LIBRARY_MATRIX: dict[str, Rule] = {
    "library:document_list": Rule(lambda w: "/library/?q=handbook", everyone()),
    "library:search": Rule(lambda w: "/library/search/?q=handbook&kind=handbook", everyone()),
    "library:feed": Rule(lambda w: "/library/feed/?q=handbook", everyone()),
    "library:collection_list": Rule(lambda w: "/library/collections/", everyone()),
    "library:collection_detail": Rule(lambda w: w["library_collection"].get_absolute_url(), everyone()),
    "library:document_detail": Rule(lambda w: w["library_public"].get_absolute_url(), everyone()),
    "library:file_download": Rule(lambda w: w["library_file"].get_absolute_url(), everyone()),
    "library:document_cite": Rule(lambda w: f"{w['library_public'].get_absolute_url()}cite/ris/", everyone()),
    "oai": Rule(lambda w: "/oai/?verb=ListRecords&metadataPrefix=oai_dc", everyone()),
}

# Objects that must stay hidden: drafts and documents in review (curators preview them), withdrawn
# documents (a tombstone, 410, for everyone; their files are gone), private collections.
LIBRARY_HIDDEN: list[tuple[str, Rule]] = [
    (
        "library:document_detail (draft)",
        Rule(lambda w: w["library_draft"].get_absolute_url(), curators_only()),
    ),
    (
        "library:document_detail (review)",
        Rule(lambda w: w["library_review"].get_absolute_url(), curators_only()),
    ),
    (
        "library:file_download (draft)",
        Rule(lambda w: w["library_draft_file"].get_absolute_url(), curators_only()),
    ),
    (
        "library:document_cite (draft)",
        Rule(lambda w: f"{w['library_draft'].get_absolute_url()}cite/bibtex/", everyone(404)),
    ),
    (
        "library:document_detail (withdrawn)",
        Rule(lambda w: w["library_withdrawn"].get_absolute_url(), everyone(410)),
    ),
    (
        "library:collection_detail (private)",
        Rule(lambda w: w["library_private_collection"].get_absolute_url(), curators_only()),
    ),
]


def library_world(curator) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from library.models import Collection, CollectionItem, Document, DocumentFile
    from tests.library.factories import make_pdf

    def document(slug, status):
        return Document.objects.create(title=f"Handbook {slug}", slug=slug, kind="handbook", status=status)

    public = document("matrix-public", "published")
    draft = document("matrix-draft", "draft")
    world = {
        "library_public": public,
        "library_draft": draft,
        "library_review": document("matrix-review", "review"),
        "library_withdrawn": document("matrix-withdrawn", "withdrawn"),
        "library_file": DocumentFile.objects.create(
            document=public, file=SimpleUploadedFile("a.pdf", make_pdf(["Public"]))
        ),
        "library_draft_file": DocumentFile.objects.create(
            document=draft, file=SimpleUploadedFile("b.pdf", make_pdf(["Draft"]))
        ),
        "library_collection": Collection.objects.create(title="Public", slug="matrix-public", is_public=True),
        "library_private_collection": Collection.objects.create(title="Private", slug="matrix-private"),
    }
    CollectionItem.objects.create(collection=world["library_collection"], document=public)
    return world
