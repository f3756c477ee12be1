"""``flask worker``: a grading consumer process for the Redis (or SQLite) queue."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--workers", "-w", default=None, type=int, help="Worker threads (default GRADING_WORKERS).")
@with_appcontext
def worker_command(workers: int | None) -> None:
    """Run grading jobs from the queue until stopped (Ctrl-C or SIGTERM finishes running jobs first)."""
    from huey.consumer import Consumer

    from trainer.extensions import db
    from trainer.grading.queue import grading_queue, recover_stale_jobs

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queue = grading_queue(app)
    if queue.backend == "immediate":
        raise click.UsageError("QUEUE_BACKEND=immediate runs jobs inline; set it to redis or sqlite")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    count = workers or int(app.config.get("GRADING_WORKERS", 2))
    click.echo(f"grading worker: {queue.backend} queue, {count} thread(s)")
    recover_stale_jobs()
    db.session.remove()
    consumer = Consumer(queue.huey, workers=count, worker_type="thread", graceful_signal="TERM")
    consumer.run()
