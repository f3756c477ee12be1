"""GIFT export and import (Moodle's text format) for single, multiple, true/false and essay questions.

Carried: id (title and ``// [id:…]``), stem (background merged in front), options and key,
explanation (general feedback ``####``, choice and true/false only), tags (``// [tag:…]``).
Dropped: points (GIFT has none; imports get 1), reference answers, lang, difficulty, rubric id,
status, the 多选 scoring policy, and case vs interview (both are essays ``{}``; imports use
``essay_type``).
"""

from __future__ import annotations

import re
from typing import Any

from trainer.bank.exchange.results import (
    ExchangeImport,
    ExportResult,
    full_stem,
    letters,
    new_question,
    read_text,
)
from trainer.bank.importer.safety import DEFAULT_MAX_BYTES

CARRIES = {
    "single": ("id", "type", "stem", "options", "answer", "explanation", "tags"),
    "multiple": ("id", "type", "stem", "options", "answer", "explanation", "tags"),
    "truefalse": ("id", "type", "stem", "answer", "explanation", "tags"),
    "case": ("id", "stem", "tags"),
    "interview": ("id", "type", "stem", "tags"),
}
# How GIFT writes each of our types it carries, in its own kinds: one right choice, weighted choices,
# TRUE/FALSE, and an essay. A type not named here (a deployment's own included) is left out, and listed.
_GIFT_KINDS = {
    "single": "choice",
    "multiple": "weighted",
    "truefalse": "boolean",
    "case": "essay",
    "interview": "essay",
}
_SPECIAL = "~=#{}:\\"


def escape(text: str) -> str:
    """Escape GIFT's special characters and write newlines as ``\\n``."""
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in str(text))
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def unescape(text: str) -> str:
    """The inverse of :func:`escape`."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out).strip()


def _weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def export_gift(questions: list[dict[str, Any]]) -> ExportResult:
    """GIFT text of the questions it can carry; others are listed in ``skipped``."""
    blocks: list[str] = []
    skipped: list[str] = []
    for q in questions:
        kind = _GIFT_KINDS.get(str(q.get("type")))
        if kind is None:
            skipped.append(str(q.get("id")))
            continue
        meta = f"[id:{q['id']}]" + "".join(f" [tag:{t}]" for t in q.get("tags") or [])
        head = f"// {meta}\n::{escape(q['id'])}::[markdown]{escape(full_stem(q))}"
        feedback = f"\n\t####{escape(q['explanation'])}" if q.get("explanation") and kind != "essay" else ""
        if kind == "boolean":
            body = "{" + ("TRUE" if q.get("answer") else "FALSE") + feedback + "}"
        elif kind in ("choice", "weighted"):
            key = q.get("answer")
            correct = set(key if isinstance(key, list) else [key] if key else [])
            lines = []
            for letter, text in (q.get("options") or {}).items():
                if kind == "choice":
                    mark = "=" if letter in correct else "~"
                else:
                    weight = 100 / len(correct) if letter in correct else -100
                    mark = f"~%{_weight(weight)}%"
                lines.append(f"\t{mark}{escape(text)}")
            body = "{\n" + "\n".join(lines) + feedback + "\n}"
        else:
            body = "{}"
        blocks.append(head + body)
    return ExportResult("\n\n".join(blocks) + "\n", skipped)


def _split_blocks(text: str) -> list[tuple[list[str], str]]:
    """(comment lines, question text) per question; questions are separated by blank lines."""
    blocks: list[tuple[list[str], str]] = []
    comments: list[str] = []
    body: list[str] = []
    for line in text.split("\n") + [""]:
        stripped = line.strip()
        if stripped.startswith("//"):
            comments.append(stripped[2:])
        elif stripped:
            body.append(line)
        elif body:
            blocks.append((comments, "\n".join(body)))
            comments, body = [], []
    return blocks


def _unescaped(text: str, chars: str) -> list[int]:
    positions, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            positions.append(i)
        i += 1
    return positions


_FORMAT = re.compile(r"^\[(?:markdown|html|plain|moodle)\]")
_WEIGHT = re.compile(r"^%(-?\d{1,3}(?:\.\d{1,6})?)%")


def _answers(inner: str) -> tuple[list[tuple[str, float, str]], str]:
    """(mark, weight, text) per answer and the general feedback of an answer block."""
    general = ""
    cut = inner.find("####")  # escaped hashes are written \\#, so four in a row are always the marker
    if cut >= 0:
        general, inner = unescape(inner[cut + 4 :]), inner[:cut]
    marks = _unescaped(inner, "=~")
    out = []
    for i, start in enumerate(marks):
        end = marks[i + 1] if i + 1 < len(marks) else len(inner)
        chunk = inner[start + 1 : end]
        weight = 100.0 if inner[start] == "=" else 0.0
        m = _WEIGHT.match(chunk)
        if m:
            weight, chunk = float(m.group(1)), chunk[m.end() :]
        hashes = _unescaped(chunk, "#")
        if hashes:
            chunk = chunk[: hashes[0]]
        out.append((inner[start], weight, unescape(chunk)))
    return out, general


def import_gift(
    data: bytes | str, *, essay_type: str = "interview", max_bytes: int = DEFAULT_MAX_BYTES
) -> ExchangeImport:
    """Questions from GIFT text; matching, numeric and short-answer items are listed in ``skipped``."""
    result = ExchangeImport()
    for index, (comments, text) in enumerate(_split_blocks(read_text(data, max_bytes)), start=1):
        meta = " ".join(comments)
        ids = re.findall(r"\[id:([^\]]{1,200})\]", meta)
        tags = [t.strip() for t in re.findall(r"\[tag:([^\]]{1,100})\]", meta)]
        title = None
        body = text.strip()
        if body.startswith("::"):
            close = body.find("::", 2)
            if close > 0:
                title, body = unescape(body[2:close]), body[close + 2 :].lstrip()
        body = _FORMAT.sub("", body)
        braces = _unescaped(body, "{}")
        if len(braces) < 2 or body[braces[0]] != "{" or body[braces[-1]] != "}":
            result.skipped.append(f"#{index} {title or ''}: 无答案块 / no answer block")
            continue
        stem = unescape(body[: braces[0]] + " " + body[braces[-1] + 1 :])
        inner = body[braces[0] + 1 : braces[-1]].strip()
        qid = ids[0].strip() if ids else title
        if not inner:
            q = new_question(essay_type, stem, qid)
        elif re.fullmatch(r"(?:T|TRUE|F|FALSE)\s*(?:#.*)?", inner, re.S):
            q = new_question("truefalse", stem, qid)
            q["answer"] = inner.split("#")[0].strip() in ("T", "TRUE")
            general = inner.split("####", 1)[1] if "####" in inner else ""
            if general.strip():
                q["explanation"] = unescape(general)
        else:
            answers, general = _answers(inner)
            marks = "".join(m for m, _, _ in answers)
            if not answers or "~" not in marks or any("->" in a for _, _, a in answers):
                result.skipped.append(f"#{index} {title or ''}: 不支持的题型 / unsupported question kind")
                continue
            weighted = any(m == "~" and w != 0 for m, w, _ in answers)
            keys = letters(len(answers))
            q = new_question("multiple" if weighted else "single", stem, qid)
            q["options"] = {k: a for k, (_, _, a) in zip(keys, answers, strict=True)}
            correct = [k for k, (_, w, _) in zip(keys, answers, strict=True) if w > 0]
            q["answer"] = correct if weighted else (correct[0] if correct else None)
            if general:
                q["explanation"] = general
        q["tags"] = tags
        result.questions.append(q)
    return result
