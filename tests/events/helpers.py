"""Reading pages with a real HTML parser (lxml): the text of <main> or of one element."""

from lxml import html


def tree(response):
    return html.fromstring(response.content.decode())


def main_text(response) -> str:
    return " ".join(tree(response).xpath("//main")[0].text_content().split())


def section_text(response, heading_id: str) -> str:
    """The text of the <section> labelled by the heading with this id."""
    found = tree(response).xpath(f"//section[@aria-labelledby='{heading_id}']")
    return " ".join(found[0].text_content().split()) if found else ""
