"""Workshops: a host's event, a join code, participants linked as they save, and the room's dashboard.

A host (role ``association_host``) creates an event (name, date, association)
and gets a short *join code* to put on the projector (also as a QR code of the
join address). A participant who joins gets a participant token for their
browser session; when they save their checkup the token is linked to their
firm (:func:`link_saved`), which is their consent that the host sees the
result. The firm's *name* is shown only if they also ticked ``show_name``.

:func:`dashboard` gives the host the counts (joined, finished), the totals and
intensities, the most common emission sources, suggested measures and matched
programmes. :func:`export_xlsx` writes the room to an Excel workbook.

Plain Python (SQLModel), no streamlit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import secrets
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from . import shares
from .access import Actor, audit, require_role, require_workshop
from .staff import Staff, _aware, _now
from ..advice.measures import suggest
from ..advice.programmes import match
from ..errors import StaffProblem
from ..i18n import t
from ..inventory.format import parse_checkup
from ..inventory.result import Result
from ..storage.checkups import _firm
from ..storage.tables import Workshop, WorkshopParticipant

# Crockford's base32 again: a code read off a projector is not misread (no I, L, O, U).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
JOIN_CODE_CHARS = 6
CATEGORIES = ("electricity", "fuel", "refrigerant", "septic", "other")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class WorkshopInfo:
    id: int
    name: str
    event_date: dt.date
    association: str
    join_code: str
    open: bool


@dataclass(frozen=True)
class Joined:
    token: str  # keep in the participant's browser session only
    workshop: WorkshopInfo


@dataclass
class Row:
    """One finished participant as the host sees it."""

    label: str  # the firm's name if it agreed, else "Firm 3"
    named: bool
    year: int
    total_tco2e: float | None
    scope1_tco2e: float | None
    scope2_tco2e: float | None
    intensities: dict[str, float]
    by_category: dict[str, float]
    industry: str | None
    employees: int | None
    finished_at: dt.datetime | None


@dataclass
class Dashboard:
    workshop: WorkshopInfo
    joined: int
    finished: int
    rows: list[Row] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)
    intensity_revenue: list[float] = field(default_factory=list)  # tCO2e per NT$ million
    intensity_employee: list[float] = field(default_factory=list)  # tCO2e per employee
    sources: list[tuple[str, int, float]] = field(default_factory=list)  # category, firms, tCO2e
    measures: list[tuple[str, dict[str, str], int]] = field(default_factory=list)  # id, names, firms
    programmes: list[tuple[str, dict[str, str], int]] = field(default_factory=list)  # id, names, firms

    @property
    def median_total(self) -> float | None:
        return statistics.median(self.totals) if self.totals else None

    @property
    def sum_total(self) -> float:
        return sum(self.totals)


def _info(w: Workshop) -> WorkshopInfo:
    return WorkshopInfo(w.id, w.name, w.event_date, w.association, w.join_code, w.open)  # type: ignore[arg-type]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_join_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(JOIN_CODE_CHARS))


def normalise_join_code(code: str) -> str:
    raw = re.sub(r"[\s\-_]", "", str(code or "")).upper().translate(str.maketrans("OIL", "011"))
    if len(raw) != JOIN_CODE_CHARS or any(ch not in _ALPHABET for ch in raw):
        raise StaffProblem("bad_join_code")
    return raw


def join_url(base_url: str, code: str) -> str:
    """The address a participant opens (the QR code holds it): ``<base>/join?code=XXXXXX``."""
    return f"{base_url.rstrip('/')}/join?code={code}"


def qr_png(url: str, scale: int = 8) -> bytes:
    """A QR code of ``url`` as PNG bytes (segno, no network)."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


# --------------------------------------------------------------------------- host


def create_workshop(engine: Engine, host: Actor, name: str, event_date: dt.date, association: str = "") -> WorkshopInfo:
    staff = require_role(host, "association_host")
    name = (name or "").strip()
    if not name:
        raise StaffProblem("name_required")
    with Session(engine, expire_on_commit=False) as s:
        for _ in range(20):
            code = new_join_code()
            if s.exec(select(Workshop.id).where(Workshop.join_code == code)).first() is None:
                break
        w = Workshop(host_id=staff.id, name=name[:120], event_date=event_date,
                     association=(association or staff.association or "").strip()[:120], join_code=code)
        s.add(w)
        s.commit()
        return _info(w)


def my_workshops(engine: Engine, host: Actor) -> list[WorkshopInfo]:
    """The host's own events, newest first (other hosts' events are never listed)."""
    staff = require_role(host, "association_host")
    with Session(engine) as s:
        q = select(Workshop).where(Workshop.host_id == staff.id).order_by(Workshop.event_date.desc(), Workshop.id.desc())  # type: ignore[attr-defined]
        return [_info(w) for w in s.exec(q)]


def get_workshop(engine: Engine, host: Actor, workshop_id: int) -> WorkshopInfo:
    with Session(engine) as s:
        return _info(require_workshop(s, host, workshop_id))


def set_open(engine: Engine, host: Actor, workshop_id: int, open_: bool) -> None:
    with Session(engine) as s:
        w = require_workshop(s, host, workshop_id)
        w.open = open_
        s.add(w)
        s.commit()


# --------------------------------------------------------------------------- participants


def find_open(engine: Engine, join_code: str) -> WorkshopInfo:
    code = normalise_join_code(join_code)
    with Session(engine) as s:
        w = s.exec(select(Workshop).where(Workshop.join_code == code)).first()
        if w is None or not w.open:
            raise StaffProblem("bad_join_code")
        return _info(w)


def join(engine: Engine, join_code: str) -> Joined:
    """Join the open workshop of ``join_code``: counts as *joined*; returns the participant token."""
    code = normalise_join_code(join_code)
    token = secrets.token_urlsafe(24)
    with Session(engine, expire_on_commit=False) as s:
        w = s.exec(select(Workshop).where(Workshop.join_code == code)).first()
        if w is None or not w.open:
            raise StaffProblem("bad_join_code")
        s.add(WorkshopParticipant(workshop_id=w.id, token_hash=_sha(token)))  # type: ignore[arg-type]
        s.commit()
        return Joined(token=token, workshop=_info(w))


def link_saved(engine: Engine, token: str, resume_code: str, *, show_name: bool = False, firm_name: str | None = None,
               year: int | None = None) -> None:
    """After a participant saves: link their firm (by its resume code) to the workshop → *finished*.

    The host sees a copy of the checkup of ``year`` (default: the one saved last) as it is now
    (``shares``); calling it again (a later save, a change of mind about the name) shares again.
    A firm is counted once per workshop even if it joined from two browsers.
    """
    with Session(engine) as s:
        p = s.exec(select(WorkshopParticipant).where(WorkshopParticipant.token_hash == _sha(token or ""))).first()
        if p is None:
            raise StaffProblem("bad_join_code")
        firm = _firm(s, resume_code)
        other = s.exec(
            select(WorkshopParticipant).where(
                WorkshopParticipant.workshop_id == p.workshop_id,
                WorkshopParticipant.firm_id == firm.id,
                WorkshopParticipant.id != p.id,
            )
        ).first()
        if other is not None:  # the same firm from a second browser: keep one row
            shares.drop(s, other.shared_id)
            s.delete(other)
            s.flush()
        p.shared_id = shares.share(s, firm.id, year, replaces=p.shared_id).id  # type: ignore[arg-type]
        p.firm_id = firm.id
        p.show_name = bool(show_name)
        p.firm_name = (firm_name or "").strip()[:120] or None
        p.finished_at = p.finished_at or _now()
        s.add(p)
        s.commit()


def participant_status(engine: Engine, token: str) -> tuple[WorkshopInfo, bool] | None:
    """The participant's workshop and whether they are linked (finished); None for an unknown token."""
    with Session(engine) as s:
        p = s.exec(select(WorkshopParticipant).where(WorkshopParticipant.token_hash == _sha(token or ""))).first()
        if p is None:
            return None
        w = s.get(Workshop, p.workshop_id)
        return _info(w), p.firm_id is not None  # type: ignore[arg-type]


# --------------------------------------------------------------------------- dashboard


@lru_cache(maxsize=2048)
def _advice(checkup_id: int, updated: str, data_json: str, result_json: str | None) -> tuple[tuple, tuple]:
    """Measure and programme ids (with names) for one saved checkup; cached per saved version."""
    try:
        checkup = parse_checkup(json.loads(data_json))
        result = Result.model_validate(json.loads(result_json)) if result_json else None
        measures = suggest(checkup, result)
        m = tuple((x.id, tuple(sorted(x.names.items()))) for x in measures)
        progs = match(checkup, result, [x.id for x in measures])
        p = tuple((x.id, (("en", x.name_en), ("zh-TW", x.name_zh))) for x in progs if x.match == "yes")
        return m, p
    except Exception:  # noqa: BLE001 - the counts must not fail because one firm's advice cannot be made
        return (), ()


def dashboard(engine: Engine, host: Actor, workshop_id: int, *, advice: bool = True) -> Dashboard:
    """The room as the host sees it. Only the host of the event may; every firm seen is audited."""
    with Session(engine) as s:
        w = require_workshop(s, host, workshop_id)
        assert isinstance(host, Staff)
        parts = list(s.exec(select(WorkshopParticipant).where(WorkshopParticipant.workshop_id == w.id).order_by(WorkshopParticipant.id)))
        board = Dashboard(workshop=_info(w), joined=len(parts), finished=0)
        src_firms: Counter[str] = Counter()
        src_t: Counter[str] = Counter()
        m_count: Counter[str] = Counter()
        p_count: Counter[str] = Counter()
        names: dict[str, dict[str, str]] = {}
        n = 0
        for p in parts:
            if p.firm_id is None:
                continue
            saved = shares.shared(s, p.shared_id)  # what the firm shared, not what it saved since
            if saved is None:
                continue
            n += 1
            audit(s, host, "workshop_dashboard", firm_id=p.firm_id, object_type="workshop", object_id=w.id, dedupe=dt.timedelta(minutes=10))
            data = json.loads(saved.data_json)
            result = json.loads(saved.result_json) if saved.result_json else {}
            company = data.get("company") or {}
            label = p.firm_name if (p.show_name and p.firm_name) else None
            row = Row(
                label=label or f"#{n}",
                named=label is not None,
                year=saved.year,
                total_tco2e=saved.total_tco2e,
                scope1_tco2e=saved.scope1_tco2e,
                scope2_tco2e=saved.scope2_tco2e,
                intensities=dict(result.get("intensities") or {}),
                by_category=dict(result.get("by_category") or {}),
                industry=company.get("industry"),
                employees=company.get("employees"),
                finished_at=_aware(p.finished_at),
            )
            board.rows.append(row)
            if row.total_tco2e is not None:
                board.totals.append(row.total_tco2e)
            if "per_million_ntd_revenue" in row.intensities:
                board.intensity_revenue.append(row.intensities["per_million_ntd_revenue"])
            if "per_employee" in row.intensities:
                board.intensity_employee.append(row.intensities["per_employee"])
            for cat, value in row.by_category.items():
                if value and value > 0:
                    src_firms[cat] += 1
                    src_t[cat] += value
            if advice:
                ms, ps = _advice(saved.id, str(saved.shared_at), saved.data_json, saved.result_json)  # type: ignore[arg-type]
                for mid, mnames in ms:
                    m_count[mid] += 1
                    names["m:" + mid] = dict(mnames)
                for pid, pnames in ps:
                    p_count[pid] += 1
                    names["p:" + pid] = dict(pnames)
        s.commit()
    board.finished = n
    board.sources = sorted(((c, src_firms[c], round(src_t[c], 3)) for c in src_firms), key=lambda x: (-x[1], -x[2]))
    board.measures = [(mid, names["m:" + mid], k) for mid, k in m_count.most_common(8)]
    board.programmes = [(pid, names["p:" + pid], k) for pid, k in p_count.most_common(8)]
    return board


def audit_export(engine: Engine, host: Actor, workshop_id: int) -> None:
    """The host exports the room: one audit row per firm whose shared checkup goes into the file."""
    with Session(engine) as s:
        w = require_workshop(s, host, workshop_id)
        assert isinstance(host, Staff)
        q = select(WorkshopParticipant.firm_id).where(WorkshopParticipant.workshop_id == w.id,
                                                      WorkshopParticipant.shared_id.is_not(None))  # type: ignore[union-attr]
        for firm_id in sorted({f for f in s.exec(q) if f is not None}):
            audit(s, host, "workshop_export", firm_id=firm_id, object_type="workshop", object_id=w.id)
        s.commit()


def export_xlsx(board: Dashboard, lang: str = "zh-TW") -> bytes:
    """The room as an Excel workbook: a summary sheet and one row per finished firm (names only if agreed)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..sheets import append_row  # the one safe writer: a firm named "=HYPERLINK(…)" stays text

    wb = Workbook()
    ws = wb.active
    ws.title = t("staff.xlsx.summary", lang)[:31]
    w = board.workshop
    rows: list[tuple[str, Any]] = [
        (t("staff.workshop.name", lang), w.name),
        (t("staff.workshop.date", lang), w.event_date.isoformat()),
        (t("staff.workshop.association", lang), w.association),
        (t("staff.workshop.join_code", lang), w.join_code),
        (t("staff.dashboard.joined", lang), board.joined),
        (t("staff.dashboard.finished", lang), board.finished),
        (t("staff.dashboard.sum_total", lang), round(board.sum_total, 3)),
        (t("staff.dashboard.median_total", lang), round(board.median_total, 3) if board.median_total is not None else ""),
    ]
    for k, v in rows:
        append_row(ws, [k, v])
    append_row(ws, [])
    append_row(ws, [t("staff.dashboard.sources", lang), t("staff.dashboard.firms", lang), "tCO2e"])
    for cat, firms, tco2e in board.sources:
        append_row(ws, [t(f"staff.category.{cat}", lang) if cat in CATEGORIES else cat, firms, tco2e])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 24
    firms = wb.create_sheet(t("staff.xlsx.firms", lang)[:31])
    head = [
        t("staff.dashboard.firm", lang),
        t("staff.dashboard.year", lang),
        t("staff.dashboard.industry", lang),
        t("staff.dashboard.employees", lang),
        t("staff.dashboard.scope1", lang),
        t("staff.dashboard.scope2", lang),
        t("staff.dashboard.total", lang),
        t("staff.dashboard.per_revenue", lang),
        t("staff.dashboard.per_employee", lang),
    ]
    append_row(firms, head)
    for cell in firms[1]:
        cell.font = Font(bold=True)
    for r in board.rows:
        label = r.label if r.named else t("staff.dashboard.anonymous", lang, n=r.label.lstrip("#"))
        append_row(firms, [
            label, r.year, r.industry or "", r.employees if r.employees is not None else "",
            r.scope1_tco2e, r.scope2_tco2e, r.total_tco2e,
            r.intensities.get("per_million_ntd_revenue"), r.intensities.get("per_employee"),
        ])
    for col in "ABCDEFGHI":
        firms.column_dimensions[col].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
