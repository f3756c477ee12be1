"""Paper import (upload → preview → import all or nothing) and exchange downloads and uploads."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from flask import abort, current_app, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from trainer.auth.access import trainer_required, wants_json
from trainer.authoring import bp, exchange
from trainer.authoring.forms import DocumentForm, ExchangeUploadForm, PaperUploadForm, type_choices
from trainer.authoring.import_drafts import KINDS, accepted_from_form, draft_yaml, link_drafts, save_documents
from trainer.authoring.imports import (
    ImportFailed,
    StagedImport,
    StagingFailed,
    chosen_rows,
    commit_rows,
    discard,
    load_staged,
    row_problem,
    rows_from_dicts,
    rows_from_report,
    source_name,
    stage,
)
from trainer.authoring.routes import RUBRICS, SCENARIOS
from trainer.bank.importer import DEFAULT_MAX_BYTES, ImportRefused, parse_paper
from trainer.bank.importer.messages import reason_label, warning_text
from trainer.bank.loader import dump_yaml
from trainer.bank.models import Question, Rubric
from trainer.bank.routes import filtered_questions
from trainer.bank.services import ContentError
from trainer.extensions import db
from trainer.grading.rubric_exchange import rubric_from_json, rubric_from_yaml, rubric_to_json, rubric_to_yaml


def _staging_limit() -> int | None:
    """IMPORT_STAGING_MAX_BYTES: how large the staging folder may grow (None: as the disk allows)."""
    value = current_app.config.get("IMPORT_STAGING_MAX_BYTES")
    return int(value) if value else None


def _staging_full() -> str:
    return _("The server has no room to store this upload right now. Nothing was imported; try again later.")


def _staging_root() -> Path:
    configured = current_app.config.get("IMPORT_STAGING_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "imports"


def _max_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def _refused(template: str, form: Any, message: str):
    """The upload page again with the refusal (JSON for the page's script)."""
    if wants_json():
        return jsonify(error=message), 400
    return render_template(template, form=form, error=message), 400


def _staged_response(staged: StagedImport):
    url = url_for("authoring.import_preview", token=staged.token)
    if wants_json():
        return jsonify(redirect=url, questions=len(staged.rows))
    return redirect(url)


@bp.route("/import", methods=["GET", "POST"])
@trainer_required
def import_paper():
    form = PaperUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(_max_bytes() + 1)
        try:
            report = parse_paper(data, upload.filename or "", max_bytes=_max_bytes())
        except ImportRefused as exc:
            return _refused("authoring/import_upload.html", form, exc.message)
        rows, loose = rows_from_report(report)
        staged = StagedImport(
            token="",
            user_id=current_user.id,
            kind="paper",
            filename=upload.filename or "",
            rows=rows,
            skipped=[s.to_dict() for s in report.skipped],
            warnings=loose,
        )
        try:
            return _staged_response(stage(_staging_root(), staged, _staging_limit()))
        except StagingFailed:
            return _refused("authoring/import_upload.html", form, _staging_full())
    if request.method == "POST":
        message = "; ".join(e for errors in form.errors.values() for e in errors)
        return _refused("authoring/import_upload.html", form, message or _("Choose a file."))
    return render_template("authoring/import_upload.html", form=form, error=None)


def _staged_or_404(token: str) -> StagedImport:
    staged = load_staged(_staging_root(), token, current_user.id)
    if staged is None:
        abort(404)
    return staged


def _preview(staged: StagedImport, errors: dict[int, str] | None = None, status: int = 200, chosen=None):
    problems = {int(r["position"]): row_problem(r["question"]) for r in staged.rows}
    drafts = {int(r["position"]): {kind: draft_yaml(r, kind) for kind in KINDS} for r in staged.rows}
    uids = [str(r["question"].get("id")) for r in staged.rows]
    existing = set(db.session.scalars(select(Question.uid).where(Question.uid.in_(uids)))) if uids else set()
    return (
        render_template(
            "authoring/import_preview.html",
            staged=staged,
            problems=problems,
            errors=errors or {},
            type_choices=type_choices(),
            chosen=chosen or {},
            existing=existing,
            warning_text=warning_text,
            reason_label=reason_label,
            drafts=drafts,
        ),
        status,
    )


@bp.route("/import/<token>")
@trainer_required
def import_preview(token: str):
    return _preview(_staged_or_404(token))


@bp.route("/import/<token>", methods=["POST"])
@trainer_required
def import_commit(token: str):
    staged = _staged_or_404(token)
    if request.form.get("action") == "cancel":
        discard(_staging_root(), token)
        return redirect(url_for("authoring.import_paper"))
    valid_types = {c.value for c in type_choices()}
    types = {
        int(r["position"]): request.form.get(f"type_{r['position']}", "")
        for r in staged.rows
        if request.form.get(f"type_{r['position']}", "") in valid_types
    }
    dropped = {int(r["position"]) for r in staged.rows if request.form.get(f"drop_{r['position']}")}
    rows = chosen_rows(staged.rows, types, dropped)
    accepted = accepted_from_form(staged.rows, request.form)
    chosen = {"types": types, "dropped": dropped, "accepted": accepted}
    if not rows:
        return _preview(staged, {0: _("Every row is dropped: nothing to import.")}, 400, chosen)
    try:
        rows, documents = link_drafts(rows, accepted)
        save_documents(documents, actor_id=current_user.id)
        done = commit_rows(rows, actor_id=current_user.id, source=source_name(staged.filename))
        db.session.commit()
    except ImportFailed as exc:
        db.session.rollback()
        return _preview(staged, exc.errors, 400, chosen)
    except Exception:
        db.session.rollback()
        raise
    discard(_staging_root(), token)
    return render_template(
        "authoring/import_done.html",
        done=done,
        filename=staged.filename,
        type_labels={c.value: c.label for c in type_choices()},
    )


@bp.route("/import/<token>/<int:position>/<kind>", methods=["GET", "POST"])
@trainer_required
def import_draft_editor(token: str, position: int, kind: str):
    """Open a row's drafted rubric or scenario (as edited in the preview) in its editor, unsaved."""
    staged = _staged_or_404(token)
    row = next((r for r in staged.rows if int(r["position"]) == position), None)
    if kind not in KINDS or row is None or not row.get(f"{kind}_draft"):
        abort(404)
    form = DocumentForm(formdata=None)
    form.text.data = request.form.get(f"{kind}_text_{position}") or draft_yaml(row, kind)
    preview, error = None, None
    try:
        preview = RUBRICS.preview(form.text.data) if kind == "rubric" else SCENARIOS.preview(form.text.data)
    except ContentError as exc:
        error = f"{exc.field}: {exc.message}"
    return render_template(
        f"authoring/{kind}_edit.html",
        form=form,
        preview=preview,
        error=error,
        action=url_for(f"authoring.new_{kind}"),
        uploaded=staged.filename,
        back_url=url_for("authoring.import_preview", token=token) + f"#row-{position}",
        **{kind: None},
    )


# --- exchange --------------------------------------------------------------------------------------------


@bp.route("/export")
@trainer_required
def export_questions():
    fmt = request.args.get("format", "moodle")
    if fmt not in exchange.QUESTION_FORMATS:
        abort(400)
    download = exchange.export_questions(filtered_questions(request.args), fmt)
    response = send_file(
        io.BytesIO(download.data),
        mimetype=download.mimetype,
        as_attachment=True,
        download_name=download.filename,
    )
    if download.skipped:
        response.headers["X-Skipped-Questions"] = ",".join(download.skipped)[:2000]
    return response


@bp.route("/rubrics/<uid>/download")
@trainer_required
def rubric_download(uid: str):
    rubric = db.session.scalar(select(Rubric).where(Rubric.uid == uid))
    if rubric is None or rubric.current is None:
        abort(404)
    plain = rubric.current.to_rubric()
    if request.args.get("format") == "json":
        body, mimetype, name = rubric_to_json(plain), "application/json", f"{uid}.json"
    else:
        body, mimetype, name = rubric_to_yaml(plain), "application/yaml", f"{uid}.yaml"
    return send_file(
        io.BytesIO(body.encode("utf-8")), mimetype=mimetype, as_attachment=True, download_name=name
    )


@bp.route("/exchange", methods=["GET", "POST"])
@trainer_required
def exchange_upload():
    form = ExchangeUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(_max_bytes() + 1)
        filename = upload.filename or ""
        try:
            if form.format.data == "rubric":
                return _rubric_upload(data, filename)
            found = exchange.read_exchange(data, form.format.data, max_bytes=_max_bytes())
        except ImportRefused as exc:
            return _refused("authoring/exchange_upload.html", form, exc.message)
        staged = StagedImport(
            token="",
            user_id=current_user.id,
            kind=form.format.data,
            filename=filename,
            rows=rows_from_dicts(found.questions),
            skipped=[{"line": None, "text": s, "reason": ""} for s in found.skipped],
        )
        try:
            return _staged_response(stage(_staging_root(), staged, _staging_limit()))
        except StagingFailed:
            return _refused("authoring/exchange_upload.html", form, _staging_full())
    if request.method == "POST":
        message = "; ".join(e for errors in form.errors.values() for e in errors)
        return _refused("authoring/exchange_upload.html", form, message or _("Choose a file."))
    return render_template("authoring/exchange_upload.html", form=form, error=None)


def _rubric_upload(data: bytes, filename: str):
    """An uploaded rubric opens in the rubric editor with its preview; nothing is saved until Save."""
    if filename.lower().endswith(".json"):
        rubric = rubric_from_json(data, max_bytes=_max_bytes())
    else:
        rubric = rubric_from_yaml(data, max_bytes=_max_bytes())
    existing = db.session.scalar(select(Rubric).where(Rubric.uid == rubric.id))
    form = DocumentForm(formdata=None)
    form.text.data = dump_yaml(rubric.to_dict())
    action = url_for("authoring.edit_rubric", uid=rubric.id) if existing else url_for("authoring.new_rubric")
    if wants_json():
        return jsonify(error=_("Upload rubrics with the form.")), 400
    return render_template(
        "authoring/rubric_edit.html",
        form=form,
        rubric=existing,
        preview=rubric.to_dict(),
        error=None,
        action=action,
        uploaded=filename,
    )
