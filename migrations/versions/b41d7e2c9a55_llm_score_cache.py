"""llm score cache: validated LLM scores shared by every grading job and calibration run

Revision ID: b41d7e2c9a55
Revises: f930b3d316e0
Create Date: 2026-12-01 10:40:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import trainer.database


# revision identifiers, used by Alembic.
revision = 'b41d7e2c9a55'
down_revision = 'f930b3d316e0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'llm_score_cache',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
        sa.Column('created_at', trainer.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_llm_score_cache')),
    )


def downgrade():
    op.drop_table('llm_score_cache')
