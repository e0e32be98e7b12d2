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


def base_slug(title: str, max_length: int = 180) -> str:
    base = slugify(transliterate(title))[:max_length].strip("-") or "document"
    return f"{base}-document" if base in RESERVED else base


def unique_slug(model, title: str, *, exclude_pk=None, max_length: int = 180) -> str:
    base = base_slug(title, max_length)
    taken = model.objects.filter(slug__startswith=base)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    existing = set(taken.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slugs(model, titles: list[str], *, max_length: int = 180) -> list[str]:
    """unique_slug for many new records at once: the same addresses, in a constant number of
    queries (one, plus one per address already taken), and unique among themselves too."""
    bases = [base_slug(title, max_length) for title in titles]
    clashing = set(model.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    taken: set[str] = set()
    for base in clashing:
        taken |= set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs
