"""Citation formats of a document: BibTeX, RIS, CSL-JSON, and schema.org JSON-LD."""

from __future__ import annotations

import json
import re

from .models import LICENCE_URLS, Document, DocumentKind

BIBTEX_TYPES = {
    DocumentKind.HANDBOOK: "book",
    DocumentKind.RESEARCH: "techreport",
    DocumentKind.ASSESSMENT: "techreport",
    DocumentKind.PROJECT_REPORT: "techreport",
    DocumentKind.CONFERENCE: "proceedings",
}
RIS_TYPES = {
    DocumentKind.HANDBOOK: "BOOK",
    DocumentKind.RESEARCH: "RPRT",
    DocumentKind.ASSESSMENT: "RPRT",
    DocumentKind.PROJECT_REPORT: "RPRT",
    DocumentKind.POLICY: "RPRT",
    DocumentKind.CONFERENCE: "CONF",
    DocumentKind.LEGISLATION: "STAT",
    DocumentKind.STANDARD: "STAT",
    DocumentKind.NEWSLETTER: "NEWS",
}
CSL_TYPES = {
    DocumentKind.HANDBOOK: "book",
    DocumentKind.RESEARCH: "report",
    DocumentKind.ASSESSMENT: "report",
    DocumentKind.PROJECT_REPORT: "report",
    DocumentKind.POLICY: "report",
    DocumentKind.CONFERENCE: "paper-conference",
    DocumentKind.LEGISLATION: "legislation",
    DocumentKind.STANDARD: "legislation",
}


def _publishers(document: Document) -> list[str]:
    return [o.name for o in document.publishers.all()]


def _split_name(name: str) -> dict:
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given}
    parts = name.split()
    if len(parts) > 1:
        return {"family": parts[-1], "given": " ".join(parts[:-1])}
    return {"literal": name}


def _bibtex_escape(value: str) -> str:
    return re.sub(r"([{}\\&%$#_])", r"\\\1", value)


def _bibtex_value(key: str, value: str) -> str:
    """Text is escaped; the url field is read verbatim by biblatex (and BibTeX's url package), so it
    is written as is; a corporate author comes already braced."""
    if key == "url" or (key == "author" and value.startswith("{")):
        return value
    return _bibtex_escape(value)


def cite_key(document: Document) -> str:
    base = re.sub(r"[^A-Za-z0-9]", "", document.slug.title())[:30] or "document"
    return f"{base}{document.publication_year or ''}"


def bibtex(document: Document, url: str) -> str:
    entry = BIBTEX_TYPES.get(document.kind, "misc")
    fields = [("title", document.title)]
    if document.author_list:
        fields.append(("author", " and ".join(document.author_list)))
    publishers = _publishers(document)
    if publishers:
        fields.append(("institution" if entry == "techreport" else "publisher", "; ".join(publishers)))
        if not document.author_list:
            fields.append(("author", "{" + " and ".join(publishers) + "}"))
    if document.publication_year:
        fields.append(("year", str(document.publication_year)))
    if document.report_number:
        fields.append(("number", document.report_number))
    if document.isbn:
        fields.append(("isbn", document.isbn))
    fields += [("language", document.language), ("url", url)]
    body = ",\n".join(f"  {key} = {{{_bibtex_value(key, value)}}}" for key, value in fields)
    return f"@{entry}{{{cite_key(document)},\n{body}\n}}\n"


def ris(document: Document, url: str) -> str:
    lines = [("TY", RIS_TYPES.get(document.kind, "GEN")), ("TI", document.title)]
    lines += [("AU", name) for name in document.author_list]
    if _publishers(document):  # one PB: readers keep only the first of several
        lines.append(("PB", "; ".join(_publishers(document))))
    if document.publication_year:
        lines.append(("PY", str(document.publication_year)))
    if document.publication_date:
        lines.append(("DA", document.publication_date.strftime("%Y/%m/%d")))
    if document.summary:
        lines.append(("AB", " ".join(document.summary.split())))
    if document.isbn:
        lines.append(("SN", document.isbn))
    if document.report_number:
        lines.append(("M1", document.report_number))
    lines += [("LA", document.language), ("UR", url), ("ER", "")]
    return (
        "\r\n".join(
            f"{tag}  - {value}".rstrip() if tag == "ER" else f"{tag}  - {value}" for tag, value in lines
        )
        + "\r\n"
    )


def csl_json(document: Document, url: str) -> list[dict]:
    item: dict = {
        "id": cite_key(document),
        "type": CSL_TYPES.get(document.kind, "document"),
        "title": document.title,
        "language": document.language,
        "URL": url,
    }
    if document.author_list:
        item["author"] = [_split_name(name) for name in document.author_list]
    publishers = _publishers(document)
    if publishers:
        item["publisher"] = "; ".join(publishers)
        if not document.author_list:
            item["author"] = [{"literal": name} for name in publishers]
    if document.publication_date:
        d = document.publication_date
        item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    elif document.publication_year:
        item["issued"] = {"date-parts": [[document.publication_year]]}
    if document.summary:
        item["abstract"] = document.summary
    if document.isbn:
        item["ISBN"] = document.isbn
    if document.report_number:
        item["number"] = document.report_number
    return [item]


def json_ld(document: Document, url: str, file_urls: list[str], editions: list[tuple[str, str, int]]) -> str:
    """schema.org description; `<` is escaped so the text cannot close the script element."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Book" if document.kind == DocumentKind.HANDBOOK else "Report",
        "name": document.title,
        "url": url,
        "inLanguage": document.language,
        "genre": document.get_kind_display(),
    }
    if document.summary:
        data["description"] = document.summary
    if document.author_list:
        data["author"] = [{"@type": "Person", "name": name} for name in document.author_list]
    publishers = _publishers(document)
    if publishers:
        data["publisher"] = [{"@type": "Organization", "name": name} for name in publishers]
    if document.publication_date or document.publication_year:
        data["datePublished"] = document.published_display
    if document.isbn and data["@type"] == "Book":  # schema.org defines isbn on Book only
        data["isbn"] = document.isbn
    if document.licence in LICENCE_URLS:
        data["license"] = LICENCE_URLS[document.licence]
    if file_urls:
        data["encoding"] = [{"@type": "MediaObject", "contentUrl": u} for u in file_urls]
    if editions and document.edition_of_id:
        # This edition translates the original; the original lists its translations.
        data["translationOfWork"] = [
            {"@type": "CreativeWork", "url": u, "inLanguage": lang}
            for u, lang, pk in editions
            if pk == document.edition_of_id
        ]
    elif editions:
        data["workTranslation"] = [
            {"@type": "CreativeWork", "url": u, "inLanguage": lang} for u, lang, _pk in editions
        ]
    data["about"] = [t.name for t in document.themes.all()]
    data["spatialCoverage"] = [c.name for c in document.countries.all()]
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
