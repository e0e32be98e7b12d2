"""The outline importer on the real seed document and on documents of the same family."""

import pytest
from django.core.management import CommandError, call_command

from programmes.importer import DocumentError, parse_document
from programmes.models import Programme, ProjectOutline

pytestmark = pytest.mark.django_db

EXPECTED = {
    "ODIHR Anti-Trafficking Contact Point Programme": [
        "Joint Monitoring and Policy Development Project: Responses to Trafficking in Human Beings in Southeast Europe",
        "Joint Monitoring and Policy Development Project: Responses to Trafficking in Human Beings in the Caucasus",
    ],
    "ODIHR Anti-Trafficking Project Fund": [],
    "Anti-Trafficking Awareness Raising: Media and NGO Training Programme": [],
    "Standard Setting and Capacity-Building Programme": [
        "Standard Setting and Capacity-Building: Capacity Building of OSCE Staff",
    ],
    "Countries of Destination: Promotion of Victim Protection Programme": [
        "Anti-Trafficking Awareness Raising and Advocacy Campaigns",
        "Conference on Victim Protection in Countries of Destination",
    ],
    "Anti-Trafficking Commitments: Technical Assistance Programme": [
        "Implementation of National Referral Mechanisms",
    ],
}


def run(path, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_outlines", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    programmes = {
        p.slug: (p.updated, tuple(getattr(p, f) for f in Programme.SECTIONS)) for p in Programme.objects.all()
    }
    outlines = {o.pk: (o.updated, o.objectives, o.background) for o in ProjectOutline.objects.all()}
    return programmes, outlines


def test_seed_creates_six_programmes_and_six_outlines(seed_path):
    output = run(seed_path)
    assert "created 12, updated 0, unchanged 0" in output
    assert Programme.objects.count() == 6
    assert ProjectOutline.objects.count() == 6
    for programme in Programme.objects.all():
        assert [o.title for o in programme.outlines.all()] == EXPECTED[programme.title]
    assert [p.title for p in Programme.objects.order_by("order")] == list(EXPECTED)


def test_seed_fills_every_programme_section(seed_path):
    run(seed_path)
    for programme in Programme.objects.all():
        for name in Programme.SECTIONS:
            assert getattr(programme, name).strip(), f"{programme.title}: {name} is empty"
        assert (programme.period_start, programme.period_end) == (2004, 2005)
        assert programme.status == "published"
    fund = Programme.objects.get(title="ODIHR Anti-Trafficking Project Fund")
    assert "Preference will be given to projects that:" in fund.approach
    assert "- have a concrete impact and are likely to show short-term results;" in fund.approach
    assert fund.main_activities.startswith("The main activities of the programme are:")
    assert "- solicitation of project proposals from the OSCE field operations;" in fund.main_activities
    assert "direct beneficiaries" in fund.target_groups
    assert "main activities" not in fund.summary
    technical = Programme.objects.get(title__startswith="Anti-Trafficking Commitments")
    # The sentence cut by a page break is mended.
    assert "participating States should seek to design comprehensive" in technical.justification


def test_seed_fills_every_outline_section(seed_path):
    run(seed_path)
    for outline in ProjectOutline.objects.all():
        for name in ("objectives", "background", "approach", "timeframe"):
            assert getattr(outline, name).strip(), f"{outline.title}: {name} is empty"
        assert outline.start_year == 2004
    caucasus = ProjectOutline.objects.get(title__endswith="in the Caucasus")
    assert caucasus.scope == "REGIONAL: CAUCASUS: SEE RIGHTS"
    assert caucasus.timeframe == "2004"  # from "Timeline:"
    assert {c.iso2 for c in caucasus.countries.all()} == {"AM", "AZ", "GE"}
    assert [r.slug for r in caucasus.regions.all()] == ["caucasus"]
    assert {o.acronym for o in caucasus.partners.all()} >= {"UNICEF", "UNOHCHR"}
    nrm = ProjectOutline.objects.get(title="Implementation of National Referral Mechanisms")
    assert nrm.scope == "OSCE REGION"
    assert nrm.programme.title == "Anti-Trafficking Commitments: Technical Assistance Programme"
    assert "national-referral-mechanisms" in {t.slug for t in nrm.themes.all()}


def test_second_run_creates_and_changes_nothing(seed_path):
    run(seed_path)
    before = snapshot()
    history_before = Programme.history.count() + ProjectOutline.history.count()
    output = run(seed_path)
    assert "created 0, updated 0, unchanged 12" in output
    assert snapshot() == before
    assert Programme.history.count() + ProjectOutline.history.count() == history_before


def test_dry_run_writes_nothing(seed_path):
    output = run(seed_path, "--dry-run")
    assert "would create 12" in output
    assert Programme.objects.count() == 0
    assert ProjectOutline.objects.count() == 0


def test_update_changes_only_what_changed(seed_path, tmp_path):
    run(seed_path)
    programme = Programme.objects.get(title="ODIHR Anti-Trafficking Project Fund")
    programme.status = "draft"  # a curator's decision survives re-imports
    programme.save()
    text = seed_path.read_text(encoding="utf-8").replace(
        "From mid-2001 to mid-2003, the Fund has supported over 30",
        "From mid-2001 to mid-2003, the Fund has supported over 31",
    )
    changed = tmp_path / "changed.md"
    changed.write_text(text, encoding="utf-8")
    output = run(changed)
    assert 'updated programme "ODIHR Anti-Trafficking Project Fund"' in output
    assert "created 0, updated 1, unchanged 11" in output
    programme.refresh_from_db()
    assert "over 31" in programme.summary
    assert programme.status == "draft"


BROKEN = """## **PROGRAMME OUTLINE**

#### **A PROGRAMME ON SHELTERS**

**Location:**

Moldova

Some text that no heading introduces.
"""


def test_broken_document_is_refused_naming_the_place(tmp_path):
    path = tmp_path / "broken.md"
    path.write_text(
        "## **PROGRAMME OUTLINE**\n\n#### **A PROGRAMME ON SHELTERS**\n\nText before any heading.\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"line 5: text outside any section"):
        run(path)
    assert Programme.objects.count() == 0


def test_document_missing_a_required_section_writes_nothing(seed_path, tmp_path):
    # The last programme loses its Summary heading: its summary runs into the location.
    text = seed_path.read_text(encoding="utf-8")
    marker = "#### **ANTI-TRAFFICKING COMMITMENTS: TECHNICAL ASSISTANCE PROGRAMME**\n\n**Location:**\n\nOSCE region-wide\n\n**Summary:**\n\n"
    assert marker in text
    broken = text.replace(marker, marker.replace("**Summary:**\n\n", ""))
    path = tmp_path / "broken.md"
    path.write_text(broken, encoding="utf-8")
    title_line = text[: text.index(marker)].count("\n") + 1
    expected = rf'line {title_line}: programme "Anti-Trafficking Commitments: .*" has no summary section'
    with pytest.raises(CommandError, match=expected):
        run(path)
    assert Programme.objects.count() == 0, "nothing is written when any part fails"


def test_document_without_programmes_is_refused():
    with pytest.raises(DocumentError, match="line 1: no programme found"):
        parse_document("Just a letter.\n\nWith two paragraphs.\n")
    with pytest.raises(DocumentError, match="empty"):
        parse_document("\n\n")


def test_programme_without_title_is_refused():
    with pytest.raises(DocumentError, match="line 3: expected the upper-case title"):
        parse_document("**PROGRAMME OUTLINE**\n\nnot a title\n")


def test_other_documents_of_the_family(tmp_path):
    """Another document: headings as <b>, markdown headings and bold lines; 'Duration:'; no
    'PROGRAMME OUTLINE' marker; an unknown section kept; a two-line outline heading."""
    document = """# <b>ANTI-TRAFFICKING PROGRAMMES 2006-2007</b>

### 1. Programme Information

## <b>SHELTER SUPPORT PROGRAMME</b>

<b>Location:</b>

Moldova and Ukraine

<b>Summary:</b>

Supports shelters run by NGOs.
The target groups are shelter staff. Activities will include:

- training;
- mentoring.

**Objectives:**

- To improve care.

**Budget notes:**

Funded by two donors.

**REGIONAL: EASTERN EUROPE**
**SHELTER STANDARDS IN MOLDOVA**

**Objectives**

- To agree on minimum standards.

**Duration:** 2006-2007

### 1. Programme Information

#### **SECOND PROGRAMME**

**Summary:**

Second summary.
"""
    parsed = parse_document(document)
    assert parsed.period == (2006, 2007)
    assert [p.title for p in parsed.programmes] == ["Shelter Support Programme", "Second Programme"]
    first = parsed.programmes[0]
    assert first.sections["location"] == "Moldova and Ukraine"
    assert first.sections["summary"] == "Supports shelters run by NGOs."
    assert first.sections["target_groups"] == "The target groups are shelter staff."
    assert first.sections["main_activities"] == "Activities will include:\n\n- training;\n- mentoring."
    assert first.additional == [{"heading": "Budget notes", "body": "Funded by two donors."}]
    [outline] = first.outlines
    assert outline.scope == "REGIONAL: EASTERN EUROPE"
    assert outline.title == "Shelter Standards in Moldova"
    assert outline.sections["timeframe"] == "2006-2007"

    path = tmp_path / "other.md"
    path.write_text(document, encoding="utf-8")
    run(path)
    stored = ProjectOutline.objects.get(slug="shelter-standards-in-moldova")
    assert (stored.start_year, stored.end_year) == (2006, 2007)
    assert [c.iso2 for c in stored.countries.all()] == ["MD"]
    assert [r.slug for r in stored.regions.all()] == ["eastern-europe"]
