"""The Russian-text fallback every record with curated Russian fields uses: the Russian text under
the Russian interface when curators have given one, the English text otherwise."""

from django.utils.translation import get_language


def russian_interface() -> bool:
    return (get_language() or "en").startswith("ru")


def in_interface_language(english: str, russian: str | None) -> str:
    """`russian` under the Russian interface when it is not empty, else `english`."""
    return russian if russian and russian_interface() else english


def translated(obj, field: str) -> str:
    """`obj.<field>_ru` under the Russian interface when given, else `obj.<field>`."""
    return in_interface_language(getattr(obj, field), getattr(obj, f"{field}_ru", ""))
