"""Uploads that are not what they claim are refused with a clear message before any parsing."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from trainer.bank.importer import ImportRefused, check_upload, parse_paper


def _docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _refused(data: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(ImportRefused) as info:
        parse_paper(data, filename, **kwargs)
    return info.value.message


def test_oversize_file_is_refused_with_limit_in_message():
    data = ("1.题目？\n答案：对\n" * 4).encode() + b" " * (10 * 1024 * 1024)
    message = _refused(data, "big.txt")
    assert "File too large" in message and "10 MB" in message
    assert "1 MB" in _refused(b"x" * (1024 * 1024 + 1), "big.txt", max_bytes=1024 * 1024)


@pytest.mark.parametrize(
    ("data", "filename", "needle"),
    [
        (b"%PDF-1.7\n1 0 obj<<>>endobj\n", "paper.docx", "PDF"),
        (b"%PDF-1.7\n1 0 obj<<>>endobj\n", "paper.txt", "PDF"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "paper.txt", "executable"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "paper.docx", "executable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "paper.docx", ".doc"),
        (b"1.question\x00\x00\x00 answer", "paper.txt", "NUL"),
        ("1.纯文本冒充的 Word 文件\n答案：对\n".encode(), "paper.docx", ".docx"),
    ],
)
def test_content_that_is_not_what_the_extension_claims(data, filename, needle):
    assert needle in _refused(data, filename)


def test_random_binary_renamed_to_txt_is_refused():
    blob = bytes(range(256)) * 40
    assert "not text" in _refused(blob, "notes.txt")


def test_unsupported_extension_and_empty_file():
    assert "Unsupported file type .pdf" in _refused(b"1.a\n", "paper.pdf")
    assert "Unsupported" in _refused(b"1.a\n", "paper")
    assert "empty" in _refused(b"  \n ", "paper.txt")


def test_corrupt_docx_is_refused():
    good = _docx_bytes("1.客户来电，客服应先问候吗？", "答案：对")
    truncated = good[: len(good) // 2]
    assert "Corrupt" in _refused(truncated, "paper.docx")
    flipped = bytearray(good)
    flipped[len(good) // 3 : len(good) // 3 + 64] = bytes(64)
    assert "Corrupt" in _refused(bytes(flipped), "paper.docx")


def test_zip_without_word_document_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("hello.txt", "not a paper")
    assert "word/document.xml" in _refused(buf.getvalue(), "paper.docx")


def test_zip_bomb_is_refused_from_the_directory():
    """A 120 MB part of zeros compresses to about 120 kB; the check reads sizes, never inflates it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        chunk = bytes(1024 * 1024)
        with archive.open("word/media/bomb.bin", "w", force_zip64=True) as part:
            for _ in range(120):
                part.write(chunk)
    data = buf.getvalue()
    assert len(data) < 1024 * 1024
    message = _refused(data, "paper.docx")
    assert "zip bomb" in message


def test_many_moderate_parts_over_the_total_cap_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        filler = bytes(1024 * 1024)  # ratio ~1000 but each part is 1 MB: caught by the total
        for i in range(70):
            archive.writestr(f"word/media/p{i}.bin", filler)
    assert "uncompressed size" in _refused(buf.getvalue(), "paper.docx")


def test_check_upload_accepts_a_real_docx_and_text():
    assert check_upload(_docx_bytes("1.题目？"), "Paper.DOCX") == ".docx"
    assert check_upload("1.题目？\n".encode("gb18030"), "paper.md") == ".md"


def test_refusals_are_in_the_readers_language(app):
    """Inside the app the message follows the locale, never both languages at once."""
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("zh"):
        message = _refused(b"x" * (1024 * 1024 + 1), "big.txt", max_bytes=1024 * 1024)
        assert message == "文件过大（上限 1 MB）。"
        assert (
            _refused(b"MZ\x90\x00" + bytes(64), "paper.txt")
            == "文件内容是Windows 程序（可执行文件），不是文本。"
        )
    with app.test_request_context(), force_locale("en"):
        assert _refused(b"  \n ", "paper.txt") == "The file is empty."
