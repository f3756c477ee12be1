"""`flask bank import`, `bank import-format` and `bank export-format`: papers and exchange files.

Imports write all or nothing: every question is checked first, written in one transaction, and any
failure rolls the whole transaction back. A refused file (renamed binary, corrupt .docx, too large)
stops with its message and exit status 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from trainer.authoring.exchange import export_questions, guess_format, read_exchange
from trainer.authoring.import_drafts import accept_all, link_drafts, save_documents
from trainer.authoring.imports import ImportFailed, commit_rows, rows_from_report, source_name
from trainer.bank.importer import DEFAULT_MAX_BYTES, ImportRefused, parse_paper
from trainer.bank.loader import export_bank
from trainer.bank.models import Question
from trainer.extensions import db


def _max_bytes() -> int:
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or DEFAULT_MAX_BYTES)


def _refuse(message: str, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"error": message}, ensure_ascii=False))
    click.echo(f"Refused, nothing written: {message}", err=True)
    raise SystemExit(1)


def _write(
    rows: list[tuple[int, dict[str, Any]]],
    source: str,
    as_json: bool,
    drafts: dict[int, list[Any]] | None = None,
) -> None:
    """Write the rows (and any accepted drafts) in one transaction, or roll back and exit 1 saying why."""
    try:
        if drafts:
            rows, documents = link_drafts(rows, drafts)
            save_documents(documents, actor_id=None)
        done = commit_rows(rows, actor_id=None, source=source)
        db.session.commit()
    except ImportFailed as exc:
        db.session.rollback()
        click.echo("Nothing was written. Fix these questions first:", err=True)
        for position, problem in sorted(exc.errors.items()):
            click.echo(f"  #{position}: {problem}", err=True)
        raise SystemExit(1) from None
    except Exception as exc:  # noqa: BLE001 - any failure mid-write must leave the database untouched
        db.session.rollback()
        click.echo(f"Nothing was written: {type(exc).__name__}: {exc}", err=True)
        raise SystemExit(1) from None
    counts: dict[str, int] = {}
    for row in done:
        counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing to write"
    click.echo(f"Written: {summary}", err=as_json)
    unfinished = [row for row in done if row["status"] == "draft"]
    if unfinished:
        click.echo(f"{len(unfinished)} drafts to finish in the editor:", err=as_json)
        for row in unfinished:
            click.echo(f"  {row['uid']} ({row['type']}) {row['stem'][:40]}", err=as_json)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: questions, skipped, warnings.")
@click.option(
    "--accept-drafts",
    is_flag=True,
    help="Save every drafted rubric and scenario with its question (which is then published).",
)
def import_command(file: Path, dry_run: bool, as_json: bool, accept_drafts: bool) -> None:
    """Import an exam paper (.docx, .txt, .md) written in the usual Chinese format. All or nothing."""
    try:
        report = parse_paper(file.read_bytes(), file.name, max_bytes=_max_bytes())
    except ImportRefused as exc:
        _refuse(exc.message, as_json)
        return
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        by_type: dict[str, int] = {}
        for q in report.questions:
            by_type[q.type] = by_type.get(q.type, 0) + 1
        click.echo(
            f"{file.name}: {len(report.questions)} questions " + json.dumps(by_type, ensure_ascii=False)
        )
        for q in report.questions:
            drafted = " +rubric draft" if q.rubric_draft else " +scenario draft" if q.scenario_draft else ""
            click.echo(
                f"  {q.position:>3} {q.type:<10} {q.status:<9} {q.points:>4} {q.full_stem[:40]!r}{drafted}"
            )
        for s in report.skipped:
            click.echo(f"  skipped line {s.line}: {s.text[:50]!r} ({s.label})")
        for w in report.warnings:
            click.echo(f"  warning line {w.line}: {w.message}")
    if dry_run:
        click.echo("Dry run: nothing written.", err=as_json)
        return
    staged_rows, _loose = rows_from_report(report)
    rows = [(int(r["position"]), r["question"]) for r in staged_rows]
    _write(rows, source_name(file.name), as_json, accept_all(staged_rows) if accept_drafts else None)


@click.command("import-format")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["moodle", "gift", "aiken", "yaml"]), default=None)
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: questions and skipped.")
def import_format_command(file: Path, fmt: str | None, dry_run: bool, as_json: bool) -> None:
    """Import Moodle XML, GIFT, Aiken or bank-YAML questions. All or nothing."""
    fmt = fmt or guess_format(file.name)
    if fmt is None:
        raise click.UsageError("say which --format the file is in (moodle, gift, aiken or yaml)")
    try:
        found = read_exchange(file.read_bytes(), fmt, max_bytes=_max_bytes())
    except ImportRefused as exc:
        _refuse(exc.message, as_json)
        return
    if as_json:
        click.echo(json.dumps({"questions": found.questions, "skipped": found.skipped}, ensure_ascii=False))
    else:
        click.echo(f"{file.name}: {len(found.questions)} questions, {len(found.skipped)} left out")
        for text in found.skipped:
            click.echo(f"  left out: {text}")
    if dry_run:
        click.echo("Dry run: nothing written.", err=as_json)
        return
    _write(list(enumerate(found.questions, start=1)), source_name(file.name), as_json)


@click.command("export-format")
@click.argument("target", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["moodle", "gift", "aiken", "yaml"]),
    required=True,
    help="Output format",
)
def export_format_command(target: Path, fmt: str) -> None:
    """Write the bank as Moodle XML, GIFT or Aiken (one file), or YAML (the bank folder format)."""
    if fmt == "yaml":
        counts = export_bank(target)
        click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))
        return
    questions = list(db.session.scalars(select(Question).order_by(Question.uid)))
    download = export_questions(questions, fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(download.data)
    click.echo(f"Wrote {len(questions) - len(download.skipped)} questions to {target}")
    if download.skipped:
        click.echo(f"Left out ({fmt} cannot carry them): {', '.join(download.skipped)}")


def add_bank_commands(group: AppGroup) -> None:
    """Attach the import and exchange commands to the `bank` command group."""
    for command in (import_command, import_format_command, export_format_command):
        group.add_command(command)
