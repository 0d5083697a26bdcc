"""Workshops: a host's event, a join code, participants linked as they save, and the room's dashboard.

A host (role ``association_host``) creates an event (name, date, association)
and gets a short *join code* to put on the projector (also as a QR code of the
join address). A participant who joins gets a participant token for their
browser session. Joining shares nothing: only when the firm ticks "share" is
its saved checkup linked (:func:`link_saved`), and what it adds to the room is
computed then, once, into ``room_contribution`` and ``room_advice``. The
firm's *name* is kept and shown only if it also ticked ``show_name``; the room
holds a size band, never an exact head count. A closed workshop takes no new
results.

:func:`dashboard` gives the host the counts (joined, finished), the totals and
intensities, the most common emission sources, suggested measures and matched
programmes, aggregated in SQL with a fixed number of queries, and one page of
the firm table. :func:`room_export` builds the room's Excel workbook when the
host asks, for a host whose session is still valid.

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
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, case, delete, func
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, select

from ..datafiles import load_yaml
from . import shares
from .access import DEDUPE, Actor, audit, require_role, require_workshop
from .staff import Staff, _aware, _now, current_staff
from ..advice.measures import suggest
from ..advice.programmes import match
from ..errors import StaffProblem, StorageError
from ..i18n import t
from ..inventory.format import parse_checkup
from ..inventory.result import Result
from ..storage.checkups import _firm
from ..storage.db import reading
from ..storage.tables import AuditLog, RoomAdvice, RoomContribution, SavedCheckup, Workshop, WorkshopParticipant

# Crockford's base32 again: a code read off a projector is not misread (no I, L, O, U).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
JOIN_CODE_CHARS = 6
CATEGORIES = ("electricity", "fuel", "refrigerant", "septic", "other")
PAGE_SIZE = 50  # firms per page of the host's table (the room's figures cover every firm)
TOP = 8  # measures and programmes listed
SIZE_BANDS_FILE = Path(__file__).resolve().parents[2] / "data" / "size_bands.yaml"


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


@dataclass(frozen=True)
class Band:
    """One bar of a histogram: values in [low, high) (the last bar includes its high), and how many."""

    low: float
    high: float
    firms: int


@dataclass
class Row:
    """One finished participant as the host sees it."""

    label: str  # the firm's name if it agreed, else "#3" (its place in the room)
    named: bool
    year: int
    total_tco2e: float | None
    scope1_tco2e: float | None
    scope2_tco2e: float | None
    intensities: dict[str, float]
    by_category: dict[str, float]
    industry: str | None
    size_band: str | None  # a band of data/size_bands.yaml, never the exact employee count
    finished_at: dt.datetime | None


@dataclass
class Dashboard:
    """The room: every figure covers every firm that shared; ``rows`` is one page of the firm table."""

    workshop: WorkshopInfo
    joined: int
    finished: int
    rows: list[Row] = field(default_factory=list)
    page: int = 0
    page_size: int = PAGE_SIZE
    totals: list[float] = field(default_factory=list)
    intensity_revenue: list[float] = field(default_factory=list)  # tCO2e per NT$ million
    intensity_employee: list[float] = field(default_factory=list)  # tCO2e per employee
    sources: list[tuple[str, int, float]] = field(default_factory=list)  # category, firms, tCO2e
    measures: list[tuple[str, dict[str, str], int]] = field(default_factory=list)  # id, names, firms
    programmes: list[tuple[str, dict[str, str], int]] = field(default_factory=list)  # id, names, firms
    sizes: list[tuple[str, int]] = field(default_factory=list)  # size band, firms (bands in order)
    total_sum: float = 0.0
    # the distributions, a dozen bars each (computed with the figures, not on every refresh)
    bands: dict[str, list[Band]] = field(default_factory=dict)  # "total", "per_revenue", "per_employee"
    medians: dict[str, float] = field(default_factory=dict)

    @property
    def median_total(self) -> float | None:
        if "total" in self.medians:
            return self.medians["total"]
        return statistics.median(self.totals) if self.totals else None

    @property
    def sum_total(self) -> float:
        return self.total_sum

    @property
    def pages(self) -> int:
        return max(1, -(-self.finished // self.page_size))

    def intensity(self) -> tuple[str | None, list[float]]:
        """The intensity the room can show: per NT$ million of revenue when most firms gave revenue, else per
        employee; (None, []) when the firms gave neither (quick estimates without revenue or headcount)."""
        if self.intensity_revenue and len(self.intensity_revenue) >= len(self.intensity_employee):
            return "per_revenue", self.intensity_revenue
        if self.intensity_employee:
            return "per_employee", self.intensity_employee
        return None, []


def histogram(values: list[float], bars: int = 12) -> list[Band]:
    """The distribution of ``values`` in at most ``bars`` bars of one "nice" width (1, 2 or 5 × 10ⁿ)."""
    import math

    vals = sorted(v for v in values if v is not None and math.isfinite(v))
    if not vals:
        return []
    lo, hi = vals[0], vals[-1]
    if hi == lo:
        return [Band(lo, hi, len(vals))]
    raw = (hi - lo) / bars
    mag = 10 ** math.floor(math.log10(raw))
    width = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    start = math.floor(lo / width) * width
    n = max(1, math.ceil((hi - start) / width + 1e-12))
    if start + n * width <= hi:
        n += 1
    counts = [0] * n
    for v in vals:
        counts[min(n - 1, int((v - start) // width))] += 1
    return [Band(round(start + i * width, 12), round(start + (i + 1) * width, 12), k) for i, k in enumerate(counts)]


@cache
def size_bands() -> list[dict[str, Any]]:
    """The bands of data/size_bands.yaml, smallest first."""
    return list(load_yaml(SIZE_BANDS_FILE)["bands"])


def size_band(employees: int | None) -> str | None:
    """The band id of a head count (``12`` → ``"5-49"``); None when the firm gave none."""
    if employees is None or employees <= 0:
        return None
    for band in size_bands():
        if band["max"] is None or employees <= band["max"]:
            return band["id"]
    return None  # pragma: no cover - the last band is open


def size_band_label(band_id: str | None, lang: str = "zh-TW") -> str:
    for band in size_bands():
        if band["id"] == band_id:
            return band["en" if lang == "en" else "zh"]
    return ""


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


def contribution_values(
    saved_id: int | None, year: int, data_json: str, result_json: str | None,
    total: float | None, scope1: float | None, scope2: float | None,
) -> tuple[dict[str, Any], list[tuple[str, str, str, str]]]:
    """What one saved checkup adds to a room: the columns of ``room_contribution`` and the advice rows
    (kind "m" or "p", id, name in Chinese, in English). Computed once, when the firm shares."""
    data = json.loads(data_json)
    result = json.loads(result_json) if result_json else {}
    company = data.get("company") or {}
    by_cat = {c: 0.0 for c in CATEGORIES}
    for cat, value in (result.get("by_category") or {}).items():
        by_cat[cat if cat in by_cat else "other"] += float(value or 0.0)
    inten = result.get("intensities") or {}
    row: dict[str, Any] = {
        "saved_checkup_id": saved_id, "year": int(year),
        "total_tco2e": total, "scope1_tco2e": scope1, "scope2_tco2e": scope2,
        "per_revenue": inten.get("per_million_ntd_revenue"), "per_employee": inten.get("per_employee"),
        **{f"{c}_tco2e": v for c, v in by_cat.items()},
        "industry": (company.get("industry") or None), "size_band": size_band(company.get("employees")),
    }
    advice: list[tuple[str, str, str, str]] = []
    try:
        checkup = parse_checkup(data)
        res = Result.model_validate(result) if result else None
        measures = suggest(checkup, res)
        advice += [("m", x.id, x.names.get("zh-TW") or x.id, x.names.get("en") or x.id) for x in measures]
        progs = match(checkup, res, [x.id for x in measures])
        advice += [("p", x.id, x.name_zh, x.name_en) for x in progs if x.match == "yes"]
    except Exception:  # noqa: BLE001 - the room's counts must not fail because one firm's advice cannot be made
        pass
    return row, advice


def link_saved(engine: Engine, token: str, resume_code: str, *, show_name: bool = False, firm_name: str | None = None,
               year: int | None = None) -> None:
    """After a participant saves and ticks "share": link their firm's latest saved checkup to the workshop.

    What it adds to the room is computed here, once (outside the write transaction, so that thirty
    participants saving at once do not queue behind each other's advice). Calling it again (a later save,
    a change of mind about the name) shares again and replaces the earlier contribution. A firm is counted
    once per workshop even if it joined from two browsers. The name is kept only with ``show_name``.
    A closed workshop takes no new results (``StaffProblem("workshop_closed")``). What is shared is the
    checkup of ``year`` (default: the one saved last); ``StorageError("not_found")`` when there is none yet.
    """
    with Session(reading(engine)) as s:
        p = s.exec(select(WorkshopParticipant).where(WorkshopParticipant.token_hash == _sha(token or ""))).first()
        if p is None:
            raise StaffProblem("bad_join_code")
        w = s.get(Workshop, p.workshop_id)
        if w is None or not w.open:
            raise StaffProblem("workshop_closed")
        firm = _firm(s, resume_code)
        q = select(SavedCheckup).where(SavedCheckup.firm_id == firm.id)
        if year is not None:
            q = q.where(SavedCheckup.year == year)
        saved = s.exec(q.order_by(SavedCheckup.updated_at.desc(), SavedCheckup.id.desc())).first()  # type: ignore[attr-defined]
        if saved is None:
            raise StorageError("not_found")  # nothing saved (of that year): nothing to share yet
        pid, wid, fid = p.id, p.workshop_id, firm.id
        snap = (saved.id, saved.year, saved.data_json, saved.result_json, saved.total_tco2e, saved.scope1_tco2e,
                saved.scope2_tco2e)
    values, advice = contribution_values(*snap)
    with Session(engine) as s:
        p = s.get(WorkshopParticipant, pid)
        w = s.get(Workshop, wid)
        if p is None:
            raise StaffProblem("bad_join_code")
        if w is None or not w.open:  # closed while the advice was being made
            raise StaffProblem("workshop_closed")
        other = s.exec(
            select(WorkshopParticipant.id, WorkshopParticipant.shared_id).where(
                WorkshopParticipant.workshop_id == wid, WorkshopParticipant.firm_id == fid, WorkshopParticipant.id != pid)
        ).all()
        if other:  # the same firm from a second browser: keep one row
            ids = [i for i, _ in other]
            for _, shared_id in other:
                shares.drop(s, shared_id)
            s.exec(delete(RoomAdvice).where(RoomAdvice.participant_id.in_(ids)))  # type: ignore[attr-defined]
            s.exec(delete(RoomContribution).where(RoomContribution.participant_id.in_(ids)))  # type: ignore[attr-defined]
            s.exec(delete(WorkshopParticipant).where(WorkshopParticipant.id.in_(ids)))  # type: ignore[union-attr]
            s.flush()
        now = _now()
        # the copy of what was shared (that year, that save) for every staff view of it (``shares``)
        p.shared_id = shares.share(s, fid, snap[1], replaces=p.shared_id).id  # type: ignore[arg-type]
        p.firm_id = fid
        p.show_name = bool(show_name)
        p.firm_name = ((firm_name or "").strip()[:120] or None) if show_name else None  # no name without consent
        p.finished_at = p.finished_at or now
        s.add(p)
        s.exec(delete(RoomAdvice).where(RoomAdvice.participant_id == pid))  # type: ignore[arg-type]
        row = s.get(RoomContribution, pid) or RoomContribution(participant_id=pid, workshop_id=wid, firm_id=fid, year=values["year"])
        for k, v in values.items():
            setattr(row, k, v)
        row.firm_id = fid
        row.shared_at = now
        s.add(row)
        once = {(k, i[:80]): (z, e) for k, i, z, e in advice}  # one row per item: the room counts rows
        s.add_all([RoomAdvice(participant_id=pid, workshop_id=wid, kind=k, item_id=i, name_zh=z[:200], name_en=e[:200])
                   for (k, i), (z, e) in once.items()])
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


@cache
def _statements() -> tuple[Any, Any]:
    """The two queries every view runs, built once (SQLAlchemy then reuses their compiled form): the room's
    counts, version and last audit detail; and one page of the firm table."""
    C, P = RoomContribution, WorkshopParticipant
    wid = bindparam("wid")
    joined = select(func.count()).select_from(P).where(P.workshop_id == wid).scalar_subquery()
    last = (select(AuditLog.detail).where(
        AuditLog.staff_id == bindparam("staff"), AuditLog.action == "workshop_dashboard", AuditLog.object_type == "workshop",
        AuditLog.object_id == wid, AuditLog.at > bindparam("since", type_=AuditLog.__table__.c.at.type),
    ).order_by(AuditLog.at.desc()).limit(1).scalar_subquery())  # type: ignore[attr-defined]
    stats = select(joined, func.count(), func.max(C.shared_at), last).where(C.workshop_id == wid)
    rows = (select(C.participant_id, C.year, C.total_tco2e, C.scope1_tco2e, C.scope2_tco2e, C.per_revenue, C.per_employee,
                   *(getattr(C, f"{c}_tco2e") for c in CATEGORIES), C.industry, C.size_band,
                   P.show_name, P.firm_name, P.finished_at)
            .join(P, P.id == C.participant_id).where(C.workshop_id == wid).order_by(C.participant_id)
            .offset(bindparam("offset")).limit(bindparam("limit")))
    return stats, rows


def _seen_detail(firms: int, latest: dt.datetime | None) -> str:
    """What an audit row of a room view says: one row per view of the room (not one per firm), written again
    only when the room changed or :data:`access.DEDUPE` has passed. A firm finds these rows in its own log
    (``access.audit_log``)."""
    return f"{firms} firms; latest share {_aware(latest).isoformat() if latest else '-'}"


@dataclass(frozen=True)
class _Figures:
    """The room's figures (everything but the page of the table), as one version of the room gave them."""

    finished: int
    total_sum: float
    totals: tuple[float, ...]
    intensity_revenue: tuple[float, ...]
    intensity_employee: tuple[float, ...]
    sources: tuple[tuple[str, int, float], ...]
    sizes: tuple[tuple[str, int], ...]
    measures: tuple[tuple[str, dict[str, str], int], ...]
    programmes: tuple[tuple[str, dict[str, str], int], ...]
    bands: dict[str, list[Band]]
    medians: dict[str, float]


# The last figures of each room watched in this process, keyed by the room's version (firms, latest share):
# a rerun with nothing new recomputes nothing, any share or deletion changes the version. One entry per
# room (replaced, never piling up), at most ROOMS_KEPT rooms: far more than one server's hosts watch at once.
ROOMS_KEPT = 64
_rooms: OrderedDict[tuple[str, int, bool], tuple[tuple[int, Any], _Figures]] = OrderedDict()
_rooms_lock = threading.Lock()


def forget_rooms() -> None:
    """Drop the figures kept in this process (tests and benchmarks measure the computation itself)."""
    with _rooms_lock:
        _rooms.clear()


@cache
def _figure_statements() -> tuple[Any, Any, Any, Any, Any]:
    """The queries of the room's figures, built once (SQLAlchemy reuses their compiled form)."""
    C, A = RoomContribution, RoomAdvice
    wid = bindparam("wid")
    cats = [getattr(C, f"{c}_tco2e") for c in CATEGORIES]
    agg = select(
        func.count(), func.coalesce(func.sum(C.total_tco2e), 0.0),
        *(func.sum(case((col > 0, 1), else_=0)) for col in cats),
        *(func.coalesce(func.sum(col), 0.0) for col in cats),
    ).where(C.workshop_id == wid)
    values = select(C.total_tco2e, C.per_revenue, C.per_employee).where(C.workshop_id == wid)
    sizes = select(C.size_band, func.count()).where(C.workshop_id == wid, C.size_band.is_not(None)).group_by(C.size_band)  # type: ignore[union-attr]
    n = func.count()
    advice = (select(A.kind, A.item_id, n, func.min(A.id)).where(A.workshop_id == wid)
              .group_by(A.kind, A.item_id).order_by(n.desc(), A.item_id))
    names = select(A.id, A.name_zh, A.name_en).where(A.id.in_(bindparam("ids", expanding=True)))  # type: ignore[union-attr]
    return agg, values, sizes, advice, names


def _figures(s: Connection, workshop_id: int, advice: bool) -> _Figures:
    """The room aggregated in SQL: sums and counts per category, the values the distributions need, the sizes,
    and the most common measures and programmes (counted on the index, names of the few shown by id)."""
    agg_q, values_q, sizes_q, advice_q, names_q = _figure_statements()
    w = {"wid": workshop_id}
    agg = s.execute(agg_q, w).one()
    k = len(CATEGORIES)
    sources = sorted(
        ((c, int(agg[2 + i] or 0), round(float(agg[2 + k + i] or 0.0), 3)) for i, c in enumerate(CATEGORIES) if agg[2 + i]),
        key=lambda x: (-x[1], -x[2]))
    totals: list[float] = []
    per_rev: list[float] = []
    per_emp: list[float] = []
    for total, rev, emp in s.execute(values_q, w):
        if total is not None:
            totals.append(total)
        if rev is not None:
            per_rev.append(rev)
        if emp is not None:
            per_emp.append(emp)
    sizes = dict(s.execute(sizes_q, w).all())
    top: dict[str, list[tuple[str, int, int]]] = {"m": [], "p": []}
    names: dict[int, tuple[str, str]] = {}
    if advice:
        for kind, item_id, firms, first in s.execute(advice_q, w):
            if kind in top and len(top[kind]) < TOP:
                top[kind].append((item_id, int(firms), int(first)))
        ids = [first for items in top.values() for _, _, first in items]
        if ids:
            names = {i: (zh, en) for i, zh, en in s.execute(names_q, {"ids": ids})}
    listed = {kind: tuple((i, {"zh-TW": names[f][0], "en": names[f][1]}, n_) for i, n_, f in top[kind]) for kind in top}
    series = {"total": totals, "per_revenue": per_rev, "per_employee": per_emp}
    return _Figures(
        bands={k: histogram(v) for k, v in series.items() if v},
        medians={k: statistics.median(v) for k, v in series.items() if v},
        finished=int(agg[0]), total_sum=float(agg[1]), totals=tuple(totals), intensity_revenue=tuple(per_rev),
        intensity_employee=tuple(per_emp), sources=tuple(sources),
        sizes=tuple((b["id"], int(sizes[b["id"]])) for b in size_bands() if sizes.get(b["id"])),
        measures=listed["m"], programmes=listed["p"],
    )


def dashboard(engine: Engine, host: Actor, workshop_id: int, *, advice: bool = True, page: int = 0,
              page_size: int = PAGE_SIZE) -> Dashboard:
    """The room as the host sees it, aggregated in SQL: a fixed number of queries whatever the room's size.

    Only the host of the event may. ``rows`` is page ``page`` of the firm table (``page_size`` firms, in the
    order they shared); every other figure covers the whole room, and is recomputed only when the room
    changed since this process last computed it. The view is audited once.
    """
    # reads only (on SQLite no write lock, so no save waits for the host), on one connection, with Core queries
    with reading(engine).connect() as conn, Session(bind=conn) as s:
        w = require_workshop(s, host, workshop_id)
        assert isinstance(host, Staff)
        stats, rows = _statements()
        joined, finished, latest, last = conn.execute(stats, {"wid": w.id, "staff": host.id, "since": _now() - DEDUPE}).one()
        key, version = (engine.url.render_as_string(), int(w.id), bool(advice)), (int(finished), latest)  # type: ignore[arg-type]
        with _rooms_lock:
            kept = _rooms.get(key)
        if kept is not None and kept[0] == version:
            fig = kept[1]
        else:
            fig = _figures(conn, w.id, advice)  # type: ignore[arg-type]
            with _rooms_lock:
                _rooms[key] = (version, fig)
                _rooms.move_to_end(key)
                while len(_rooms) > ROOMS_KEPT:
                    _rooms.popitem(last=False)
        board = Dashboard(
            workshop=_info(w), joined=int(joined), finished=int(finished), page=max(0, int(page)),
            page_size=max(1, int(page_size)), totals=list(fig.totals), intensity_revenue=list(fig.intensity_revenue),
            intensity_employee=list(fig.intensity_employee), sources=list(fig.sources), measures=list(fig.measures),
            programmes=list(fig.programmes), sizes=list(fig.sizes), total_sum=fig.total_sum,
            bands=dict(fig.bands), medians=dict(fig.medians),
        )
        page_of = {"wid": w.id, "offset": board.page * board.page_size, "limit": board.page_size}
        k = len(CATEGORIES)
        for i, r in enumerate(conn.execute(rows, page_of), start=board.page * board.page_size + 1):
            _pid, year, total, s1, s2, per_rev, per_emp = r[:7]
            cats, (industry, band, show, name, finished_at) = r[7:7 + k], r[7 + k:]
            label = name if (show and name) else None
            board.rows.append(Row(
                label=label or f"#{i}", named=label is not None, year=year,
                total_tco2e=total, scope1_tco2e=s1, scope2_tco2e=s2,
                intensities={n: v for n, v in (("per_million_ntd_revenue", per_rev), ("per_employee", per_emp)) if v is not None},
                by_category={c: v for c, v in zip(CATEGORIES, cats) if v},
                industry=industry, size_band=band, finished_at=_aware(finished_at),
            ))
        detail = _seen_detail(int(finished), latest)
        seen = detail if finished and last != detail else None
    if seen is not None:
        with Session(engine) as s:
            audit(s, host, "workshop_dashboard", object_type="workshop", object_id=w.id, detail=seen)
            s.commit()
    return board


def room_export(engine: Engine, staff_token: str | None, workshop_id: int, lang: str = "zh-TW") -> bytes:
    """The room's workbook, built now, for the host whose staff session ``staff_token`` still is.

    The host page hands this to the download button as the callable it runs when clicked: the workbook
    is built only when the host asks, and a link kept after the host signed out (or the session
    expired, or the account was disabled) builds nothing (``SessionExpired`` / ``AccessDenied``).
    The export is audited like the view.
    """

    host = current_staff(engine, staff_token or "")
    board = dashboard(engine, host, workshop_id, page=0, page_size=10**9)
    audit_export(engine, host, workshop_id)
    return export_xlsx(board, lang)


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
        t("staff.room.size_band", lang),
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
            label, r.year, r.industry or "", size_band_label(r.size_band, lang),
            r.scope1_tco2e, r.scope2_tco2e, r.total_tco2e,
            r.intensities.get("per_million_ntd_revenue"), r.intensities.get("per_employee"),
        ])
    for col in "ABCDEFGHI":
        firms.column_dimensions[col].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
