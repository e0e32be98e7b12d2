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
