"""Text extraction from library files: PDF page by page, office documents as one text."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

# Text parts of each zip-based format, and how many parts we read at most.
OFFICE_PARTS = {
    "docx": ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"),
    "odt": ("content.xml",),
    "xlsx": ("xl/sharedStrings.xml",),
}
MAX_PARTS = 500
MAX_PART_BYTES = 50 * 1024 * 1024
BLOCK_TAGS = {"p", "h", "si", "tc", "c"}
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False, "recover": True}


def _clean(text: str) -> str:
    return " ".join(text.replace("\x00", " ").split())


def _xml_text(raw: bytes) -> str:
    parser = etree.XMLParser(**PARSER_OPTIONS)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError:
        return ""
    if root is None:
        return ""
    # A paragraph's runs are joined as they are (a word may span runs); paragraphs, headings, cells
    # and shared strings are separated by a space.
    blocks = [
        "".join(element.itertext())
        for element in root.iter()
        if isinstance(element.tag, str)
        and etree.QName(element).localname in BLOCK_TAGS
        and not any(
            isinstance(a.tag, str) and etree.QName(a).localname in BLOCK_TAGS for a in element.iterancestors()
        )
    ]
    if not blocks:
        blocks = list(root.itertext())
    return _clean(" ".join(blocks))


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    pages = []
    for page in reader.pages:
        try:
            pages.append(_clean(page.extract_text() or ""))
        except Exception:  # noqa: BLE001 - one damaged page must not lose the others
            pages.append("")
    return pages


def office_text(data: bytes, kind: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if kind == "pptx":
            parts = sorted(
                (n for n in names if n.startswith("ppt/slides/slide") and n.endswith(".xml")),
                key=lambda n: int("".join(c for c in n if c.isdigit()) or 0),
            )
        else:
            parts = [n for n in OFFICE_PARTS.get(kind, ()) if n in names]
        texts = []
        for name in parts[:MAX_PARTS]:
            if archive.getinfo(name).file_size > MAX_PART_BYTES:
                continue
            texts.append(_xml_text(archive.read(name)))
    return _clean(" ".join(texts))


def extract_pages(data: bytes, kind: str) -> list[str]:
    """The text of a file as a list of pages (one entry for formats without pages)."""
    if kind == "pdf":
        return pdf_pages(data)
    if kind in ("docx", "odt", "xlsx", "pptx"):
        return [office_text(data, kind)]
    return []
