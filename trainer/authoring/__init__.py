"""Authoring: question, rubric and scenario editors; paper import; exchange downloads and uploads."""

from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/authoring")
