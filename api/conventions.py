"""The conventions every list and item of the API follows: known parameters only, `?fields=`,
keyset (cursor) pagination with `next`, absolute addresses, and Last-Modified from the items'
`updated` (each record's own modification time)."""

from __future__ import annotations

import base64
import binascii
import bisect
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F, FloatField, OrderBy, Q
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import http_date
from ninja import Field, Schema

from clearinghouse.addresses import addresses as site_addresses

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

    cursor: str = Field(
        default="",
        max_length=2000,
        description="Where the page starts: the opaque cursor of the previous page's `next` link (url-safe "
        "base64 of the last item's position in the list's order, bound to the list, its filters and "
        "language). Pages follow one another by position, not by offset: items added or removed "
        "between requests are neither repeated nor skipped. Any other cursor answers 400 (bad_cursor).",
    )
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


def addresses(request, viewname: str, kwarg: str, **fixed) -> Callable[[object], str]:
    """The absolute address of `viewname` for any value of `kwarg` (clearinghouse.addresses: one
    reverse() for a whole list), with the scheme and host worked out once."""
    path = site_addresses(viewname, kwarg, **fixed)
    root = request.build_absolute_uri("/").removesuffix("/")
    return lambda value: f"{root}{path(value)}"


CURSOR_SALT = "api.cursor"
BAD_CURSOR = (
    "This cursor is not one this list gave out (or the list's order changed); start again without it."
)


@dataclass
class _Key:
    """One term of a list's order: a name the queryset can filter on and its rows carry."""

    name: str
    descending: bool
    nulls_first: bool  # where NULL sorts in this order
    field: object  # the model field (or an annotation's output field), to read a value back
    column: bool = False  # a column of the model's table (an index may give the order)

    def value(self, row):
        return row.pk if self.name == "pk" else getattr(row, self.name)


def _order_keys(queryset) -> tuple[object, list[_Key]]:
    """The terms of the queryset's order up to its primary key (added at the end when missing, so
    the order is total), and the queryset annotated with each term that is not a plain field or
    annotation. Floats are compared as double precision on PostgreSQL: a `real` rank read by
    Python and sent back would not equal itself."""
    model = queryset.model
    connection = connections[queryset.db]
    keys: list[_Key] = []
    extra: dict = {}
    for term in [*(queryset.query.order_by or model._meta.ordering), "pk"]:
        nulls_first = nulls_last = False
        if isinstance(term, str):
            descending, expression = term.startswith("-"), F(term.lstrip("-"))
        elif isinstance(term, OrderBy):
            expression, descending = term.expression, term.descending
            nulls_first, nulls_last = bool(term.nulls_first), bool(term.nulls_last)
        else:
            expression, descending = term, False
        if not (nulls_first or nulls_last):  # the database's own placement
            nulls_first = descending == connection.features.nulls_order_largest
        name = expression.name if isinstance(expression, F) else None
        if name in ("pk", model._meta.pk.name):
            keys.append(_Key("pk", descending, True, model._meta.pk))
            break
        annotation = queryset.query.annotations.get(name)
        if annotation is not None:
            field = annotation.output_field
        elif name and "__" not in name:
            field = model._meta.get_field(name)
            name = field.attname
        else:
            field = None
        if field is None or (
            connection.vendor == "postgresql" and isinstance(field, FloatField) and not _is_double(annotation)
        ):
            name = f"_cursor_{len(keys)}"
            extra[name] = Cast(expression, FloatField()) if isinstance(field, FloatField) else expression
        if all(k.name != name for k in keys):
            column = name not in extra and name not in queryset.query.annotations
            keys.append(_Key(name, descending, nulls_first, field, column))
    if extra:
        queryset = queryset.annotate(**extra)
        for k in keys:
            if k.name in extra:
                k.field = queryset.query.annotations[k.name].output_field
    return queryset, keys


def _is_double(annotation) -> bool:
    """An annotation already cast to double precision (such as the library's search rank): its
    values read back equal themselves, so it orders and pages as it is."""
    return isinstance(annotation, Cast) and isinstance(annotation.output_field, FloatField)


def _ranges(keys: list[_Key], values: list) -> list[Q]:
    """The rows after the one with these key values, as disjoint ranges in the list's order: for each
    key from the last to the first, the rows equal to it on the keys before and after it on this
    one (greater or smaller values, then NULLs where the order puts them last). Each range is one
    stretch of an index on the keys."""
    ranges = []
    for i in range(len(keys) - 1, -1, -1):
        equal = Q()
        for key, value in zip(keys[:i], values[:i], strict=True):
            equal &= Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})
        key, value = keys[i], values[i]
        if value is None:
            if key.nulls_first:
                ranges.append(equal & Q(**{f"{key.name}__isnull": False}))
            continue
        ranges.append(equal & Q(**{f"{key.name}__{'lt' if key.descending else 'gt'}": value}))
        if not key.nulls_first:
            ranges.append(equal & Q(**{f"{key.name}__isnull": True}))
    return ranges


def _after(items, keys: list[_Key], values: list, limit: int):
    """The rows after the position (at least the next `limit`), in the list's order.

    One condition ORing the ranges suits an order no index gives (a relevance rank: every match is
    scored anyway), but defeats an index that gives it: PostgreSQL would walk the index from the
    start and filter, so a page after 50,000 documents took 1 s where the first took 0.3 ms. When
    the first key is a column, each range's next `limit` ids are read in one UNION ALL of indexed
    range scans, and then those rows."""
    ranges = _ranges(keys, values)
    if not ranges:
        return items.none()
    connection = connections[items.db]
    if (
        len(ranges) > 1
        and keys[0].column
        and not items.query.distinct
        and connection.features.supports_slicing_ordering_in_compound
    ):
        parts = [items.filter(r).values_list("pk", flat=True)[:limit] for r in ranges]
        return items.filter(pk__in=list(parts[0].union(*parts[1:], all=True).order_by()))
    condition = ranges[0]
    for r in ranges[1:]:
        condition |= r
    return items.filter(condition)


def _plain(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _signature(request, order: str, values: list) -> str:
    """Binds a cursor to its list: the address, its filters, the language and the order."""
    query = sorted((k, v) for k, v in request.GET.lists() if k not in ("cursor", "limit", "fields"))
    message = json.dumps([request.path, query, translation.get_language(), order, values])
    return salted_hmac(CURSOR_SALT, message, algorithm="sha256").hexdigest()[:20]


def _encode(request, order: str, values: list) -> str:
    plain = [_plain(v) for v in values]
    data = json.dumps({"k": plain, "s": _signature(request, order, plain)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def _decode(request, order: str, cursor: str) -> list:
    """The key values of the last row of the previous page; 400 for any cursor this list did not
    give out."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)))
        values, signature = data["k"], data["s"]
        if not isinstance(values, list) or not isinstance(signature, str):
            raise TypeError
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeError) as exc:
        raise ApiError(400, "bad_cursor", BAD_CURSOR) from exc
    if not constant_time_compare(signature, _signature(request, order, values)):
        raise ApiError(400, "bad_cursor", BAD_CURSOR)
    return values


def _next_url(request, cursor: str) -> str:
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _ordered(items, key: Callable | None):
    """The list (annotated with its order keys when a queryset), its keys and its order's name."""
    if key is not None:
        return items, None, "list"
    queryset, keys = _order_keys(items)
    return queryset, keys, ",".join(f"{'-' if k.descending else ''}{k.name}" for k in keys)


def _values(keys: list[_Key] | None, key: Callable | None, row) -> list:
    return list(key(row)) if key is not None else [k.value(row) for k in keys]


def page(request, items, params: ListParams, *, key: Callable | None = None) -> tuple[list, str | None]:
    """One page of a list and the absolute address of the next one (keyset pagination).

    `items` is an ordered queryset (any order: its primary key is added as the last term), or a
    list already sorted by `key` (a function giving each item a tuple of JSON values). The cursor
    is the url-safe base64 of the last row's order-key values (ending with its primary key),
    signed with the list's address, filters, language and order: the next page is the rows after
    that position, read with a WHERE on the keys, so a deep page costs what the first one costs
    and rows added or removed between requests are neither repeated nor skipped."""
    limit = min(params.limit, getattr(settings, "API_MAX_PAGE_SIZE", 100))
    items, keys, order = _ordered(items, key)
    if params.cursor:
        values = _decode(request, order, params.cursor)
        if key is not None:
            start = bisect.bisect_right(items, tuple(values), key=key)
            items = items[start:]
        else:
            try:
                if len(values) != len(keys):
                    raise ValueError(values)
                values = [
                    v if v is None or k.field is None else k.field.to_python(v)
                    for k, v in zip(keys, values, strict=True)
                ]
            except (ValueError, TypeError, ValidationError) as exc:
                raise ApiError(400, "bad_cursor", BAD_CURSOR) from exc
            items = _after(items, keys, values, limit + 1)
    rows = list(items[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    cursor = _encode(request, order, _values(keys, key, rows[limit - 1]))
    return rows[:limit], _next_url(request, cursor)


def cursor_at(request, items, position: int, *, key: Callable | None = None) -> str:
    """The cursor of the page that starts at the item at `position` (from 0) of the list this
    request asks for, as a `next` link would give it (for the benchmark's deep pages)."""
    items, keys, order = _ordered(items, key)
    return _encode(request, order, _values(keys, key, items[position - 1]))


def listing(
    request,
    response,
    items,
    params: ListParams,
    schema: type[Schema],
    serialize: Callable[[object], dict],
    key: Callable | None = None,
    load: Callable[[list], list] | None = None,
    **extra,
) -> dict:
    """The body of a list: {"results": [...], "next": ...} plus `extra`, with Last-Modified set.
    `load` turns the page's items into what `serialize` takes, in one go (a list of order keys
    into their records)."""
    fields = chosen_fields(params, schema)
    rows, next_url = page(request, items, params, key=key)
    if load is not None:
        rows = load(rows)
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
