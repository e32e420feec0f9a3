"""The checks of an upload, before anything is stored: its name, its size, its content.

Each refusal is a 422 on the field `file` that says what is wrong and what to do.
"""

from __future__ import annotations

from typing import BinaryIO

from db import lengths
from workflow.engine.errors import invalid
from workflow.engine.shapes import has_control
from workflow.library.content import EXTENSIONS, Kind, kind_for

MEGABYTE = 1024 * 1024
READ_CHUNK = 64 * 1024


def checked_name(name: str | None) -> tuple[str, Kind]:
    """The user's file name if it is a plain name with an accepted extension, and its kind.

    The name is only ever shown and offered back on download: the stored name is random.
    A folder path in it is refused rather than cut off, so nobody wonders which part was kept.
    """
    name = (name or "").strip()
    if not name:
        raise invalid("file", "Choose a file to upload.")
    if "/" in name or "\\" in name or name.startswith("..") or ":" in name:
        raise invalid("file", "The file name must not contain a folder path: upload the file "
                      "itself, named without '/', '\\' or ':'.")  # fmt: skip
    if has_control(name) or len(name) > lengths.SHORT_TEXT:
        raise invalid("file", f"The file name must be one line of at most {lengths.SHORT_TEXT} "
                      "characters, without control characters.")  # fmt: skip
    stem, dot, extension = name.rpartition(".")
    kind = kind_for(extension) if dot and stem else None
    if kind is None:
        raise invalid("file", f"Files of this type are not accepted: the name must end in one "
                      f"of .{', .'.join(EXTENSIONS)}.")  # fmt: skip
    return name, kind


def read_limited(stream: BinaryIO, limit_mb: int) -> bytes:
    """The stream's bytes, refused once they pass `limit_mb` megabytes (reading stops there)."""
    limit = limit_mb * MEGABYTE
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(min(READ_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise invalid("file", f"The file is larger than {limit_mb} MB, the most that may "
                          "be uploaded: make it smaller (or split it) and try again.")  # fmt: skip
    if size == 0:
        raise invalid("file", "The file is empty.")
    return b"".join(chunks)


def checked_content(content: bytes, name: str, kind: Kind) -> None:
    """Refuse a file whose content is not what its name says (a forged extension)."""
    if not kind.matches(content):
        raise invalid("file", f"The file {name!r} is not a real {kind.label} file: its content "
                      "does not match its name. Upload the document itself, saved in "
                      "that format.")  # fmt: skip
