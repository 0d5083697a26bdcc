"""drafts: a checkup's answers kept on the server from the first answer, under the hash of a key in the address

Revision ID: 0003_journey
Revises: 0002
Create Date: 2026-12-04
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = '0003_journey'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key_hash', S(length=64), nullable=False),
        sa.Column('data_json', S(), nullable=False),
        sa.Column('content_hash', S(length=64), nullable=False),
        sa.Column('created_at', T(), nullable=False),
        sa.Column('updated_at', T(), nullable=False),
        sa.Column('expires_at', T(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('draft', schema=None) as b:
        b.create_index(b.f('ix_draft_key_hash'), ['key_hash'], unique=True)
        b.create_index(b.f('ix_draft_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('draft', schema=None) as b:
        b.drop_index(b.f('ix_draft_expires_at'))
        b.drop_index(b.f('ix_draft_key_hash'))
    op.drop_table('draft')
