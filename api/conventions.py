"""The conventions every list and item of the API follows: known parameters only, `?fields=`,
cursor pagination with `next`, absolute addresses, and Last-Modified from the items' `updated`."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Literal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.http import http_date
from ninja import Field, Schema

LANG_DESCRIPTION = "Names and texts in this language (else Accept-Language, else English)."


class ItemParams(Schema):
    """What every address accepts."""

    fields: str = Field(
        default="",
        max_length=1000,
        description="Comma-separated names of the fields to return (default: all).",
    )
    lang: Literal["en", "ru"] | None = Field(default=None, description=LANG_DESCRIPTION)


class ListParams(ItemParams):
    """What every list accepts, besides its own filters."""

    cursor: str = Field(default="", max_length=200, description="Where the page starts: from a `next` link.")
    limit: int = Field(default=20, ge=1, le=100, description="Items per page (at most 100).")


class ApiError(Exception):
    """An answer in the API's one error format: {"error": {"code", "message"[, "allowed"]}}."""

    def __init__(self, status: int, code: str, message: str, allowed: Sequence[str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.allowed = list(allowed) if allowed is not None else None

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.allowed is not None:
            error["allowed"] = self.allowed
        return {"error": error}


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"No public {what} has this identifier.")


def check_params(request, params: type[Schema]) -> None:
    """Refuses any query parameter the address does not know, naming those it does."""
    allowed = sorted(params.model_fields)
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise ApiError(
            400,
            "unknown_parameter",
            f"Unknown parameter: {', '.join(unknown)}. Allowed: {', '.join(allowed)}.",
            allowed,
        )


def chosen_fields(params: ItemParams, schema: type[Schema]) -> set[str] | None:
    """The fields asked for with ?fields= (None: all); an unknown name answers 400."""
    names = [name.strip() for name in params.fields.split(",") if name.strip()]
    if not names:
        return None
    allowed = sorted(schema.model_fields)
    unknown = sorted(set(names) - set(allowed))
    if unknown:
        raise ApiError(
            400,
            "unknown_field",
            f"Unknown field: {', '.join(unknown)}. Allowed: {', '.join(allowed)}.",
            allowed,
        )
    return set(names)


def trimmed(record: dict, fields: set[str] | None) -> dict:
    return record if fields is None else {k: v for k, v in record.items() if k in fields}


def absolute(request, path: str | None) -> str | None:
    return request.build_absolute_uri(path) if path else None


def _decode(cursor: str) -> int:
    if not cursor:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)))
        offset = int(data["o"])
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError, AttributeError) as exc:
        raise ApiError(400, "bad_cursor", "This cursor is not one the API gave out.") from exc
    if offset < 0:
        raise ApiError(400, "bad_cursor", "This cursor is not one the API gave out.")
    return offset


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def page(request, items, params: ListParams) -> tuple[list, str | None]:
    """One page of an ordered queryset or list (its order must be total: every list ends its order
    with the primary key) and the absolute address of the next one. The cursor is opaque to
    clients; it carries the position in that stable order."""
    limit = min(params.limit, getattr(settings, "API_MAX_PAGE_SIZE", 100))
    offset = _decode(params.cursor)
    rows = list(items[offset : offset + limit + 1])
    if len(rows) <= limit:
        return rows, None
    query = request.GET.copy()
    query["cursor"] = _encode(offset + limit)
    return rows[:limit], request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def listing(
    request,
    response,
    items,
    params: ListParams,
    schema: type[Schema],
    serialize: Callable[[object], dict],
    **extra,
) -> dict:
    """The body of a list: {"results": [...], "next": ...} plus `extra`, with Last-Modified set."""
    fields = chosen_fields(params, schema)
    rows, next_url = page(request, items, params)
    records = [serialize(row) for row in rows]
    set_last_modified(response, (r.get("updated") for r in records))
    return {"results": [trimmed(r, fields) for r in records], "next": next_url, **extra}


def item(response, record: dict, params: ItemParams, schema: type[Schema]) -> dict:
    fields = chosen_fields(params, schema)
    set_last_modified(response, [record.get("updated")])
    return trimmed(record, fields)


def set_last_modified(response, times: Iterable[datetime | None]) -> None:
    latest = max((t for t in times if t is not None), default=None)
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())


def named(request, obj, *, id_attr: str = "slug") -> dict:
    """A reference to another record: its id, its name in the active language and its public page
    (absolute; null for records without one, such as themes)."""
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
    return {"id": str(getattr(obj, id_attr)), "name": str(obj), "url": absolute(request, url)}


def country_ref(request, country) -> dict:
    return named(request, country, id_attr="iso2") | {"id": country.iso2.lower()}


def last_change(model):
    """When a record without an `updated` field last changed: its newest history row (a subquery)."""
    history = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return Subquery(history.values("history_date")[:1])
