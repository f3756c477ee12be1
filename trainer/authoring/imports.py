"""Staged imports: what an upload found, kept server-side between the preview and the commit.

A staged import is a JSON file ``<staging dir>/<token>.json`` owned by the user who uploaded it. The
preview edits nothing; :func:`commit_rows` writes every kept row or raises before writing anything.
Nothing here commits: the route or CLI command owns the transaction.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.bank.importer import ImportReport
from trainer.bank.models import STATUS_DRAFT
from trainer.bank.question_types import QuestionDataError, QuestionType, question_types
from trainer.bank.services import ContentError, normalize_question, save_question

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
STAGED_LIFETIME_SECONDS = 24 * 3600


class ImportFailed(ValueError):
    """An import that cannot be written; ``errors`` maps a row's position to what is wrong with it."""

    def __init__(self, errors: dict[int, str]):
        super().__init__("; ".join(f"#{k}: {v}" for k, v in sorted(errors.items())))
        self.errors = errors


@dataclass
class StagedImport:
    """An upload waiting for the trainer's confirmation."""

    token: str
    user_id: int
    kind: str  # paper | moodle | gift | aiken | yaml
    filename: str
    # {"position", "question", "warnings": [{"line", "code", "params"}], "rubric_draft", "scenario_draft"}
    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {"line", "text", "reason"}
    warnings: list[dict[str, Any]] = field(default_factory=list)  # warnings that belong to no row

    def to_dict(self) -> dict[str, Any]:
        """The JSON kept on disk."""
        return {
            "token": self.token,
            "user_id": self.user_id,
            "kind": self.kind,
            "filename": self.filename,
            "rows": self.rows,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }


def rows_from_report(report: ImportReport) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Preview rows (position, bank-format question, warnings as codes, drafts) of a parsed paper, and
    the warnings that belong to no question."""
    by_position: dict[int, list[dict[str, Any]]] = {}
    loose: list[dict[str, Any]] = []
    for w in report.warnings:
        plain = {"line": w.line, "code": w.code, "params": dict(w.params)}
        if w.position is None:
            loose.append(plain)
        else:
            by_position.setdefault(w.position, []).append(plain)
    rows = [
        {
            "position": q.position,
            "question": q.to_question_dict(),
            "warnings": by_position.get(q.position, []),
            "rubric_draft": q.rubric_draft,
            "scenario_draft": q.scenario_draft,
        }
        for q in report.questions
    ]
    return rows, loose


def rows_from_dicts(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Preview rows for bank-format question dicts read from an exchange file."""
    return [{"position": i, "question": q, "warnings": []} for i, q in enumerate(questions, start=1)]


def _staging_dir(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    return root


class StagingFailed(OSError):
    """The staged import could not be written (disk full, or the staging folder's size limit reached)."""


def stage(root: Path, staged: StagedImport, max_bytes: int | None = None) -> StagedImport:
    """Write a staged import under ``root`` (and remove stale ones); returns it with its new token.

    Raises StagingFailed, leaving nothing behind, when the disk is full or the folder would grow past
    ``max_bytes`` (IMPORT_STAGING_MAX_BYTES).
    """
    folder = _staging_dir(root)
    now = time.time()
    for old in folder.glob("*.json"):
        try:
            if now - old.stat().st_mtime > STAGED_LIFETIME_SECONDS:
                old.unlink()
        except OSError:
            pass
    staged.token = secrets.token_urlsafe(18)
    path = folder / f"{staged.token}.json"
    tmp = path.with_suffix(".tmp")
    body = json.dumps(staged.to_dict(), ensure_ascii=False).encode("utf-8")
    try:
        if max_bytes is not None:
            used = sum(p.stat().st_size for p in folder.glob("*.json"))
            if used + len(body) > max_bytes:
                raise OSError(errno.ENOSPC, "the staging folder is full")
        tmp.write_bytes(body)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StagingFailed(exc.errno, f"the upload could not be stored: {exc.strerror or exc}") from exc
    return staged


def load_staged(root: Path, token: str, user_id: int) -> StagedImport | None:
    """The staged import with this token when it belongs to ``user_id``; None otherwise."""
    if not TOKEN.match(token or ""):
        return None
    path = root / f"{token}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if raw.get("user_id") != user_id:
        return None
    return StagedImport(
        token=token,
        user_id=user_id,
        kind=raw.get("kind", "paper"),
        filename=raw.get("filename", ""),
        rows=raw.get("rows", []),
        skipped=raw.get("skipped", []),
        warnings=raw.get("warnings", []),
    )


def discard(root: Path, token: str) -> None:
    """Remove a staged import (after it was written, or abandoned)."""
    if TOKEN.match(token or ""):
        (root / f"{token}.json").unlink(missing_ok=True)


def retype(question: dict[str, Any], new_type: str) -> dict[str, Any]:
    """A copy of ``question`` changed to ``new_type``, keeping what still fits and dropping the rest.

    A question left without its answer key (or, for free text, without a rubric or scenario) becomes a
    draft, so the trainer can finish it in the editor.
    """
    qtype = question_types().get(new_type)  # unknown types fail loudly
    if new_type == question.get("type"):
        return dict(question)
    q = qtype.adopt(question)
    if q.get("answer", "") is None:
        q.pop("answer")
        q["status"] = STATUS_DRAFT
    if qtype.objective and "answer" not in q:
        q["status"] = STATUS_DRAFT
    if (qtype.needs_rubric and not q.get("rubric")) or not _complete_free_text(qtype, q):
        q["status"] = STATUS_DRAFT
    return q


def _complete_free_text(qtype: QuestionType, q: dict[str, Any]) -> bool:
    """Whether a free-text question's own type data is whole (a role-play question names its scenario)."""
    if qtype.objective:
        return True
    try:
        qtype.validate_data({k: v for k, v in q.items() if k not in ("status",)})
    except QuestionDataError:
        return False
    return True


def row_problem(question: dict[str, Any]) -> str | None:
    """What stops this question being saved, or None."""
    try:
        normalize_question(question)
    except ContentError as exc:
        return f"{exc.field}: {exc.message}"
    return None


def chosen_rows(
    rows: list[dict[str, Any]], types: dict[int, str], dropped: set[int]
) -> list[tuple[int, dict[str, Any]]]:
    """The rows the trainer kept, as (position, question) with any type changes applied."""
    out = []
    for row in rows:
        position = int(row["position"])
        if position in dropped:
            continue
        question = row["question"]
        wanted = types.get(position)
        if wanted and wanted != question.get("type"):
            question = retype(question, wanted)
        out.append((position, question))
    return out


def commit_rows(
    rows: list[tuple[int, dict[str, Any]]], *, actor_id: int | None, source: str | None
) -> list[dict[str, Any]]:
    """Save every row as a question; all checked before the first write. Raises ImportFailed.

    Returns one summary per row: uid, type, status, stem and what happened (created, new_version…).
    The caller commits, or rolls back when anything raises.
    """
    errors = {pos: problem for pos, q in rows if (problem := row_problem(q))}
    if errors:
        raise ImportFailed(errors)
    done = []
    for position, question in rows:
        try:
            outcome = save_question(question, actor_id=actor_id, source=source)
        except ContentError as exc:
            raise ImportFailed({position: f"{exc.field}: {exc.message}"}) from None
        done.append(
            {
                "position": position,
                "uid": outcome.obj.uid,
                "type": outcome.version.type,
                "status": outcome.obj.status,
                "stem": outcome.version.stem,
                "outcome": outcome.outcome,
            }
        )
    return done


def source_name(filename: str) -> str:
    """The bank file name imported questions are exported under (``import-<name>.yaml``)."""
    stem = Path(filename or "paper").stem
    safe = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "paper"
    return f"import-{safe[:80]}.yaml"
