"""Every table of the product, in one module: what the database holds.

Saved checkups (a firm known only by the hash of its resume code, and its checkups of several
years, and the copies of what it shared); staff accounts, their sessions and the sign-in throttle; the audit log;
workshops, their participants and what each shared to the room; helpline cases and their notes; 1+N teams
and their members.

The Alembic migrations in ``migrations/`` create and change these tables; ``migrations/env.py``
imports this module so that autogenerate compares against all of them. Access control, the
staff modules and the backup read them from here, so none has to import another to reach a table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel


# --------------------------------------------------------------------------- saved checkups


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Firm(SQLModel, table=True):
    """A firm, known only by the hash of its resume code (no name is needed)."""

    __tablename__ = "firm"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=_now)


class SavedCheckup(SQLModel, table=True):
    """One firm's checkup of one inventory year: the answers and the result it gave."""

    __tablename__ = "saved_checkup"
    __table_args__ = (UniqueConstraint("firm_id", "year", name="uq_saved_checkup_firm_year"),)

    id: int | None = Field(default=None, primary_key=True)
    firm_id: int = Field(sa_column=Column(Integer, ForeignKey("firm.id", ondelete="CASCADE"), nullable=False, index=True))
    year: int
    data_json: str = Field(description="The checkup file as JSON (core.to_data form).")
    result_json: str | None = Field(default=None, description="The Result as JSON, with its factor snapshot.")
    total_tco2e: float | None = None
    scope1_tco2e: float | None = None
    scope2_tco2e: float | None = None
    created_at: dt.datetime = Field(default_factory=_now)
    updated_at: dt.datetime = Field(default_factory=_now)


class SharedCheckup(SQLModel, table=True):
    """What a firm shared, as it was when it shared it: one save of one year, copied.

    A workshop host, a helpline agent or a 1+N lead sees this copy, not whatever the firm saves later;
    the firm shares again to update it. Deleting the firm deletes its copies.
    """

    __tablename__ = "shared_checkup"

    id: int | None = Field(default=None, primary_key=True)
    firm_id: int = Field(sa_column=Column(Integer, ForeignKey("firm.id", ondelete="CASCADE"), nullable=False, index=True))
    checkup_id: int | None = Field(default=None, description="The saved checkup copied (no foreign key: it may be replaced).")
    year: int
    data_json: str
    result_json: str | None = None
    total_tco2e: float | None = None
    scope1_tco2e: float | None = None
    scope2_tco2e: float | None = None
    saved_at: dt.datetime = Field(default_factory=_now)
    shared_at: dt.datetime = Field(default_factory=_now)


def _shared_ref() -> Column:
    return Column(Integer, ForeignKey("shared_checkup.id", ondelete="SET NULL"), nullable=True)


# --------------------------------------------------------------------------- staff


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(default="", max_length=120)
    role: str = Field(max_length=32)
    association: str | None = Field(default=None, max_length=120)
    password_hash: str | None = Field(default=None, max_length=255)
    active: bool = True
    created_at: dt.datetime = Field(default_factory=_now)
    last_sign_in_at: dt.datetime | None = None


class StaffSession(SQLModel, table=True):
    __tablename__ = "staff_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), nullable=False, index=True))
    method: str = Field(default="password", max_length=16)
    created_at: dt.datetime = Field(default_factory=_now)
    last_seen_at: dt.datetime = Field(default_factory=_now)
    ended_at: dt.datetime | None = None


class SignInThrottle(SQLModel, table=True):
    """Failed attempts per key (hashed): a staff address and source, a source, a browser session trying codes."""

    __tablename__ = "sign_in_throttle"

    key_hash: str = Field(max_length=64, primary_key=True)
    failures: int = 0
    last_failure_at: dt.datetime | None = None
    blocked_until: dt.datetime | None = None


class AuditLog(SQLModel, table=True):
    """One staff view (or change) of a firm's data. No foreign keys: the log outlives what it names."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=_now, index=True)
    staff_id: int | None = Field(default=None, index=True)
    staff_email: str = Field(default="", max_length=254)
    action: str = Field(max_length=40)
    firm_id: int | None = Field(default=None, index=True)
    object_type: str | None = Field(default=None, max_length=20)
    object_id: int | None = None
    detail: str = Field(default="", max_length=500)


# --------------------------------------------------------------------------- workshops


class Workshop(SQLModel, table=True):
    __tablename__ = "workshop"

    id: int | None = Field(default=None, primary_key=True)
    host_id: int = Field(sa_column=Column(Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), nullable=False, index=True))
    name: str = Field(max_length=120)
    event_date: dt.date
    association: str = Field(default="", max_length=120)
    join_code: str = Field(max_length=8, unique=True, index=True)
    open: bool = True
    created_at: dt.datetime = Field(default_factory=_now)


class WorkshopParticipant(SQLModel, table=True):
    __tablename__ = "workshop_participant"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(sa_column=Column(Integer, ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True))
    token_hash: str = Field(max_length=64, unique=True, index=True)
    firm_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("firm.id", ondelete="CASCADE"), nullable=True, index=True))
    show_name: bool = False
    firm_name: str | None = Field(default=None, max_length=120)
    joined_at: dt.datetime = Field(default_factory=_now)
    finished_at: dt.datetime | None = None
    shared_id: int | None = Field(default=None, sa_column=_shared_ref())


class RoomContribution(SQLModel, table=True):
    """What one participant's shared checkup adds to its workshop's room, computed once when it is shared.

    The host's dashboard aggregates these rows in SQL; it never reads a checkup's JSON. It holds no
    exact employee count (a size band) and no firm name (that stays with the participant, and only
    with consent). The row is the snapshot of what was shared: a later save changes it only when the
    firm shares again.
    """

    __tablename__ = "room_contribution"
    __table_args__ = (Index("ix_room_contribution_workshop_shared", "workshop_id", "shared_at"),)

    participant_id: int = Field(sa_column=Column(Integer, ForeignKey("workshop_participant.id", ondelete="CASCADE"), primary_key=True))
    workshop_id: int = Field(sa_column=Column(Integer, ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True))
    firm_id: int = Field(sa_column=Column(Integer, ForeignKey("firm.id", ondelete="CASCADE"), nullable=False, index=True))
    saved_checkup_id: int | None = None  # which save was shared (no foreign key: the snapshot outlives it)
    year: int
    total_tco2e: float | None = None
    scope1_tco2e: float | None = None
    scope2_tco2e: float | None = None
    per_revenue: float | None = None  # tCO2e per NT$ million of revenue
    per_employee: float | None = None  # tCO2e per employee
    electricity_tco2e: float = 0.0
    fuel_tco2e: float = 0.0
    refrigerant_tco2e: float = 0.0
    septic_tco2e: float = 0.0
    other_tco2e: float = 0.0
    industry: str | None = Field(default=None, max_length=8)
    size_band: str | None = Field(default=None, max_length=16)
    shared_at: dt.datetime = Field(default_factory=_now)


class RoomAdvice(SQLModel, table=True):
    """One measure suggested to (kind "m") or programme matched for (kind "p") a participant, with its names."""

    __tablename__ = "room_advice"
    __table_args__ = (Index("ix_room_advice_workshop_kind_item", "workshop_id", "kind", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(sa_column=Column(Integer, ForeignKey("workshop_participant.id", ondelete="CASCADE"), nullable=False, index=True))
    workshop_id: int = Field(sa_column=Column(Integer, ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False))
    kind: str = Field(max_length=1)
    item_id: str = Field(max_length=80)
    name_zh: str = Field(default="", max_length=200)
    name_en: str = Field(default="", max_length=200)


# --------------------------------------------------------------------------- helpline


class HelplineCase(SQLModel, table=True):
    __tablename__ = "helpline_case"

    id: int | None = Field(default=None, primary_key=True)
    number: str | None = Field(default=None, max_length=20, unique=True, index=True)
    agent_id: int = Field(sa_column=Column(Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), nullable=False, index=True))
    company: str = Field(default="", max_length=120)
    contact_phone: str = Field(default="", max_length=40)
    status: str = Field(default="open", max_length=24)
    follow_up_on: dt.date | None = None
    firm_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("firm.id", ondelete="SET NULL"), nullable=True, index=True))
    created_at: dt.datetime = Field(default_factory=_now)
    updated_at: dt.datetime = Field(default_factory=_now)
    shared_id: int | None = Field(default=None, sa_column=_shared_ref())


class CaseNote(SQLModel, table=True):
    __tablename__ = "case_note"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=Column(Integer, ForeignKey("helpline_case.id", ondelete="CASCADE"), nullable=False, index=True))
    at: dt.datetime = Field(default_factory=_now)
    agent_id: int | None = None
    kind: str = Field(default="note", max_length=16)
    text: str = Field(default="", max_length=4000)


# --------------------------------------------------------------------------- 1+N teams


class Team(SQLModel, table=True):
    __tablename__ = "team"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    lead_firm_id: int = Field(sa_column=Column(Integer, ForeignKey("firm.id", ondelete="CASCADE"), nullable=False, index=True))
    invite_code: str = Field(max_length=10, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=_now)


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("team_id", "firm_id", name="uq_team_member_team_firm"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=False, index=True))
    firm_id: int = Field(sa_column=Column(Integer, ForeignKey("firm.id", ondelete="CASCADE"), nullable=False, index=True))
    share_total: bool = False
    share_scopes: bool = False
    share_name: bool = False
    firm_name: str | None = Field(default=None, max_length=120)
    joined_at: dt.datetime = Field(default_factory=_now)
    shared_id: int | None = Field(default=None, sa_column=_shared_ref())


# --------------------------------------------------------------------------- drafts


class Draft(SQLModel, table=True):
    """The answers of a checkup not yet saved, kept from the first answer on, known only by the hash of its key.

    The key (in the page's address, ``?draft=…``) is never stored; the draft expires ``expires_at``.
    """

    __tablename__ = "draft"

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, unique=True, index=True)
    data_json: str = Field(description="The answers as JSON: the checkup (core.to_data form) and where the owner was.")
    content_hash: str = Field(max_length=64, description="SHA-256 of data_json: a write happens only when it changes.")
    created_at: dt.datetime = Field(default_factory=_now)
    updated_at: dt.datetime = Field(default_factory=_now)
    expires_at: dt.datetime = Field(index=True)
