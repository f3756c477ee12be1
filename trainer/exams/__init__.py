"""The exams area: its blueprint; the route modules add their views to it."""

from flask import Blueprint

bp = Blueprint("exams", __name__, url_prefix="/exams")
