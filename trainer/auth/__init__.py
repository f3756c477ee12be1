"""The auth area: its blueprint; the route modules add their views to it."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")
