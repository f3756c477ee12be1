"""Bulk import of accounts from Excel (.xlsx) or CSV: name, email, role, cohort.

A dry run reads the file and says, row by row, what would happen (create an account, add an existing one
to its cohort) or what is wrong with it. The import then writes the rows without errors, together, and
returns each new account's generated password to be shown once. Headers may be English or Chinese
(``name/姓名``, ``email/邮箱``, ``role/角色``, ``cohort/班级/团队``); roles may be written either way too.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trainer.auth.models import Role, User
from trainer.auth.services import create_user
from trainer.extensions import db
from trainer.people.services import add_members, create_cohort, find_cohort

MAX_ROWS = 2000
# Role names as the import reads them back, in the UI language.
ROLE_WORDS = {
    Role.CANDIDATE.value: _l("Candidate"),
    Role.TRAINER.value: _l("Trainer"),
    Role.HR.value: _l("HR"),
    Role.ADMIN.value: _l("Admin"),
}
HEADERS = {
    "name": ("name", "姓名", "名字"),
    "email": ("email", "e-mail", "邮箱", "电子邮箱", "电子邮件", "邮件"),
    "role": ("role", "角色"),
    "cohort": ("cohort", "班级", "团队", "班级/团队", "cohort/team"),
}
ROLES = {
    "candidate": Role.CANDIDATE.value,
    "学员": Role.CANDIDATE.value,
    "trainer": Role.TRAINER.value,
    "培训师": Role.TRAINER.value,
    "hr": Role.HR.value,
    "人事": Role.HR.value,
    "admin": Role.ADMIN.value,
    "管理员": Role.ADMIN.value,
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class ImportFileError(ValueError):
    """A file that cannot be read as an account list; the message is for people."""


@dataclass
class RowPlan:
    """One row of the file and what importing it would do."""

    line: int
    name: str
    email: str
    role: str
    cohort: str
    action: str = "create"  # create | existing | error
    errors: list[str] = field(default_factory=list)
    new_cohort: bool = False


def read_table(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The rows of a .csv or .xlsx file as (line number, {name, email, role, cohort})."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        table = _xlsx_rows(data)
    elif lower.endswith((".csv", ".txt")):
        table = _csv_rows(data)
    else:
        raise ImportFileError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [str(h or "").strip().lower() for h in table[0]]
    columns: dict[str, int] = {}
    for key, names in HEADERS.items():
        for i, h in enumerate(header):
            if h in names:
                columns[key] = i
                break
    if "email" not in columns:
        raise ImportFileError(_("The first row must name the columns; an email (邮箱) column is required."))
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = {
            k: str(raw[i] if i < len(raw) and raw[i] is not None else "").strip() for k, i in columns.items()
        }
        if not any(cells.values()):
            continue
        rows.append((number, {k: cells.get(k, "") for k in HEADERS}))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("At most %(n)d rows at a time.", n=MAX_ROWS))
    return rows


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ImportFileError(_("The file is not text."))
    try:
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("The file is not an Excel workbook.")) from exc
    sheet = book.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def plan(rows: list[tuple[int, dict[str, str]]], *, may_create_staff: bool) -> list[RowPlan]:
    """What importing each row would do, with every problem of a row listed (nothing is written)."""
    seen: dict[str, int] = {}
    new_cohorts: set[str] = set()
    plans = []
    for line, cells in rows:
        row = RowPlan(
            line=line, name=cells["name"], email=cells["email"].lower(), role="", cohort=cells["cohort"]
        )
        if not row.email:
            row.errors.append(_("No email."))
        elif not EMAIL.match(row.email) or len(row.email) > 254:
            row.errors.append(_("“%(email)s” is not an email address.", email=cells["email"]))
        elif row.email in seen:
            row.errors.append(_("The same email as line %(n)d.", n=seen[row.email]))
        else:
            seen[row.email] = line
        role_text = cells["role"].strip().lower()
        row.role = ROLES.get(role_text, "") if role_text else Role.CANDIDATE.value
        if not row.role:
            row.errors.append(
                _("Unknown role “%(role)s”: use 学员, 培训师, 人事 or 管理员.", role=cells["role"])
            )
        if len(row.name) > 120:
            row.errors.append(_("The name is longer than 120 characters."))
        if len(row.cohort) > 120:
            row.errors.append(_("The cohort name is longer than 120 characters."))
        existing = (
            db.session.scalar(select(User).where(func.lower(User.email) == row.email)) if row.email else None
        )
        if existing is not None:
            row.action = "existing"
        elif row.role and row.role != Role.CANDIDATE.value and not may_create_staff:
            row.errors.append(_("Only an admin can create trainer, HR or admin accounts."))
        if row.cohort and find_cohort(row.cohort) is None and row.cohort.lower() not in new_cohorts:
            row.new_cohort = True
            new_cohorts.add(row.cohort.lower())
        if row.errors:
            row.action = "error"
        plans.append(row)
    return plans


def apply(plans: list[RowPlan], actor_id: int | None) -> list[tuple[User, str]]:
    """Write the rows without errors: new accounts (with generated passwords) and cohort memberships.

    Returns each new account with its password, to be shown once. The caller commits.
    """
    created: list[tuple[User, str]] = []
    for row in plans:
        if row.action == "error":
            continue
        if row.action == "create":
            user, password = create_user(row.email, None, role=row.role, name=row.name)
            db.session.flush()
            created.append((user, password))
        if row.cohort:
            cohort = find_cohort(row.cohort) or create_cohort(row.cohort, actor_id)
            add_members(cohort, [row.email], actor_id)
    if created:
        from trainer.audit import record as audit

        audit(
            "user.import", "user", "bulk", actor_id=actor_id, after={"created": [u.id for u, _p in created]}
        )
    return created


def passwords_csv(plans: list[RowPlan], created: list[tuple[User, str]]) -> bytes:
    """The new accounts and their generated passwords as a CSV for the one who imported them.

    UTF-8 with a BOM (so Excel reads Chinese names), headers in the UI language that the import reads
    back (name, email, role, cohort), then the password.
    """
    cohort_of = {row.email: row.cohort for row in plans if row.action != "error"}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("Email"), _("Role"), _("Cohort"), _("Password")])
    for user, password in created:
        role = str(ROLE_WORDS.get(user.role, ""))
        writer.writerow([user.name, user.email, role, cohort_of.get(user.email, ""), password])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
