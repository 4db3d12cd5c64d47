"""A page for tests/e2e/test_browser.py: every string of a JSON list drawn as ``md_text(s)``
and as ``md_code(s)`` in ``st.markdown`` (one keyed container each), so the browser shows what
Streamlit's own Markdown renderer makes of them. Not part of the app."""

from __future__ import annotations

import json
import os
from pathlib import Path

import streamlit as st

from monitor.ui.safe_text import md_code, md_text

for i, text in enumerate(json.loads(Path(os.environ["CITRA_PROBE_FILE"]).read_text("utf-8"))):
    with st.container(key=f"probe_{i}"):
        st.markdown(md_text(text))
    with st.container(key=f"code_{i}"):
        st.markdown(md_code(text))
st.caption("probe done")
