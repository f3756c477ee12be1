"""Browsing the question bank (trainers, HR and admins)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from trainer.auth.access import staff_required
from trainer.bank.models import Question, QuestionTag, QuestionVersion
from trainer.bank.question_types import question_types
from trainer.extensions import db

bp = Blueprint("bank", __name__, url_prefix="/bank")


@bp.route("/")
@staff_required
def index():
    qtype = request.args.get("type", "")
    tag = request.args.get("tag", "")
    lang = request.args.get("lang", "")
    text = request.args.get("q", "").strip()
    query = select(Question).join(QuestionVersion, Question.current_version_id == QuestionVersion.id)
    if qtype:
        query = query.where(QuestionVersion.type == qtype)
    if lang:
        query = query.where(QuestionVersion.lang == lang)
    if tag:
        query = query.where(Question.tags.any(QuestionTag.tag == tag))
    if text:
        like = f"%{text}%"
        query = query.where(QuestionVersion.stem.ilike(like) | Question.uid.ilike(like))
    questions = db.session.scalars(query.order_by(Question.uid)).unique().all()
    tags = db.session.scalars(select(QuestionTag.tag).distinct().order_by(QuestionTag.tag)).all()
    return render_template(
        "bank/index.html", questions=questions, types=question_types(), tags=tags, filters=request.args
    )


@bp.route("/questions/<uid>")
@staff_required
def question(uid: str):
    q = db.session.scalar(select(Question).where(Question.uid == uid))
    if q is None or q.current is None:
        abort(404)
    return render_template("bank/question.html", question=q, version=q.current, types=question_types())
