"""HR and trainer pages: review queue, re-grade, dashboards, item analysis, exports, calibration."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from trainer.auth.access import hr_required, local_path, trainer_required
from trainer.auth.models import User
from trainer.bank.models import Rubric as RubricRow
from trainer.exams.models import Attempt, Exam
from trainer.exams.models import Response as Answer
from trainer.exams.totals import release_attempt
from trainer.extensions import db
from trainer.grading.models import ScoreRecord
from trainer.review import bp, services, stats
from trainer.review.charts import bar_chart, histogram
from trainer.review.handgrading import grade_by_hand
from trainer.review.items import exam_items


@bp.context_processor
def _labels() -> dict[str, object]:
    from trainer.review.labels import labels

    return labels()


def _get(model, ident: int):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


@bp.get("/")
@hr_required
def queue():
    """Flagged answers waiting for a person."""
    from trainer.review.attempts import exams_waiting

    return render_template("review/queue.html", items=services.review_queue(), by_exam=exams_waiting())


@bp.get("/responses/<int:response_id>")
@hr_required
def response(response_id: int):
    """One answer with its rubric, each engine's scores and the evidence highlighted."""
    answer = _get(Answer, response_id)
    detail = services.review_detail(answer)
    return render_template("review/response.html", d=detail, regrades=services.pending_regrades(answer))


@bp.post("/responses/<int:response_id>/confirm")
@hr_required
def confirm(response_id: int):
    """Accept the engine's score as it is."""
    answer = _get(Answer, response_id)
    try:
        services.confirm_score(answer, current_user.id, request.form.get("reason", ""))
    except services.ReviewError as exc:
        flash(str(exc), "error")
        return redirect(url_for("review.response", response_id=response_id))
    db.session.commit()
    flash(_("Score confirmed."), "success")
    return redirect(url_for("review.queue"))


@bp.post("/responses/<int:response_id>/override")
@hr_required
def override(response_id: int):
    """Score an answer by hand: per criterion or one mark, with the internal reason and candidate feedback."""
    answer = _get(Answer, response_id)
    scores = {k[len("score-") :]: v for k, v in request.form.items() if k.startswith("score-")}
    try:
        grade_by_hand(
            answer,
            current_user.id,
            scores=scores,
            mark=request.form.get("mark"),
            reason=request.form.get("reason", ""),
            feedback=request.form.get("feedback", ""),
        )
    except services.ReviewError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("review.response", response_id=response_id))
    db.session.commit()
    flash(_("Score saved."), "success")
    return redirect(local_path(request.form.get("next")) or url_for("review.queue"))


@bp.post("/attempts/<int:attempt_id>/release")
@hr_required
def release(attempt_id: int):
    """Release a held attempt's scores to the candidate."""
    attempt = _get(Attempt, attempt_id)
    release_attempt(attempt, current_user.id)
    db.session.commit()
    flash(_("Scores released to the candidate."), "success")
    return redirect(local_path(request.form.get("next")) or url_for("review.exam", exam_id=attempt.exam_id))


@bp.route("/regrade", methods=["GET", "POST"])
@hr_required
def regrade():
    """Answers scored against an older rubric version; queue selected ones for re-scoring."""
    if request.method == "POST":
        ids = [int(v) for v in request.form.getlist("response") if v.isdigit()]
        job_ids = services.regrade(ids, current_user.id)
        db.session.commit()
        from trainer.grading.queue import grading_queue

        q = grading_queue()
        for job_id in job_ids:
            q.enqueue(job_id)
        flash(_("%(n)d answer(s) queued for re-grading.", n=len(job_ids)), "success")
        return redirect(url_for("review.regrade"))
    return render_template("review/regrade.html", rows=services.outdated_responses())


@bp.post("/records/<int:record_id>/accept")
@hr_required
def accept_regrade(record_id: int):
    """Accept a re-grade's scores for its answer."""
    record = _get(ScoreRecord, record_id)
    try:
        services.accept_regrade(record, current_user.id)
    except services.ReviewError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("New scores accepted."), "success")
    return redirect(url_for("review.response", response_id=record.response_id))


@bp.get("/dashboard")
@hr_required
def dashboard():
    """Exams with their attempt counts, and candidates, as the way into the dashboards."""
    exams = db.session.scalars(select(Exam).order_by(Exam.id.desc())).all()
    counts = {e.id: len(stats.finished_attempts(e.id)) for e in exams}
    candidates = db.session.scalars(select(User).where(User.role == "candidate").order_by(User.id)).all()
    from trainer.people.services import cohorts, members
    from trainer.review.trends import exam_trends

    groups = cohorts()
    cohort = next((c for c in groups if c.id == request.args.get("cohort", type=int)), None)
    trend = {
        "exams": exam_trends(member_ids={u.id for u in members(cohort)} if cohort else None),
        "labels": {
            "attempts": _("Attempts"),
            "pass_rate": _("Pass rate"),
            "mean_score": _("Mean score"),
            "criteria": _("Criterion profile"),
        },
    }
    return render_template(
        "review/dashboard.html",
        exams=exams,
        counts=counts,
        candidates=candidates,
        cohorts=groups,
        cohort=cohort,
        trend=trend,
    )


@bp.get("/exams/<int:exam_id>")
@hr_required
def exam(exam_id: int):
    """Per-exam dashboard: distribution, pass rate, criterion profile, time, item analysis."""
    overview = stats.exam_overview(_get(Exam, exam_id))
    hist = histogram(overview.histogram, overview.edges, title=_("Score distribution, percent"))
    crit = bar_chart(
        list(overview.criteria), [list(overview.criteria.values())], title=_("Criterion profile")
    )
    items, paper = exam_items(exam_id, current_app.config["ITEM_STATS_MIN_N"])
    return render_template(
        "review/exam.html",
        o=overview,
        hist=hist,
        crit=crit,
        items=items,
        paper=paper,
        min_n=current_app.config["ITEM_STATS_MIN_N"],
        percent=stats.percent,
        minutes=stats.minutes,
    )


@bp.get("/candidates/<int:user_id>")
@hr_required
def candidate(user_id: int):
    """Per-candidate dashboard."""
    profile = stats.candidate_profile(_get(User, user_id))
    chart = bar_chart(list(profile.criteria), [list(profile.criteria.values())], title=_("Criterion profile"))
    return render_template("review/candidate.html", p=profile, chart=chart, percent=stats.percent)


@bp.get("/compare")
@hr_required
def compare():
    """Two to five candidates side by side on the same exam (chosen first)."""
    exams = [
        e for e in db.session.scalars(select(Exam).order_by(Exam.title)) if stats.finished_attempts(e.id)
    ]
    exam_id = request.args.get("exam", type=int)
    exam = next((e for e in exams if e.id == exam_id), None)
    ids = [int(v) for v in request.args.getlist("user") if v.isdigit()][:5]
    candidates = stats.exam_candidates(exam) if exam else []
    users = [u for u in candidates if u.id in ids]
    criteria: list[str] = []
    profiles: list[stats.ExamComparison] = []
    chart = None
    if exam and len(users) >= 2:
        criteria, profiles = stats.compare(exam, users)
        chart = bar_chart(
            criteria,
            [[p.criteria.get(c) for c in criteria] for p in profiles],
            names=[p.user.display_name for p in profiles],
            title=_("Criterion profile"),
        )
    elif ids:
        flash(_("Choose two to five candidates."), "error")
    return render_template(
        "review/compare.html",
        exams=exams,
        exam=exam,
        candidates=candidates,
        chosen=ids,
        criteria=criteria,
        profiles=profiles,
        chart=chart,
    )


def _attempt_link(attempt_id: int) -> str:
    return url_for("review.attempt", attempt_id=attempt_id, _external=True)


@bp.get("/exams/<int:exam_id>/export.csv")
@hr_required
def export_csv(exam_id: int):
    """The exam's attempts as CSV."""
    from trainer.review.exports import to_csv

    body = to_csv(_get(Exam, exam_id), _attempt_link)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=exam-{exam_id}-attempts.csv"},
    )


@bp.get("/exams/<int:exam_id>/export.xlsx")
@hr_required
def export_xlsx(exam_id: int):
    """The exam's attempts as an Excel workbook."""
    from trainer.review.workbook import to_xlsx

    body = to_xlsx(_get(Exam, exam_id), _attempt_link)
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=exam-{exam_id}-attempts.xlsx"},
    )


@bp.get("/candidates/<int:user_id>/report")
@hr_required
def report(user_id: int):
    """A printable per-candidate report."""
    profile = stats.candidate_profile(_get(User, user_id))
    chart = bar_chart(list(profile.criteria), [list(profile.criteria.values())], title=_("Criterion profile"))
    return render_template(
        "review/report.html", p=profile, chart=chart, percent=stats.percent, minutes=stats.minutes
    )


@bp.route("/calibration", methods=["GET", "POST"])
@trainer_required
def calibration():
    """Hand scores (typed or uploaded as JSON lines) against the engines' scores for one rubric."""
    from trainer.review.calibration import FORM_ROWS, anchor_form, rubric_questions, run_calibration

    rubrics = db.session.scalars(select(RubricRow).order_by(RubricRow.uid)).all()
    uid = request.values.get("rubric") or (rubrics[0].uid if rubrics else "")
    row = next((r for r in rubrics if r.uid == uid), None)
    rubric = row.current.to_rubric() if row and row.current else None
    results: list = []
    error = ""
    values = request.form.to_dict() if request.method == "POST" else (anchor_form(rubric) if rubric else {})
    if request.method == "POST" and rubric is not None:
        upload = request.files.get("file")
        text = upload.read().decode("utf-8", "replace") if upload and upload.filename else ""
        questions = rubric_questions(rubric.id)
        results, error = run_calibration(rubric, request.form.to_dict(), text, current_app.config, questions)
    return render_template(
        "review/calibration.html",
        rubrics=rubrics,
        uid=uid,
        rubric=rubric,
        results=results,
        error=error,
        rows=range(FORM_ROWS),
        values=values,
    )
