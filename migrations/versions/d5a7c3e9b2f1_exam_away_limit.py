"""exam away limit and the reason of an automatic submission

Revision ID: d5a7c3e9b2f1
Revises: c8d1e4f2a7b6
Create Date: 2026-12-01 11:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5a7c3e9b2f1'
down_revision = 'c8d1e4f2a7b6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('exams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('away_limit', sa.Integer(), nullable=True))
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submit_reason', sa.String(length=20), nullable=True))
    # attempts submitted automatically before the reason was kept were all submitted when time ran out
    op.execute("UPDATE attempts SET submit_reason = 'time' WHERE auto_submitted")


def downgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_column('submit_reason')
    with op.batch_alter_table('exams', schema=None) as batch_op:
        batch_op.drop_column('away_limit')
