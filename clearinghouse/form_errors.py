"""What the shared error summary (templates/includes/form_errors.html) lists beyond a form's own
fields: the errors in the rows of formsets, each with the id of its field so the summary links to it."""

from __future__ import annotations


def formset_errors(*formsets, row_label: str = "") -> list[tuple[str, str, str]]:
    """(field id, label, message) for every error of the given bound formsets. With `row_label`
    (e.g. "Budget line %(n)s"), each label names its row: "Budget line 2: Quantity"."""
    found = []
    for formset in formsets:
        if not formset.is_bound:
            continue
        found += [("", "", str(error)) for error in formset.non_form_errors()]
        for number, row in enumerate(formset, start=1):
            for name, errors in row.errors.items():
                field = row[name] if name in row.fields else None
                label = str(field.label) if field else ""
                if field and row_label:
                    label = f"{row_label % {'n': number}}: {label}"
                for error in errors:
                    found.append((field.auto_id if field else "", label, error))
    return found
