"""Helpline console: cases by number, call notes with time, follow-up status and history.

An agent (role ``helpline_agent``) opens a case for a caller (company, contact
phone), writes call notes, sets the follow-up status, and can walk the caller
through a quick estimate in the order a call goes (:data:`CALL_SCRIPT`). Saving
that estimate gives the caller a resume code; the case is then linked to the
caller's firm, which is the caller's consent that this agent sees it. A caller
who already has a code can read it out to link their saved checkup instead.

Every change is a line in the case's history. Agents see only their own cases.

Plain Python (SQLModel), no streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any


from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ..datafiles import load_yaml
from . import shares
from .access import Actor, audit, require_case, require_role, view_firm
from .staff import Staff, _aware, _now
from ..errors import AccessDenied, StaffProblem
from ..storage.checkups import _firm, save_checkup
from ..storage.tables import CaseNote, HelplineCase

DATA = Path(__file__).resolve().parents[2] / "data" / "helpline.yaml"
STATUSES = ("open", "call_back", "waiting_for_caller", "done")
NOTE_KINDS = ("note", "status", "linked", "code_sent", "report_sent", "estimate")
# The quick estimate in the order a call goes: who, what they make, electricity, fuels, cooling, people.
CALL_SCRIPT = ("company", "industry", "electricity", "fuels", "refrigerants", "people", "save")
_NUMBER = re.compile(r"^\s*(?:HL-?)?(\d{4})-?(\d{1,6})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class CaseInfo:
    id: int
    number: str
    company: str
    contact_phone: str
    status: str
    follow_up_on: dt.date | None
    linked: bool
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class Note:
    at: dt.datetime
    kind: str
    text: str
    status: str | None = None  # for a status change: the new status …
    follow_up_on: dt.date | None = None  # … and the follow-up date set with it


@dataclass(frozen=True)
class CallAnswers:
    """What the caller says, in the order of :data:`CALL_SCRIPT` (0 for "none" or "does not know")."""

    year: int
    industry: str = ""
    kwh: float = 0.0
    diesel_l: float = 0.0
    natural_gas_m3: float = 0.0
    lpg_kg: float = 0.0
    ac_units: int = 0
    employees: int = 0


@lru_cache(maxsize=1)
def call_script_defaults() -> dict[str, Any]:
    """The call script's assumptions (data/helpline.yaml), each with where it comes from."""
    return load_yaml(DATA)["call_script"]


def year_choices(today: dt.date | None = None) -> tuple[int, int, int]:
    """(earliest, latest, offered first) inventory year of the call script: up to this year, last year first."""
    today = today or dt.date.today()
    d = call_script_defaults()
    return int(d["earliest_year"]), today.year, today.year + int(d["year_offset"])


def estimate_data(company: str, answers: CallAnswers) -> dict[str, Any]:
    """The caller's answers as a checkup file (``checkup/1``): only what they gave, with the script's assumptions."""
    d = call_script_defaults()
    firm: dict[str, Any] = {"name": company.strip()} if company and company.strip() else {}
    if answers.industry.strip():
        firm["industry"] = answers.industry.strip()
    if answers.employees:
        firm["employees"] = int(answers.employees)
    data: dict[str, Any] = {"format": "checkup/1", "year": int(answers.year), "company": firm}
    if answers.kwh:
        data["electricity"] = {"kwh": answers.kwh}
    fuels = []
    if answers.diesel_l:
        fuels.append({"fuel": "diesel", "amount": answers.diesel_l, "unit": "L", "use": d["diesel_use"]})
    if answers.natural_gas_m3:
        fuels.append({"fuel": "natural_gas", "amount": answers.natural_gas_m3, "unit": "m3"})
    if answers.lpg_kg:
        fuels.append({"fuel": "lpg", "amount": answers.lpg_kg, "unit": "kg"})
    if fuels:
        data["fuels"] = fuels
    if answers.ac_units:
        ac = d["air_conditioner"]
        data["refrigerants"] = [{"refrigerant": ac["refrigerant"], "charge_kg": ac["charge_kg"], "count": int(answers.ac_units),
                                 "equipment": ac["equipment"]}]
    return data


def status_text(status: str, follow_up_on: dt.date | None) -> str:
    """How a status change is written in the case's history: ``call_back → 2026-12-03``."""
    return status + (f" → {follow_up_on.isoformat()}" if follow_up_on else "")


def parse_status(text: str) -> tuple[str | None, dt.date | None]:
    """A status note's text back to (status, follow-up date); (None, None) when it is not one of ours."""
    head, _, tail = (text or "").partition(" → ")
    status = head.strip()
    if status not in STATUSES:
        return None, None
    try:
        return status, dt.date.fromisoformat(tail.strip()) if tail.strip() else None
    except ValueError:
        return status, None


def _info(c: HelplineCase) -> CaseInfo:
    return CaseInfo(c.id, c.number or "", c.company, c.contact_phone, c.status, c.follow_up_on, c.firm_id is not None,  # type: ignore[arg-type]
                    _aware(c.created_at), _aware(c.updated_at))  # type: ignore[arg-type]


def normalise_number(number: str) -> str:
    """``hl 2026 12`` / ``2026-00012`` → ``HL-2026-00012``."""
    m = _NUMBER.match(str(number or "").replace(" ", "-"))
    if not m:
        raise StaffProblem("bad_case_number")
    return f"HL-{m.group(1)}-{int(m.group(2)):05d}"


def _phone(phone: str) -> str:
    """As typed (an extension may be written in words), without control characters."""
    return re.sub(r"[\x00-\x1f\x7f]", "", str(phone or "")).strip()[:40]


def _note(s: Session, case: HelplineCase, agent: Staff, kind: str, text: str) -> None:
    now = _now()
    s.add(CaseNote(case_id=case.id, at=now, agent_id=agent.id, kind=kind, text=text[:4000]))  # type: ignore[arg-type]
    case.updated_at = now
    s.add(case)


def open_case(engine: Engine, agent: Actor, company: str, contact_phone: str = "") -> CaseInfo:
    staff = require_role(agent, "helpline_agent")
    with Session(engine, expire_on_commit=False) as s:
        case = HelplineCase(agent_id=staff.id, company=(company or "").strip()[:120], contact_phone=_phone(contact_phone))
        s.add(case)
        s.flush()
        case.number = f"HL-{_aware(case.created_at).year}-{case.id:05d}"  # type: ignore[union-attr]
        _note(s, case, staff, "status", "open")
        s.commit()
        return _info(case)


def find_case(engine: Engine, agent: Actor, number: str) -> CaseInfo:
    """The agent's own case with this number; :class:`AccessDenied` for someone else's or none."""
    require_role(agent, "helpline_agent")
    wanted = normalise_number(number)
    with Session(engine) as s:
        row = s.exec(select(HelplineCase).where(HelplineCase.number == wanted)).first()
        if row is None:
            raise AccessDenied("access_denied")
        return _info(require_case(s, agent, row.id))  # type: ignore[arg-type]


def get_case(engine: Engine, agent: Actor, case_id: int) -> CaseInfo:
    with Session(engine) as s:
        return _info(require_case(s, agent, case_id))


def my_cases(engine: Engine, agent: Actor, *, status: str | None = None, limit: int = 200) -> list[CaseInfo]:
    """The agent's own cases, follow-ups due first, then the newest."""
    staff = require_role(agent, "helpline_agent")
    with Session(engine) as s:
        q = select(HelplineCase).where(HelplineCase.agent_id == staff.id)
        if status:
            q = q.where(HelplineCase.status == status)
        rows = list(s.exec(q.order_by(HelplineCase.updated_at.desc(), HelplineCase.id.desc()).limit(limit)))  # type: ignore[attr-defined, union-attr]
    infos = [_info(r) for r in rows]
    far = dt.date.max
    return sorted(infos, key=lambda c: (c.status == "done", c.follow_up_on or far))


def add_note(engine: Engine, agent: Actor, case_id: int, text: str, kind: str = "note") -> None:
    text = (text or "").strip()
    if not text:
        raise StaffProblem("note_empty")
    if kind not in NOTE_KINDS:
        kind = "note"
    with Session(engine) as s:
        case = require_case(s, agent, case_id)
        _note(s, case, agent, kind, text)  # type: ignore[arg-type]
        s.commit()


def set_status(engine: Engine, agent: Actor, case_id: int, status: str, follow_up_on: dt.date | None = None) -> None:
    if status not in STATUSES:
        raise StaffProblem("bad_status", allowed=", ".join(STATUSES))
    with Session(engine) as s:
        case = require_case(s, agent, case_id)
        case.status = status
        case.follow_up_on = follow_up_on if status != "done" else None
        _note(s, case, agent, "status", status_text(status, case.follow_up_on))  # type: ignore[arg-type]
        s.commit()


def history(engine: Engine, agent: Actor, case_id: int) -> list[Note]:
    """Every note and status change of the case, oldest first."""
    with Session(engine) as s:
        require_case(s, agent, case_id)
        rows = s.exec(select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.at, CaseNote.id))
        return [Note(_aware(r.at), r.kind, r.text, *(parse_status(r.text) if r.kind == "status" else (None, None)))  # type: ignore[arg-type]
                for r in rows]


def link_firm(engine: Engine, agent: Actor, case_id: int, resume_code: str) -> None:
    """The caller reads out their resume code: link it, with consent, to the checkup they saved last.

    The agent sees a copy of that checkup as it is now; reading out the code again shares again
    (a later save, another firm). Written to the audit log.
    """
    with Session(engine) as s:
        case = require_case(s, agent, case_id)
        firm = _firm(s, resume_code)
        copy = shares.share(s, firm.id, replaces=case.shared_id)  # type: ignore[arg-type]
        case.firm_id, case.shared_id = firm.id, copy.id
        _note(s, case, agent, "linked", str(copy.year))  # type: ignore[arg-type]
        audit(s, agent, "helpline_link", firm_id=firm.id, object_type="case", object_id=case.id, detail=str(copy.year))  # type: ignore[arg-type]
        s.commit()


def save_estimate(engine: Engine, agent: Actor, case_id: int, data: dict[str, Any], result: Any) -> str:
    """Save the estimate made on the call for the caller; link the case to it. Returns the caller's resume code.

    The code is shown to the agent once, to read out or send; only its hash is kept.
    """
    with Session(engine) as s:
        case = require_case(s, agent, case_id)
        firm_id = case.firm_id
    if firm_id is not None:
        raise StaffProblem("case_has_firm")
    receipt = save_checkup(engine, data, result)
    with Session(engine) as s:
        case = require_case(s, agent, case_id)
        case.firm_id = receipt.firm_id
        case.shared_id = shares.share(s, receipt.firm_id, receipt.year, replaces=case.shared_id).id
        _note(s, case, agent, "estimate", f"{receipt.year}: {result.total_tco2e:.1f} tCO2e" if result is not None else str(receipt.year))  # type: ignore[arg-type, union-attr]
        s.commit()
    return receipt.code


def case_checkup(engine: Engine, agent: Actor, case_id: int) -> Any:
    """The checkup the caller shared with the case (``core.storage.Saved``, its year with it), audited.

    That save as it was when the caller linked it, not what the firm saved since; None if the case has no firm.
    """
    with Session(engine) as s:
        case = require_case(s, agent, case_id)
        if case.firm_id is None:
            return None
        view_firm(engine, agent, case.firm_id, action="helpline_case", object_type="case", object_id=case.id, session=s)
        row = shares.shared(s, case.shared_id)
        s.commit()
        return shares.as_saved(row) if row is not None else None


def report_downloaded(engine: Engine, agent: Actor, case_id: int) -> None:
    """The agent downloads the caller's PDF report: allowed only with the case's consent, and audited."""
    with Session(engine) as s:
        case = require_case(s, agent, case_id)
        if case.firm_id is None:
            raise AccessDenied("access_denied")
        view_firm(engine, agent, case.firm_id, action="helpline_pdf", object_type="case", object_id=case.id, session=s)
        s.commit()


def record_sent(engine: Engine, agent: Actor, case_id: int, what: str, to: str = "") -> None:
    """Note that the resume code (``code_sent``) or the report (``report_sent``) went to the caller."""
    kind = what if what in ("code_sent", "report_sent") else "note"
    with Session(engine) as s:
        case = require_case(s, agent, case_id)
        _note(s, case, agent, kind, _phone(to) or case.contact_phone)  # type: ignore[arg-type]
        s.commit()
