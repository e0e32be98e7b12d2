"""Every public page of the permission matrix, in English and in Russian, read as a visitor's browser
reads it: parsed by a real HTML parser, one <h1>, a plain-text <title> of sensible length, the page's own
content inside <main>, and no template syntax or markup leaking into the text.

This is the test that catches a block rendered into the wrong place (sections inside <title>, shown in
the browser tab as a wall of HTML and missing from the page) or text escaped twice ("&lt;div").
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import translation

from tests.html import parse, select, text

from .matrix import MATRIX

pytestmark = pytest.mark.django_db

# Text that is markup or template syntax shown to the visitor: a tag (`<div`, `</p>`), an entity escaped
# twice (`&lt;`, `&amp;`), or Django template syntax.
LEAKS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*[\s/>]|&(?:lt|gt|amp|quot|#\d+);|\{\{|\}\}|\{%|%\}")
TITLE_LENGTH = (10, 200)  # long enough for the seed's longest outline title
# Where the site's own furniture lives; everything else a visitor reads must be inside <main>.
FURNITURE = "body > header, body > footer, body > a.skip-link, body > nav"


def public_pages() -> list[str]:
    return [
        name
        for name, rule in MATRIX.items()
        if rule.method == "get" and rule.expect["anonymous"] == 200 and not name.startswith("admin")
    ]


def structure_problems(response) -> list[str]:
    document = parse(response)
    problems = []
    titles = document.cssselect("head > title")
    title = titles[0].text_content().strip() if len(titles) == 1 else ""
    if len(titles) != 1:
        problems.append(f"{len(titles)} <title> elements")
    elif "<" in title or ">" in title or LEAKS.search(title) or "\n" in title:
        problems.append(f"the <title> is not plain text: {title[:100]!r}")
    elif not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
        problems.append(f"the <title> has {len(title)} characters: {title[:100]!r}")

    headings = document.cssselect("h1")
    if len(headings) != 1:
        problems.append(f"{len(headings)} <h1> elements: {[text(h) for h in headings]}")
    mains = document.cssselect("main")
    if len(mains) != 1:
        return [*problems, f"{len(mains)} <main> elements"]
    main = mains[0]
    if headings and main not in headings[0].iterancestors():
        problems.append(f"the <h1> {text(headings[0])!r} is outside <main>")
    if len(text(main)) <= len(text(headings[0]) if headings else ""):
        problems.append("<main> holds nothing but its heading")

    body = document.body
    furniture = set(select(document, FURNITURE))
    for child in body:
        if child is main or child in furniture or child.tag in ("script", "template") or not text(child):
            continue
        problems.append(
            f"content outside <main> and the site's header and footer: <{child.tag}> {text(child)[:80]!r}"
        )
    for stray in (body.text, *(child.tail for child in body)):
        if stray and stray.strip():
            problems.append(f"text outside any element of <body>: {stray.strip()[:80]!r}")

    for node in document.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]"):
        leak = LEAKS.search(node)
        if leak:
            problems.append(f"markup or template syntax shown as text: {node.strip()[:100]!r}")
    for attribute in document.xpath("//@*"):
        if re.search(r"\{\{|\{%", attribute):
            problems.append(f"template syntax in an attribute: {attribute[:100]!r}")
    return problems


def test_every_public_page_has_a_sound_structure_in_both_languages(client, world):
    checked, failures, read = {"en": 0, "ru": 0}, [], {"en": set(), "ru": set()}
    one_language = set()
    for name in public_pages():
        with translation.override("en"):  # a Russian request leaves Russian active: detail URLs follow it
            english = MATRIX[name].url(world)
        for language in ("en", "ru"):
            url = english if language == "en" else f"/{language}{english}"
            if language != "en":
                with translation.override(language):
                    try:
                        resolve(urlsplit(url).path)
                    except Resolver404:
                        one_language.add(name)
                        continue  # not a page in two languages (feeds, machine interfaces, API docs)
            response = client.get(url)
            assert response.status_code == 200, f"{name} {url}: {response.status_code}"
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            checked[language] += 1
            read[language].add(name)
            failures += [f"{name} {url}: {problem}" for problem in structure_problems(response)]
    assert not failures, "\n".join(failures)
    # Every public HTML page was read, in both languages: a matrix that lost its pages fails here.
    # (only pages outside the language prefix, such as the API's documentation, are read once).
    assert read["ru"] == read["en"] - one_language and checked["ru"] >= 20, (checked, read["en"] - read["ru"])


def test_the_check_catches_what_a_visitor_would_see_broken():
    """The checks themselves: each broken page below is refused for the reason given."""
    from django.http import HttpResponse

    def page(head: str, body: str) -> HttpResponse:
        return HttpResponse(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")

    good_head = "<title>Moldova · Anti-Trafficking Clearinghouse</title>"
    good_main = "<main><h1>Moldova</h1><section><h2>Ongoing activities</h2><p>Shelter</p></section></main>"
    assert structure_problems(page(good_head, good_main)) == []
    broken = {
        "not plain text": page(
            "<title>Moldova<section><h2>Ongoing activities</h2></section> · Site</title>", good_main
        ),
        "characters": page("<title>Site</title>", good_main),
        "2 <h1>": page(good_head, good_main.replace("<h2>", "<h1>").replace("</h2>", "</h1>")),
        "outside <main>": page(
            good_head, "<main><h1>Moldova</h1><p>x</p></main><section><p>Lost</p></section>"
        ),
        "shown as text": page(good_head, "<main><h1>Moldova</h1><p>&lt;div class=x&gt;</p></main>"),
        "template syntax": page(good_head, "<main><h1>Moldova</h1><p>{{ country.name }}</p></main>"),
        "nothing but its heading": page(good_head, "<main><h1>Moldova</h1></main>"),
    }
    for reason, response in broken.items():
        problems = structure_problems(response)
        assert any(reason in problem for problem in problems), (reason, problems)
