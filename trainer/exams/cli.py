"""`flask exams` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from trainer.database import utcnow
from trainer.exams.services import auto_submit_expired, queue_free_text
from trainer.extensions import db

exams_cli = AppGroup("exams", help="Exam housekeeping.")


@exams_cli.command("close-expired")
def close_expired_command() -> None:
    """Submit every attempt past its deadline with its saved answers, and queue its free text."""
    pending = auto_submit_expired(utcnow())
    db.session.commit()
    queue_free_text(pending)
    click.echo(f"Submitted expired attempts; {len(pending)} free-text answers queued for grading.")
