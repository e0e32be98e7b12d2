"""Shared pieces of the API's schemas: the error body, references to other records, facets.

Item schemas give every field a default so that none is "required" in the OpenAPI document: `?fields=`
may leave any of them out, and the operations dump only what was set (exclude_unset)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field
from pydantic import BaseModel


class Out(BaseModel):
    """The base of every answer's schema. The operations build plain dicts, which pydantic validates
    as they are; ninja's Schema would first wrap each nested dict in its attribute getter (made for
    model instances), a tenth of the time of a page of documents."""


class ErrorBody(Out):
    code: str = Field(description="A stable, machine-readable code: bad_request, not_found, gone, ...")
    message: str = Field(description="What went wrong, in English.")
    allowed: list[str] | None = Field(
        default=None, description="For an unknown parameter or field: the names this address accepts."
    )


class Error(Out):
    """The one error format of the API (400, 404, 410, 429)."""

    error: ErrorBody


class Ref(Out):
    """Another record, named in the requested language, with its public page."""

    id: str = Field(description="Its identifier in the API: a slug, an ISO code or a number.")
    name: str
    url: str | None = Field(default=None, description="Its public page (absolute), when it has one.")


class Counts(Out):
    documents: int = 0
    programmes: int = 0
    outlines: int = 0
    activities: int = 0


class Index(Out):
    name: str
    version: str
    openapi: str
    docs: str
    rate_limit: str
    resources: dict[str, str]


class Tombstone(Out):
    id: int
    title: str
    url: str
    updated: datetime
    withdrawn: bool = True
    reason: str = ""


class Gone(Out):
    """A withdrawn document: the error and what remains of the record."""

    error: ErrorBody
    tombstone: Tombstone


# The answers every operation may give besides its 200 (and 410 where it says so).
ERRORS = {304: None, 400: Error, 404: Error, 429: Error}
