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


@register.filter
def level_cells(cells) -> str:
    """A row of (level, value) answer cells, the level written in each (or the number). Built with
    plain string formatting from escaped parts: the comparison page has one cell per country and
    indicator (thousands), where format_html per cell costs most of the page's time."""
    prebuilt = {
        level: f'<td class="level level-{level}">{escape(str(label))}</td>' for level, label in LABELS.items()
    }
    parts = []
    for level, value in cells:
        if value is None:
            parts.append(prebuilt.get(level, prebuilt[Level.NO_INFORMATION]))
        else:
            parts.append(f'<td class="level level-{escape(level)}">{escape(floatformat(value, "-2"))}</td>')
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def comparison_html(table) -> dict:
    """The comparison page's big parts, built once in Python from escaped parts: the header cells,
    one string of cells per country row and the list of indicators. The template then loops over
    57 rows instead of resolving thousands of variables (see monitoring.views.public.comparison)."""
    indicators = table["indicators"]
    links = [f'<a href="{escape(i.url)}">{escape(i.code)}</a>' for i in indicators]
    head = "".join(f'<th scope="col">{link}</th>' for link in links)
    rows = [
        mark_safe(  # noqa: S308 - escaped above and in level_cells
            f'<tr><th scope="row"><a href="{escape(a.url)}">{escape(str(a.country))}</a></th>'
            f"{level_cells(cells)}</tr>"
        )
        for a, cells in table["rows"]
    ]
    areas = {}
    listing = "".join(
        f"<dt>{link} · {escape(areas.setdefault(i.area_id, str(i.area)))}</dt><dd>{escape(i.display_question)}</dd>"
        for link, i in zip(links, indicators, strict=True)
    )
    return {"head": mark_safe(head), "rows": rows, "listing": mark_safe(listing)}  # noqa: S308
