"""Full-text search of the library.

PostgreSQL: a stored, weighted search vector per document (title A, summary B, authors, publishers
and identifiers C, file text D) in the document's own language configuration (English, Russian...),
queried in web-search syntax in every configuration at once, ranked, with highlighted snippets, the
page of a PDF where the words occur, and trigram "did you mean" suggestions.

SQLite: a simple word search over the same fields (all words must occur; -word excludes), snippets
cut around the first word, suggestions by string similarity.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Left, Trim
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import SEARCH_CONFIGS, Document, DocumentPage, DocumentStatus, SearchTerm

QUERY_CONFIGS = ("english", "russian", "simple")
FILE_TEXT_LIMIT = 400_000  # characters of file text in the stored vector
START, STOP = "\x02", "\x03"  # highlight markers, replaced by <mark> after escaping
WORD = re.compile(r"\w{3,}", re.UNICODE)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def config_expression(prefix: str = "") -> Case:
    """The text search configuration of a document's language, as an SQL expression."""
    return Case(
        *[When(**{f"{prefix}language": code}, then=Value(name)) for code, name in SEARCH_CONFIGS.items()],
        default=Value("simple"),
    )


# --- Indexing ---------------------------------------------------------------------------------


def document_reindex(*, document_ids) -> None:
    """Refreshes the search data of these documents: names of publishers, the stored vector
    (PostgreSQL) and the words offered as suggestions. A constant number of queries, however many
    documents (an import reindexes thousands at once)."""
    ids = list(document_ids)
    if not ids:
        return
    if is_postgres():
        names = (
            Document.publishers.through.objects.filter(document_id=OuterRef("pk"))
            .order_by()
            .values("document_id")
            .annotate(
                names=StringAgg(
                    Trim(Concat("organisation__name", Value(" "), "organisation__acronym")),
                    Value(" "),
                    order_by="organisation__name",
                )
            )
            .values("names")
        )
        names_text = Coalesce(Subquery(names, output_field=TextField()), Value(""), output_field=TextField())
        index_names = Trim(
            Concat(names_text, Value(" "), "isbn", Value(" "), "report_number", output_field=TextField())
        )
        config = config_expression()
        # One pass: the vector is made from the new names (the column still holds the old ones).
        Document.objects.filter(pk__in=ids).update(
            index_names=index_names,
            search_vector=SearchVector("title", config=config, weight="A")
            + SearchVector("summary", config=config, weight="B")
            + SearchVector("authors", index_names, config=config, weight="C")
            + SearchVector(Left("file_text", FILE_TEXT_LIMIT), config=config, weight="D"),
        )
    else:
        documents = list(Document.objects.filter(pk__in=ids).prefetch_related("publishers"))
        for document in documents:
            names = [f"{o.name} {o.acronym}".strip() for o in document.publishers.all()]
            document.index_names = " ".join([*names, document.isbn, document.report_number]).strip()
        Document.objects.bulk_update(documents, ["index_names"], batch_size=500)
    published = Document.objects.filter(pk__in=ids, status=DocumentStatus.PUBLISHED)
    terms_add(texts=[f"{title} {summary}" for title, summary in published.values_list("title", "summary")])


def terms_add(*, texts) -> None:
    words = {w.lower() for text in texts for w in WORD.findall(text) if not w.isdigit() and len(w) <= 100}
    if words:
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w) for w in sorted(words)], ignore_conflicts=True, batch_size=1000
        )


# --- Parsing (SQLite) ---------------------------------------------------------------------------

TOKEN = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


@dataclass
class ParsedQuery:
    groups: list[list[str]]  # OR of AND-groups of terms
    excluded: list[str]

    @property
    def terms(self) -> list[str]:
        return [term for group in self.groups for term in group]


def parse_query(text: str) -> ParsedQuery:
    """Web-search syntax, simply: "a phrase", `or` between alternatives, -word to exclude."""
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    for neg1, phrase, neg2, word in TOKEN.findall(text):
        term = (phrase or word).strip()
        if not phrase and term.lower() == "or":
            groups.append([])
            continue
        term = " ".join(term.split()) if phrase else term.strip(".,;:!?()'\"")
        if not term:
            continue
        (excluded if (neg1 or neg2) else groups[-1]).append(term)
    return ParsedQuery([g for g in groups if g], excluded)


def _term_q(term: str) -> Q:
    return (
        Q(title__icontains=term)
        | Q(summary__icontains=term)
        | Q(authors__icontains=term)
        | Q(index_names__icontains=term)
        | Q(file_text__icontains=term)
    )


# --- Querying ---------------------------------------------------------------------------------


class WebQuery(SearchQuery):
    """The words in web-search syntax in every configuration at once: the SQL of OR-ing one
    SearchQuery per configuration, as one node. The page's query uses it five times (the match,
    the rank, the headline and the two tests of editions), and the ORM copies and resolves every
    node of an expression at each use."""

    def __init__(self, text: str):
        super().__init__(text, search_type="websearch")
        self.text = text

    def as_sql(self, compiler, connection, **extra):
        sql = "websearch_to_tsquery(%s::regconfig, %s)"
        for _config in QUERY_CONFIGS[1:]:
            sql = f"({sql} || websearch_to_tsquery(%s::regconfig, %s))"
        return sql, [value for config in QUERY_CONFIGS for value in (config, self.text)]


def web_query(text: str):
    return WebQuery(text)


def documents_search(queryset, text: str):
    """The documents matching the query, annotated with `rank` (higher is better)."""
    text = text.strip()
    if not text:
        return queryset
    if is_postgres():
        query = web_query(text)
        # In double precision (ts_rank gives a real, which is exact as a double): the API's cursors
        # read the rank back and compare with it, so its order needs no second copy of the ranking.
        rank = Cast(SearchRank(F("search_vector"), query), FloatField())
        return queryset.filter(search_vector=query).annotate(rank=rank)
    parsed = parse_query(text)
    condition = Q()
    for group in parsed.groups:
        group_q = Q()
        for term in group:
            group_q &= _term_q(term)
        condition |= group_q
    queryset = queryset.filter(condition) if parsed.groups else queryset.none()
    for term in parsed.excluded:
        queryset = queryset.exclude(_term_q(term))
    first = parsed.terms[0] if parsed.terms else ""
    return queryset.annotate(
        rank=Case(
            When(title__icontains=first, then=Value(3)),
            When(summary__icontains=first, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


@dataclass
class Hit:
    snippet: SafeString | str = ""
    page: int | None = None
    page_snippet: SafeString | str = ""


def _marked(text: str) -> SafeString:
    """Escapes a headline and turns the markers into <mark> elements."""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308  (escaped above; only our own <mark> added)


def _cut(text: str, term: str, width: int = 120) -> str:
    at = text.lower().find(term.lower())
    if at < 0:
        return ""
    start, end = max(0, at - width), min(len(text), at + len(term) + width)
    return (
        ("…" if start else "")
        + text[start:at]
        + START
        + text[at : at + len(term)]
        + STOP
        + text[at + len(term) : end]
        + ("…" if end < len(text) else "")
    )


HEADLINE_OPTIONS = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_words": 40,
    "min_words": 20,
    "max_fragments": 2,
}


def with_headlines(queryset, text: str):
    """The summary's highlighted snippet read with the documents themselves (PostgreSQL), one query
    less per page: ts_headline is costly, so PostgreSQL computes it after the LIMIT, for the page's
    rows only."""
    if not text.strip() or not is_postgres():
        return queryset
    return queryset.annotate(
        headline=SearchHeadline("summary", web_query(text), config=config_expression(), **HEADLINE_OPTIONS)
    )


def search_hits(documents, text: str) -> dict[int, Hit]:
    """Snippets and the first PDF page where the query occurs, for the documents of one result
    page: two queries whatever the number of documents, fewer when the documents were read with
    their snippets (with_headlines) or marked as having no PDF (`has_pdf` None, see
    library.views.with_page_flags)."""
    ids = [d.pk for d in documents]
    hits = {pk: Hit() for pk in ids}
    if not ids or not text.strip():
        return hits
    with_pdf = [d.pk for d in documents if getattr(d, "has_pdf", True) is not None]
    if is_postgres():
        query = web_query(text)
        options = HEADLINE_OPTIONS
        if all(hasattr(d, "headline") for d in documents):  # read with the page (with_headlines)
            headlines = [(d.pk, d.headline) for d in documents]
        else:
            headlines = (
                Document.objects.filter(pk__in=ids)
                .annotate(headline=SearchHeadline("summary", query, config=config_expression(), **options))
                .values_list("pk", "headline")
            )
        for pk, headline in headlines:
            if START in (headline or ""):
                hits[pk].snippet = _marked(headline)
        pages = (
            DocumentPage.objects.filter(file__document__in=with_pdf, file__kind="pdf")
            .annotate(matched=SearchVector("text", config=config_expression("file__document__")))
            .filter(matched=query)
            .order_by("file__document", "file__order", "file", "number")
            .distinct("file__document")
            .annotate(
                headline=SearchHeadline(
                    "text", query, config=config_expression("file__document__"), **options
                )
            )
            .values_list("file__document", "number", "headline")
            if with_pdf
            else []
        )
    else:
        parsed = parse_query(text)
        term = parsed.terms[0] if parsed.terms else ""
        if not term:
            return hits
        for document in documents:
            cut = _cut(document.summary or "", term)
            if cut:
                hits[document.pk].snippet = _marked(cut)
        rows = (
            DocumentPage.objects.filter(file__document__in=with_pdf, file__kind="pdf", text__icontains=term)
            .order_by("file__document", "file__order", "file", "number")
            .values_list("file__document", "number", "text")
        )
        seen: set[int] = set()
        found = []
        for pk, number, page_text in rows.iterator():
            if pk not in seen:
                seen.add(pk)
                found.append((pk, number, _cut(page_text, term)))
        pages = found
    for pk, number, headline in pages:
        hits[pk].page = number
        if headline and START in headline:
            hits[pk].page_snippet = _marked(headline)
    return hits


def suggestion(text: str) -> str:
    """A corrected query when words of this one are unknown and close to known words, or ""."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return ""
    known = set(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))
    corrected = []
    for word in words:
        if word in known or len(word) < 3 or word.isdigit():
            corrected.append(word)
            continue
        corrected.append(_closest(word) or word)
    result = " ".join(corrected)
    return result if result != " ".join(words) else ""


def _closest(word: str) -> str:
    if is_postgres():
        best = (
            SearchTerm.objects.annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=0.3)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
        return best or ""
    candidates = list(
        SearchTerm.objects.filter(word__startswith=word[0]).values_list("word", flat=True)[:20000]
    )
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return matches[0] if matches else ""
