"""The `flask` commands a newcomer runs: init-db, seed-demo, create-user."""

from __future__ import annotations

from sqlalchemy import func, select

from trainer.auth.models import User
from trainer.auth.services import authenticate
from trainer.bank.models import Question
from trainer.extensions import db


def test_create_user_prints_a_password_that_works(runner):
    result = runner.invoke(args=["create-user", "--role", "trainer", "Wang.Fang@Example.com"])
    assert result.exit_code == 0, result.output
    password = result.output.strip().rsplit(" ", 1)[-1]
    user = authenticate("wang.fang@example.com", password)
    assert user is not None and user.role == "trainer"


def test_create_user_refuses_duplicates_and_unknown_roles(runner):
    assert runner.invoke(args=["create-user", "a@example.com"]).exit_code == 0
    again = runner.invoke(args=["create-user", "A@example.com"])
    assert again.exit_code != 0 and "already has an account" in again.output
    bad = runner.invoke(args=["create-user", "--role", "boss", "b@example.com"])
    assert bad.exit_code != 0 and "unknown role" in bad.output


def test_seed_demo_loads_the_bank_and_one_account_per_role_and_can_run_twice(runner):
    first = runner.invoke(args=["seed-demo", "--no-history"])
    assert first.exit_code == 0, first.output
    for role in ("candidate", "trainer", "hr", "admin"):
        assert f"{role}@demo.local" in first.output
        assert authenticate(f"{role}@demo.local", f"demo-{role}-pass") is not None
    questions = db.session.scalar(select(func.count()).select_from(Question))
    assert questions >= 60
    second = runner.invoke(args=["seed-demo", "--no-history"])
    assert second.exit_code == 0, second.output
    assert "Demo history" not in first.output + second.output
    assert "questions: unchanged" in second.output and "created" not in second.output.split("\n")[0]
    assert db.session.scalar(select(func.count()).select_from(User)) == 4
    assert db.session.scalar(select(func.count()).select_from(Question)) == questions


def test_init_db_upgrades_an_empty_database(runner, app):
    db.drop_all()
    db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "newest migration" in result.output
    assert runner.invoke(args=["create-user", "c@example.com"]).exit_code == 0
