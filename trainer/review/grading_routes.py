"""Staff pages for answers: one attempt with every answer, and grading one question across attempts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainer.auth.access import hr_required
from trainer.bank.models import Question
from trainer.bank.question_types import question_types
from trainer.exams.models import Attempt, Exam
from trainer.extensions import db
from trainer.review import bp
from trainer.review.attempts import attempt_detail, grade_rows, question_counts, question_rows


@bp.get("/attempts/<int:attempt_id>")
@hr_required
def attempt(attempt_id: int):
    """One attempt with every answer, its score (provisional ones labelled) and links to grade them."""
    found = db.get_or_404(Attempt, attempt_id)
    if found.status == "in_progress":
        flash(_("This attempt is still in progress."), "info")
    from trainer.exams.integrity import format_duration, integrity_summary

    return render_template(
        "review/attempt.html",
        d=attempt_detail(found),
        integrity=integrity_summary(found.id),
        duration=format_duration,
    )


@bp.get("/exams/<int:exam_id>/grading")
@hr_required
def exam_grading(exam_id: int):
    """The exam's free-text questions with how many answers wait for a score."""
    exam = db.get_or_404(Exam, exam_id)
    return render_template(
        "review/grading_questions.html", exam=exam, questions=question_counts(exam.id), types=question_types()
    )


@bp.route("/exams/<int:exam_id>/grading/<int:question_id>", methods=["GET", "POST"])
@hr_required
def grade_question(exam_id: int, question_id: int):
    """Every attempt's answer to one question with a score form each; saves all filled-in rows at once."""
    exam = db.get_or_404(Exam, exam_id)
    question = db.get_or_404(Question, question_id)
    show = request.values.get("show", "waiting")
    show = show if show in ("waiting", "all") else "waiting"
    errors: dict[int, str] = {}
    if request.method == "POST":
        ids = [int(v) for v in request.form.getlist("rows") if v.isdigit()]
        saved, errors = grade_rows(request.form, ids, current_user.id)
        if errors:
            db.session.rollback()
            flash(_("Nothing was saved: fix the rows marked below."), "error")
        else:
            db.session.commit()
            flash(_("Saved %(n)d score(s).", n=saved), "success")
            return redirect(
                url_for("review.grade_question", exam_id=exam.id, question_id=question.id, show=show)
            )
    rows = question_rows(exam.id, question.id, show)
    return render_template(
        "review/grade_question.html",
        exam=exam,
        question=question,
        rows=rows,
        show=show,
        errors=errors,
        values=request.form if errors else {},
    )
