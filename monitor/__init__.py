"""Citra's library: ingest, scoring, storage and analytics of Instagram comment exports.

Nothing in this package imports Streamlit; ``app_pages/`` and ``monitor.cli`` are thin faces over it.
"""

__version__ = "0.1.0"
