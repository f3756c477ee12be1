"""What an exchange export or import returns, and the safe reading of an uploaded exchange file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from flask_babel import lazy_gettext as _l

from trainer.bank.importer.report import detect_lang, stable_id
from trainer.bank.importer.safety import DEFAULT_MAX_BYTES, ImportRefused, check_size, decode_text
from trainer.bank.question_types import question_types


@dataclass
class ExportResult:
    """The exported text and the ids of questions the format cannot carry (left out)."""

    text: str
    skipped: list[str] = field(default_factory=list)


@dataclass
class ExchangeImport:
    """Questions read from an exchange file (bank-format dicts) and what was left out, with why."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_text(data: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Text of an uploaded exchange file after the same size and binary checks as paper uploads."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    check_size(raw, max_bytes)
    return decode_text(raw).replace("\r\n", "\n").replace("\r", "\n")


def read_yaml(data: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """The parsed YAML of an uploaded file, after read_text's checks; anchors and aliases are refused
    (they let a small file expand into a huge document), malformed YAML says where."""
    text = read_text(data, max_bytes)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ImportRefused(_l("YAML anchors and aliases are not allowed."))
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ImportRefused(_l("Malformed YAML: %(error)s"), error=exc) from None


def full_stem(question: dict[str, Any]) -> str:
    """Background and stem as one text, for formats without a background field."""
    background = (question.get("background") or "").strip()
    stem = str(question.get("stem") or "").strip()
    return f"{background}\n\n{stem}" if background else stem


def new_question(
    qtype: str, stem: str, qid: str | None, points: Any = None, status: str | None = None
) -> dict[str, Any]:
    """A bank-format question dict with the fields every import fills."""
    out: dict[str, Any] = {
        "id": qid or stable_id(qtype, "", stem),
        "type": qtype,
        "lang": detect_lang(stem),
        "points": points if points is not None else 1,
        "tags": [],
        "status": status or ("published" if question_types().get(qtype).objective else "draft"),
        "stem": stem,
    }
    return out


def letters(count: int) -> list[str]:
    """Option letters A, B, C… for ``count`` options."""
    return [chr(ord("A") + i) for i in range(count)]
