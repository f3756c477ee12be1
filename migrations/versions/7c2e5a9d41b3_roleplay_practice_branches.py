"""role-play practice branches: a session retried from a turn of another

Revision ID: 7c2e5a9d41b3
Revises: 460761aa9b79
Create Date: 2026-12-01 08:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c2e5a9d41b3'
down_revision = '460761aa9b79'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('roleplay_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('branch_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('branch_turn', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_roleplay_sessions_branch_of_id'), ['branch_of_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_roleplay_sessions_branch_of_id_roleplay_sessions'),
            'roleplay_sessions',
            ['branch_of_id'],
            ['id'],
        )


def downgrade():
    with op.batch_alter_table('roleplay_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_roleplay_sessions_branch_of_id_roleplay_sessions'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_roleplay_sessions_branch_of_id'))
        batch_op.drop_column('branch_turn')
        batch_op.drop_column('branch_of_id')
