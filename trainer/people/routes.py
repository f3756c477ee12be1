"""People pages: cohorts with members and assignments (trainers, HR), and bulk import of accounts."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainer.auth.access import roles_required, staff_required
from trainer.auth.models import Role
from trainer.database import utcnow
from trainer.extensions import db
from trainer.localtime import format_local, from_local
from trainer.people import bp, importer
from trainer.people import services as people
from trainer.people.models import Cohort, CohortAssignment


def _cohort(cohort_id: int) -> Cohort:
    return db.get_or_404(Cohort, cohort_id)


@bp.route("/cohorts", methods=["GET", "POST"])
@staff_required
def cohorts():
    """Every cohort with its size; create a new one."""
    error = ""
    if request.method == "POST":
        try:
            cohort = people.create_cohort(
                request.form.get("name", ""), current_user.id, request.form.get("description", "")
            )
        except people.CohortError as exc:
            error = str(exc)
        else:
            db.session.commit()
            flash(_("Cohort %(name)s created.", name=cohort.name), "success")
            return redirect(url_for("people.cohort", cohort_id=cohort.id))
    return render_template(
        "people/cohorts.html", cohorts=people.cohorts(), counts=people.member_counts(), error=error
    )


@bp.get("/cohorts/<int:cohort_id>")
@staff_required
def cohort(cohort_id: int):
    """A cohort's members and assignments, with the forms to change them."""
    found = _cohort(cohort_id)
    kinds = people.assignables()
    options = [(kind, a.label, a.choices()) for kind, a in kinds.items()]
    titles = {(kind, ident): title for kind, _label, choices in options for ident, title in choices}
    return render_template(
        "people/cohort.html",
        cohort=found,
        members=people.members(found),
        assignments=sorted(found.assignments, key=lambda a: (a.due_at is None, a.due_at or a.created_at)),
        titles=titles,
        options=options,
        target_of=people.target_of,
    )


@bp.post("/cohorts/<int:cohort_id>/members")
@staff_required
def add_members(cohort_id: int):
    """Add people by email (one a line, or separated by commas)."""
    found = _cohort(cohort_id)
    emails = request.form.get("emails", "").replace(",", "\n").replace("，", "\n").splitlines()
    added, unknown = people.add_members(found, emails, current_user.id)
    db.session.commit()
    if added:
        flash(_("Added %(n)d member(s).", n=len(added)), "success")
    if unknown:
        flash(_("No account for: %(emails)s", emails=", ".join(unknown)), "error")
    return redirect(url_for("people.cohort", cohort_id=found.id))


@bp.post("/cohorts/<int:cohort_id>/members/<int:user_id>/remove")
@staff_required
def remove_member(cohort_id: int, user_id: int):
    """Take one person out of the cohort."""
    found = _cohort(cohort_id)
    people.remove_member(found, user_id, current_user.id)
    db.session.commit()
    return redirect(url_for("people.cohort", cohort_id=found.id))


@bp.post("/cohorts/<int:cohort_id>/assign")
@staff_required
def assign(cohort_id: int):
    """Assign an exam or a scenario (value ``exam:<id>`` or ``scenario:<id>``) with a due date."""
    found = _cohort(cohort_id)
    kind, _sep, ident = request.form.get("item", "").partition(":")
    due_text = request.form.get("due_at", "").strip()
    try:
        due = from_local(datetime.strptime(due_text, "%Y-%m-%dT%H:%M")) if due_text else None
        people.assign(found, kind, int(ident) if ident.isdigit() else 0, due, current_user.id)
    except ValueError as exc:  # CohortError, or a malformed date
        db.session.rollback()
        flash(str(exc) if isinstance(exc, people.CohortError) else _("The due date is not a date."), "error")
    else:
        db.session.commit()
        flash(_("Assigned."), "success")
    return redirect(url_for("people.cohort", cohort_id=found.id))


@bp.post("/assignments/<int:assignment_id>/remove")
@staff_required
def unassign(assignment_id: int):
    """Take an assignment away from its cohort."""
    assignment = db.get_or_404(CohortAssignment, assignment_id)
    cohort_id = assignment.cohort_id
    people.unassign(assignment, current_user.id)
    db.session.commit()
    return redirect(url_for("people.cohort", cohort_id=cohort_id))


@bp.route("/import", methods=["GET", "POST"])
@roles_required("hr")
def import_accounts():
    """Upload an account list, see the dry run row by row, then import the rows without errors."""
    may_create_staff = current_user.role == Role.ADMIN
    if request.method == "GET":
        return render_template("people/import.html", plans=None, error="")
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        filename, data = upload.filename, upload.read()
    else:  # the import button sends back the file the dry run read
        filename = request.form.get("filename", "")
        try:
            data = base64.b64decode(request.form.get("content", ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
    try:
        plans = importer.plan(importer.read_table(filename, data), may_create_staff=may_create_staff)
    except importer.ImportFileError as exc:
        return render_template("people/import.html", plans=None, error=str(exc))
    if request.form.get("action") != "import":
        return render_template(
            "people/import.html",
            plans=plans,
            error="",
            filename=filename,
            content=base64.b64encode(data).decode(),
        )
    created = importer.apply(plans, current_user.id)
    db.session.commit()
    # The passwords exist only in this response: the page and its CSV link (a data: URL, never stored
    # on the server, so nobody else can download it and a reload cannot show it again).
    csv_data = base64.b64encode(importer.passwords_csv(plans, created)).decode() if created else ""
    response = make_response(
        render_template(
            "people/import_done.html",
            plans=plans,
            created=created,
            csv_url=f"data:text/csv;charset=utf-8;base64,{csv_data}" if created else "",
            csv_name=f"accounts-{format_local(utcnow(), '%Y%m%d-%H%M')}.csv",
        )
    )
    response.headers["Cache-Control"] = "no-store"  # the new passwords are shown on this page only
    return response
