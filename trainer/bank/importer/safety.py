"""Upload checks that run before any parsing: size, extension, content sniffing and zip-bomb limits.

Every refusal is an :class:`ImportRefused` whose message is Chinese first, then English, so the upload
page and the CLI can show it as is. Nothing here writes anywhere.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import PurePath
from typing import Any

from flask_babel import lazy_gettext as _l

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
# A .docx is a zip: what it may expand to, and how many parts it may hold.
MAX_UNCOMPRESSED_BYTES = 64 * MB
MAX_ZIP_ENTRIES = 2000
MAX_ENTRY_RATIO = 200  # uncompressed / compressed for one part larger than RATIO_FLOOR
RATIO_FLOOR = 1 * MB

TEXT_EXTENSIONS = (".txt", ".md")
PAPER_EXTENSIONS = (*TEXT_EXTENSIONS, ".docx")

# Leading bytes of formats that are never a text paper or a .docx.
_MAGIC: tuple[tuple[bytes, Any], ...] = (
    (b"%PDF", "PDF"),
    (b"MZ", _l("a Windows program (executable)")),
    (b"\x7fELF", _l("an ELF program (executable)")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _l("an old Office file (.doc/.xls)")),
    (b"\x89PNG", _l("a PNG image")),
    (b"\xff\xd8\xff", _l("a JPEG image")),
    (b"GIF8", _l("a GIF image")),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
)


class ImportRefused(ValueError):
    """The upload is refused before parsing; ``message`` says why, in the reader's language.

    ``text`` is a plain or translatable (lazy) string with ``%(name)s`` slots filled from ``params``.
    """

    def __init__(self, text: Any, **params: Any):
        super().__init__(str(text))
        self.text = text
        self.params = params

    @property
    def message(self) -> str:
        """Why the upload was refused, in the current language."""
        return str(self.text) % self.params if self.params else str(self.text)

    def __str__(self) -> str:
        return self.message


def extension_of(filename: str) -> str:
    """The lower-case extension of ``filename`` including the dot ('' when there is none)."""
    return PurePath(filename or "").suffix.lower()


def sniff_binary(data: bytes) -> str | None:
    """The name of a binary format ``data`` starts with (in the current language), or None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return str(name)
    return None


def check_size(data: bytes, max_bytes: int) -> None:
    """Refuse empty data and data over ``max_bytes``."""
    if len(data) > max_bytes:
        limit = f"{max_bytes / MB:g} MB" if max_bytes >= MB else f"{max_bytes} B"
        raise ImportRefused(_l("File too large (limit %(limit)s)."), limit=limit)
    if not data.strip():
        raise ImportRefused(_l("The file is empty."))


def decode_text(data: bytes) -> str:
    """Decode a text upload: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Refuses binary content: known binary signatures, NUL bytes, or many control characters.
    """
    kind = sniff_binary(data)
    if kind is not None:
        raise ImportRefused(_l("The content is %(kind)s, not text."), kind=kind)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRefused(_l("Broken UTF-16 text.")) from None
    else:
        if b"\x00" in data:
            raise ImportRefused(_l("The file contains NUL bytes: it is not text."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ImportRefused(_l("Unknown text encoding (UTF-8 or GB18030 expected).")) from None
    if "\x00" in text:
        raise ImportRefused(_l("The file contains NUL characters: it is not text."))
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text) // 100):
        raise ImportRefused(_l("The file looks binary, not text."))
    return text


def check_zip(data: bytes, *, max_uncompressed: int = MAX_UNCOMPRESSED_BYTES) -> zipfile.ZipFile:
    """Open a zip after checking its directory for bombs, then read every part once to verify CRCs.

    The declared sizes bound what zipfile will inflate, so a lying directory fails its CRC check here.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportRefused(_l("Corrupt .docx (not a valid zip).")) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ImportRefused(_l("Too many parts in the .docx."))
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_ENTRY_RATIO:
            raise ImportRefused(_l("Refused: looks like a zip bomb (compression ratio)."))
    if total > max_uncompressed:
        raise ImportRefused(_l("Refused: looks like a zip bomb (uncompressed size)."))
    try:
        for info in infos:
            read = 0
            with archive.open(info) as part:
                while chunk := part.read(256 * 1024):
                    read += len(chunk)
                    if read > info.file_size:
                        raise zipfile.BadZipFile("part larger than declared")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise ImportRefused(_l("Corrupt .docx.")) from None
    return archive


def check_docx(data: bytes) -> None:
    """Refuse a .docx that is not a safe, complete Word document package."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(_l("This is an old .doc file: save it as .docx in Word first."))
    if not data.startswith(b"PK\x03\x04"):
        kind = sniff_binary(data) or _l("text or unknown data")
        raise ImportRefused(_l("The file is named .docx but holds %(kind)s."), kind=kind)
    names = set(check_zip(data).namelist())
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise ImportRefused(_l("Not a Word document (word/document.xml is missing)."))


def check_upload(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Check an uploaded paper before parsing; returns its extension or raises ImportRefused."""
    ext = extension_of(filename)
    if ext not in PAPER_EXTENSIONS:
        raise ImportRefused(
            _l("Unsupported file type %(ext)s (.txt, .md and .docx are read)."), ext=ext or _l("(none)")
        )
    check_size(data, max_bytes)
    if ext == ".docx":
        check_docx(data)
    else:
        decode_text(data)
    return ext
