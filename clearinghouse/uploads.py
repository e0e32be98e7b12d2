"""Upload checks shared by every pillar: the type is read from the content, never from the name or
the browser's claim; sizes are capped; archives-in-disguise and active PDFs are refused.

Use `FileCheck` as a field validator:

    file = models.FileField(validators=[FileCheck(kinds={"pdf", "docx"}, max_size=20 * MB)])
"""

from __future__ import annotations

import io
import re
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024

# kind -> (MIME type, accepted file-name extensions)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)),
    "odt": ("application/vnd.oasis.opendocument.text", (".odt",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "gif": ("image/gif", (".gif",)),
    "webp": ("image/webp", (".webp",)),
}
DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "pptx", "odt"})
IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})

# Office formats are zip archives: their parts must stay small once inflated.
MAX_UNZIPPED = 200 * MB
MAX_RATIO = 100
OOXML_MARKERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
MAX_ZIP_ENTRIES = 10_000
# Markup a browser would run if it sniffed the file as a web page (HTML, SVG, XML with scripts).
MARKUP = re.compile(
    rb"<(?:html|script|svg|iframe|object|embed)[\s>/]|<!doctype\s+html|<\?xml-stylesheet|javascript:",
    re.IGNORECASE,
)
# Extensions that must never appear inside a file name, even before an accepted one (report.php.pdf).
DANGEROUS_EXTENSIONS = frozenset(
    {
        "exe",
        "com",
        "bat",
        "cmd",
        "scr",
        "msi",
        "dll",
        "js",
        "mjs",
        "jse",
        "vbs",
        "vbe",
        "wsf",
        "ps1",
        "sh",
        "php",
        "phtml",
        "php5",
        "asp",
        "aspx",
        "jsp",
        "cgi",
        "pl",
        "py",
        "rb",
        "jar",
        "html",
        "htm",
        "xhtml",
        "svg",
        "svgz",
        "hta",
        "swf",
        "lnk",
        "apk",
        "app",
        "dmg",
    }
)
PDF_ACTIVE_KEYS = ("/JavaScript", "/JS", "/EmbeddedFile", "/EmbeddedFiles", "/Launch", "/RichMedia", "/XFA")


def sniff(head: bytes, data: io.BufferedIOBase | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for zip-based formats, its directory)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.mime in ("application/zip",) or guess.extension in ("docx", "xlsx", "pptx", "odt", "zip"):
        return _zip_kind(data) if data is not None else None
    for kind, (mime, _exts) in KINDS.items():
        if guess.mime == mime:
            return kind
    return None


def _zip_kind(data) -> str | None:
    try:
        data.seek(0)
        with zipfile.ZipFile(data) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return "odt" if mimetype == KINDS["odt"][0] else None
            if "[Content_Types].xml" in names:
                for kind, prefix in OOXML_MARKERS.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def _check_name(name: str, kind: str) -> None:
    """Refuses names with a hidden second extension (report.exe.pdf) or control characters."""
    if any(ord(char) < 32 for char in name) or "\u202e" in name:
        raise ValidationError(_("The file's name contains control characters."), code="bad_name")
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
    inner = base.split(".")[1:-1]
    if any(part.strip() in DANGEROUS_EXTENSIONS for part in inner):
        raise ValidationError(
            _("The file's name hides another extension (%(name)s); rename it and try again.")
            % {"name": base},
            code="double_extension",
        )


def _check_markup(data, kind: str) -> None:
    """Refuses polyglots: a document or image that also carries web-page markup a browser could run.
    Images and PDFs are scanned whole; office formats (compressed) are checked by their parts."""
    data.seek(0)
    raw = data.read() if kind not in ("docx", "xlsx", "pptx", "odt") else data.read(1024)
    if MARKUP.search(raw):
        raise ValidationError(
            _("The file contains web-page markup or scripts hidden in a %(kind)s; it is refused.")
            % {"kind": kind.upper()},
            code="polyglot",
        )
    if kind == "pdf" and (b"PK\x03\x04" in raw and b"PK\x05\x06" in raw):
        raise ValidationError(
            _("The PDF also contains a compressed archive; it is refused."), code="polyglot"
        )


def _check_zip(data) -> None:
    try:
        data.seek(0)
        with zipfile.ZipFile(data) as archive:
            total = 0
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ValidationError(_("The file holds too many parts to be read safely."), code="zip_bomb")
            for info in entries:
                name = info.filename.lower()
                if name.endswith((".exe", ".dll", ".js", ".vbs", ".bat", ".cmd", ".ps1", ".sh", ".jar")):
                    raise ValidationError(
                        _("The document contains an executable file; it is refused."),
                        code="embedded_executable",
                    )
                total += info.file_size
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                    raise ValidationError(
                        _(
                            "The file is a compressed archive that expands far beyond its size; it is refused."
                        ),
                        code="zip_bomb",
                    )
                if total > MAX_UNZIPPED:
                    raise ValidationError(_("The file expands to more than we accept."), code="zip_bomb")
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("The file is damaged and cannot be read."), code="damaged") from exc


def _check_pdf(data) -> None:
    """Refuses PDFs that carry scripts, embedded files or launch actions."""
    data.seek(0)
    raw = data.read()
    for key in PDF_ACTIVE_KEYS:
        if key.encode() in raw:
            raise ValidationError(
                _("PDF files with scripts, embedded files or actions are not accepted."),
                code="active_pdf",
            )
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        PdfReader(io.BytesIO(raw), strict=False).pages[0]
    except (PyPdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise ValidationError(_("The PDF is damaged and cannot be read."), code="damaged") from exc


@deconstructible
class FileCheck:
    """Validator: allowed kinds (see KINDS) and a size cap in bytes."""

    def __init__(self, kinds=DOCUMENT_KINDS, max_size: int = 20 * MB):
        self.kinds = frozenset(kinds)
        self.max_size = max_size

    def __eq__(self, other) -> bool:
        return isinstance(other, FileCheck) and (self.kinds, self.max_size) == (other.kinds, other.max_size)

    def __hash__(self) -> int:
        return hash((self.kinds, self.max_size))

    def allowed_names(self) -> str:
        return ", ".join(sorted(k.upper() for k in self.kinds))

    def __call__(self, upload) -> None:
        size = getattr(upload, "size", None) or 0
        if size > self.max_size:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(self.max_size)},
                code="too_large",
            )
        if size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        upload.seek(0)
        head = upload.read(8192)
        kind = sniff(head, upload)
        upload.seek(0)
        if kind is None or kind not in self.kinds:
            raise ValidationError(
                _("This file's content is not an accepted type. Accepted: %(kinds)s.")
                % {"kinds": self.allowed_names()},
                code="bad_type",
            )
        name = (getattr(upload, "name", "") or "").lower()
        if not name.endswith(KINDS[kind][1]):
            raise ValidationError(
                _("The file's name does not match its content (%(kind)s).") % {"kind": kind.upper()},
                code="name_mismatch",
            )
        _check_name(name, kind)
        if kind in ("docx", "xlsx", "pptx", "odt"):
            _check_zip(upload)
        _check_markup(upload, kind)
        if kind == "pdf":
            _check_pdf(upload)
        upload.seek(0)


def detected_kind(upload) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    kind = sniff(head, upload)
    upload.seek(0)
    return kind


def content_type_for(kind: str | None) -> str:
    return KINDS[kind][0] if kind in KINDS else "application/octet-stream"
