"""The exam builder's helpers: the question picker's search, random-draw counts and the paper preview."""

from __future__ import annotations

import secrets

from flask import abort, jsonify, render_template, request
from sqlalchemy import select

from trainer.auth.access import trainer_required
from trainer.bank.models import QuestionTag
from trainer.exams import bp
from trainer.exams.layout import LayoutError
from trainer.exams.models import Exam
from trainer.exams.picker import pool_summary, preview, search_questions
from trainer.extensions import db


@bp.get("/builder/questions")
@trainer_required
def picker_questions():
    """Published questions for the picker (JSON), searched and filtered on the server, a page at a time."""
    page = request.args.get("page", "1")
    found = search_questions(request.args, int(page) if page.isdigit() else 1)
    if request.args.get("with_tags"):
        found["tags"] = list(db.session.scalars(select(QuestionTag.tag).distinct().order_by(QuestionTag.tag)))
    return jsonify(found)


@bp.get("/builder/pool")
@trainer_required
def picker_pool():
    """How many questions a random draw with these filters can choose from (JSON)."""
    return jsonify(pool_summary(request.args))


@bp.get("/<int:exam_id>/preview")
@trainer_required
def preview_exam(exam_id: int):
    """The saved exam's paper as a candidate sees it, drawn afresh each time; nothing is stored."""
    exam = db.session.get(Exam, exam_id)
    if exam is None:
        abort(404)
    seed = request.args.get("seed", "")
    seed_value = int(seed) if seed.isdigit() else secrets.randbits(31)
    try:
        paper, total, count = preview(exam, seed_value)
    except LayoutError as exc:
        return render_template("exams/preview.html", exam=exam, error=str(exc), paper=None, total=0, count=0)
    return render_template(
        "exams/preview.html", exam=exam, paper=paper, total=total, count=count, seed=seed_value, error=""
    )
