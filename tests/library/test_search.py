"""Full-text search: the simple word search (SQLite and PostgreSQL alike) and, on PostgreSQL, ranked
search with stemming, PDF page hits and "did you mean" among 1,000 documents."""

import pytest
from django.conf import settings

from library.models import Document, DocumentKind, DocumentStatus
from library.search import document_reindex, parse_query, suggestion

from .factories import DocumentFactory, make_pdf, upload

pytestmark = pytest.mark.django_db
postgres = pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL")

FILLER = ["annual", "regional", "overview", "bulletin", "activities", "seminar", "review", "summary"]


def generate(count: int) -> None:
    documents = [
        Document(
            title=f"{FILLER[i % len(FILLER)].title()} {FILLER[(i * 3) % len(FILLER)]} number {i}",
            slug=f"generated-{i}",
            kind=DocumentKind.OTHER,
            summary=f"Generated entry {i} about {FILLER[(i * 5) % len(FILLER)]} work.",
            language="en" if i % 3 else "ru",
            publication_year=1990 + i % 30,
            status=DocumentStatus.PUBLISHED,
        )
        for i in range(count)
    ]
    created = Document.objects.bulk_create(documents)
    document_reindex(document_ids=[d.pk for d in created])


def results(client, query: str) -> list:
    response = client.get("/library/", {"q": query})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("text", "groups", "excluded"),
    [
        ("referral mechanism", [["referral", "mechanism"]], []),
        ('"national referral" handbook', [["national referral", "handbook"]], []),
        ("victims or children", [["victims"], ["children"]], []),
        ("trafficking -labour", [["trafficking"]], ["labour"]),
    ],
)
def test_parse_query(text, groups, excluded):
    parsed = parse_query(text)
    assert parsed.groups == groups
    assert parsed.excluded == excluded


def test_word_search_finds_title_summary_and_excludes(client):
    DocumentFactory(title="Handbook on referral mechanisms", summary="Practical guide.")
    DocumentFactory(title="Training manual", summary="For police on referral of victims.")
    DocumentFactory(title="Labour referral study", summary="Forced labour.")
    titles = [d.title for d in results(client, "referral -labour").context["documents"]]
    assert titles[0] == "Handbook on referral mechanisms"
    assert set(titles) == {"Handbook on referral mechanisms", "Training manual"}


def test_search_shows_marked_snippet_escaped(client):
    DocumentFactory(title="Guide", summary="<b>Bold</b> words about identification of victims.")
    body = results(client, "identification").content.decode()
    assert "<mark>identification</mark>" in body
    assert "<b>Bold</b>" not in body


def test_pdf_text_found_with_page_number(client, curator, django_capture_on_commit_callbacks):
    from library.services import file_add

    document = DocumentFactory(title="Assessment of shelters")
    pdf = make_pdf(["Introduction", "Methodology", "The zebrafinch protocol was applied here"])
    with django_capture_on_commit_callbacks(execute=True):
        file_add(user=curator, document=document, upload=upload("a.pdf", pdf))
    stored = document.files.get()
    assert (stored.kind, stored.page_count, stored.extraction) == ("pdf", 3, "done")
    response = results(client, "zebrafinch")
    [hit] = response.context["documents"]
    assert hit.pk == document.pk and hit.hit.page == 3
    assert "page 3" in response.content.decode()


def test_unknown_word_gets_a_suggestion(client):
    DocumentFactory(title="Handbook on national referral mechanisms")
    response = results(client, "refferal")
    assert response.context["total"] == 0
    assert response.context["did_you_mean"] == "referral"
    assert suggestion("referral") == ""


@postgres
@pytest.mark.postgres
class TestPostgresSearch:
    @pytest.fixture(autouse=True)
    def _thousand(self, db):
        generate(1000)

    def test_distinctive_title_words_rank_first(self, client):
        target = DocumentFactory(
            title="Guidelines on identification and interrogation of trafficked persons",
            summary="Practical guidance.",
        )
        DocumentFactory(title="Annual overview", summary="Mentions identification once in passing.")
        documents = results(client, "identification interrogation trafficked").context["documents"]
        assert documents[0].pk == target.pk

    def test_russian_query_in_another_case_finds_the_russian_edition(self, client):
        english = DocumentFactory(title="National Referral Mechanisms handbook", language="en")
        russian = DocumentFactory(
            title="Национальные механизмы переадресации: практическое руководство",
            summary="Руководство для практиков.",
            language="ru",
            edition_of=english,
        )
        documents = results(client, "механизмов переадресации").context["documents"]
        assert documents[0].pk == russian.pk
        detail = client.get(russian.get_absolute_url())
        assert english in detail.context["editions"]

    def test_web_search_syntax(self, client):
        a = DocumentFactory(title="Referral of child victims", summary="children")
        b = DocumentFactory(title="Referral of adult victims", summary="adults")
        found = {d.pk for d in results(client, "referral -child").context["documents"]}
        assert b.pk in found and a.pk not in found
        found = {d.pk for d in results(client, '"child victims" or "adult victims"').context["documents"]}
        assert {a.pk, b.pk} <= found

    def test_phrase_inside_a_pdf_gives_the_page(self, client, curator, django_capture_on_commit_callbacks):
        from library.services import file_add

        document = DocumentFactory(title="Assessment report")
        pdf = make_pdf(["Cover", "Contents", "Overview", "The quartermaster ledger was inspected"])
        with django_capture_on_commit_callbacks(execute=True):
            file_add(user=curator, document=document, upload=upload("r.pdf", pdf))
        response = results(client, '"quartermaster ledger"')
        [hit] = response.context["documents"]
        assert hit.pk == document.pk and hit.hit.page == 4
        assert "<mark>" in str(hit.hit.page_snippet)

    def test_misspelt_query_gets_the_right_suggestion(self, client):
        DocumentFactory(title="Handbook on national referral mechanisms")
        response = results(client, "refferal mechanizms")
        assert response.context["total"] == 0
        assert response.context["did_you_mean"] == "referral mechanisms"


@postgres
@pytest.mark.postgres
def test_weights_title_over_summary_over_names_over_file_text(client):
    in_file = DocumentFactory(title="Gamma", summary="Other words")
    Document.objects.filter(pk=in_file.pk).update(file_text="The quokka appears only in the file.")
    document_reindex(document_ids=[in_file.pk])
    by_publisher = DocumentFactory(title="Delta", summary="Nothing", authors="Quokka, Anna")
    in_summary = DocumentFactory(title="Beta", summary="About the quokka.")
    in_title = DocumentFactory(title="Quokka report", summary="Other words")
    order = [d.pk for d in results(client, "quokka").context["documents"]]
    assert order == [in_title.pk, in_summary.pk, by_publisher.pk, in_file.pk]
