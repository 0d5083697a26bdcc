"""What a firm shared: a copy of one save, made when it shares, so consent covers what was shared.

A firm shares its checkup with a workshop host (joining and sending it), a helpline agent (reading out
its resume code, or the agent saving the estimate made on the call) or a 1+N lead (joining the team with
its total). Each of them sees :class:`~core.storage.tables.SharedCheckup`, the copy made at that moment,
with its year — never a checkup the firm saves afterwards. Sharing again replaces the copy.

Plain Python (SQLModel), no streamlit.
"""

from __future__ import annotations

import json

from sqlmodel import Session, select

from ..errors import StorageError
from ..storage.checkups import Saved
from ..storage.tables import SavedCheckup, SharedCheckup, _now


def share(s: Session, firm_id: int, year: int | None = None, *, replaces: int | None = None) -> SharedCheckup:
    """Copy the firm's checkup of ``year`` (default: the one it saved last) for the party it shares with.

    ``replaces`` is the link's previous copy, deleted. ``StorageError("not_found")`` when the firm has
    saved nothing (of that year): there is nothing to share yet.
    """
    q = select(SavedCheckup).where(SavedCheckup.firm_id == firm_id)
    if year is not None:
        q = q.where(SavedCheckup.year == year)
    saved = s.exec(q.order_by(SavedCheckup.updated_at.desc(), SavedCheckup.id.desc())).first()  # type: ignore[attr-defined]
    if saved is None:
        raise StorageError("not_found")
    copy = SharedCheckup(
        firm_id=firm_id, checkup_id=saved.id, year=saved.year, data_json=saved.data_json, result_json=saved.result_json,
        total_tco2e=saved.total_tco2e, scope1_tco2e=saved.scope1_tco2e, scope2_tco2e=saved.scope2_tco2e,
        saved_at=saved.updated_at, shared_at=_now(),
    )
    s.add(copy)
    s.flush()
    drop(s, replaces)
    return copy


def drop(s: Session, shared_id: int | None) -> None:
    """Delete a copy nobody is shown any more (a link withdrawn or replaced)."""
    if shared_id is not None:
        old = s.get(SharedCheckup, shared_id)
        if old is not None:
            s.delete(old)


def shared(s: Session, shared_id: int | None) -> SharedCheckup | None:
    return s.get(SharedCheckup, shared_id) if shared_id is not None else None


def as_saved(row: SharedCheckup) -> Saved:
    """The copy in the form of a saved checkup (``saved_at`` is when the firm saved it)."""
    result = json.loads(row.result_json) if row.result_json else None
    return Saved(
        id=row.checkup_id or 0, year=row.year, data=json.loads(row.data_json), result=result,
        total_tco2e=row.total_tco2e, scope1_tco2e=row.scope1_tco2e, scope2_tco2e=row.scope2_tco2e,
        saved_at=row.saved_at, factors=(result or {}).get("factors") or None,
    )
