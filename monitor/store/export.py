"""Writing stored comments back out as CSV that is safe to open in a spreadsheet.

Each row is the canonical comment, its Jakarta day, then its emotion ("" for none) and the
confidences of the emotion and of the sentiment label (``EMOTION_COLUMNS``); a comment stored
before emotions were and not re-scored since has the three cells empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

import pandas as pd

from monitor.core.canonical import CANONICAL_COLUMNS, EMOTION_COLUMNS
from monitor.core.spreadsheet import neutralise
from monitor.store import comments as comment_store
from monitor.store.engine import Store

# platform after comment_id: the comment's identity
EXPORT_COLUMNS = (*CANONICAL_COLUMNS, "day", *EMOTION_COLUMNS)
TEXT_COLUMNS = ("comment_id", "post_id", "parent_id", "author", "text", "source_format")


def export_frame(chunk: pd.DataFrame) -> pd.DataFrame:
    """One chunk in export form: fixed columns, ISO times, Jakarta day, neutralised text."""
    out = chunk.loc[:, list(EXPORT_COLUMNS)].copy()
    for col in TEXT_COLUMNS:
        out[col] = neutralise(out[col])
    out["created_at_utc"] = pd.to_datetime(out["created_at_utc"]).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    out["day"] = pd.to_datetime(out["day"]).dt.strftime("%Y-%m-%d")
    for col in ("is_reply", "is_owner_reply"):
        out[col] = out[col].astype(bool)
    for col in ("emotion_confidence", "sentiment_confidence"):  # 4 decimals: a confidence
        out[col] = pd.to_numeric(out[col]).round(4)
    return out


def write_csv(store: Store, fh: TextIO, platforms: Sequence[str] | None = None) -> int:
    """Every stored comment (of ``platforms``; None or empty: all), ordered by time then id;
    returns the number of rows written."""
    written = 0
    header = True
    for chunk in comment_store.iter_export(store, platforms=platforms):
        export_frame(chunk).to_csv(fh, index=False, header=header, lineterminator="\n")
        header = False
        written += len(chunk)
    if header:
        pd.DataFrame(columns=list(EXPORT_COLUMNS)).to_csv(fh, index=False, lineterminator="\n")
    return written
