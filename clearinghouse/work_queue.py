"""The curator's work queue: one box per kind of waiting item (documents in review, applications to
vet, proposals awaiting review ...), with its count and a link to the list that shows exactly those
items.

The core names no pillar: each pillar registers its boxes in its AppConfig.ready() (in its own
`work_queue.py`), saying who sees each box (a named predicate of its permissions), what waits (a
queryset, counted with one query) and where the filtered list is (the admin's changelist or a staff
page). The admin index and the staff pages show the boxes the signed-in user can act on, through the
`work_queue` template tag (clearinghouse_tags)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse


@dataclass(frozen=True)
class Box:
    key: str  # unique, e.g. "library.review"
    group: str  # the pillar, so that a staff page can show its own boxes only
    label: str  # lazily translated
    items: Callable[[date], QuerySet]  # what waits, given today
    url: Callable[[date], str]  # the list that shows exactly `items`
    may_see: Callable[[object], bool]  # who can act on it
    order: int = 100


@dataclass(frozen=True)
class CountedBox:
    key: str
    label: str
    count: int
    url: str


_BOXES: dict[str, Box] = {}


def register(box: Box) -> None:
    """Adds a box (again under the same key replaces it: ready() may run twice in tests)."""
    _BOXES[box.key] = box


def registered() -> list[Box]:
    return sorted(_BOXES.values(), key=lambda b: (b.order, b.key))


def boxes_for(user, *, today: date, groups: tuple[str, ...] = ()) -> list[CountedBox]:
    """The boxes `user` may act on (of these groups, or all), each counted with one query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        CountedBox(box.key, str(box.label), box.items(today).count(), box.url(today))
        for box in registered()
        if (not groups or box.group in groups) and box.may_see(user)
    ]


def admin_list(model, **lookups) -> str:
    """The address of a model's admin changelist filtered by these field lookups."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(lookups)}" if lookups else url
