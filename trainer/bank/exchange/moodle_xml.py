"""Moodle XML export and import for single, multiple, true/false and essay (case/interview) questions.

Carried: id (``idnumber`` and name), stem (background merged in front), options and key, points
(``defaultgrade``), explanation (``generalfeedback``), reference answer (essay ``graderinfo``), tags,
draft status (``hidden``). Dropped: lang (re-detected), difficulty, rubric id, the 多选 scoring policy
(Moodle weights each option instead), the background as a separate field, and case vs interview
(both are essays; imports use ``essay_type``). Parsing refuses DTDs and never resolves entities.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from lxml import etree
from lxml import html as lxml_html

from trainer.bank.exchange.results import (
    ExchangeImport,
    ExportResult,
    full_stem,
    letters,
    new_question,
    read_text,
)
from trainer.bank.importer.patterns import as_number
from trainer.bank.importer.safety import DEFAULT_MAX_BYTES, ImportRefused

CARRIES = {
    "single": ("id", "type", "stem", "options", "answer", "points", "explanation", "tags", "status"),
    "multiple": ("id", "type", "stem", "options", "answer", "points", "explanation", "tags", "status"),
    "truefalse": ("id", "type", "stem", "answer", "points", "explanation", "tags", "status"),
    "case": ("id", "stem", "points", "explanation", "reference_answer", "tags"),
    "interview": ("id", "type", "stem", "points", "explanation", "reference_answer", "tags"),
}
# Our types Moodle carries, as Moodle's own question types (multichoice, truefalse, essay); a type not
# named here (a deployment's own included) is left out, and listed.
_MOODLE_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "truefalse": "truefalse",
    "case": "essay",
    "interview": "essay",
}
_ONE_ANSWER = {"single": True, "multiple": False}  # Moodle's <single> flag of a multichoice


def _text_el(parent: etree._Element, tag: str, text: str, fmt: str | None = "markdown") -> etree._Element:
    el = etree.SubElement(parent, tag)
    if fmt:
        el.set("format", fmt)
    etree.SubElement(el, "text").text = text
    return el


def _fraction(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def export_moodle_xml(questions: list[dict[str, Any]]) -> ExportResult:
    """A Moodle XML ``<quiz>`` of the questions Moodle can carry; others are listed in ``skipped``."""
    quiz = etree.Element("quiz")
    skipped: list[str] = []
    for q in questions:
        moodle_type = _MOODLE_TYPES.get(q.get("type", ""))
        if moodle_type is None:
            skipped.append(str(q.get("id")))
            continue
        el = etree.SubElement(quiz, "question", type=moodle_type)
        _text_el(el, "name", str(q["id"]), fmt=None)
        _text_el(el, "questiontext", full_stem(q))
        _text_el(el, "generalfeedback", q.get("explanation") or "")
        etree.SubElement(el, "defaultgrade").text = str(q.get("points", 1))
        etree.SubElement(el, "penalty").text = "0"
        etree.SubElement(el, "hidden").text = "1" if q.get("status") == "draft" else "0"
        etree.SubElement(el, "idnumber").text = str(q["id"])
        if moodle_type == "multichoice":
            key = q.get("answer")
            correct = set(key if isinstance(key, list) else [key] if key else [])
            one = _ONE_ANSWER[q["type"]]
            etree.SubElement(el, "single").text = "true" if one else "false"
            etree.SubElement(el, "shuffleanswers").text = "false"
            etree.SubElement(el, "answernumbering").text = "ABCD"
            for letter, text in (q.get("options") or {}).items():
                if one:
                    weight = 100.0 if letter in correct else 0.0
                else:
                    weight = 100.0 / len(correct) if letter in correct else -100.0
                answer = _text_el(el, "answer", str(text))
                answer.set("fraction", _fraction(weight))
                _text_el(answer, "feedback", "")
        elif moodle_type == "truefalse":
            for value in (True, False):
                answer = _text_el(el, "answer", "true" if value else "false", fmt="moodle_auto_format")
                answer.set("fraction", "100" if q.get("answer") is value else "0")
                _text_el(answer, "feedback", "")
        else:
            etree.SubElement(el, "responseformat").text = "editor"
            etree.SubElement(el, "responserequired").text = "1"
            etree.SubElement(el, "responsefieldlines").text = "15"
            etree.SubElement(el, "attachments").text = "0"
            _text_el(el, "graderinfo", q.get("reference_answer") or "")
            _text_el(el, "responsetemplate", "")
        if q.get("tags"):
            tags = etree.SubElement(el, "tags")
            for tag in q["tags"]:
                etree.SubElement(etree.SubElement(tags, "tag"), "text").text = str(tag)
    body = etree.tostring(quiz, encoding="unicode", pretty_print=True)
    return ExportResult('<?xml version="1.0" encoding="UTF-8"?>\n' + body, skipped)


_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
)


def parse_safely(text: str) -> etree._Element:
    """Parse untrusted XML: any DTD or entity declaration is refused; nothing external is loaded."""
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.I):
        raise ImportRefused(_l("DTDs and entity declarations are not allowed in XML."))
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return etree.fromstring(text, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImportRefused(_l("Malformed XML: %(error)s"), error=exc) from None


def _html_to_text(fragment: str) -> str:
    fragment = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", fragment)
    try:
        return lxml_html.fragment_fromstring(fragment, create_parent="div").text_content().strip()
    except (etree.ParserError, ValueError):
        return fragment.strip()


def _read_text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    value = el.findtext("text") or ""
    return _html_to_text(value) if el.get("format") == "html" else value.strip()


def _number(text: str | None, default: float = 1) -> int | float:
    try:
        return as_number(float(text)) if text else as_number(default)
    except ValueError:
        return as_number(default)


def import_moodle_xml(
    data: bytes | str, *, essay_type: str = "interview", max_bytes: int = DEFAULT_MAX_BYTES
) -> ExchangeImport:
    """Questions from Moodle XML; unsupported Moodle types are listed in ``skipped``, never guessed."""
    root = parse_safely(read_text(data, max_bytes))
    if root.tag != "quiz":
        raise ImportRefused(_l("Not Moodle XML (no <quiz> element)."))
    result = ExchangeImport()
    for index, el in enumerate(root.iterfind("question"), start=1):
        moodle_type = el.get("type", "")
        if moodle_type == "category":
            continue
        name = (el.findtext("name/text") or "").strip()
        stem = _read_text(el.find("questiontext"))
        if moodle_type not in ("multichoice", "truefalse", "essay") or not stem:
            result.skipped.append(
                f"#{index} {name or moodle_type}: 不支持的题型 / unsupported type {moodle_type}"
            )
            continue
        qid = (el.findtext("idnumber") or "").strip() or name or None
        hidden = (el.findtext("hidden") or "0").strip() == "1"
        answers = [(float(a.get("fraction", "0") or 0), _read_text(a)) for a in el.iterfind("answer")]
        if moodle_type == "multichoice":
            single = (el.findtext("single") or "true").strip().lower() == "true"
            keys = letters(len(answers))
            q = new_question("single" if single else "multiple", stem, qid)
            q["options"] = {k: text for k, (_, text) in zip(keys, answers, strict=True)}
            correct = [k for k, (weight, _) in zip(keys, answers, strict=True) if weight > 0]
            if single:
                best = max(range(len(answers)), key=lambda i: answers[i][0], default=None)
                q["answer"] = keys[best] if best is not None and answers[best][0] > 0 else None
            else:
                q["answer"] = correct or None
        elif moodle_type == "truefalse":
            q = new_question("truefalse", stem, qid)
            truth = [text.strip().lower() == "true" for weight, text in answers if weight >= 100]
            q["answer"] = truth[0] if truth else None
        else:
            q = new_question(essay_type, stem, qid)
            reference = _read_text(el.find("graderinfo"))
            if reference:
                q["reference_answer"] = reference
        q["points"] = _number(el.findtext("defaultgrade"))
        explanation = _read_text(el.find("generalfeedback"))
        if explanation:
            q["explanation"] = explanation
        q["tags"] = [t.strip() for t in el.xpath("tags/tag/text/text()") if t.strip()]
        if hidden or q.get("answer", True) is None:
            q["status"] = "draft"
        result.questions.append(q)
    return result
