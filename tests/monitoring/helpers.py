"""Parsing helpers: assertions look inside <main> or the element that should hold the text."""

import lxml.html


def main(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode()).xpath("//main")[0]


def text(element) -> str:
    return " ".join(element.text_content().split())


def table_rows(element, table_id: str) -> list[list[str]]:
    table = element.xpath(f'.//table[@id="{table_id}"]')[0]
    return [[text(cell) for cell in row.xpath("./th|./td")] for row in table.xpath(".//tbody/tr")]
