"""The review area: its blueprint; the route modules add their views to it."""

from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/review")
