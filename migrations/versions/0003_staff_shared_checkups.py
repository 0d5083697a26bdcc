"""what a firm shared, as it was when it shared it (a workshop, a helpline case, a 1+N team)

Revision ID: 0003_staff
Revises: 0002
Create Date: 2026-12-04

A host, an agent or a lead sees the copy made when the firm shared (that year, that save), not what the
firm saves later. Links made before this revision get a copy of the checkup the firm had saved last, which
is what they were shown until now.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = '0003_staff'
down_revision: Union[str, Sequence[str], None] = '0003_journey'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime
LINKS = (('workshop_participant', 'firm_id IS NOT NULL'), ('helpline_case', 'firm_id IS NOT NULL'),
         ('team_member', 'share_total'))


def upgrade() -> None:
    op.create_table(
        'shared_checkup',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('firm_id', sa.Integer(), nullable=False),
        sa.Column('checkup_id', sa.Integer(), nullable=True),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('data_json', S(), nullable=False),
        sa.Column('result_json', S(), nullable=True),
        sa.Column('total_tco2e', sa.Float(), nullable=True),
        sa.Column('scope1_tco2e', sa.Float(), nullable=True),
        sa.Column('scope2_tco2e', sa.Float(), nullable=True),
        sa.Column('saved_at', T(), nullable=False),
        sa.Column('shared_at', T(), nullable=False),
        sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('shared_checkup', schema=None) as b:
        b.create_index(b.f('ix_shared_checkup_firm_id'), ['firm_id'], unique=False)
    for table, _ in LINKS:
        with op.batch_alter_table(table, schema=None) as b:
            b.add_column(sa.Column('shared_id', sa.Integer(), nullable=True))
            b.create_foreign_key(f'fk_{table}_shared_id', 'shared_checkup', ['shared_id'], ['id'], ondelete='SET NULL')
    _copy_what_was_shown()


def _copy_what_was_shown() -> None:
    """Each existing link gets a copy of the firm's checkup saved last (what the staff view showed until now)."""
    conn = op.get_bind()
    for table, linked in LINKS:
        rows = conn.execute(sa.text(f"SELECT id, firm_id FROM {table} WHERE {linked}")).all()
        for link_id, firm_id in rows:
            saved = conn.execute(sa.text(
                "SELECT id, year, data_json, result_json, total_tco2e, scope1_tco2e, scope2_tco2e, updated_at "
                "FROM saved_checkup WHERE firm_id = :f ORDER BY updated_at DESC, id DESC LIMIT 1"), {"f": firm_id}).first()
            if saved is None:
                continue
            shared_id = conn.execute(sa.text(
                "INSERT INTO shared_checkup (firm_id, checkup_id, year, data_json, result_json, total_tco2e, scope1_tco2e, "
                "scope2_tco2e, saved_at, shared_at) VALUES (:f, :c, :y, :d, :r, :t, :s1, :s2, :at, :at) RETURNING id"),
                {"f": firm_id, "c": saved[0], "y": saved[1], "d": saved[2], "r": saved[3], "t": saved[4], "s1": saved[5],
                 "s2": saved[6], "at": saved[7]}).scalar_one()
            conn.execute(sa.text(f"UPDATE {table} SET shared_id = :s WHERE id = :i"), {"s": shared_id, "i": link_id})


def downgrade() -> None:
    for table, _ in reversed(LINKS):
        with op.batch_alter_table(table, schema=None) as b:
            b.drop_constraint(f'fk_{table}_shared_id', type_='foreignkey')
            b.drop_column('shared_id')
    with op.batch_alter_table('shared_checkup', schema=None) as b:
        b.drop_index(b.f('ix_shared_checkup_firm_id'))
    op.drop_table('shared_checkup')
