"""Editors for trainers: questions (with a live Markdown preview), rubrics and scenarios, with history."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from trainer.auth.access import trainer_required
from trainer.authoring import services
from trainer.authoring.forms import DocumentForm, QuestionForm
from trainer.bank.loader import dump_yaml
from trainer.bank.markdown import render_markdown
from trainer.bank.models import Question, Rubric, Scenario
from trainer.bank.services import CREATED, NEW_VERSION, UNCHANGED, UPDATED, ContentError
from trainer.extensions import db

bp = Blueprint("authoring", __name__, url_prefix="/authoring")
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


# --- rubrics ---------------------------------------------------------------------------------------------


@bp.route("/rubrics")
@trainer_required
def rubrics():
    items = db.session.scalars(select(Rubric).order_by(Rubric.uid)).unique().all()
    return render_template("authoring/documents.html", kind="rubric", items=items)


def _rubric_page(form: DocumentForm, rubric: Rubric | None, error: str | None = None, status: int = 200):
    preview = None
    if form.text.data and error is None:
        try:
            preview = services.check_rubric(form.text.data)
        except ContentError as exc:
            error = f"{exc.field}: {exc.message}"
    return (
        render_template("authoring/rubric_edit.html", form=form, rubric=rubric, preview=preview, error=error),
        status,
    )


def _save_document(form: DocumentForm, saver: Any, expected_uid: str | None) -> tuple[Any, str | None]:
    try:
        outcome = saver(form.text.data, actor_id=current_user.id, expected_uid=expected_uid)
    except ContentError as exc:
        db.session.rollback()
        return None, f"{exc.field}: {exc.message}"
    db.session.commit()
    flash(_outcome_message(outcome.outcome, outcome.version.number), "success")
    return outcome, None


@bp.route("/rubrics/new", methods=["GET", "POST"])
@trainer_required
def new_rubric():
    form = DocumentForm()
    if request.method == "GET" and not form.text.data:
        form.text.data = render_template("authoring/rubric_template.yaml")
    if form.validate_on_submit():
        outcome, error = _save_document(form, services.save_rubric_text, None)
        if outcome is not None:
            return redirect(url_for("authoring.edit_rubric", uid=outcome.obj.uid))
        return _rubric_page(form, None, error, 400)
    return _rubric_page(form, None)


@bp.route("/rubrics/<uid>/edit", methods=["GET", "POST"])
@trainer_required
def edit_rubric(uid: str):
    rubric = db.session.scalar(select(Rubric).where(Rubric.uid == uid))
    if rubric is None or rubric.current is None:
        abort(404)
    form = DocumentForm()
    if request.method == "GET":
        form.text.data = dump_yaml(rubric.current.data)
    if form.validate_on_submit():
        outcome, error = _save_document(form, services.save_rubric_text, uid)
        if outcome is not None:
            return redirect(url_for("authoring.edit_rubric", uid=uid))
        return _rubric_page(form, rubric, error, 400)
    return _rubric_page(form, rubric)


@bp.route("/preview/rubric", methods=["POST"])
@trainer_required
def rubric_preview():
    payload = request.get_json(silent=True) or {}
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        return jsonify(error="text must be a string"), 400
    try:
        rubric = services.check_rubric(text)
    except ContentError as exc:
        return jsonify(ok=False, error=f"{exc.field}: {exc.message}")
    return jsonify(ok=True, html=render_template("authoring/_rubric_preview.html", preview=rubric))


# --- scenarios -------------------------------------------------------------------------------------------


@bp.route("/scenarios")
@trainer_required
def scenarios():
    items = db.session.scalars(select(Scenario).order_by(Scenario.uid)).unique().all()
    return render_template("authoring/documents.html", kind="scenario", items=items)


def _scenario_page(
    form: DocumentForm, scenario: Scenario | None, error: str | None = None, status: int = 200
):
    preview = None
    if form.text.data and error is None:
        try:
            preview = services.scenario_public_view(services.check_scenario(form.text.data))
        except ContentError as exc:
            error = f"{exc.field}: {exc.message}"
    return (
        render_template(
            "authoring/scenario_edit.html", form=form, scenario=scenario, preview=preview, error=error
        ),
        status,
    )


@bp.route("/scenarios/new", methods=["GET", "POST"])
@trainer_required
def new_scenario():
    form = DocumentForm()
    if form.validate_on_submit():
        outcome, error = _save_document(form, services.save_scenario_text, None)
        if outcome is not None:
            return redirect(url_for("authoring.edit_scenario", uid=outcome.obj.uid))
        return _scenario_page(form, None, error, 400)
    return _scenario_page(form, None)


@bp.route("/scenarios/<uid>/edit", methods=["GET", "POST"])
@trainer_required
def edit_scenario(uid: str):
    scenario = db.session.scalar(select(Scenario).where(Scenario.uid == uid))
    if scenario is None or scenario.current is None:
        abort(404)
    form = DocumentForm()
    if request.method == "GET":
        form.text.data = dump_yaml(scenario.current.data)
    if form.validate_on_submit():
        outcome, error = _save_document(form, services.save_scenario_text, uid)
        if outcome is not None:
            return redirect(url_for("authoring.edit_scenario", uid=uid))
        return _scenario_page(form, scenario, error, 400)
    return _scenario_page(form, scenario)


@bp.route("/preview/scenario", methods=["POST"])
@trainer_required
def scenario_preview():
    payload = request.get_json(silent=True) or {}
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        return jsonify(error="text must be a string"), 400
    try:
        view = services.scenario_public_view(services.check_scenario(text))
    except ContentError as exc:
        return jsonify(ok=False, error=f"{exc.field}: {exc.message}")
    return jsonify(ok=True, html=render_template("authoring/_scenario_preview.html", preview=view))


from trainer.authoring import import_routes  # noqa: E402,F401  (the import and exchange routes on this blueprint)
