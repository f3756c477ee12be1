"""Editors for trainers: questions (with a live Markdown preview), rubrics and scenarios, with history."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from trainer.auth.access import trainer_required
from trainer.authoring import bp, services
from trainer.authoring.forms import DocumentForm, QuestionForm
from trainer.bank.loader import dump_yaml
from trainer.bank.markdown import render_markdown
from trainer.bank.models import Question, Rubric, Scenario
from trainer.bank.services import CREATED, NEW_VERSION, UNCHANGED, UPDATED, ContentError
from trainer.extensions import db

MAX_PREVIEW_CHARS = 50_000


def _outcome_message(outcome: str, number: int) -> str:
    return {
        CREATED: _("Created (v%(n)d).", n=number),
        NEW_VERSION: _(
            "Saved as a new version v%(n)d: the old one was used by attempts and is kept.", n=number
        ),
        UPDATED: _("Saved (v%(n)d updated in place: no attempt has used it yet).", n=number),
        UNCHANGED: _("Nothing changed."),
    }[outcome]


def _field_errors(form: Any, exc: ContentError) -> None:
    """Put a ContentError on the form field it names (options.B → option_B), else on the form."""
    name = exc.field.replace("options.", "option_").split("[")[0]
    if name == "options":
        name = "option_A"
    if name == "scoring" or name == "partial_points" or hasattr(form, name):
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, exc.message]
            return
    form.form_errors.append(f"{exc.field}: {exc.message}")


def _editor_context(form: QuestionForm, question: Question | None) -> dict[str, Any]:
    return {
        "form": form,
        "question": question,
        "rubric_ids": services.document_uids(Rubric),
        "scenario_ids": services.document_uids(Scenario),
        "field_types": services.editor_field_types(),
    }


# --- questions ------------------------------------------------------------------------------------------


@bp.route("/questions/new", methods=["GET", "POST"])
@trainer_required
def new_question():
    form = QuestionForm()
    if request.method == "GET":
        form.id.data = services.new_question_id()
        form.type.data = request.args.get("type") or "single"
    if form.validate_on_submit():
        if db.session.scalar(select(Question).where(Question.uid == form.id.data)) is not None:
            form.id.errors = [_("A question with this id exists already.")]
        else:
            try:
                outcome = services.save_edited_question(form.data, actor_id=current_user.id)
            except ContentError as exc:
                db.session.rollback()
                _field_errors(form, exc)
            else:
                db.session.commit()
                flash(_outcome_message(outcome.outcome, outcome.version.number), "success")
                return redirect(url_for("authoring.edit_question", uid=outcome.obj.uid))
    return render_template("authoring/question_edit.html", **_editor_context(form, None))


@bp.route("/questions/<uid>/edit", methods=["GET", "POST"])
@trainer_required
def edit_question(uid: str):
    question = db.session.scalar(select(Question).where(Question.uid == uid))
    if question is None or question.current is None:
        abort(404)
    form = QuestionForm()
    if request.method == "GET":
        snapshot = services.edited_snapshot(uid) or {}
        form.process(data=services.form_from_question(snapshot, question.status))
    form.id.data = uid  # the id of an existing question never changes
    if form.validate_on_submit():
        try:
            outcome = services.save_edited_question(form.data, actor_id=current_user.id)
        except ContentError as exc:
            db.session.rollback()
            _field_errors(form, exc)
        else:
            db.session.commit()
            flash(_outcome_message(outcome.outcome, outcome.version.number), "success")
            return redirect(url_for("authoring.edit_question", uid=uid))
    return render_template("authoring/question_edit.html", **_editor_context(form, question))


@bp.route("/preview/markdown", methods=["POST"])
@trainer_required
def markdown_preview():
    payload = request.get_json(silent=True) or {}
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str) or len(text) > MAX_PREVIEW_CHARS:
        return jsonify(error="text must be a string up to 50,000 characters"), 400
    return jsonify(html=str(render_markdown(text)))


# --- rubrics and scenarios: YAML documents with a validated, rendered preview ---------------------------


@dataclass(frozen=True)
class DocumentKind:
    """What differs between the rubric and the scenario editors."""

    name: str  # rubric | scenario
    model: Any
    save: Callable[..., Any]
    preview: Callable[[str], Any]  # YAML text -> what the preview template shows; raises ContentError
    page_template: str
    preview_template: str
    starter_template: str | None = None  # the text a new document starts from


RUBRICS = DocumentKind(
    "rubric",
    Rubric,
    services.save_rubric_text,
    services.check_rubric,
    "authoring/rubric_edit.html",
    "authoring/_rubric_preview.html",
    "authoring/rubric_template.yaml",
)
SCENARIOS = DocumentKind(
    "scenario",
    Scenario,
    services.save_scenario_text,
    lambda text: services.scenario_public_view(services.check_scenario(text)),  # never the hidden fields
    "authoring/scenario_edit.html",
    "authoring/_scenario_preview.html",
)


def _document_list(kind: DocumentKind):
    items = db.session.scalars(select(kind.model).order_by(kind.model.uid)).unique().all()
    return render_template("authoring/documents.html", kind=kind.name, items=items)


def _document_page(
    kind: DocumentKind, form: DocumentForm, doc: Any, error: str | None = None, status: int = 200
):
    preview = None
    if form.text.data and error is None:
        try:
            preview = kind.preview(form.text.data)
        except ContentError as exc:
            error = f"{exc.field}: {exc.message}"
    context = {"form": form, kind.name: doc, "preview": preview, "error": error}
    if kind is SCENARIOS and preview is not None:  # the behaviours and their examples, for the trainer
        from trainer.authoring.tryout import script_overview

        with suppress(ContentError, ValueError):  # the preview above already says what is wrong
            context["script"] = script_overview(form.text.data)
    return render_template(kind.page_template, **context), status


def _save_document(
    form: DocumentForm, kind: DocumentKind, expected_uid: str | None
) -> tuple[Any, str | None]:
    try:
        outcome = kind.save(form.text.data, actor_id=current_user.id, expected_uid=expected_uid)
    except ContentError as exc:
        db.session.rollback()
        return None, f"{exc.field}: {exc.message}"
    db.session.commit()
    flash(_outcome_message(outcome.outcome, outcome.version.number), "success")
    return outcome, None


def _new_document(kind: DocumentKind):
    form = DocumentForm()
    if request.method == "GET" and not form.text.data and kind.starter_template:
        form.text.data = render_template(kind.starter_template)
    if form.validate_on_submit():
        outcome, error = _save_document(form, kind, None)
        if outcome is not None:
            return redirect(url_for(f"authoring.edit_{kind.name}", uid=outcome.obj.uid))
        return _document_page(kind, form, None, error, 400)
    return _document_page(kind, form, None)


def _edit_document(kind: DocumentKind, uid: str):
    doc = db.session.scalar(select(kind.model).where(kind.model.uid == uid))
    if doc is None or doc.current is None:
        abort(404)
    form = DocumentForm()
    if request.method == "GET":
        form.text.data = dump_yaml(doc.current.data)
    if form.validate_on_submit():
        outcome, error = _save_document(form, kind, uid)
        if outcome is not None:
            return redirect(url_for(f"authoring.edit_{kind.name}", uid=uid))
        return _document_page(kind, form, doc, error, 400)
    return _document_page(kind, form, doc)


def _document_preview(kind: DocumentKind):
    payload = request.get_json(silent=True) or {}
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str) or len(text) > MAX_PREVIEW_CHARS:
        return jsonify(error="text must be a string up to 50,000 characters"), 400
    try:
        preview = kind.preview(text)
    except ContentError as exc:
        return jsonify(ok=False, error=f"{exc.field}: {exc.message}")
    return jsonify(ok=True, html=render_template(kind.preview_template, preview=preview))


@bp.route("/rubrics")
@trainer_required
def rubrics():
    return _document_list(RUBRICS)


@bp.route("/rubrics/new", methods=["GET", "POST"])
@trainer_required
def new_rubric():
    return _new_document(RUBRICS)


@bp.route("/rubrics/<uid>/edit", methods=["GET", "POST"])
@trainer_required
def edit_rubric(uid: str):
    return _edit_document(RUBRICS, uid)


@bp.route("/preview/rubric", methods=["POST"])
@trainer_required
def rubric_preview():
    return _document_preview(RUBRICS)


@bp.route("/scenarios")
@trainer_required
def scenarios():
    return _document_list(SCENARIOS)


@bp.route("/scenarios/new", methods=["GET", "POST"])
@trainer_required
def new_scenario():
    return _new_document(SCENARIOS)


@bp.route("/scenarios/<uid>/edit", methods=["GET", "POST"])
@trainer_required
def edit_scenario(uid: str):
    return _edit_document(SCENARIOS, uid)


@bp.route("/preview/scenario", methods=["POST"])
@trainer_required
def scenario_preview():
    return _document_preview(SCENARIOS)


@bp.route("/scenarios/try", methods=["POST"])
@trainer_required
def scenario_try():
    """Play pasted candidate lines against the scenario text being edited (nothing is stored)."""
    from trainer.authoring.tryout import script_overview, try_scenario
    from trainer.roleplay.practice import LEVEL_NAMES
    from trainer.roleplay.services import END_LABELS

    payload = request.get_json(silent=True) or {}
    text, lines = payload.get("text"), payload.get("lines")
    if not isinstance(text, str) or not isinstance(lines, str) or len(text) > MAX_PREVIEW_CHARS:
        return jsonify(error="text and lines must be strings (text up to 50,000 characters)"), 400
    try:
        result = try_scenario(text, lines, str(payload.get("difficulty") or "") or None)
        script = script_overview(text)
    except (ContentError, ValueError) as exc:
        message = f"{exc.field}: {exc.message}" if isinstance(exc, ContentError) else str(exc)
        return jsonify(ok=False, error=message)
    html = render_template(
        "authoring/_scenario_try.html",
        result=result,
        script=script,
        end_labels=END_LABELS,
        level_names=LEVEL_NAMES,
    )
    return jsonify(ok=True, html=html, end_state=result["end_state"], anger_path=result["anger_path"])
