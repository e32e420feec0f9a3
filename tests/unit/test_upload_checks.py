"""What an upload is, told from its bytes; its name and size checked before anything else."""

from __future__ import annotations

import io
import zipfile

import pytest

from workflow.engine.errors import ValidationFailed
from workflow.library.checks import checked_content, checked_name, read_limited
from workflow.library.storage import FolderStore


def zipped(*parts: str, first: tuple[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1])  # stored, uncompressed
        for part in parts:
            archive.writestr(part, "<x/>", compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


ODT = "application/vnd.oasis.opendocument.text"
GOOD = {
    "a.pdf": b"%PDF-1.7\n...",
    "a.docx": zipped("[Content_Types].xml", "word/document.xml"),
    "a.xlsx": zipped("[Content_Types].xml", "xl/workbook.xml"),
    "a.pptx": zipped("[Content_Types].xml", "ppt/presentation.xml"),
    "a.odt": zipped("content.xml", first=("mimetype", ODT)),
    "a.PNG": b"\x89PNG\r\n\x1a\n....",
    "a.jpeg": b"\xff\xd8\xff\xe0....",
    "a.txt": "\ufeffNotes: café, 10 €\r\n\tindented\n".encode(),
}
FORGED = {
    "a.pdf": b"MZ\x90\x00 a program",
    "a.docx": zipped("[Content_Types].xml", "xl/workbook.xml"),  # a workbook named .docx
    "a.xlsx": zipped("evil.sh"),
    "a.odt": zipped("content.xml", first=("mimetype", "application/x-evil")),
    "a.png": b"GIF89a....",
    "a.jpg": b"%PDF-1.7",
    "a.txt": b"  <!DOCTYPE html><script>alert(1)</script>",
}


@pytest.mark.parametrize("name", GOOD)
def test_a_file_whose_content_is_what_its_name_says_is_accepted(name: str) -> None:
    checked, kind = checked_name(name)
    checked_content(GOOD[name], checked, kind)


@pytest.mark.parametrize("name", FORGED)
def test_a_forged_extension_is_refused(name: str) -> None:
    checked, kind = checked_name(name)
    with pytest.raises(ValidationFailed, match="its content does not match its name"):
        checked_content(FORGED[name], checked, kind)


def test_binary_bytes_are_not_text() -> None:
    for content in (b"\x00\x01abc", b"\xff\xfe not utf-8", b"abc\x1b[31m"):
        with pytest.raises(ValidationFailed):
            checked_content(content, *checked_name("a.txt"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Choose a file"),
        ("../a.pdf", "folder path"),
        ("dir/a.pdf", "folder path"),
        ("C:\\a.pdf", "folder path"),
        ("a\x00.pdf", "control characters"),
        ("a.pdf.exe", "not accepted"),
        (".pdf", "not accepted"),
        ("noextension", "not accepted"),
        ("a.svg", "not accepted"),
        ("a.html", "not accepted"),
        ("x" * 400 + ".pdf", "at most 300"),
    ],
)
def test_names_that_are_refused(name: str, message: str) -> None:
    with pytest.raises(ValidationFailed, match=message) as refused:
        checked_name(name)
    assert refused.value.reasons[0].code == "file"


def test_reading_stops_just_past_the_limit() -> None:
    megabyte = 1024 * 1024
    assert len(read_limited(io.BytesIO(b"x" * megabyte), 1)) == megabyte
    stream = io.BytesIO(b"x" * (3 * megabyte))
    with pytest.raises(ValidationFailed, match="larger than 1 MB"):
        read_limited(stream, 1)
    assert stream.tell() == megabyte + 1  # the rest was never read
    with pytest.raises(ValidationFailed, match="empty"):
        read_limited(io.BytesIO(b""), 1)


def test_the_folder_store_keeps_files_under_random_keys_only(tmp_path: object) -> None:
    from pathlib import Path

    store = FolderStore(Path(str(tmp_path)) / "uploads")
    key = store.put(b"hello")
    assert len(key) == 32 and store.get(key) == b"hello" and store.keys() == [key]
    for bad in ("../../etc/passwd", key.upper(), key[:-1]):
        with pytest.raises(FileNotFoundError):
            store.get(bad)
    store.delete(key)
    assert store.keys() == []
