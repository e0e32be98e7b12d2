"""Reading pages as a visitor sees them: parse the HTML with a real parser (lxml), then look inside the
element that should hold what a test expects (usually `<main>`), never at the raw response.

    main_text(response)           the visible text of <main>, whitespace collapsed
    select(response, "css")       the elements a CSS selector finds (lxml + cssselect)
    texts(response, "css")        their texts
    text(element)                 one element's text, whitespace collapsed
"""

import re

import lxml.html


def parse(response) -> lxml.html.HtmlElement:
    """The response's document; it must be an HTML page."""
    content_type = response.get("Content-Type", "")
    assert content_type.startswith("text/html"), f"not an HTML page: {content_type!r}"
    charset = getattr(response, "charset", None) or "utf-8"
    return lxml.html.document_fromstring(response.content.decode(charset))


def text(element) -> str:
    """What a visitor reads in the element: its text with runs of whitespace made one space."""
    return re.sub(r"\s+", " ", element.text_content()).strip()


def select(response_or_element, css: str) -> list:
    root = (
        response_or_element
        if isinstance(response_or_element, lxml.html.HtmlElement)
        else parse(response_or_element)
    )
    return root.cssselect(css)


def texts(response_or_element, css: str) -> list[str]:
    return [text(element) for element in select(response_or_element, css)]


def main(response_or_element) -> lxml.html.HtmlElement:
    """The page's one <main> element."""
    found = select(response_or_element, "main")
    assert len(found) == 1, f"expected one <main>, found {len(found)}"
    return found[0]


def main_text(response) -> str:
    return text(main(response))


def main_html(response) -> str:
    """The markup inside <main> (for attributes and links a test must find there)."""
    return lxml.html.tostring(main(response), encoding="unicode")
