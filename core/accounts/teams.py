"""1+N teams: a lead firm, suppliers invited by code, each sharing only what it chooses.

The lead firm (acting with its resume code) creates a team and gets an invite
code to give its suppliers. A supplier joins with the invite code and its own
resume code and chooses what to share with the lead:

* ``share_total`` — its total emissions (tCO2e) and the year;
* ``share_scopes`` — Scope 1 and Scope 2 apart;
* ``share_name`` — the company name it gives (else it shows as "Supplier 2").

It can change or withdraw that at any time, or leave the team. The team
dashboard (:func:`team_summary`) sums what was shared and gives the team size
to the 1+N calculator (:func:`calculator_input`): only suppliers sharing a checkup count toward N. Staff have no access to teams.

Plain Python (SQLModel), no streamlit.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from . import shares
from .access import Actor, FirmActor, require_team
from ..advice.oneplusn import ItemInput, TeamInput
from ..errors import AccessDenied, StaffProblem, StorageError
from ..storage.tables import SavedCheckup, Team, TeamMember

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
INVITE_CHARS = 8


@dataclass(frozen=True)
class Share:
    total: bool = True
    scopes: bool = False
    name: bool = False
    firm_name: str | None = None


@dataclass(frozen=True)
class TeamInfo:
    id: int
    name: str
    invite_code: str


@dataclass
class SupplierLine:
    label: str
    named: bool
    year: int | None = None
    total_tco2e: float | None = None
    scope1_tco2e: float | None = None
    scope2_tco2e: float | None = None


@dataclass
class TeamSummary:
    team: TeamInfo
    suppliers: int  # every member, sharing or not
    sharing: int  # members that share their total and have a saved checkup: the N of 1+N
    lead_total_tco2e: float | None
    suppliers_total_tco2e: float
    scope1_tco2e: float  # of the suppliers sharing scopes
    scope2_tco2e: float
    lines: list[SupplierLine] = field(default_factory=list)

    @property
    def team_total_tco2e(self) -> float:
        return (self.lead_total_tco2e or 0.0) + self.suppliers_total_tco2e


def _info(t: Team) -> TeamInfo:
    return TeamInfo(t.id, t.name, t.invite_code)  # type: ignore[arg-type]


def normalise_invite(code: str) -> str:
    raw = re.sub(r"[\s\-_]", "", str(code or "")).upper().translate(str.maketrans("OIL", "011"))
    if len(raw) != INVITE_CHARS or any(ch not in _ALPHABET for ch in raw):
        raise StaffProblem("bad_invite_code")
    return raw


def create_team(engine: Engine, lead: Actor, name: str) -> TeamInfo:
    if not isinstance(lead, FirmActor):
        raise AccessDenied("access_denied")
    name = (name or "").strip()
    if not name:
        raise StaffProblem("name_required")
    with Session(engine, expire_on_commit=False) as s:
        for _ in range(20):
            code = "".join(secrets.choice(_ALPHABET) for _ in range(INVITE_CHARS))
            if s.exec(select(Team.id).where(Team.invite_code == code)).first() is None:
                break
        team = Team(name=name[:120], lead_firm_id=lead.firm_id, invite_code=code)
        s.add(team)
        s.commit()
        return _info(team)


def my_teams(engine: Engine, firm: Actor) -> tuple[list[TeamInfo], list[TeamInfo]]:
    """(teams the firm leads, teams it is a supplier in)."""
    if not isinstance(firm, FirmActor):
        raise AccessDenied("access_denied")
    with Session(engine) as s:
        led = [_info(t) for t in s.exec(select(Team).where(Team.lead_firm_id == firm.firm_id).order_by(Team.id))]
        q = select(Team).join(TeamMember, TeamMember.team_id == Team.id).where(TeamMember.firm_id == firm.firm_id).order_by(Team.id)
        # a supplier sees the team's name, not its invite code
        member = [TeamInfo(t.id, t.name, "") for t in s.exec(q)]  # type: ignore[arg-type]
        return led, member


def join_team(engine: Engine, supplier: Actor, invite_code: str, share: Share = Share()) -> TeamInfo:
    if not isinstance(supplier, FirmActor):
        raise AccessDenied("access_denied")
    code = normalise_invite(invite_code)
    with Session(engine, expire_on_commit=False) as s:
        team = s.exec(select(Team).where(Team.invite_code == code)).first()
        if team is None:
            raise StaffProblem("bad_invite_code")
        if team.lead_firm_id == supplier.firm_id:
            raise StaffProblem("own_team")
        member = s.exec(select(TeamMember).where(TeamMember.team_id == team.id, TeamMember.firm_id == supplier.firm_id)).first()
        member = member or TeamMember(team_id=team.id, firm_id=supplier.firm_id)  # type: ignore[arg-type]
        _apply(s, member, share)
        s.add(member)
        s.commit()
        return TeamInfo(team.id, team.name, "")  # type: ignore[arg-type]


def _apply(s: Session, member: TeamMember, share: Share) -> None:
    """What the supplier shares; its total (and year) as a copy of the checkup it saved last, made now."""
    member.share_total = bool(share.total or share.scopes)
    member.share_scopes = bool(share.scopes)
    member.share_name = bool(share.name)
    member.firm_name = (share.firm_name or "").strip()[:120] or None
    if member.share_total:
        try:
            member.shared_id = shares.share(s, member.firm_id, replaces=member.shared_id).id
        except StorageError:  # nothing saved yet: the lead sees "not shared" until it shares again
            shares.drop(s, member.shared_id)
            member.shared_id = None
    else:
        shares.drop(s, member.shared_id)
        member.shared_id = None


def _own_membership(s: Session, supplier: Actor, team_id: int) -> TeamMember | None:
    """The supplier's own row in the team (None when it has left); AccessDenied for anyone else."""
    require_team(s, supplier, team_id, lead=False)
    assert isinstance(supplier, FirmActor)
    return s.exec(select(TeamMember).where(TeamMember.team_id == team_id, TeamMember.firm_id == supplier.firm_id)).first()


def set_share(engine: Engine, supplier: Actor, team_id: int, share: Share) -> None:
    """Change what the supplier shares with the team's lead (takes effect at once)."""
    with Session(engine) as s:
        member = _own_membership(s, supplier, team_id)
        if member is None:
            raise AccessDenied("access_denied")
        _apply(s, member, share)
        s.add(member)
        s.commit()


def my_share(engine: Engine, supplier: Actor, team_id: int) -> Share:
    with Session(engine) as s:
        m = _own_membership(s, supplier, team_id)
        if m is None:
            raise AccessDenied("access_denied")
        return Share(m.share_total, m.share_scopes, m.share_name, m.firm_name)


def leave_team(engine: Engine, supplier: Actor, team_id: int) -> None:
    with Session(engine) as s:
        m = _own_membership(s, supplier, team_id)
        if m is not None:
            shares.drop(s, m.shared_id)
            s.delete(m)
            s.commit()


def _latest(s: Session, firm_id: int):
    return s.exec(select(SavedCheckup).where(SavedCheckup.firm_id == firm_id).order_by(SavedCheckup.year.desc())).first()  # type: ignore[attr-defined]


def team_summary(engine: Engine, lead: Actor, team_id: int) -> TeamSummary:
    """What the lead firm sees: only what each supplier shares, summed. Only the lead may."""
    with Session(engine) as s:
        team = require_team(s, lead, team_id, lead=True)
        own = _latest(s, team.lead_firm_id)
        summary = TeamSummary(
            team=_info(team), suppliers=0, sharing=0,
            lead_total_tco2e=own.total_tco2e if own is not None else None,
            suppliers_total_tco2e=0.0, scope1_tco2e=0.0, scope2_tco2e=0.0,
        )
        members = s.exec(select(TeamMember).where(TeamMember.team_id == team.id).order_by(TeamMember.id))
        for i, m in enumerate(members, start=1):
            summary.suppliers += 1
            named = bool(m.share_name and m.firm_name)
            line = SupplierLine(label=m.firm_name if named else f"#{i}", named=named)  # type: ignore[arg-type]
            saved = shares.shared(s, m.shared_id) if m.share_total else None  # as shared, not as saved since
            if saved is not None and saved.total_tco2e is not None:
                line.year = saved.year
                line.total_tco2e = saved.total_tco2e
                summary.sharing += 1
                summary.suppliers_total_tco2e += saved.total_tco2e
                if m.share_scopes:
                    line.scope1_tco2e, line.scope2_tco2e = saved.scope1_tco2e, saved.scope2_tco2e
                    summary.scope1_tco2e += saved.scope1_tco2e or 0.0
                    summary.scope2_tco2e += saved.scope2_tco2e or 0.0
            summary.lines.append(line)
        return summary


def calculator_input(summary: TeamSummary, **items: object):
    """A :class:`core.advice.oneplusn.TeamInput` for this team: N = the suppliers that share a checkup with the lead
    (a member sharing nothing is not a coached firm the team can show; the lead firm is the 1), and, unless
    ``items`` say otherwise, an inventory diagnosis for every firm counted (the rules' other items at their
    defaults)."""
    items.setdefault("inventory_diagnosis", ItemInput(count=summary.sharing + 1))
    return TeamInput(suppliers=summary.sharing, **items)  # type: ignore[arg-type]
