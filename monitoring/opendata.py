"""Open data of monitoring: published findings as CSV and JSON (drafts never appear)."""

from django.db.models import Prefetch

from .models import Finding, FindingSource

CSV_FIELDS = [
    "framework",
    "framework_version",
    "cycle",
    "country",
    "country_name",
    "region",
    "area",
    "indicator",
    "question",
    "level",
    "value",
    "unit",
    "confidence",
    "evidence",
    "change_since_previous_cycle",
    "sources",
    "published",
]


def public_findings():
    return (
        Finding.objects.public()
        .select_related("assessment__framework", "assessment__country__region", "indicator__area")
        .prefetch_related(Prefetch("sources", queryset=FindingSource.objects.select_related("document")))
        .order_by(
            "assessment__framework__slug",
            "assessment__cycle",
            "assessment__country__iso2",
            "indicator__area__order",
            "indicator__order",
            "indicator__code",
        )
    )


def _source(source) -> dict:
    return {
        "title": source.title or (source.document.title if source.document else ""),
        "url": source.url,
        "date": source.date.isoformat() if source.date else None,
        "library_document": source.document.get_absolute_url() if source.document_id else None,
    }


def finding_record(finding, *, flat: bool = False) -> dict:
    assessment, indicator = finding.assessment, finding.indicator
    sources = [_source(s) for s in finding.sources.all()]
    record = {
        "framework": assessment.framework.slug,
        "framework_version": assessment.framework.version,
        "cycle": assessment.cycle,
        "country": assessment.country.iso2,
        "country_name": assessment.country.name,
        "region": assessment.country.region.slug,
        "area": indicator.area.code,
        "indicator": indicator.code,
        "question": indicator.question,
        "level": finding.level,
        "value": str(finding.value) if finding.value is not None else None,
        "unit": indicator.unit,
        "confidence": finding.confidence,
        "evidence": finding.evidence,
        "change_since_previous_cycle": finding.change_note,
        "sources": sources,
        "published": assessment.published_at.isoformat() if assessment.published_at else None,
    }
    if flat:
        record["sources"] = " | ".join(
            " ".join(filter(None, [s["title"], s["url"] or s["library_document"] or "", s["date"] or ""]))
            for s in sources
        )
        record = {name: spreadsheet_safe(value) for name, value in record.items()}
    return record


def spreadsheet_safe(value) -> str:
    """CSV cells a spreadsheet would run as formulas get a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not _number(text)):
        return "'" + text
    return text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
