"""Readable, unique addresses for documents, Cyrillic titles transliterated."""

from django.utils.text import slugify

CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґў",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
            "i",
            "ye",
            "yi",
            "g",
            "u",
        ],
        strict=True,
    )
)
RESERVED = {"search", "feed", "collections"}


def transliterate(text: str) -> str:
    out = []
    for char in text:
        lower = char.lower()
        mapped = CYRILLIC.get(lower)
        out.append(char if mapped is None else ("" if mapped == "-" else mapped))
    return "".join(out)


def unique_slug(model, title: str, *, exclude_pk=None, max_length: int = 180) -> str:
    base = slugify(transliterate(title))[:max_length].strip("-") or "document"
    if base in RESERVED:
        base = f"{base}-document"
    taken = model.objects.filter(slug__startswith=base)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    existing = set(taken.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    return slug
