"""Form fields for choosing database rows by id that refuse ids no database column can hold.

Django builds the lookup for a chosen id and lets the database reject it; SQLite cannot even bind an
integer beyond 64 bits (OverflowError, a 500). Such a value is simply not one of the choices.
"""

from django import forms
from django.core.exceptions import ValidationError

LARGEST_ID = 2**63 - 1


def _out_of_range(value) -> bool:
    text = str(value).strip()
    return text.lstrip("-").isdigit() and not -LARGEST_ID <= int(text) <= LARGEST_ID


class IdModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value or ():
            if _out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)
