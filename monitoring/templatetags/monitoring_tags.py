from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..choices import Level

register = template.Library()

LABELS = dict(Level.choices)


@register.filter
def level_label(level) -> str:
    """The level's name for a cell: text beside the colour."""
    return str(LABELS.get(level, _("Not answered yet")))


@register.filter
def change_label(change) -> str:
    return {"up": _("Improved"), "down": _("Worse"), "same": _("No change")}.get(change, "—")


def _prebuilt_cells() -> dict:
    """{level: its whole <td>} in the active language."""
    return {
        level: f'<td class="level level-{level}">{escape(str(label))}</td>' for level, label in LABELS.items()
    }


@register.filter
def level_cells(cells, prebuilt=None) -> str:
    """A row of (level, value) answer cells, the level written in each (or the number). Built with
    plain string formatting from escaped parts: the comparison page has one cell per country and
    indicator (thousands), where format_html per cell costs most of the page's time."""
    prebuilt = prebuilt or _prebuilt_cells()
    unknown = prebuilt[Level.NO_INFORMATION]
    parts = [
        prebuilt.get(level, unknown)
        if value is None
        else f'<td class="level level-{escape(level)}">{escape(floatformat(value, "-2"))}</td>'
        for level, value in cells
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def comparison_html(table) -> dict:
    """The comparison page's big parts, built once in Python from escaped parts: the header cells,
    one string of cells per country row and the list of indicators. The template then loops over
    57 rows instead of resolving thousands of variables (see monitoring.views.public.comparison)."""
    indicators = table["indicators"]
    prebuilt = _prebuilt_cells()  # once for the page, not once per row
    links = [f'<a href="{escape(i.url)}">{escape(i.code)}</a>' for i in indicators]
    head = "".join(f'<th scope="col">{link}</th>' for link in links)
    rows = [
        mark_safe(  # noqa: S308 - escaped above and in level_cells
            f'<tr><th scope="row"><a href="{escape(a.url)}">{escape(str(a.country))}</a></th>'
            f"{level_cells(cells, prebuilt)}</tr>"
        )
        for a, cells in table["rows"]
    ]
    areas = {}
    listing = "".join(
        f"<dt>{link} · {escape(areas.setdefault(i.area_id, str(i.area)))}</dt><dd>{escape(i.display_question)}</dd>"
        for link, i in zip(links, indicators, strict=True)
    )
    return {"head": mark_safe(head), "rows": rows, "listing": mark_safe(listing)}  # noqa: S308


def area_matrix_rows(matrix, assessment_url: str) -> list:
    """The region-wide matrix's rows (country, then each area's level with its score), built once in
    Python from escaped parts, as the comparison page's. `assessment_url` holds "/xx/" for the
    country code: one reverse() for the page instead of one per country."""
    labels = {level: escape(str(label)) for level, label in LABELS.items()}
    unanswered = escape(_("Not answered yet"))
    rows = []
    for assessment, cells in matrix["rows"]:
        url = assessment_url.replace("/xx/", f"/{assessment.country.iso2.lower()}/")
        parts = [f'<tr><th scope="row"><a href="{escape(url)}">{escape(str(assessment.country))}</a></th>']
        for cell in cells:
            score = "" if cell.score is None else f" ({escape(floatformat(cell.score, 1))})"
            parts.append(
                f'<td class="level level-{escape(cell.level)}">{labels.get(cell.level, unanswered)}{score}</td>'
            )
        parts.append("</tr>")
        rows.append(mark_safe("".join(parts)))  # noqa: S308 - every part is escaped above
    return rows
