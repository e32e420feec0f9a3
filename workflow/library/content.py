"""What an uploaded file is, told from its bytes (magic numbers, a zip's parts), not its name.

A file is accepted only when its name's extension and its content agree on one
of the kinds below, so a program renamed `report.pdf` or a web page renamed
`notes.txt` is refused, and the type a download announces is the one checked
here, never the one the browser sent.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass


def _zip_names(content: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return set()


def _office(part: str) -> Callable[[bytes], bool]:
    """An Office Open XML file: a zip with its content types and its main part."""
    return lambda content: (
        content.startswith(b"PK\x03\x04")
        and {
            "[Content_Types].xml",
            part,
        }
        <= _zip_names(content)
    )


def _open_document(media_type: str) -> Callable[[bytes], bool]:
    """An OpenDocument file: a zip whose first entry, `mimetype`, is stored uncompressed."""
    return lambda content: (
        content.startswith(b"PK\x03\x04")
        and (
            content[30:38] == b"mimetype"
            and content[38 : 38 + len(media_type)] == media_type.encode()
        )
    )


def _text(content: bytes) -> bool:
    """Plain text: UTF-8 without NUL or other control bytes than line breaks, tabs and form
    feeds, and nothing a browser could take for a web page."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if any(ord(c) < 32 and c not in "\n\r\t\f" for c in text):
        return False
    head = text[:1024].lstrip("\ufeff \n\r\t").lower()
    return not head.startswith(("<!doctype", "<html", "<script", "<?xml", "<svg"))


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]
    media_type: str
    label: str
    matches: Callable[[bytes], bool]


KINDS: tuple[Kind, ...] = (
    Kind(("pdf",), "application/pdf", "PDF", lambda c: c.startswith(b"%PDF-")),
    Kind(
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
        _office("word/document.xml"),
    ),
    Kind(
        ("xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel workbook",
        _office("xl/workbook.xml"),
    ),
    Kind(
        ("pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
        _office("ppt/presentation.xml"),
    ),
    Kind(
        ("odt",),
        "application/vnd.oasis.opendocument.text",
        "OpenDocument text",
        _open_document("application/vnd.oasis.opendocument.text"),
    ),
    Kind(
        ("ods",),
        "application/vnd.oasis.opendocument.spreadsheet",
        "OpenDocument spreadsheet",
        _open_document("application/vnd.oasis.opendocument.spreadsheet"),
    ),
    Kind(("png",), "image/png", "PNG image", lambda c: c.startswith(b"\x89PNG\r\n\x1a\n")),
    Kind(("jpg", "jpeg"), "image/jpeg", "JPEG image", lambda c: c.startswith(b"\xff\xd8\xff")),
    Kind(("txt",), "text/plain; charset=utf-8", "plain text", _text),
)
EXTENSIONS = tuple(e for kind in KINDS for e in kind.extensions)
MEDIA_TYPES = tuple(kind.media_type.split(";")[0] for kind in KINDS)


def kind_for(extension: str) -> Kind | None:
    """The kind a file named with this extension must be (None: not an accepted extension)."""
    return next((k for k in KINDS if extension.lower() in k.extensions), None)
