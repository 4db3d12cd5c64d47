"""Deep links on a server's very first request.

With a ``pages/`` folder present, Streamlit resolves the first request after a start against the
files in that folder (its older folder-based navigation) before ``app.py`` has declared the real
pages; a link such as ``/timeline`` would first show "Page not found". Each URL path therefore
has a small file here that runs the whole app, which then opens the requested page through
``st.navigation`` with its sign-in and access checks. After that first run Streamlit uses
``app.py``'s navigation only and these files are never run.
"""

from __future__ import annotations

import runpy
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"


def run_app() -> None:
    """Run ``app.py`` as the main script, exactly as ``streamlit run app.py`` would."""
    runpy.run_path(str(APP), run_name="__main__")
