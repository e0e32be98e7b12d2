"""The shared upload validator: type by content, size, disguised and dangerous files refused."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clearinghouse.uploads import (
    DOCUMENT_KINDS,
    IMAGE_KINDS,
    MB,
    FileCheck,
    content_type_for,
    detected_kind,
)
from tests.library.factories import make_docx, make_pdf


def png() -> bytes:
    def chunk(tag, data):
        return (
            struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    raw = b"\x00\xff\x00\x00" * 1
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def zip_bytes(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
ALL = DOCUMENT_KINDS | IMAGE_KINDS


def check(name: str, data: bytes, kinds=ALL, max_size=20 * MB):
    FileCheck(kinds=kinds, max_size=max_size)(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("report.pdf", make_pdf(["Hello"]), "pdf"),
        ("report.docx", make_docx("Hello"), "docx"),
        ("photo.png", png(), "png"),
    ],
)
def test_accepted_files_and_their_kind(name, data, kind):
    check(name, data)
    upload = SimpleUploadedFile(name, data)
    assert detected_kind(upload) == kind
    assert content_type_for(kind) != "application/octet-stream"


REFUSED = [
    ("html renamed .pdf", "report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "bad_type"),
    (
        "svg with script renamed .pdf",
        "report.pdf",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
        "bad_type",
    ),
    ("svg renamed .png", "photo.png", b'<?xml version="1.0"?><svg onload="x()"></svg>', "bad_type"),
    (
        "windows executable renamed .pdf",
        "report.pdf",
        b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run in DOS mode",
        "bad_type",
    ),
    ("ELF executable renamed .docx", "report.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "bad_type"),
    (
        "pdf with a hidden html page",
        "report.pdf",
        make_pdf(["x"]) + b"<html><script>alert(1)</script></html>",
        "polyglot",
    ),
    ("png with a script after the image", "photo.png", png() + b"<script>alert(1)</script>", "polyglot"),
    ("pdf with an appended zip", "report.pdf", make_pdf(["x"]) + zip_bytes({"a.txt": b"hello"}), "polyglot"),
    ("pdf named .docx", "report.docx", make_pdf(["x"]), "name_mismatch"),
    ("double extension", "report.exe.pdf", make_pdf(["x"]), "double_extension"),
    ("double extension php", "invoice.php.png", png(), "double_extension"),
    (
        "zip bomb disguised as docx",
        "big.docx",
        zip_bytes({**DOCX_PARTS, "word/media/fill.bin": b"\x00" * (30 * MB)}),
        "zip_bomb",
    ),
    (
        "docx carrying an executable",
        "report.docx",
        zip_bytes({**DOCX_PARTS, "word/embeddings/run.exe": b"MZ"}),
        "embedded_executable",
    ),
    ("plain zip renamed docx", "report.docx", zip_bytes({"readme.txt": b"hi"}), "bad_type"),
    (
        "pdf with javascript",
        "report.pdf",
        make_pdf(["x"]).replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /JS (app.alert) >>"),
        "active_pdf",
    ),
    ("empty file", "report.pdf", b"", "empty"),
    ("image where only documents are accepted", "photo.png", png(), "bad_type"),
]


@pytest.mark.parametrize(("label", "name", "data", "code"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_a_clear_message(label, name, data, code):
    kinds = DOCUMENT_KINDS if label.startswith("image where") else ALL
    with pytest.raises(ValidationError) as error:
        check(name, data, kinds=kinds)
    assert error.value.code == code
    assert error.value.messages[0]


def test_oversize_refused_before_reading():
    with pytest.raises(ValidationError) as error:
        check("report.pdf", make_pdf(["x"]), max_size=100)
    assert error.value.code == "too_large"
    assert "limit" in error.value.messages[0]


def test_validator_is_deconstructible_and_comparable():
    a, b = FileCheck(kinds={"pdf"}, max_size=MB), FileCheck(kinds={"pdf"}, max_size=MB)
    assert a == b and hash(a) == hash(b) and a != FileCheck(kinds={"pdf"}, max_size=2 * MB)
    path, args, kwargs = a.deconstruct()
    assert path == "clearinghouse.uploads.FileCheck"
