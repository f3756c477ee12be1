"""Migrations: one head, an empty database upgrades to it, and the models match what they create."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from trainer.extensions import db


def _script(app) -> ScriptDirectory:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", app.extensions["migrate"].directory)
    return ScriptDirectory.from_config(cfg)


def test_single_head(app):
    assert len(_script(app).get_heads()) == 1


def test_empty_database_upgrades_to_head_and_matches_the_models(app):
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == _script(app).get_current_head()
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    db.create_all()
