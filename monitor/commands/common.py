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


PLATFORM_HELP = (
    "only this platform: instagram, x, youtube, facebook, tiktok "
    "(repeatable or comma-separated; default: all)"
)


def add_platform_argument(parser: argparse.ArgumentParser) -> None:
    """``--platform``, repeatable or comma-separated (checked by ``platforms_of``)."""
    parser.add_argument(
        "--platform", dest="platforms", action="append", default=[], help=PLATFORM_HELP
    )


def platforms_of(values: list[str]) -> tuple[str, ...] | None:
    """The ``--platform`` values as platform codes in ``core.platforms`` order (None: all), or
    a ``CitraError`` naming the unknown one (printed as one ``Error:`` line)."""
    from monitor.core.errors import CitraError
    from monitor.core.platforms import PLATFORMS, check

    asked = [v.strip().lower() for value in values for v in value.split(",") if v.strip()]
    for code in asked:
        try:
            check(code)
        except ValueError as exc:
            raise CitraError(f"--platform: {exc}") from None
    return tuple(p for p in PLATFORMS if p in asked) or None
