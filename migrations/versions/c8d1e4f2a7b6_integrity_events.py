"""integrity events

Revision ID: c8d1e4f2a7b6
Revises: b41d7e2c9a55
Create Date: 2026-12-01 10:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import trainer.database  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'c8d1e4f2a7b6'
down_revision = 'b41d7e2c9a55'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('integrity_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('chars', sa.Integer(), nullable=True),
    sa.Column('at', trainer.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_integrity_events_attempt_id_attempts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integrity_events'))
    )
    with op.batch_alter_table('integrity_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integrity_events_attempt_id'), ['attempt_id'], unique=False)


def downgrade():
    with op.batch_alter_table('integrity_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_integrity_events_attempt_id'))

    op.drop_table('integrity_events')
