"""Rubric and scenario drafts of an imported paper: shown as YAML in the preview, saved when accepted.

A drafted rubric (case, interview) or scenario (情景模拟) is only a proposal. When the trainer accepts one,
it is checked with the editors' own validators, saved as a document in the same transaction as the
questions, and the question is linked to it and published. Nothing here commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trainer.authoring.imports import ImportFailed
from trainer.authoring.services import check_rubric, check_scenario, save_rubric_text, save_scenario_text
from trainer.bank.loader import dump_yaml
from trainer.bank.models import STATUS_PUBLISHED, Rubric, Scenario
from trainer.bank.question_types import FIELD_SCENARIO, question_types
from trainer.bank.services import ContentError
from trainer.extensions import db

KINDS = ("rubric", "scenario")
MISFITS = {
    "rubric": _l(
        "A rubric goes with a case-analysis or interview question: change the type back or untick the rubric."
    ),
    "scenario": _l("A scenario goes with a role-play question: change the type back or untick the scenario."),
}


@dataclass
class AcceptedDraft:
    """A draft the trainer kept: which kind, the YAML as finally edited, and the staged original."""

    kind: str  # rubric | scenario
    text: str
    original: str = ""


def draft_yaml(row: dict[str, Any], kind: str) -> str:
    """The YAML text of a row's rubric or scenario draft ('' when it has none)."""
    draft = row.get(f"{kind}_draft")
    return dump_yaml(json.loads(json.dumps(draft))) if draft else ""  # plain copies: no YAML aliases


def link_drafts(
    rows: list[tuple[int, dict[str, Any]]], accepted: dict[int, list[AcceptedDraft]]
) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, AcceptedDraft, dict[str, Any]]]]:
    """Check every accepted draft and link it to its question; writes nothing. Raises ImportFailed.

    Returns the rows with ``rubric``/``scenario`` set (and published), and the documents to save.
    """
    errors: dict[int, str] = {}
    out: list[tuple[int, dict[str, Any]]] = []
    documents: list[tuple[int, AcceptedDraft, dict[str, Any]]] = []
    for position, question in rows:
        question = dict(question)
        for draft in accepted.get(position, []):
            try:
                data = check_rubric(draft.text) if draft.kind == "rubric" else check_scenario(draft.text)
            except ContentError as exc:
                errors[position] = f"{exc.field}: {exc.message}"
                continue
            qtype = question_types().get(question["type"])
            fits = qtype.needs_rubric if draft.kind == "rubric" else FIELD_SCENARIO in qtype.editor_fields
            if not fits:
                errors[position] = str(MISFITS[draft.kind])
                continue
            question[draft.kind] = str(data["id"])
            question["status"] = STATUS_PUBLISHED
            documents.append((position, draft, data))
        out.append((position, question))
    if errors:
        raise ImportFailed(errors)
    return out, documents


def save_documents(
    documents: list[tuple[int, AcceptedDraft, dict[str, Any]]], *, actor_id: int | None
) -> None:
    """Save the accepted rubrics and scenarios (audited, as the editors do). Raises ImportFailed.

    A document that exists already (saved from the editor a moment ago, or by an earlier import) is
    linked as it is when the preview still shows the untouched draft, else saved as its next version.
    """
    for position, draft, data in documents:
        model = Rubric if draft.kind == "rubric" else Scenario
        uid = str(data["id"])
        exists = db.session.scalar(select(model).where(model.uid == uid)) is not None
        if exists and draft.text.strip() == draft.original.strip():
            continue
        save = save_rubric_text if draft.kind == "rubric" else save_scenario_text
        try:
            save(draft.text, actor_id=actor_id, expected_uid=uid if exists else None)
        except ContentError as exc:
            raise ImportFailed({position: f"{exc.field}: {exc.message}"}) from None


def accepted_from_form(rows: list[dict[str, Any]], form: Any) -> dict[int, list[AcceptedDraft]]:
    """The drafts ticked in the preview form (``use_rubric_N`` with ``rubric_text_N``…), by position."""
    out: dict[int, list[AcceptedDraft]] = {}
    for row in rows:
        position = int(row["position"])
        for kind in KINDS:
            if row.get(f"{kind}_draft") and form.get(f"use_{kind}_{position}"):
                original = draft_yaml(row, kind)
                text = form.get(f"{kind}_text_{position}") or original
                out.setdefault(position, []).append(AcceptedDraft(kind, text, original))
    return out


def accept_all(rows: list[dict[str, Any]]) -> dict[int, list[AcceptedDraft]]:
    """Every draft of every row, unedited (``bank import --accept-drafts``)."""
    out: dict[int, list[AcceptedDraft]] = {}
    for row in rows:
        for kind in KINDS:
            text = draft_yaml(row, kind)
            if text:
                out.setdefault(int(row["position"]), []).append(AcceptedDraft(kind, text, text))
    return out
