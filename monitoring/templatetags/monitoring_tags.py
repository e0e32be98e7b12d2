from django import template
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
