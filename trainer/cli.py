"""`flask` commands: database setup, demo data, accounts, the question bank and translations."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from trainer.extensions import db

DEMO_ACCOUNTS = (
    ("candidate@demo.local", "candidate", "演示学员"),
    ("trainer@demo.local", "trainer", "演示培训师"),
    ("hr@demo.local", "hr", "演示HR"),
    ("admin@demo.local", "admin", "演示管理员"),
)

bank_cli = AppGroup("bank", help="Load, export and import the question bank.")
translate_cli = AppGroup("translate", help="Compile the UI translations.")


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database to the newest migration (and an instance secret key)."""
    from flask_migrate import upgrade

    key_file = Path(current_app.instance_path) / "secret_key"
    if not key_file.exists() and not current_app.config.get("TESTING"):
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    upgrade()
    click.echo("Database is at the newest migration.")


@click.command("create-user")
@click.argument("email")
@click.option("--role", default="candidate", show_default=True, help="candidate, trainer, hr or admin")
@click.option("--name", default="", help="Display name")
@click.option("--password", default=None, help="Generated and printed when omitted")
@with_appcontext
def create_user_command(email: str, role: str, name: str, password: str | None) -> None:
    """Create an account."""
    from trainer.auth.services import AccountError, create_user

    try:
        user, password = create_user(email, password, role=role, name=name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} with password {password}")


@click.command("seed-demo")
@click.option("--bank", "bank_dir", default=None, help="Question bank folder (default: question_bank/)")
@click.option("--no-history", is_flag=True, help="Skip the demo candidates, cohorts and attempts")
@with_appcontext
def seed_demo_command(bank_dir: str | None, no_history: bool) -> None:
    """Load the shipped question bank, create one demo account per role (printed with passwords), the demo
    exams and, unless --no-history, demo candidates in cohorts with 30 days of graded attempts."""
    from trainer.auth.services import create_user, find_user
    from trainer.bank.loader import BankLoadError, load_bank
    from trainer.exams.demo import create_demo_exams

    root = Path(current_app.root_path).parent
    try:
        report = load_bank(Path(bank_dir) if bank_dir else root / "question_bank")
    except BankLoadError as exc:
        db.session.rollback()
        raise click.ClickException(f"question bank not loaded:\n{exc}") from None
    click.echo(f"Question bank: {report.summary()}")
    rows = []
    for email, role, name in DEMO_ACCOUNTS:
        password = f"demo-{role}-pass"
        if find_user(email) is None:
            create_user(email, password, role=role, name=name)
        else:  # an existing account keeps its password (an admin may have changed it)
            password = "(existing account: password unchanged)"
        rows.append((role, email, password))
    click.echo("\n".join(create_demo_exams()))
    db.session.commit()
    if not no_history:
        from trainer.demo_history import create_history

        click.echo("\n".join(create_history()))
    click.echo("Demo accounts (role, email, password):")
    for role, email, password in rows:
        click.echo(f"  {role:<10} {email:<24} {password}")


@bank_cli.command("load")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--rubrics", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
def bank_load_command(folder: Path, rubrics: Path | None) -> None:
    """Load question, rubric and scenario YAML files. Idempotent; a bad file loads nothing."""
    from trainer.bank.loader import BankLoadError, load_bank

    try:
        report = load_bank(folder, rubrics)
    except BankLoadError as exc:
        db.session.rollback()
        click.echo("Nothing was loaded. Fix these problems first:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(report.summary())


@bank_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def bank_export_command(folder: Path) -> None:
    """Write the bank (questions, rubrics, scenarios) as YAML files that `bank load` reads back."""
    from trainer.bank.loader import export_bank

    counts = export_bank(folder)
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


@translate_cli.command("compile")
def translate_compile_command() -> None:
    """Compile every area's .po catalogue into the .mo file Flask-Babel reads."""
    from trainer.i18n import compile_catalogs

    for path in compile_catalogs():
        click.echo(f"compiled {path}")


def register_commands(app: Flask) -> None:
    """Attach every command to the app's `flask` CLI."""
    from trainer.authoring.cli import add_bank_commands
    from trainer.exams.cli import exams_cli
    from trainer.grading.cli import score_command
    from trainer.grading.cli_worker import worker_command
    from trainer.grading.understanding.cli import understanding_cli

    add_bank_commands(bank_cli)

    for command in (
        init_db_command,
        create_user_command,
        seed_demo_command,
        bank_cli,
        translate_cli,
        score_command,
        worker_command,
        exams_cli,
        understanding_cli,
    ):
        app.cli.add_command(command)
