"""``flask understanding build``: convert the synonym dictionaries to their fast cache files ahead of use."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

understanding_cli = AppGroup("understanding", help="The meaning-matching layer's dictionaries.")


@understanding_cli.command("build")
@click.option("--force", is_flag=True, help="Rebuild even when the cache files exist.")
def build_command(force: bool) -> None:
    """Build the 同义词词林 and Roget caches (done on first use otherwise; takes a few seconds once)."""
    from trainer.grading.understanding import thesaurus

    started = time.perf_counter()
    for path in thesaurus.build_caches(force=force):
        click.echo(f"ready {path}")
    click.echo(f"in {time.perf_counter() - started:.1f} s")
