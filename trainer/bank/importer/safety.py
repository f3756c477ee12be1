"""Upload checks that run before any parsing: size, extension, content sniffing and zip-bomb limits.

Every refusal is an :class:`ImportRefused` whose message is Chinese first, then English, so the upload
page and the CLI can show it as is. Nothing here writes anywhere.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import PurePath

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
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"MZ", "Windows 程序 / executable"),
    (b"\x7fELF", "ELF 程序 / executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office（.doc/.xls）"),
    (b"\x89PNG", "PNG 图片 / image"),
    (b"\xff\xd8\xff", "JPEG 图片 / image"),
    (b"GIF8", "GIF 图片 / image"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
)


class ImportRefused(ValueError):
    """The upload is refused before parsing; ``message`` says why (Chinese / English)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def extension_of(filename: str) -> str:
    """The lower-case extension of ``filename`` including the dot ('' when there is none)."""
    return PurePath(filename or "").suffix.lower()


def sniff_binary(data: bytes) -> str | None:
    """The name of a binary format ``data`` starts with, or None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def check_size(data: bytes, max_bytes: int) -> None:
    """Refuse empty data and data over ``max_bytes``."""
    if len(data) > max_bytes:
        limit = f"{max_bytes / MB:g} MB" if max_bytes >= MB else f"{max_bytes} B"
        raise ImportRefused(f"文件过大（上限 {limit}）/ File too large (limit {limit})")
    if not data.strip():
        raise ImportRefused("文件为空 / The file is empty")


def decode_text(data: bytes) -> str:
    """Decode a text upload: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Refuses binary content: known binary signatures, NUL bytes, or many control characters.
    """
    kind = sniff_binary(data)
    if kind is not None:
        raise ImportRefused(f"文件内容是 {kind}，不是文本 / The content is {kind}, not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRefused("UTF-16 文本已损坏 / Broken UTF-16 text") from None
    else:
        if b"\x00" in data:
            raise ImportRefused("文件含有 NUL 字节，不是文本 / The file contains NUL bytes, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ImportRefused(
                    "无法识别文本编码（支持 UTF-8、GB18030）/ Unknown text encoding (UTF-8 or GB18030 expected)"
                ) from None
    if "\x00" in text:
        raise ImportRefused("文件含有 NUL 字符，不是文本 / The file contains NUL characters, not text")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text) // 100):
        raise ImportRefused("文件像是二进制数据，不是文本 / The file looks binary, not text")
    return text


def check_zip(data: bytes, *, max_uncompressed: int = MAX_UNCOMPRESSED_BYTES) -> zipfile.ZipFile:
    """Open a zip after checking its directory for bombs, then read every part once to verify CRCs.

    The declared sizes bound what zipfile will inflate, so a lying directory fails its CRC check here.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportRefused("Word 文件已损坏（不是有效的 zip）/ Corrupt .docx (not a valid zip)") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ImportRefused("Word 文件包含的部件过多 / Too many parts in the .docx")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_ENTRY_RATIO:
            raise ImportRefused("疑似压缩炸弹，已拒绝 / Refused: looks like a zip bomb (compression ratio)")
    if total > max_uncompressed:
        raise ImportRefused("疑似压缩炸弹：解压后过大 / Refused: looks like a zip bomb (uncompressed size)")
    try:
        for info in infos:
            read = 0
            with archive.open(info) as part:
                while chunk := part.read(256 * 1024):
                    read += len(chunk)
                    if read > info.file_size:
                        raise zipfile.BadZipFile("part larger than declared")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise ImportRefused("Word 文件已损坏 / Corrupt .docx") from None
    return archive


def check_docx(data: bytes) -> None:
    """Refuse a .docx that is not a safe, complete Word document package."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            "这是旧版 .doc 文件，请在 Word 中另存为 .docx / This is an old .doc file; save it as .docx"
        )
    if not data.startswith(b"PK\x03\x04"):
        kind = sniff_binary(data) or "文本或未知格式 / text or unknown data"
        raise ImportRefused(f"文件扩展名是 .docx，但内容是 {kind} / The file claims .docx but is {kind}")
    names = set(check_zip(data).namelist())
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise ImportRefused("不是 Word 文档（缺少 word/document.xml）/ Not a Word document")


def check_upload(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Check an uploaded paper before parsing; returns its extension or raises ImportRefused."""
    ext = extension_of(filename)
    if ext not in PAPER_EXTENSIONS:
        shown = ext or "（无扩展名）"
        raise ImportRefused(
            f"不支持的文件类型 {shown}（支持 .txt、.md、.docx）/ Unsupported file type {ext or '(none)'}"
        )
    check_size(data, max_bytes)
    if ext == ".docx":
        check_docx(data)
    else:
        decode_text(data)
    return ext
