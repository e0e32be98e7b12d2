"""Importing the office's programme document: `programmes.importer` parses, these functions store."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction

from clearinghouse.models import Country, Organisation, Region, Theme
from clearinghouse.publishing import public_content_changed

from ..importer import ImportReport, ParsedDocument, ParsedOutline, ParsedProgramme, parse_document, years
from ..models import Programme, ProjectOutline, PublicationStatus


class Vocabulary:
    """Finds the countries, regions, themes and organisations a text names."""

    def __init__(self) -> None:
        self.countries = list(Country.objects.all())
        self.regions = list(Region.objects.all())
        self.themes = list(Theme.objects.select_related("parent"))
        office = getattr(settings, "OFFICE_ORGANISATION_SLUG", "osce-odihr")
        self.organisations = list(Organisation.objects.exclude(slug=office))

    @staticmethod
    def _has(text: str, phrase: str, *, case: bool = False) -> bool:
        if not phrase:
            return False
        flags = 0 if case else re.IGNORECASE
        return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags) is not None

    def countries_in(self, text: str) -> list[Country]:
        return [c for c in self.countries if self._has(text, c.name, case=True)]

    def regions_in(self, text: str) -> list[Region]:
        return [r for r in self.regions if self._has(text, r.name)]

    def themes_in(self, text: str) -> list[Theme]:
        found = {t for t in self.themes if any(self._has(text, k) for k in t.keyword_list())}
        found |= {t.parent for t in found if t.parent}
        return sorted(found, key=lambda t: t.order)

    def organisations_in(self, text: str) -> list[Organisation]:
        return [
            o
            for o in self.organisations
            if self._has(text, o.name) or (len(o.acronym) >= 3 and self._has(text, o.acronym, case=True))
        ]


def _update(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.save()
    return changed


def _tag(obj, vocabulary: Vocabulary, *, scope_text: str, place_text: str, full_text: str) -> None:
    """Regions from the scope line or location alone (body text mentions other regions in
    passing); countries from anywhere they are named. Only new records are tagged: `add`, since there
    are no tags to compare with (`set` would read them first, one query per record and relation)."""
    obj.countries.add(*vocabulary.countries_in(place_text))
    obj.regions.add(*vocabulary.regions_in(scope_text))
    obj.themes.add(*vocabulary.themes_in(full_text))
    obj.partners.add(*vocabulary.organisations_in(full_text))


def _programme_values(parsed: ParsedProgramme, order: int, period, source: str) -> dict:
    values = {name: parsed.sections.get(name, "") for name in Programme.SECTIONS}
    values.update(
        title=parsed.title,
        order=order,
        additional_sections=parsed.additional,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
    )
    return values


def _outline_values(parsed: ParsedOutline, order: int) -> dict:
    values = {name: parsed.sections.get(name, "") for name in ProjectOutline.SECTIONS}
    start, end = years(values["timeframe"])
    values.update(
        title=parsed.title,
        scope=parsed.scope,
        order=order,
        additional_sections=parsed.additional,
        start_year=start,
        end_year=end,
    )
    return values


def apply_parsed_document(parsed: ParsedDocument, *, source: str, status: str | None) -> ImportReport:
    """Creates what is new, updates what changed, leaves the rest untouched.

    Tags (countries, regions, themes, partners) are derived from the text when a record is created;
    afterwards they belong to the curators, so a new import never undoes their edits. The same holds
    for the publication status and the Russian texts.
    """
    report = ImportReport()
    vocabulary = Vocabulary()
    new_status = status or PublicationStatus.PUBLISHED
    for p_order, parsed_programme in enumerate(parsed.programmes, start=1):
        values = _programme_values(parsed_programme, p_order, parsed.period, source)
        programme = Programme.objects.filter(slug=parsed_programme.slug).first()
        label = f'programme "{parsed_programme.title}"'
        if programme is None:
            programme = Programme.objects.create(
                slug=parsed_programme.slug, status=new_status, source_document=source, **values
            )
            _tag(
                programme,
                vocabulary,
                scope_text=values["location"],
                place_text=values["location"],
                full_text=" ".join(str(v) for v in values.values()),
            )
            report.created.append(label)
        elif _update(programme, values):
            report.updated.append(label)
        else:
            report.unchanged.append(label)

        for o_order, parsed_outline in enumerate(parsed_programme.outlines, start=1):
            o_values = _outline_values(parsed_outline, o_order)
            outline = ProjectOutline.objects.filter(programme=programme, slug=parsed_outline.slug).first()
            o_label = f'outline "{parsed_outline.title}"'
            if outline is None:
                outline = ProjectOutline.objects.create(
                    programme=programme, slug=parsed_outline.slug, status=new_status, **o_values
                )
                text = " ".join(str(v) for v in o_values.values())
                _tag(
                    outline,
                    vocabulary,
                    scope_text=parsed_outline.scope,
                    place_text=f"{parsed_outline.scope} {parsed_outline.title} {text}",
                    full_text=text,
                )
                report.created.append(o_label)
            elif _update(outline, o_values):
                report.updated.append(o_label)
            else:
                report.unchanged.append(o_label)
    return report


def import_document(
    text: str, *, source: str = "", dry_run: bool = False, status: str | None = None
) -> ImportReport:
    """Creates or updates programmes and outlines; all or nothing. Curated fields (status, Russian
    texts, tags curators changed) are not overwritten on update."""
    parsed = parse_document(text)
    with transaction.atomic():
        report = apply_parsed_document(parsed, source=source, status=status)
        public_content_changed()
        if dry_run:
            transaction.set_rollback(True)
    return report
