"""The home page and small pages that belong to no single area."""

from flask import Blueprint

bp = Blueprint("main", __name__)
