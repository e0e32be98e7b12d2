"""Query pieces every pillar's lists share: word-by-word text search and the theme filter."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def words_q(fields: Iterable[str], text: str) -> Q:
    """Every word of `text` found (case-insensitively) in at least one of `fields`.

    `words_q(["title", "summary"], "child labour")` matches a record whose title or summary holds
    "child" and whose title or summary holds "labour". No words: a Q that matches everything."""
    fields = list(fields)
    condition = Q()
    for word in text.split():
        part = Q()
        for name in fields:
            part |= Q(**{f"{name}__icontains": word})
        condition &= part
    return condition


def theme_q(theme, *, field: str = "themes", by: str = "") -> Q:
    """Tagged with `theme` or with one of its topics (a top-level theme covers its children); `by`
    names the theme's field `theme` gives ("slug") when it is not a Theme. Filtering a many-to-many
    relation with it can repeat rows: follow it with `.distinct()`."""
    lookup = f"__{by}" if by else ""
    return Q(**{f"{field}{lookup}": theme}) | Q(**{f"{field}__parent{lookup}": theme})
