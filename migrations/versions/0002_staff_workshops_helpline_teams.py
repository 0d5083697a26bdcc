"""staff accounts, sessions, sign-in throttle, audit log, workshops, helpline cases, 1+N teams

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# env.py imports core/storage/tables.py, so autogenerate and compare_metadata see every table
# (they are created below from explicit definitions, not from the models).

revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'staff_user',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', S(length=254), nullable=False),
        sa.Column('name', S(length=120), nullable=False),
        sa.Column('role', S(length=32), nullable=False),
        sa.Column('association', S(length=120), nullable=True),
        sa.Column('password_hash', S(length=255), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', T(), nullable=False),
        sa.Column('last_sign_in_at', T(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('staff_user', schema=None) as b:
        b.create_index(b.f('ix_staff_user_email'), ['email'], unique=True)

    op.create_table(
        'staff_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', S(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('method', S(length=16), nullable=False),
        sa.Column('created_at', T(), nullable=False),
        sa.Column('last_seen_at', T(), nullable=False),
        sa.Column('ended_at', T(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('staff_session', schema=None) as b:
        b.create_index(b.f('ix_staff_session_token_hash'), ['token_hash'], unique=True)
        b.create_index(b.f('ix_staff_session_user_id'), ['user_id'], unique=False)

    op.create_table(
        'sign_in_throttle',
        sa.Column('key_hash', S(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_failure_at', T(), nullable=True),
        sa.Column('blocked_until', T(), nullable=True),
        sa.PrimaryKeyConstraint('key_hash'),
    )

    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', T(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('staff_email', S(length=254), nullable=False),
        sa.Column('action', S(length=40), nullable=False),
        sa.Column('firm_id', sa.Integer(), nullable=True),
        sa.Column('object_type', S(length=20), nullable=True),
        sa.Column('object_id', sa.Integer(), nullable=True),
        sa.Column('detail', S(length=500), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('audit_log', schema=None) as b:
        b.create_index(b.f('ix_audit_log_at'), ['at'], unique=False)
        b.create_index(b.f('ix_audit_log_staff_id'), ['staff_id'], unique=False)
        b.create_index(b.f('ix_audit_log_firm_id'), ['firm_id'], unique=False)

    op.create_table(
        'workshop',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('host_id', sa.Integer(), nullable=False),
        sa.Column('name', S(length=120), nullable=False),
        sa.Column('event_date', sa.Date(), nullable=False),
        sa.Column('association', S(length=120), nullable=False),
        sa.Column('join_code', S(length=8), nullable=False),
        sa.Column('open', sa.Boolean(), nullable=False),
        sa.Column('created_at', T(), nullable=False),
        sa.ForeignKeyConstraint(['host_id'], ['staff_user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('workshop', schema=None) as b:
        b.create_index(b.f('ix_workshop_host_id'), ['host_id'], unique=False)
        b.create_index(b.f('ix_workshop_join_code'), ['join_code'], unique=True)

    op.create_table(
        'workshop_participant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', S(length=64), nullable=False),
        sa.Column('firm_id', sa.Integer(), nullable=True),
        sa.Column('show_name', sa.Boolean(), nullable=False),
        sa.Column('firm_name', S(length=120), nullable=True),
        sa.Column('joined_at', T(), nullable=False),
        sa.Column('finished_at', T(), nullable=True),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('workshop_participant', schema=None) as b:
        b.create_index(b.f('ix_workshop_participant_workshop_id'), ['workshop_id'], unique=False)
        b.create_index(b.f('ix_workshop_participant_token_hash'), ['token_hash'], unique=True)
        b.create_index(b.f('ix_workshop_participant_firm_id'), ['firm_id'], unique=False)

    op.create_table(
        'helpline_case',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', S(length=20), nullable=True),
        sa.Column('agent_id', sa.Integer(), nullable=False),
        sa.Column('company', S(length=120), nullable=False),
        sa.Column('contact_phone', S(length=40), nullable=False),
        sa.Column('status', S(length=24), nullable=False),
        sa.Column('follow_up_on', sa.Date(), nullable=True),
        sa.Column('firm_id', sa.Integer(), nullable=True),
        sa.Column('created_at', T(), nullable=False),
        sa.Column('updated_at', T(), nullable=False),
        sa.ForeignKeyConstraint(['agent_id'], ['staff_user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('helpline_case', schema=None) as b:
        b.create_index(b.f('ix_helpline_case_number'), ['number'], unique=True)
        b.create_index(b.f('ix_helpline_case_agent_id'), ['agent_id'], unique=False)
        b.create_index(b.f('ix_helpline_case_firm_id'), ['firm_id'], unique=False)

    op.create_table(
        'case_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('at', T(), nullable=False),
        sa.Column('agent_id', sa.Integer(), nullable=True),
        sa.Column('kind', S(length=16), nullable=False),
        sa.Column('text', S(length=4000), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['helpline_case.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('case_note', schema=None) as b:
        b.create_index(b.f('ix_case_note_case_id'), ['case_id'], unique=False)

    op.create_table(
        'team',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', S(length=120), nullable=False),
        sa.Column('lead_firm_id', sa.Integer(), nullable=False),
        sa.Column('invite_code', S(length=10), nullable=False),
        sa.Column('created_at', T(), nullable=False),
        sa.ForeignKeyConstraint(['lead_firm_id'], ['firm.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('team', schema=None) as b:
        b.create_index(b.f('ix_team_lead_firm_id'), ['lead_firm_id'], unique=False)
        b.create_index(b.f('ix_team_invite_code'), ['invite_code'], unique=True)

    op.create_table(
        'team_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('firm_id', sa.Integer(), nullable=False),
        sa.Column('share_total', sa.Boolean(), nullable=False),
        sa.Column('share_scopes', sa.Boolean(), nullable=False),
        sa.Column('share_name', sa.Boolean(), nullable=False),
        sa.Column('firm_name', S(length=120), nullable=True),
        sa.Column('joined_at', T(), nullable=False),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('team_id', 'firm_id', name='uq_team_member_team_firm'),
    )
    with op.batch_alter_table('team_member', schema=None) as b:
        b.create_index(b.f('ix_team_member_team_id'), ['team_id'], unique=False)
        b.create_index(b.f('ix_team_member_firm_id'), ['firm_id'], unique=False)


def downgrade() -> None:
    for table in ('team_member', 'team', 'case_note', 'helpline_case', 'workshop_participant', 'workshop',
                  'audit_log', 'sign_in_throttle', 'staff_session', 'staff_user'):
        op.drop_table(table)
