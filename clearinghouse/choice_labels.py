"""A model's get_FOO_display() for its choice fields, read from a table built once per field.

Django's own builds a dictionary of the field's choices on every call, hashing each (lazily
translated) label, which translates it: a list of thirty experts showing their languages and
functions translated some three thousand labels (a third of the page's time)."""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS: dict = {}


def _labels(field) -> dict:
    labels = _LABELS.get(field)
    if labels is None:
        labels = _LABELS[field] = {make_hashable(value): label for value, label in field.flatchoices}
    return labels


class ChoiceLabelsMixin:
    """Put before models.Model: every choice field's get_FOO_display() reads the field's table."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)
