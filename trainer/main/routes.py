"""Home: each role lands on the list of things it does."""

from __future__ import annotations

from flask import current_app, jsonify, render_template

from trainer.auth.access import login_required
from trainer.extensions import db
from trainer.main import bp


@bp.route("/")
@login_required
def index():
    return render_template("main/index.html", llm_configured=bool(current_app.config.get("LLM_MODEL")))


@bp.route("/healthz")
def healthz():
    """Liveness and database reachability, for load balancers and the benchmarks; and which of the
    understanding layer's tables this process holds (when served as run.sh serves it: all, from its start)."""
    from trainer.grading import understanding

    db.session.execute(db.text("SELECT 1"))
    return jsonify(status="ok", understanding=understanding.loaded())
