"""Role-play complaint simulations: scenarios, simulated customers and the end-of-session scorecard."""

from flask import Blueprint

bp = Blueprint("roleplay", __name__, url_prefix="/roleplay")
