"""Exchange files for trainers: bank questions out as Moodle XML, GIFT, Aiken or YAML; and back in.

Reading checks size and content like paper uploads do and raises ImportRefused with a clear message.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l

from trainer.bank.exchange import (
    ExchangeImport,
    export_aiken,
    export_gift,
    export_moodle_xml,
    import_aiken,
    import_gift,
    import_moodle_xml,
)
from trainer.bank.exchange.results import read_yaml
from trainer.bank.importer import DEFAULT_MAX_BYTES, ImportRefused
from trainer.bank.loader import dump_yaml, export_bank
from trainer.bank.models import Question
from trainer.bank.services import question_to_dict

QUESTION_FORMATS = ("moodle", "gift", "aiken", "yaml", "zip")
UPLOAD_FORMATS = ("moodle", "gift", "aiken", "yaml")
FORMAT_FILES = {
    "moodle": ("questions.xml", "application/xml"),
    "gift": ("questions.gift.txt", "text/plain"),
    "aiken": ("questions.aiken.txt", "text/plain"),
    "yaml": ("questions.yaml", "application/yaml"),
    "zip": ("question_bank.zip", "application/zip"),
}
UPLOAD_EXTENSIONS = {
    "moodle": (".xml",),
    "gift": (".txt", ".gift"),
    "aiken": (".txt",),
    "yaml": (".yaml", ".yml"),
}


@dataclass
class Download:
    """A file to send: its bytes, name and media type, and the ids the format could not carry."""

    data: bytes
    filename: str
    mimetype: str
    skipped: list[str] = field(default_factory=list)


def export_questions(questions: list[Question], fmt: str) -> Download:
    """The questions in one exchange format; ``zip`` is the bank folder format with rubrics and scenarios."""
    if fmt not in QUESTION_FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    filename, mimetype = FORMAT_FILES[fmt]
    if fmt == "zip":
        return Download(bank_zip(questions), filename, mimetype)
    dicts = [question_to_dict(q) for q in questions if q.current is not None]
    if fmt == "yaml":
        return Download(dump_yaml(dicts).encode("utf-8"), filename, mimetype)
    exporter = {"moodle": export_moodle_xml, "gift": export_gift, "aiken": export_aiken}[fmt]
    result = exporter(dicts)
    return Download(result.text.encode("utf-8"), filename, mimetype, list(result.skipped))


def bank_zip(questions: list[Question]) -> bytes:
    """A zip of the bank folder format (question files, rubrics/, scenarios/) that `bank load` reads."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        export_bank(root, questions)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(root).as_posix())
    return buffer.getvalue()


def load_yaml_questions(data: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> ExchangeImport:
    """Bank-format questions from one YAML file (a list, as in question_bank/*.yaml)."""
    loaded = read_yaml(data, max_bytes)
    if isinstance(loaded, dict) and isinstance(loaded.get("questions"), list):
        loaded = loaded["questions"]
    if not isinstance(loaded, list):
        raise ImportRefused(_l("The YAML must be a list of questions."))
    result = ExchangeImport()
    for index, item in enumerate(loaded, start=1):
        if isinstance(item, dict) and item.get("id") is not None:
            result.questions.append({str(k): v for k, v in item.items()})
        else:
            result.skipped.append(f"#{index}: 不是带 id 的题目 / not a question with an id")
    return result


def read_exchange(data: bytes, fmt: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ExchangeImport:
    """Questions from an uploaded exchange file; raises ImportRefused for unreadable or unsafe files."""
    if fmt == "moodle":
        return import_moodle_xml(data, max_bytes=max_bytes)
    if fmt == "gift":
        return import_gift(data, max_bytes=max_bytes)
    if fmt == "aiken":
        return import_aiken(data, max_bytes=max_bytes)
    if fmt == "yaml":
        return load_yaml_questions(data, max_bytes=max_bytes)
    raise ImportRefused(_l("Unsupported format %(fmt)s."), fmt=fmt)


def guess_format(filename: str) -> str | None:
    """The exchange format a file name suggests (.xml → moodle, .gift → gift, .yaml → yaml), or None."""
    name = filename.lower()
    if name.endswith(".xml"):
        return "moodle"
    if name.endswith(".gift") or name.endswith(".gift.txt"):
        return "gift"
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".aiken.txt"):
        return "aiken"
    return None


def questions_as_dicts(questions: list[Question]) -> list[dict[str, Any]]:
    """The current version of each question in the bank format."""
    return [question_to_dict(q) for q in questions if q.current is not None]
