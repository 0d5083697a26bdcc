"""the workshop room's per-participant contribution (room_contribution) and its advice (room_advice)

What each participant's shared checkup adds to the room is computed once, when it is shared, so that the
host's dashboard aggregates small rows in SQL instead of parsing every firm's checkup on every refresh.
Participants already linked on an older database get their row computed here, once.

Revision ID: 0003_room
Revises: 0002
Create Date: 2026-12-04
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = '0003_room'
down_revision: Union[str, Sequence[str], None] = '0003_staff'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'room_contribution',
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('firm_id', sa.Integer(), nullable=False),
        sa.Column('saved_checkup_id', sa.Integer(), nullable=True),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('total_tco2e', sa.Float(), nullable=True),
        sa.Column('scope1_tco2e', sa.Float(), nullable=True),
        sa.Column('scope2_tco2e', sa.Float(), nullable=True),
        sa.Column('per_revenue', sa.Float(), nullable=True),
        sa.Column('per_employee', sa.Float(), nullable=True),
        sa.Column('electricity_tco2e', sa.Float(), nullable=False),
        sa.Column('fuel_tco2e', sa.Float(), nullable=False),
        sa.Column('refrigerant_tco2e', sa.Float(), nullable=False),
        sa.Column('septic_tco2e', sa.Float(), nullable=False),
        sa.Column('other_tco2e', sa.Float(), nullable=False),
        sa.Column('industry', S(length=8), nullable=True),
        sa.Column('size_band', S(length=16), nullable=True),
        sa.Column('shared_at', T(), nullable=False),
        sa.ForeignKeyConstraint(['participant_id'], ['workshop_participant.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('participant_id'),
    )
    with op.batch_alter_table('room_contribution', schema=None) as b:
        b.create_index(b.f('ix_room_contribution_workshop_id'), ['workshop_id'], unique=False)
        b.create_index(b.f('ix_room_contribution_firm_id'), ['firm_id'], unique=False)
        b.create_index('ix_room_contribution_workshop_shared', ['workshop_id', 'shared_at'], unique=False)

    op.create_table(
        'room_advice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('kind', S(length=1), nullable=False),
        sa.Column('item_id', S(length=80), nullable=False),
        sa.Column('name_zh', S(length=200), nullable=False),
        sa.Column('name_en', S(length=200), nullable=False),
        sa.ForeignKeyConstraint(['participant_id'], ['workshop_participant.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('room_advice', schema=None) as b:
        b.create_index(b.f('ix_room_advice_participant_id'), ['participant_id'], unique=False)
        b.create_index('ix_room_advice_workshop_kind_item', ['workshop_id', 'kind', 'item_id'], unique=False)

    _backfill()


def _backfill() -> None:
    """Participants linked before this revision: their contribution from the firm's latest saved checkup."""
    import datetime as dt

    from core.accounts.workshops import contribution_values

    conn = op.get_bind()
    contribution = sa.table(
        'room_contribution', *(sa.column(n, t) for n, t in (
            ('participant_id', sa.Integer()), ('workshop_id', sa.Integer()), ('firm_id', sa.Integer()),
            ('saved_checkup_id', sa.Integer()), ('year', sa.Integer()), ('total_tco2e', sa.Float()),
            ('scope1_tco2e', sa.Float()), ('scope2_tco2e', sa.Float()), ('per_revenue', sa.Float()),
            ('per_employee', sa.Float()), ('electricity_tco2e', sa.Float()), ('fuel_tco2e', sa.Float()),
            ('refrigerant_tco2e', sa.Float()), ('septic_tco2e', sa.Float()), ('other_tco2e', sa.Float()),
            ('industry', S()), ('size_band', S()), ('shared_at', T()))))
    advice_t = sa.table('room_advice', *(sa.column(n, S() if n != 'participant_id' and n != 'workshop_id' else sa.Integer())
                                         for n in ('participant_id', 'workshop_id', 'kind', 'item_id', 'name_zh', 'name_en')))
    linked = conn.execute(sa.text(
        "SELECT id, workshop_id, firm_id, finished_at FROM workshop_participant WHERE firm_id IS NOT NULL")).fetchall()
    for pid, wid, fid, finished in linked:
        saved = conn.execute(sa.text(
            "SELECT id, year, data_json, result_json, total_tco2e, scope1_tco2e, scope2_tco2e FROM saved_checkup "
            "WHERE firm_id = :f ORDER BY updated_at DESC LIMIT 1"), {"f": fid}).fetchone()
        if saved is None:
            continue
        row, advice = contribution_values(*saved)
        if isinstance(finished, str):  # SQLite through a text query gives the stored text
            finished = dt.datetime.fromisoformat(finished)
        if finished is not None and finished.tzinfo is None:  # stored in UTC
            finished = finished.replace(tzinfo=dt.timezone.utc)
        row.update(participant_id=pid, workshop_id=wid, firm_id=fid, shared_at=finished or dt.datetime.now(dt.timezone.utc))
        conn.execute(contribution.insert(), row)
        for kind, item_id, name_zh, name_en in advice:
            conn.execute(advice_t.insert(), {"participant_id": pid, "workshop_id": wid, "kind": kind, "item_id": item_id,
                                             "name_zh": name_zh, "name_en": name_en})


def downgrade() -> None:
    op.drop_table('room_advice')
    op.drop_table('room_contribution')
