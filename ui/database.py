"""The process's database engine, cached: the one the checkup pages and the staff pages share."""

from __future__ import annotations

import streamlit as st

import core.storage as storage


@st.cache_resource(show_spinner=False)
def _engine_for(url: str):
    engine = storage.make_engine(url)
    storage.upgrade(engine)  # Alembic "upgrade head", once per process and database
    return engine


def get_engine():
    """The process's database engine (migrations applied on first use)."""
    return _engine_for(storage.database_url())
