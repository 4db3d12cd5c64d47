"""What one cell of an export holds: the scalar readers every format and ``rows`` share."""

from __future__ import annotations

from datetime import datetime

import pandas as pd


def scalar(value: object) -> object:
    """A JSON value Citra can store in one cell (string or number), else None.

    Booleans, lists and objects are not comment fields, whatever key they sit under.
    """
    return value if isinstance(value, str | int | float) and not isinstance(value, bool) else None


def nested(obj: object, *keys: str) -> object:
    """``obj[k1][k2]...``, or None as soon as a level is not an object or lacks the key."""
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def scalar_str(value: object) -> object:
    """A cell of an object column as a string ('' for lists and objects).

    Integer-valued floats (ids read from XLSX) lose their ``.0``; lone surrogates from JSON
    escapes, which cannot be stored, are replaced.
    """
    if isinstance(value, str):
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates from JSON escapes: unstorable
                value = value.encode("utf-8", "replace").decode("utf-8")
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float | datetime | pd.Timestamp):
        return str(value)  # a string here: mapping must not infer floats from ints next to None
    return ""  # lists, dicts: not a scalar cell
