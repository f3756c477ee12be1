"""The bank area: its blueprint; the route modules add their views to it."""

from flask import Blueprint

bp = Blueprint("bank", __name__, url_prefix="/bank")
