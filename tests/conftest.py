import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# the database fixtures (every backend) of the storage and staff tests
from conftest_pg import app_db, db_engine, db_url, fast_password_hashing, target_url  # noqa: E402,F401


@pytest.fixture(autouse=True)
def _full_streamlit_errors():
    """Show real exception messages in AppTest (the app's config hides them from users)."""
    try:
        from streamlit import config as st_config
    except ImportError:  # pragma: no cover
        return
    st_config.get_option("client.showErrorDetails")
    st_config.set_option("client.showErrorDetails", "full")
