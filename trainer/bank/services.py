"""Saving questions, rubrics and scenarios as versions; reading them back as their file-format dicts.

The dict shapes are the YAML formats of DESIGN.md. Services add to the session; the caller commits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from trainer.bank.formats import check_scenario, error_parts, parse_rubric
from trainer.bank.models import (
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    STATUSES,
    Question,
    QuestionTag,
    QuestionVersion,
    Rubric,
    RubricVersion,
    Scenario,
    ScenarioVersion,
)
from trainer.bank.question_types import QuestionDataError, UnknownQuestionType, question_types
from trainer.extensions import db

# Keys of a question dict stored in their own columns; every other key is type data.
COLUMN_KEYS = (
    "type",
    "lang",
    "points",
    "difficulty",
    "stem",
    "background",
    "explanation",
    "reference_answer",
)
META_KEYS = ("id", "status", "tags", "rubric")

CREATED = "created"
NEW_VERSION = "new_version"
UPDATED = "updated"
UNCHANGED = "unchanged"


class ContentError(ValueError):
    """Content that cannot be saved; ``field`` names the offending key."""

    def __init__(self, field: str, message: str, item_id: str | None = None):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.item_id = item_id


def content_hash(data: Mapping[str, Any]) -> str:
    """A stable fingerprint of a content dict (key order and formatting do not matter)."""
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def normalize_question(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a question dict and return it in canonical form; raises ContentError naming the field."""
    if not isinstance(raw, Mapping):
        raise ContentError("question", "must be a mapping")
    uid = raw.get("id")
    if not isinstance(uid, str) or not uid.strip():
        raise ContentError("id", "is required")
    uid = uid.strip()
    qtype_id = raw.get("type")
    try:
        qtype = question_types().get(str(qtype_id))
    except UnknownQuestionType:
        raise ContentError("type", f"unknown question type {qtype_id!r}", uid) from None
    status = raw.get("status") or STATUS_PUBLISHED
    if status not in STATUSES:
        raise ContentError("status", f"must be one of {', '.join(STATUSES)}", uid)
    stem = raw.get("stem")
    if not isinstance(stem, str) or not stem.strip():
        raise ContentError("stem", "is required", uid)
    points = raw.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, int | float) or points <= 0:
        raise ContentError("points", "must be a positive number", uid)
    difficulty = raw.get("difficulty", 3)
    if isinstance(difficulty, bool) or not isinstance(difficulty, int) or not 1 <= difficulty <= 5:
        raise ContentError("difficulty", "must be a whole number from 1 to 5", uid)
    lang = str(raw.get("lang") or "zh")
    if lang not in ("zh", "en"):
        raise ContentError("lang", "must be zh or en", uid)
    tags = raw.get("tags") or []
    if not isinstance(tags, list) or any(not isinstance(t, str | int) or not str(t).strip() for t in tags):
        raise ContentError("tags", "must be a list of words", uid)
    data = {k: v for k, v in raw.items() if k not in COLUMN_KEYS and k not in META_KEYS}
    try:
        qtype.validate_data(data, draft=status == STATUS_DRAFT)
    except QuestionDataError as exc:
        raise ContentError(exc.field, exc.message, uid) from None
    rubric = raw.get("rubric")
    if qtype.needs_rubric and status != STATUS_DRAFT and not rubric:
        raise ContentError("rubric", "a free-text question needs a rubric id", uid)
    out: dict[str, Any] = {
        "id": uid,
        "type": qtype.id,
        "lang": lang,
        "points": points,
        "tags": list(dict.fromkeys(str(t).strip() for t in tags)),
        "difficulty": difficulty,
        "status": status,
    }
    for key in ("background", "stem", "explanation", "reference_answer"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise ContentError(key, "must be text", uid)
        if value:
            out[key] = value.strip("\n") if key != "stem" else value.strip()
    if rubric:
        out["rubric"] = str(rubric)
    out.update(data)
    return out


def _question_content(spec: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k not in ("id", "status")}


@dataclass
class SaveOutcome:
    obj: Any
    version: Any
    outcome: str  # created | new_version | updated | unchanged


def save_question(
    raw: Mapping[str, Any], *, actor_id: int | None = None, source: str | None = None, in_place: bool = False
) -> SaveOutcome:
    """Create a question or a new version of it. Unchanged content creates nothing.

    With ``in_place`` an edit overwrites the current version when no attempt has shown it yet.
    """
    spec = normalize_question(raw)
    digest = content_hash(_question_content(spec))
    question = db.session.scalar(select(Question).where(Question.uid == spec["id"]))
    if question is None:
        question = Question(uid=spec["id"], status=spec["status"], source=source)
        db.session.add(question)
        outcome = CREATED
    elif question.current is not None and question.current.content_hash == digest:
        if question.status != spec["status"]:
            question.status = spec["status"]
            return SaveOutcome(question, question.current, UPDATED)
        return SaveOutcome(question, question.current, UNCHANGED)
    else:
        question.status = spec["status"]
        if source and not question.source:
            question.source = source
        outcome = NEW_VERSION
    current = question.current
    if outcome == NEW_VERSION and in_place and current is not None and not current.frozen:
        version = current
        outcome = UPDATED
    else:
        number = max((v.number for v in question.versions), default=0) + 1
        version = QuestionVersion(question=question, number=number, created_by_id=actor_id)
        db.session.add(version)
    version.type = spec["type"]
    version.lang = spec["lang"]
    version.points = float(spec["points"])
    version.difficulty = spec["difficulty"]
    version.stem = spec["stem"]
    version.background = spec.get("background", "")
    version.explanation = spec.get("explanation", "")
    version.reference_answer = spec.get("reference_answer", "")
    version.rubric_uid = spec.get("rubric")
    version.tags = spec["tags"]
    version.data = {k: v for k, v in spec.items() if k not in COLUMN_KEYS and k not in META_KEYS}
    version.content_hash = digest
    question.current = version
    existing = {t.tag for t in question.tags}
    wanted = set(spec["tags"])
    question.tags = [t for t in question.tags if t.tag in wanted] + [
        QuestionTag(tag=t) for t in spec["tags"] if t not in existing
    ]
    return SaveOutcome(question, version, outcome)


def question_to_dict(question: Question, version: QuestionVersion | None = None) -> dict[str, Any]:
    """A question version in the YAML format of DESIGN.md (the inverse of ``save_question``)."""
    v = version or question.current
    if v is None:
        raise ValueError(f"question {question.uid} has no version")
    out: dict[str, Any] = {"id": question.uid, "type": v.type, "lang": v.lang}
    out["points"] = int(v.points) if float(v.points).is_integer() else v.points
    out["tags"] = list(v.tags or [])
    out["difficulty"] = v.difficulty
    if question.status != STATUS_PUBLISHED:
        out["status"] = question.status
    if v.background:
        out["background"] = v.background
    out["stem"] = v.stem
    out.update(v.data or {})
    if v.explanation:
        out["explanation"] = v.explanation
    if v.rubric_uid:
        out["rubric"] = v.rubric_uid
    if v.reference_answer:
        out["reference_answer"] = v.reference_answer
    return out


def _save_document(
    parent_cls: Any,
    version_cls: Any,
    uid: str,
    title: str,
    lang: str,
    data: dict,
    actor_id: int | None,
    in_place: bool,
) -> SaveOutcome:
    """Shared versioning for rubrics and scenarios: same content → nothing; frozen → new version."""
    digest = content_hash(data)
    parent = db.session.scalar(select(parent_cls).where(parent_cls.uid == uid))
    if parent is None:
        parent = parent_cls(uid=uid)
        db.session.add(parent)
        outcome = CREATED
    elif parent.current is not None and parent.current.content_hash == digest:
        return SaveOutcome(parent, parent.current, UNCHANGED)
    else:
        outcome = NEW_VERSION
    current = parent.current
    if outcome == NEW_VERSION and in_place and current is not None and not current.frozen:
        version, outcome = current, UPDATED
    else:
        number = max((v.number for v in parent.versions), default=0) + 1
        version = version_cls(number=number, created_by_id=actor_id)
        parent.versions.append(version)
        db.session.add(version)
    version.title = title
    version.lang = lang
    version.data = data
    version.content_hash = digest
    parent.current = version
    return SaveOutcome(parent, version, outcome)


def save_rubric(
    raw: Mapping[str, Any], *, actor_id: int | None = None, in_place: bool = False
) -> SaveOutcome:
    """Validate and save a rubric dict as a version; raises ContentError naming the field."""
    try:
        rubric = parse_rubric(raw)
    except ValueError as exc:
        rid = raw.get("id") if isinstance(raw, Mapping) else None
        raise ContentError(*error_parts(exc, "rubric"), str(rid) if rid else None) from None
    return _save_document(
        Rubric, RubricVersion, rubric.id, rubric.title, rubric.lang, rubric.to_dict(), actor_id, in_place
    )


def validate_scenario(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check a role-play scenario dict with the role-play area's format; returns it as a dict.

    Raises ContentError naming the field."""
    try:
        check_scenario(raw)
    except ValueError as exc:
        rid = raw.get("id") if isinstance(raw, Mapping) else None
        raise ContentError(*error_parts(exc, "scenario"), str(rid) if rid else None) from None
    return dict(raw)


def save_scenario(
    raw: Mapping[str, Any], *, actor_id: int | None = None, in_place: bool = False
) -> SaveOutcome:
    """Validate and save a role-play scenario dict as a version."""
    data = validate_scenario(raw)
    return _save_document(
        Scenario,
        ScenarioVersion,
        str(data["id"]),
        str(data.get("title") or data["id"]),
        str(data.get("lang") or "zh"),
        data,
        actor_id,
        in_place,
    )


def current_rubric(uid: str) -> RubricVersion | None:
    """The current version of the rubric with this id, or None."""
    rubric = db.session.scalar(select(Rubric).where(Rubric.uid == uid))
    return rubric.current if rubric is not None else None
