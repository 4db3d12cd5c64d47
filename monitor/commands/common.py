"""Argument types shared by the sub-commands."""

from __future__ import annotations

import argparse
from datetime import date


def iso_day(value: str) -> date:
    """``YYYY-MM-DD`` as a date, or argparse's one-line usage error."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None
