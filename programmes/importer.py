"""Reads programme and project-outline documents (markdown converted from PDF) into records.

The documents of this family share a shape, not a spelling: a programme starts at a
"PROGRAMME OUTLINE" marker or a numbered "Programme Information" header, is titled by an upper-case
bold line, and has labelled sections ("Summary:", "Objectives:" ...); a project outline starts at an
upper-case bold block of several lines (scope, programme, title) and has its own sections. Headings
come as markdown headings, `**bold**` or `<b>bold</b>`, over one or several lines; `---` rules and
page-break artefacts are ignored. Parsing is separate from writing: `parse_document` returns plain
dataclasses or raises `DocumentError` naming the line, and `import_document` writes everything in one
transaction, or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

# Section headings, normalised (lower case, no numbering, no trailing colon) -> field name.
PROGRAMME_LABELS = {
    "location": "location",
    "summary": "summary",
    "target groups": "target_groups",
    "target group": "target_groups",
    "main activities": "main_activities",
    "objectives": "objectives",
    "objective": "objectives",
    "justification": "justification",
    "rationale": "justification",
    "approach": "approach",
    "description of activities": "description_of_activities",
    "activities": "description_of_activities",
    "estimated impact on target groups": "expected_impact",
    "expected impact": "expected_impact",
    "impact": "expected_impact",
    "publications and other material outputs": "publications_outputs",
    "publications and other outputs": "publications_outputs",
    "material outputs": "publications_outputs",
    "outputs": "publications_outputs",
    "multiplier effects": "multiplier_effects",
    "multiplier effect": "multiplier_effects",
    "sustainability": "sustainability",
}
OUTLINE_LABELS = {
    "objectives": "objectives",
    "objective": "objectives",
    "background": "background",
    "approach": "approach",
    "timeframe": "timeframe",
    "timeline": "timeframe",
    "time frame": "timeframe",
    "duration": "timeframe",
}
# Structural headers that carry no content of their own.
STRUCTURAL = re.compile(
    r"^(\d+\.\s*)?(programme information|expected results|project information)$", re.IGNORECASE
)
PROGRAMME_MARKER = re.compile(r"^programme outlines?$", re.IGNORECASE)
PERIOD = re.compile(r"\b((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})\b")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
BOLD = re.compile(r"\*\*(.+?)\*\*|<b>(.+?)</b>|__(.+?)__", re.DOTALL | re.IGNORECASE)
RULE = re.compile(r"^\s*([-*_=])(\s*\1){1,}\s*$")
HEADING_HASHES = re.compile(r"^\s{0,3}#{1,6}\s+")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


class DocumentError(ValueError):
    """The document cannot be read; the message names the line."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(f"line {line}: {message}")


@dataclass
class Block:
    line: int  # 1-based line where the block starts
    text: str  # raw text, lines joined with "\n"


@dataclass
class ParsedOutline:
    line: int
    title: str
    scope: str
    programme_line: str
    sections: dict[str, str] = field(default_factory=dict)
    additional: list[dict[str, str]] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(self.title)[:255]


@dataclass
class ParsedProgramme:
    line: int
    title: str
    sections: dict[str, str] = field(default_factory=dict)
    additional: list[dict[str, str]] = field(default_factory=list)
    outlines: list[ParsedOutline] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(self.title)[:255]


@dataclass
class ParsedDocument:
    period: tuple[int, int] | None
    programmes: list[ParsedProgramme]


# --- Reading blocks ------------------------------------------------------------------------------


def split_blocks(text: str) -> list[Block]:
    """Paragraphs separated by blank lines; rules and empty lines dropped."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip() or RULE.match(line):
            if current:
                blocks.append(Block(start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append(Block(start, "\n".join(current)))
    return blocks


def strip_heading(text: str) -> str:
    return "\n".join(HEADING_HASHES.sub("", line) for line in text.splitlines()).strip()


def bold_segments(text: str) -> list[str] | None:
    """The lines of a block made only of bold runs, or None when any plain text is outside them."""
    if HEADING_HASHES.match(text) and len(text.splitlines()) == 1:
        # A markdown heading counts as bold whatever its inline markup.
        heading = clean_inline(HEADING_HASHES.sub("", text))
        return [heading] if heading else None
    text = strip_heading(text)
    if not BOLD.search(text):
        return None
    if BOLD.sub("", text).strip():
        return None
    segments: list[str] = []
    for match in BOLD.finditer(text):
        inner = next(group for group in match.groups() if group is not None)
        segments += [clean_inline(part) for part in inner.splitlines() if clean_inline(part)]
    return segments


def clean_inline(text: str) -> str:
    text = re.sub(r"</?b>|\*\*|__", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


def label_key(text: str) -> str:
    text = clean_inline(text).rstrip(":").strip()
    text = re.sub(r"^\d+(\.\d+)*\.?\s*", "", text)
    return text.lower()


def leading_label(block: Block) -> tuple[str, str] | None:
    """A block that opens with a bold label and goes on with content: ("Timeframe", "2004")."""
    text = strip_heading(block.text)
    match = re.match(r"^(?:\*\*(.+?)\*\*|<b>(.+?)</b>)\s*(.*)$", text, re.DOTALL | re.IGNORECASE)
    if not match:
        return None
    label = match.group(1) or match.group(2)
    rest = match.group(3).strip()
    if not rest or not label.strip().endswith(":"):
        return None
    return label, rest


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


def normalise_body(text: str) -> str:
    """Markdown body text: list items kept, wrapped lines joined, inline markup kept."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if re.match(r"^[-*•]\s+", stripped):
            lines.append("- " + re.sub(r"^[-*•]\s+", "", stripped))
        elif lines and not lines[-1].startswith("- ") or lines and lines[-1].startswith("- "):
            lines[-1] += " " + stripped
        else:
            lines.append(stripped)
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in lines)


def join_paragraphs(paragraphs: list[str]) -> str:
    """Joins paragraphs, mending sentences that a page break cut in two."""
    out: list[str] = []
    for paragraph in paragraphs:
        if not paragraph:
            continue
        if out and re.search(r"[A-Za-z,\-–]$", out[-1]) and re.match(r"^[a-z(]", paragraph):
            joiner = "" if out[-1].endswith("-") and not out[-1].endswith(" -") else " "
            out[-1] = out[-1] + joiner + paragraph
        elif out and out[-1].startswith("- ") and paragraph.startswith("- "):
            out[-1] = out[-1] + "\n" + paragraph
        else:
            out.append(paragraph)
    return "\n\n".join(out)


# --- Parsing -------------------------------------------------------------------------------------


def parse_document(text: str) -> ParsedDocument:
    blocks = split_blocks(text)
    if not blocks:
        raise DocumentError(1, "the document is empty.")

    period = None
    programmes: list[ParsedProgramme] = []
    programme: ParsedProgramme | None = None
    outline: ParsedOutline | None = None
    awaiting_title_from: int | None = None  # line of the marker that opened a programme
    section: tuple[dict[str, list[str]], str] | None = None  # (store, key)
    raw_sections: dict[int, dict[str, list[str]]] = {}

    def open_store(obj) -> dict[str, list[str]]:
        return raw_sections.setdefault(id(obj), {})

    for block in blocks:
        segments = bold_segments(block.text)
        key = label_key(" ".join(segments)) if segments else ""

        if segments and PROGRAMME_MARKER.match(key):
            awaiting_title_from = block.line
            programme = outline = None
            section = None
            continue
        if segments and STRUCTURAL.match(key):
            if key.endswith("programme information") and programme is not None:
                # A document without markers: a new "Programme Information" opens the next one.
                if programme.sections or raw_sections.get(id(programme)):
                    awaiting_title_from = block.line
                    programme = None
            elif awaiting_title_from is None and programme is None:
                awaiting_title_from = block.line
            section = None
            continue

        if awaiting_title_from is not None:
            if segments and is_upper(" ".join(segments)):
                programme = ParsedProgramme(line=block.line, title=title_case(" ".join(segments)))
                programmes.append(programme)
                awaiting_title_from = None
                outline = None
                section = None
                continue
            raise DocumentError(
                block.line,
                f"expected the upper-case title of the programme opened at line {awaiting_title_from}.",
            )

        if programme is None:
            # Preamble (title page): remember the period it states.
            match = PERIOD.search(clean_inline(block.text))
            if match and period is None:
                period = (int(match.group(1)), int(match.group(2)))
            continue

        labels = OUTLINE_LABELS if outline else PROGRAMME_LABELS
        leading = leading_label(block)
        if segments and key in labels:
            target = outline or programme
            section = (open_store(target), labels[key])
            section[0].setdefault(section[1], [])
            continue
        if leading and label_key(leading[0]) in labels:
            target = outline or programme
            section = (open_store(target), labels[label_key(leading[0])])
            section[0].setdefault(section[1], []).append(normalise_body(leading[1]))
            continue
        if segments and is_upper(" ".join(segments)) and (len(segments) >= 2 or section):
            outline = parse_outline_header(block, segments, programme)
            programme.outlines.append(outline)
            section = None
            continue
        if segments and (
            key.endswith(":") or clean_inline(" ".join(segments)).endswith(":") or len(key) < 80
        ):
            # An unknown section heading: kept as an additional section, never dropped.
            target = outline or programme
            heading = clean_inline(" ".join(segments)).rstrip(":").strip()
            target.additional.append({"heading": heading, "body": ""})
            section = (open_store(target), f"__extra_{len(target.additional) - 1}")
            section[0].setdefault(section[1], [])
            continue
        if section is None:
            where = f'outline "{outline.title}"' if outline else f'programme "{programme.title}"'
            raise DocumentError(
                block.line, f"text outside any section of {where}: no heading such as 'Summary:' precedes it."
            )
        section[0][section[1]].append(normalise_body(strip_heading(block.text)))

    if not programmes:
        raise DocumentError(
            blocks[0].line, "no programme found: expected a 'PROGRAMME OUTLINE' marker followed by a title."
        )
    if awaiting_title_from is not None:
        raise DocumentError(awaiting_title_from, "a programme is opened here but has no title.")

    for item in programmes:
        finish(item, raw_sections.get(id(item), {}), required="summary")
        for child in item.outlines:
            finish(child, raw_sections.get(id(child), {}), required="objectives")
        seen: dict[str, int] = {}
        for child in item.outlines:
            if child.slug in seen:
                raise DocumentError(
                    child.line, f'outline "{child.title}" repeats the outline at line {seen[child.slug]}.'
                )
            seen[child.slug] = child.line
    seen_programmes: dict[str, int] = {}
    for item in programmes:
        if item.slug in seen_programmes:
            raise DocumentError(
                item.line,
                f'programme "{item.title}" repeats the programme at line {seen_programmes[item.slug]}.',
            )
        seen_programmes[item.slug] = item.line
    return ParsedDocument(period=period, programmes=programmes)


def parse_outline_header(block: Block, segments: list[str], programme: ParsedProgramme) -> ParsedOutline:
    """Scope line, the programme's name, then the title (possibly over several lines)."""
    programme_index = None
    programme_words = set(re.findall(r"\w+", programme.title.upper()))
    best = 0.0
    for index, segment in enumerate(segments):
        words = set(re.findall(r"\w+", segment.upper()))
        if "PROGRAMME" not in words and "PROGRAM" not in words:
            continue
        overlap = len(words & programme_words) / max(len(words), 1)
        if overlap >= best:
            best, programme_index = overlap, index
    if programme_index is not None and programme_index < len(segments) - 1:
        scope = " ".join(segments[:programme_index])
        title_parts = segments[programme_index + 1 :]
        programme_line = segments[programme_index]
    elif len(segments) >= 2:
        scope, title_parts, programme_line = segments[0], segments[1:], ""
    else:
        scope, title_parts, programme_line = "", segments, ""
    title = title_case(" ".join(title_parts))
    if not title:
        raise DocumentError(block.line, "an outline heading with no title.")
    return ParsedOutline(line=block.line, title=title, scope=scope, programme_line=programme_line)


def finish(item, raw: dict[str, list[str]], *, required: str) -> None:
    for key, paragraphs in raw.items():
        text = join_paragraphs(paragraphs)
        if key.startswith("__extra_"):
            item.additional[int(key.removeprefix("__extra_"))]["body"] = text
        else:
            item.sections[key] = text
    item.additional = [extra for extra in item.additional if extra["body"]]
    if isinstance(item, ParsedProgramme):
        split_summary(item)
    if not item.sections.get(required):
        kind = "programme" if isinstance(item, ParsedProgramme) else "outline"
        raise DocumentError(item.line, f'{kind} "{item.title}" has no {required.replace("_", " ")} section.')


def split_summary(programme: ParsedProgramme) -> None:
    """Outline summaries state target groups and main activities in passing; file them apart.

    Sentences about target groups or beneficiaries go to target groups; the sentence that
    introduces the list of activities, and the list itself, go to main activities.
    """
    summary = programme.sections.get("summary", "")
    if not summary or (programme.sections.get("target_groups") and programme.sections.get("main_activities")):
        return
    keep, targets, activities = [], [], []
    paragraphs = summary.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        lines = paragraph.split("\n")
        if all(line.startswith("- ") for line in lines):
            previous = paragraphs[index - 1] if index else ""
            if activities and previous and activities[-1].endswith(":"):
                activities.append(paragraph)
            else:
                keep.append(paragraph)
            continue
        kept = []
        for sentence in SENTENCE_SPLIT.split(paragraph):
            lowered = sentence.lower()
            if re.search(r"target(ed)? (groups?|at)|beneficiar|indirectly targets", lowered):
                targets.append(sentence)
            elif sentence.rstrip().endswith(":") and "activit" in lowered:
                activities.append(sentence)
            else:
                kept.append(sentence)
        if kept:
            keep.append(" ".join(kept))
    if targets and not programme.sections.get("target_groups"):
        programme.sections["target_groups"] = " ".join(targets)
    if activities and not programme.sections.get("main_activities"):
        programme.sections["main_activities"] = "\n\n".join(activities)
    if targets or activities:
        programme.sections["summary"] = "\n\n".join(keep)


ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]+s?\b")
KNOWN_ACRONYMS = {"OSCE", "ODIHR", "NGO", "NGOs", "EU", "UN", "SEE", "RIGHTS", "NRM", "NRMs", "IOM", "CoE"}


def title_case(text: str, acronyms: set[str] | None = None) -> str:
    """'JOINT MONITORING PROJECT: RESPONSES TO ...' -> 'Joint Monitoring Project: Responses to ...'."""
    acronyms = KNOWN_ACRONYMS | (acronyms or set())
    words = clean_inline(text).split(" ")
    out = []
    for index, word in enumerate(words):
        core = word.strip(":,;()")
        if core in acronyms or core.upper() in {a.upper() for a in acronyms if len(a) > 3}:
            out.append(word)
            continue
        lowered = word.lower()
        if index and lowered in SMALL_WORDS and not out[-1].endswith(":"):
            out.append(lowered)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in lowered.split("-")))
    return " ".join(out)


# --- Writing -------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def years(text: str) -> tuple[int | None, int | None]:
    found = [int(y) for y in YEAR.findall(text)]
    if not found:
        return None, None
    return min(found), max(found)
