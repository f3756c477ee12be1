"""shared exam papers: an attempt's rendered paper (no answers, no keys) kept for every web process

Revision ID: d5f1a3c7e9b2
Revises: d5a7c3e9b2f1
Create Date: 2026-12-01 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import trainer.database


# revision identifiers, used by Alembic.
revision = 'd5f1a3c7e9b2'
down_revision = 'd5a7c3e9b2f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'exam_papers',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', trainer.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_exam_papers_attempt_id_attempts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_exam_papers')),
    )
    with op.batch_alter_table('exam_papers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_papers_attempt_id'), ['attempt_id'], unique=False)


def downgrade():
    with op.batch_alter_table('exam_papers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_papers_attempt_id'))
    op.drop_table('exam_papers')
