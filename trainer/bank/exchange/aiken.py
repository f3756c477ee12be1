"""Aiken export and import: single-choice questions only, one line of stem, options and ``ANSWER:``.

Carried: stem (on one line: newlines and the background are folded into spaces), options, key.
Dropped: everything else — id (imports generate ``import-<sha1>`` from the stem), points (imports get
1), explanation, tags, lang, difficulty, status; multiple, true/false and free-text questions are not
exported at all.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.bank.exchange.results import ExchangeImport, ExportResult, full_stem, new_question, read_text
from trainer.bank.importer.safety import DEFAULT_MAX_BYTES

CARRIES = {"single": ("type", "stem", "options", "answer")}
_OPTION = re.compile(r"^([A-Z])\s{0,2}[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s{0,4}([A-Z])\s*$")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def export_aiken(questions: list[dict[str, Any]]) -> ExportResult:
    """Aiken text of the single-choice questions with a key; every other question is in ``skipped``."""
    blocks: list[str] = []
    skipped: list[str] = []
    for q in questions:
        options = q.get("options") or {}
        if q.get("type") not in CARRIES or q.get("answer") not in options:
            skipped.append(str(q.get("id")))
            continue
        lines = [_one_line(full_stem(q))]
        lines += [f"{letter}. {_one_line(text)}" for letter, text in options.items()]
        lines.append(f"ANSWER: {q['answer']}")
        blocks.append("\n".join(lines))
    return ExportResult("\n\n".join(blocks) + "\n", skipped)


def import_aiken(data: bytes | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ExchangeImport:
    """Single-choice questions from Aiken text; a block without options or ``ANSWER:`` is skipped."""
    result = ExchangeImport()
    stem: list[str] = []
    options: dict[str, str] = {}
    start = 0
    for number, raw in enumerate(read_text(data, max_bytes).split("\n") + [""], start=1):
        line = raw.strip()
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer and stem:
            q = new_question("single", "\n".join(stem), None)
            q["options"] = dict(options)
            q["answer"] = answer.group(1) if answer.group(1) in options else None
            if len(options) < 2 or q["answer"] is None:
                result.skipped.append(f"line {start}: 选项或答案无效 / bad options or answer")
            else:
                result.questions.append(q)
            stem, options = [], {}
        elif option and stem:
            options[option.group(1)] = option.group(2).strip()
        elif line and not options:
            if not stem:
                start = number
            stem.append(line)
        elif line or stem:
            if stem or options:
                result.skipped.append(f"line {start}: 没有 ANSWER 行 / no ANSWER line")
            stem, options = ([line], {}) if line else ([], {})
            start = number
    return result
