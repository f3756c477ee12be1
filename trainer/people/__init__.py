"""People: cohorts (班级/团队) with their members and assignments, and bulk import of accounts.

The area's blueprint; the route modules add their views to it.
"""

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/people")
