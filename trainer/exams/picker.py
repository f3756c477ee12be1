"""What the exam builder asks the server while a trainer works: questions to pick, how many a random draw
can choose from, and a paper preview as a candidate would see it."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from flask import render_template
from markupsafe import Markup
from sqlalchemy import func, select

from trainer.bank.models import STATUS_PUBLISHED, Question, QuestionVersion
from trainer.bank.question_types import question_types
from trainer.exams.layout import Section, _pool, draw_layout, pick_problem
from trainer.exams.models import Exam
from trainer.exams.views import paper_item
from trainer.extensions import db

PAGE_SIZE = 20


def _question_row(question: Question) -> dict[str, Any]:
    version = question.current
    assert version is not None
    return {
        "uid": question.uid,
        "type": version.type,
        "type_label": str(question_types().get(version.type).label),
        "stem": version.stem[:140],
        "tags": list(version.tags or []),
        "difficulty": version.difficulty,
        "lang": version.lang,
        "points": float(version.points),
        "problem": pick_problem(question, question.uid),
    }


def search_questions(args: Mapping[str, Any], page: int = 1, size: int = PAGE_SIZE) -> dict[str, Any]:
    """Published questions matching the picker's text, type, tag, difficulty and language filters, one page
    at a time; each says why it cannot be picked, if so. ``uids`` (comma-separated) looks up given ids."""
    from trainer.bank.routes import filtered_query

    filters = {k: str(args.get(k) or "") for k in ("q", "type", "tag", "lang", "difficulty")}
    filters["status"] = STATUS_PUBLISHED
    uids = [u.strip() for u in str(args.get("uids") or "").split(",") if u.strip()]
    # with uids: the questions already picked, whatever their status, to show them in the builder
    query = filtered_query({}).where(Question.uid.in_(uids[:200])) if uids else filtered_query(filters)
    total = int(db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)
    page = max(1, min(page, max((total + size - 1) // size, 1)))
    rows = db.session.scalars(query.limit(size).offset((page - 1) * size)).unique().all()
    return {
        "total": total,
        "page": page,
        "pages": max((total + size - 1) // size, 1),
        "questions": [_question_row(q) for q in rows if q.current is not None],
    }


def _opt_int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def pool_summary(args: Mapping[str, Any]) -> dict[str, Any]:
    """How many questions a random draw with these filters can choose from, and their points range."""
    section = Section(
        title="",
        draw=1,
        type=str(args.get("type") or "") or None,
        lang=str(args.get("lang") or "") or None,
        tags=[t.strip() for t in str(args.get("tags") or "").replace("，", ",").split(",") if t.strip()],
        difficulty_min=_opt_int(args.get("difficulty_min")),
        difficulty_max=_opt_int(args.get("difficulty_max")),
    )
    ids = _pool(section)
    points = (
        list(
            db.session.scalars(
                select(QuestionVersion.points)
                .join(Question, Question.current_version_id == QuestionVersion.id)
                .where(Question.id.in_(ids))
            )
        )
        if ids
        else []
    )
    return {
        "count": len(ids),
        "points_min": min(points) if points else None,
        "points_max": max(points) if points else None,
    }


def preview(exam: Exam, seed: int) -> tuple[Markup, float, int]:
    """The exam's paper drawn with ``seed`` as a candidate sees it (nothing saved), its points and items.

    Raises LayoutError when the exam cannot produce a paper.
    """
    layout = draw_layout(exam.config or {}, seed)
    ids = [item["qv"] for section in layout for item in section["items"]]
    versions = {
        v.id: v for v in db.session.scalars(select(QuestionVersion).where(QuestionVersion.id.in_(ids)))
    }
    registry = question_types()
    sections = [
        {
            "title": section["title"],
            "items": [paper_item(versions[item["qv"]], item, registry) for item in section["items"]],
        }
        for section in layout
    ]
    total = sum(float(item["points"]) for section in layout for item in section["items"])
    html = render_template(
        "exams/_paper.html",
        attempt=SimpleNamespace(id=0, deadline_at=None),
        exam=exam,
        sections=sections,
        practice=False,
        submit_url="#",
        slot=lambda *_args: "",
    )
    return Markup(html), round(total, 2), len(ids)  # noqa: S704 - rendered by Jinja with autoescape
