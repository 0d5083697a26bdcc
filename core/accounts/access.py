"""Who may see what: the one place that decides, and the audit log of every staff view of a firm's data.

A firm's data is visible only to itself and to whom it consented:

* the firm itself (it proved its resume code: :class:`FirmActor`);
* the host of a workshop the firm joined (joining is the consent; the firm's
  *name* is shown only if it also ticked "show our name");
* the helpline agent of a case the caller linked to their firm;
* the lead firm of a 1+N team the firm joined, for what the firm chose to share (nothing, if it shares nothing).

Staff see only their own events and cases. Administrators manage accounts and
read the audit log; they see no firm's data. Every time staff see a firm's
data, :func:`view_firm` writes who, what, when and why to ``audit_log``.

Plain Python (SQLModel), no streamlit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Union

from sqlalchemy import and_, exists, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from .staff import Staff, _aware, _now
from ..errors import AccessDenied
from ..storage.checkups import _firm
from ..storage.tables import AuditLog, HelplineCase, Team, TeamMember, Workshop, WorkshopParticipant

DEDUPE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class FirmActor:
    """An anonymous owner who proved a resume code: acts for that one firm."""

    firm_id: int


Actor = Union[Staff, FirmActor]


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    staff_email: str
    action: str
    firm_id: int | None
    object_type: str | None
    object_id: int | None
    detail: str


# --------------------------------------------------------------------------- actors


def firm_actor(engine: Engine, code: str) -> FirmActor:
    """The firm holding resume code ``code``; ``StorageError("not_found")`` otherwise."""
    with Session(engine) as s:
        firm = _firm(s, code)
        return FirmActor(firm.id)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- decisions


def may_view_firm(engine: Engine, actor: Actor, firm_id: int) -> bool:
    """Whether ``actor`` may see firm ``firm_id``'s data at all (the team module narrows what a lead sees)."""
    with Session(engine) as s:
        return _may_view_firm(s, actor, firm_id)


def _may_view_firm(s: Session, actor: Actor, firm_id: int) -> bool:
    if isinstance(actor, FirmActor):
        if actor.firm_id == firm_id:
            return True
        q = (
            select(TeamMember.id)
            .join(Team, Team.id == TeamMember.team_id)
            .where(Team.lead_firm_id == actor.firm_id, TeamMember.firm_id == firm_id,
                   or_(TeamMember.share_total.is_(True), TeamMember.share_name.is_(True)))  # type: ignore[attr-defined]
        )  # a supplier that shares nothing is a member (an anonymous line), but the lead sees nothing of it
        return s.exec(q).first() is not None
    if not isinstance(actor, Staff):
        return False
    if actor.role == "association_host":
        q = (
            select(WorkshopParticipant.id)
            .join(Workshop, Workshop.id == WorkshopParticipant.workshop_id)
            .where(Workshop.host_id == actor.id, WorkshopParticipant.firm_id == firm_id)
        )
        return s.exec(q).first() is not None
    if actor.role == "helpline_agent":
        q = select(HelplineCase.id).where(HelplineCase.agent_id == actor.id, HelplineCase.firm_id == firm_id)
        return s.exec(q).first() is not None
    return False  # admin, or an unknown role


def view_firm(
    engine: Engine,
    actor: Actor,
    firm_id: int,
    *,
    action: str,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: str = "",
    session: Session | None = None,
) -> None:
    """Allow the view or raise :class:`AccessDenied`; a staff view is written to the audit log."""

    def run(s: Session) -> None:
        if not _may_view_firm(s, actor, firm_id):
            raise AccessDenied("access_denied")
        if isinstance(actor, Staff):
            audit(s, actor, action, firm_id=firm_id, object_type=object_type, object_id=object_id, detail=detail)

    if session is not None:
        run(session)
        return
    with Session(engine) as s:
        run(s)
        s.commit()


def require_workshop(s: Session, actor: Actor, workshop_id: int):
    """The workshop if ``actor`` is its host; :class:`AccessDenied` otherwise (also when it does not exist)."""
    row = s.get(Workshop, workshop_id)
    if row is None or not isinstance(actor, Staff) or actor.role != "association_host" or row.host_id != actor.id:
        raise AccessDenied("access_denied")
    return row


def require_case(s: Session, actor: Actor, case_id: int):
    """The case if ``actor`` is its agent; :class:`AccessDenied` otherwise."""
    row = s.get(HelplineCase, case_id)
    if row is None or not isinstance(actor, Staff) or actor.role != "helpline_agent" or row.agent_id != actor.id:
        raise AccessDenied("access_denied")
    return row


def require_team(s: Session, actor: Actor, team_id: int, *, lead: bool = True):
    """The team if ``actor`` is its lead firm (or, with ``lead=False``, a member); :class:`AccessDenied` otherwise."""
    row = s.get(Team, team_id)
    if row is None or not isinstance(actor, FirmActor):
        raise AccessDenied("access_denied")
    if row.lead_firm_id == actor.firm_id:
        return row
    if not lead:
        member = s.exec(select(TeamMember).where(TeamMember.team_id == team_id, TeamMember.firm_id == actor.firm_id)).first()
        if member is not None:
            return row
    raise AccessDenied("access_denied")


def require_role(actor: Actor, *roles: str) -> Staff:
    if not isinstance(actor, Staff) or actor.role not in roles:
        raise AccessDenied("access_denied")
    return actor


# --------------------------------------------------------------------------- audit


def audit(
    s: Session,
    staff: Staff,
    action: str,
    *,
    firm_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: str = "",
    dedupe: dt.timedelta | None = None,
) -> None:
    """Add an audit row in the caller's transaction. With ``dedupe``, skip it if the same view was logged that recently."""
    now = _now()
    if dedupe is not None:
        q = select(AuditLog.id).where(
            AuditLog.staff_id == staff.id,
            AuditLog.action == action,
            AuditLog.firm_id == firm_id,
            AuditLog.object_type == object_type,
            AuditLog.object_id == object_id,
            AuditLog.at > now - dedupe,
        )
        if s.exec(q).first() is not None:
            return
    s.add(
        AuditLog(
            at=now,
            staff_id=staff.id,
            staff_email=staff.email,
            action=action,
            firm_id=firm_id,
            object_type=object_type,
            object_id=object_id,
            detail=detail[:500],
        )
    )


def audit_log(engine: Engine, actor: Actor, *, firm_id: int | None = None, limit: int = 500) -> list[AuditEntry]:
    """The newest audit entries: administrators see all; a firm sees who looked at its own data."""
    with Session(engine) as s:
        q = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)  # type: ignore[attr-defined]
        if isinstance(actor, FirmActor):
            q = q.where(or_(AuditLog.firm_id == actor.firm_id, _room_views_of(actor.firm_id)))
        elif isinstance(actor, Staff) and actor.role == "admin":
            if firm_id is not None:
                q = q.where(AuditLog.firm_id == firm_id)
        else:
            raise AccessDenied("access_denied")
        own = actor.firm_id if isinstance(actor, FirmActor) else None
        return [
            AuditEntry(_aware(r.at), r.staff_email, r.action, own or r.firm_id, r.object_type, r.object_id, r.detail)  # type: ignore[arg-type]
            for r in s.exec(q)
        ]


def _room_views_of(firm_id: int):
    """A host's view of a workshop room (one audit row for the whole room) after this firm shared with it."""
    P = WorkshopParticipant
    return and_(
        AuditLog.firm_id.is_(None),  # type: ignore[union-attr]
        AuditLog.object_type == "workshop",
        exists().where(P.workshop_id == AuditLog.object_id, P.firm_id == firm_id, P.finished_at <= AuditLog.at),
    )


# --------------------------------------------------------------------------- a firm deletes its data


def delete_firm(engine: Engine, code: str) -> int:
    """Delete the firm holding ``code`` and everything of it (checkups, workshop links, team memberships).

    Helpline cases keep their call notes but lose the link to the firm. The
    audit log keeps its rows (they hold no data of the firm). Returns the firm id.
    """
    with Session(engine) as s:
        firm = _firm(s, code)
        firm_id = firm.id
        s.delete(firm)
        s.commit()
    return firm_id  # type: ignore[return-value]
