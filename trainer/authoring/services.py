"""Authoring services: question editor data ↔ bank dicts, and audited rubric and scenario saves.

Everything takes and returns plain data; nothing reads ``request`` or commits (the route does).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

import yaml
from sqlalchemy import select

from trainer.audit import record
from trainer.bank.exchange.results import read_text
from trainer.bank.importer import ImportRefused
from trainer.bank.models import Rubric, Scenario
from trainer.bank.question_types import (
    EDITOR_FIELDS,
    EDITOR_OPTIONS,
    POLICY_ALL_OR_NOTHING,
    QuestionDataError,
    question_types,
)
from trainer.bank.services import (
    UNCHANGED,
    ContentError,
    SaveOutcome,
    question_to_dict,
    save_question,
    save_rubric,
    save_scenario,
)
from trainer.extensions import db

MAX_DOCUMENT_BYTES = 512 * 1024
_SPLIT = re.compile(r"[,，、;；\s]+")


def new_question_id() -> str:
    """A fresh question id for the editor's "new question" page."""
    return f"q-{secrets.token_hex(5)}"


def parse_tags(text: str) -> list[str]:
    """Tags typed as one line, separated by commas (also 、，；) or spaces."""
    return [t for t in _SPLIT.split(text or "") if t]


def answer_text(value: Any) -> str:
    """The editor's text for a stored answer key."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def question_from_form(data: Mapping[str, Any]) -> dict[str, Any]:
    """A bank-format question dict from the editor's fields (only what the chosen type uses)."""
    qtype = str(data.get("type") or "")
    q: dict[str, Any] = {
        "id": str(data.get("id") or "").strip(),
        "type": qtype,
        "lang": data.get("lang") or "zh",
        "points": data.get("points"),
        "difficulty": data.get("difficulty"),
        "tags": parse_tags(str(data.get("tags") or "")),
        "status": data.get("status") or "published",
        "stem": data.get("stem") or "",
    }
    for key in ("background", "explanation", "reference_answer"):
        if (data.get(key) or "").strip():
            q[key] = data[key]
    if qtype in question_types():
        try:
            q.update(question_types().get(qtype).from_editor(data))
        except QuestionDataError as exc:
            raise ContentError(exc.field, exc.message) from None
    return q


def form_from_question(q: Mapping[str, Any], status: str) -> dict[str, Any]:
    """The editor's field values for a bank-format question dict."""
    out: dict[str, Any] = {
        "id": q.get("id"),
        "type": q.get("type"),
        "lang": q.get("lang", "zh"),
        "points": q.get("points", 1),
        "difficulty": q.get("difficulty", 3),
        "tags": ", ".join(q.get("tags") or []),
        "status": status,
        "stem": q.get("stem", ""),
        "background": q.get("background", ""),
        "explanation": q.get("explanation", ""),
        "reference_answer": q.get("reference_answer", ""),
        "answer": answer_text(q.get("answer")),
        "scoring": q.get("scoring") or POLICY_ALL_OR_NOTHING,
        "partial_points": q.get("partial_points"),
        "rubric": q.get("rubric", ""),
        "scenario": q.get("scenario", ""),
    }
    for key in EDITOR_OPTIONS:
        out[f"option_{key}"] = (q.get("options") or {}).get(key, "")
    return out


def editor_field_types() -> dict[str, str]:
    """For each editor field group, the ids of the registered types that use it (space-separated), so
    the editor shows a field only for the types that declare it."""
    return {name: " ".join(question_types().with_field(name)) for name in EDITOR_FIELDS}


def save_edited_question(data: Mapping[str, Any], *, actor_id: int | None) -> SaveOutcome:
    """Save the editor's question: an unused version is edited in place, a frozen one gets a new version."""
    return save_question(question_from_form(data), actor_id=actor_id, in_place=True)


def edited_snapshot(uid: str) -> dict[str, Any] | None:
    """The current bank dict of a question (for the editor), or None when there is no such question."""
    from trainer.bank.models import Question

    q = db.session.scalar(select(Question).where(Question.uid == uid))
    if q is None or q.current is None:
        return None
    return question_to_dict(q)


# --- rubrics and scenarios as YAML documents --------------------------------------------------------------


def parse_yaml_document(text: str) -> dict[str, Any]:
    """One YAML mapping typed into an editor; anchors/aliases refused. Raises ContentError('yaml', …)."""
    try:
        clean = read_text(text, MAX_DOCUMENT_BYTES)
    except ImportRefused as exc:
        raise ContentError("yaml", exc.message) from None
    try:
        for event in yaml.parse(clean, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ContentError("yaml", "anchors and aliases are not allowed")
        loaded = yaml.safe_load(clean)
    except yaml.YAMLError as exc:
        raise ContentError("yaml", f"malformed YAML: {exc}") from None
    if not isinstance(loaded, dict):
        raise ContentError("yaml", "must be a mapping with an id")
    return loaded


def check_rubric(text: str) -> dict[str, Any]:
    """The validated rubric dict of YAML text; raises ContentError naming the field."""
    from trainer.grading.types import Rubric as PlainRubric
    from trainer.grading.types import RubricError

    raw = parse_yaml_document(text)
    try:
        return PlainRubric.from_dict(raw).to_dict()
    except RubricError as exc:
        raise ContentError(exc.field, exc.message) from None


def save_rubric_text(text: str, *, actor_id: int | None, expected_uid: str | None = None) -> SaveOutcome:
    """Save rubric YAML as a version (in place unless a score used it) and audit before/after."""
    data = check_rubric(text)
    if expected_uid is not None and data["id"] != expected_uid:
        raise ContentError("id", f"must stay {expected_uid!r}; save under a new id from “New rubric”")
    if expected_uid is None and db.session.scalar(select(Rubric).where(Rubric.uid == data["id"])):
        raise ContentError("id", f"a rubric {data['id']!r} already exists; edit it instead")
    existing = db.session.scalar(select(Rubric).where(Rubric.uid == data["id"]))
    before = dict(existing.current.data) if existing is not None and existing.current is not None else None
    before_number = existing.current.number if existing is not None and existing.current is not None else None
    outcome = save_rubric(data, actor_id=actor_id, in_place=True)
    if outcome.outcome != UNCHANGED:
        db.session.flush()
        record(
            "rubric.save",
            "rubric",
            data["id"],
            actor_id=actor_id,
            before={"version": before_number, "data": before} if before is not None else None,
            after={
                "version": outcome.version.number,
                "outcome": outcome.outcome,
                "data": outcome.version.data,
            },
        )
    return outcome


def check_scenario(text: str) -> dict[str, Any]:
    """The validated scenario dict of YAML text; raises ContentError naming the field."""
    from trainer.bank.services import validate_scenario

    return validate_scenario(parse_yaml_document(text))


def scenario_public_view(data: Mapping[str, Any]) -> dict[str, Any]:
    """What a candidate sees of a (valid) scenario before the session ends."""
    from trainer.roleplay.scenario import Scenario as PlainScenario

    return PlainScenario.from_dict(data).public_view()


def save_scenario_text(text: str, *, actor_id: int | None, expected_uid: str | None = None) -> SaveOutcome:
    """Save scenario YAML as a version (in place unless a session used it), audited."""
    data = check_scenario(text)
    uid = str(data["id"])
    if expected_uid is not None and uid != expected_uid:
        raise ContentError("id", f"must stay {expected_uid!r}; save under a new id from “New scenario”")
    existing = db.session.scalar(select(Scenario).where(Scenario.uid == uid))
    if expected_uid is None and existing is not None:
        raise ContentError("id", f"a scenario {uid!r} already exists; edit it instead")
    before_number = existing.current.number if existing is not None and existing.current is not None else None
    outcome = save_scenario(data, actor_id=actor_id, in_place=True)
    if outcome.outcome != UNCHANGED:
        db.session.flush()
        record(
            "scenario.save",
            "scenario",
            uid,
            actor_id=actor_id,
            before={"version": before_number} if before_number is not None else None,
            after={"version": outcome.version.number, "outcome": outcome.outcome},
        )
    return outcome


def document_uids(model: Any) -> list[str]:
    """Ids of every rubric or scenario, for the editor's pickers."""
    return list(db.session.scalars(select(model.uid).order_by(model.uid)))
