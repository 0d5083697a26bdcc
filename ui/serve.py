"""``python -m ui.serve [streamlit options]``: ``streamlit run app.py``, every page's address working from the start.

Why not plain ``streamlit run app.py``: Streamlit 1.67 decides, when the server's *first* session is
created, whether the app uses the old multipage mode (a ``pages/`` folder beside the entry script:
``PagesManager.uses_pages_directory``, runtime/pages_manager.py). Our page scripts live in ``pages/<section>/``,
so that first session runs in the old mode (``_mpa_v1`` in runtime/scriptrunner/script_runner.py): its
navigation holds only app.py, the page in the address (/quick, /inventory …) is not among them and the
browser shows an English "Page not found" dialog, before app.py's own ``st.navigation`` switches the old
mode off for the rest of the process. Switching it off before the server starts, in the same process,
removes the dialog for the first session too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:

    PagesManager.uses_pages_directory = False  # st.navigation decides the pages, from the first session on
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
