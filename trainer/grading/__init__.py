"""The grading area: its blueprint; the route modules add their views to it."""

from flask import Blueprint

bp = Blueprint("grading", __name__, url_prefix="/grading")
