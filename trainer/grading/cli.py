"""``flask score``: score a JSON-lines file of answers against a rubric, for calibration and measurement."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click
import yaml
from flask import current_app, has_app_context

from trainer.grading.batch import BadLine, parse_lines
from trainer.grading.engines import MODES, build_engine, score_answer
from trainer.grading.llm_engine import ScoreCache
from trainer.grading.score_cache import shared_score_cache
from trainer.grading.types import Rubric, RubricError, ScoringEngine
from trainer.llm.errors import LLMError
from trainer.llm.settings import LLMSettings


def load_rubric(path: str) -> Rubric:
    """Read a rubric YAML (or JSON) file; raises click.BadParameter with the offending field."""
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        return Rubric.from_dict(data)
    except (OSError, yaml.YAMLError, RubricError) as exc:
        raise click.BadParameter(str(exc), param_hint="--rubric") from exc


def _llm_settings() -> LLMSettings:
    config: Any = current_app.config if has_app_context() else os.environ
    return LLMSettings.from_mapping(config)


def _score_cache() -> ScoreCache | None:
    """The app's shared score cache, so a re-run (or a later grading job) reuses scores already paid for.

    Outside an app (no database to hold it) the engine keeps its own cache for this run only.
    """
    return shared_score_cache(current_app.config) if has_app_context() else None


@click.command("score")
@click.option("--rubric", "rubric_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--answers", "answers_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--engine", "mode", type=click.Choice(MODES), default="offline", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True), default=None)
def score_command(rubric_path: str, answers_path: str, mode: str, out_path: str | None) -> None:
    """Score JSON lines {"id", "answer", "question"?, "reference"?} against RUBRIC; write JSON lines."""
    rubric = load_rubric(rubric_path)
    llm_engine: ScoringEngine | None = None
    if mode != "offline":
        try:
            llm_engine = build_engine("llm", _llm_settings(), cache=_score_cache())
        except LLMError as exc:
            raise click.ClickException(str(exc)) from exc
    offline_engine = build_engine("offline")
    with open(answers_path, encoding="utf-8") as f:
        items = list(parse_lines(f))
    out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout  # noqa: SIM115
    skipped = failed = scored = 0
    try:
        with click.progressbar(items, label="scoring", file=sys.stderr) as bar:
            for item in bar:
                if isinstance(item, BadLine):
                    click.echo(f"\nline {item.line_no}: {item.error}; skipped", err=True)
                    skipped += 1
                    continue
                try:
                    result = score_answer(
                        mode,
                        rubric,
                        item.answer,
                        item.question,
                        item.reference,
                        llm_engine=llm_engine,
                        offline_engine=offline_engine,
                    )
                except LLMError as exc:
                    click.echo(f"\nline {item.line_no} (id {item.id}): {type(exc).__name__}: {exc}", err=True)
                    failed += 1
                    continue
                out.write(json.dumps(result.to_dict(item.id), ensure_ascii=False) + "\n")
                scored += 1
    finally:
        if out_path:
            out.close()
    click.echo(f"scored {scored}, skipped {skipped} malformed, {failed} failed", err=True)
    if failed:
        raise SystemExit(1)
