"""The one guard against CSV injection, for every CSV Citra writes (the export command and the
app's download alike).

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula,
``|`` and ``%`` start DDE commands and macro references in some of them, and a leading tab,
carriage return or line feed can hide any of these. Such a cell gets a leading apostrophe, which
spreadsheets show as text and never run. Only strings are touched: numbers, missing values and
other cells stay as they are.
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "|", "%", "\t", "\r", "\n")


def neutralise(values: pd.Series) -> pd.Series:
    """``values`` with an apostrophe before every string a spreadsheet would run."""
    s = values.astype(object)
    try:
        risky = s.str.startswith(FORMULA_STARTS)
    except AttributeError:  # not a single string in the column
        return s
    risky = risky.fillna(False).astype(bool)  # non-strings give a missing value
    if not risky.any():
        return s
    return s.mask(risky, "'" + s.where(risky, ""))


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text column neutralised."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = neutralise(out[col])
    return out
