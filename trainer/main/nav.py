"""The navigation bar: each entry shows for the roles that use it, once its area is registered."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    roles: tuple[str, ...]


ROLE_LABELS = {
    "candidate": _l("Candidate"),
    "trainer": _l("Trainer"),
    "hr": _l("HR"),
    "admin": _l("Admin"),
}
STATUS_LABELS = {"draft": _l("Draft"), "published": _l("Published"), "archived": _l("Archived")}

NAV = (
    NavItem("exams.my_exams", _l("My exams"), ("candidate",)),
    NavItem("roleplay.index", _l("Role-play"), ("candidate", "trainer")),
    NavItem("bank.index", _l("Question bank"), ("trainer", "hr")),
    NavItem("authoring.import_paper", _l("Import"), ("trainer",)),
    NavItem("exams.manage", _l("Exams"), ("trainer",)),
    NavItem("review.queue", _l("Review queue"), ("trainer", "hr")),
    NavItem("review.dashboard", _l("Dashboard"), ("hr", "trainer")),
    NavItem("review.compare", _l("Compare"), ("hr",)),
    NavItem("review.calibration", _l("Calibration"), ("trainer",)),
    NavItem("people.cohorts", _l("Cohorts"), ("trainer", "hr")),
    NavItem("admin.users", _l("Accounts"), ("admin",)),
    NavItem("grading.jobs", _l("Grading jobs"), ("admin",)),
)


def nav_items() -> list[tuple[str, object, str]]:
    """(url, label, endpoint) for the signed-in user's role, in menu order (the entries a role sees are
    worked out once per app; only the URLs are built per page)."""
    if not current_user.is_authenticated:
        return []
    menus = current_app.extensions.setdefault("nav_menus", {})
    entries = menus.get(current_user.role)
    if entries is None:
        entries = menus[current_user.role] = [
            (item.endpoint, item.label)
            for item in NAV
            if item.endpoint in current_app.view_functions and current_user.has_role(*item.roles)
        ]
    return [(url_for(endpoint), label, endpoint) for endpoint, label in entries]
