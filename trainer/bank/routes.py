"""Browsing the question bank (trainers, HR and admins): search, filters, versions and their diff."""

from __future__ import annotations

import difflib
from typing import Any

from flask import abort, current_app, render_template, request
from sqlalchemy import Select, func, select

from trainer.auth.access import staff_required
from trainer.bank import bp
from trainer.bank.loader import dump_yaml
from trainer.bank.models import STATUSES, Question, QuestionTag, QuestionVersion
from trainer.bank.question_types import question_types
from trainer.bank.services import question_to_dict
from trainer.extensions import db

FILTER_KEYS = ("q", "type", "tag", "lang", "status", "difficulty")
PAGE_SIZE = 50


@bp.context_processor
def authoring_links() -> dict[str, Any]:
    """Whether the authoring pages exist, so bank pages can link to the editors and downloads."""
    return {"has_authoring": "authoring.edit_question" in current_app.view_functions}


def filtered_query(args: Any) -> Select:
    """Questions matching the bank filters in ``args`` (text, type, tag, difficulty, language, status)."""
    query = select(Question).join(QuestionVersion, Question.current_version_id == QuestionVersion.id)
    qtype, tag, lang = args.get("type", ""), args.get("tag", ""), args.get("lang", "")
    status, difficulty = args.get("status", ""), args.get("difficulty", "")
    text = (args.get("q") or "").strip()
    if qtype:
        query = query.where(QuestionVersion.type == qtype)
    if lang:
        query = query.where(QuestionVersion.lang == lang)
    if status in STATUSES:
        query = query.where(Question.status == status)
    if difficulty.isdigit():
        query = query.where(QuestionVersion.difficulty == int(difficulty))
    if tag:
        query = query.where(Question.tags.any(QuestionTag.tag == tag))
    if text:
        like = f"%{text}%"
        query = query.where(
            QuestionVersion.stem.ilike(like)
            | QuestionVersion.background.ilike(like)
            | QuestionVersion.explanation.ilike(like)
            | Question.uid.ilike(like)
        )
    return query.order_by(Question.uid)


def filtered_questions(args: Any) -> list[Question]:
    """The questions the bank list shows for these filters."""
    return list(db.session.scalars(filtered_query(args)).unique().all())


def question_page(args: Any, page: int, size: int = PAGE_SIZE) -> tuple[list[Question], int, int]:
    """One page of the questions matching the filters (a page past the end shows the last one), how many
    match in all, and the page number shown."""
    query = filtered_query(args)
    total = int(db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)
    page = min(max(page, 1), max((total + size - 1) // size, 1))
    rows = db.session.scalars(query.limit(size).offset((page - 1) * size)).unique().all()
    return list(rows), total, page


@bp.route("/")
@staff_required
def index():
    page = request.args.get("page", "1")
    number = max(int(page), 1) if page.isdigit() else 1
    questions, total, number = question_page(request.args, number)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    tags = db.session.scalars(select(QuestionTag.tag).distinct().order_by(QuestionTag.tag)).all()
    filters = {k: request.args.get(k, "") for k in FILTER_KEYS}
    return render_template(
        "bank/index.html",
        questions=questions,
        total=total,
        page=number,
        pages=pages,
        types=question_types(),
        tags=tags,
        filters=request.args,
        active_filters={k: v for k, v in filters.items() if v},
        statuses=STATUSES,
    )


def _question_or_404(uid: str) -> Question:
    q = db.session.scalar(select(Question).where(Question.uid == uid))
    if q is None or q.current is None:
        abort(404)
    return q


def _version_or_404(question: Question, number: Any) -> QuestionVersion:
    for v in question.versions:
        if str(v.number) == str(number):
            return v
    abort(404)


@bp.route("/questions/<uid>")
@staff_required
def question(uid: str):
    q = _question_or_404(uid)
    number = request.args.get("v")
    version = _version_or_404(q, number) if number else q.current
    return render_template("bank/question.html", question=q, version=version, types=question_types())


def version_diff(question: Question, old: QuestionVersion, new: QuestionVersion) -> list[tuple[str, str]]:
    """Line diff of two versions in the bank YAML format: (kind, line) with kind ' ', '+', '-' or '@'."""
    a = dump_yaml(question_to_dict(question, old)).splitlines()
    b = dump_yaml(question_to_dict(question, new)).splitlines()
    out = []
    for line in difflib.unified_diff(a, b, lineterm="", n=3):
        if line.startswith(("---", "+++")):
            continue
        out.append((line[:1] if line[:1] in "+-@" else " ", line[1:] if line[:1] in "+- " else line))
    return out


@bp.route("/questions/<uid>/diff")
@staff_required
def diff(uid: str):
    q = _question_or_404(uid)
    numbers = [v.number for v in q.versions]
    a = request.args.get("a") or (numbers[-2] if len(numbers) > 1 else numbers[-1])
    b = request.args.get("b") or numbers[-1]
    old, new = _version_or_404(q, a), _version_or_404(q, b)
    return render_template(
        "bank/diff.html", question=q, old=old, new=new, lines=version_diff(q, old, new), numbers=numbers
    )
