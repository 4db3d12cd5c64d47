"""Dates and numbers the way the reader writes them.

Indonesian readers expect ``23 Agu 2021``, ``1.234.567`` and ``12,5%``; English readers get
``23 Aug 2021``, ``1,234,567`` and ``12.5%``. Pure functions, no locale database needed, so
output is the same on every server.
"""

from __future__ import annotations

import math
from datetime import date, datetime

MONTHS: dict[str, tuple[str, ...]] = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_SEPARATORS = {"id": (".", ","), "en": (",", ".")}  # (thousands, decimal)


def _lang(lang: str) -> str:
    return lang if lang in MONTHS else "id"


def fmt_date(value: date | datetime | None, lang: str = "id") -> str:
    """``23 Agu 2021`` (id) or ``23 Aug 2021`` (en); empty for a missing date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    months = MONTHS[_lang(lang)]
    return f"{value.day} {months[value.month - 1]} {value.year}"


def fmt_datetime(value: datetime | None, lang: str = "id") -> str:
    """``23 Agu 2021 07.15`` (Indonesian writes time with a dot) or ``23 Aug 2021 07:15``."""
    if value is None:
        return ""
    sep = "." if _lang(lang) == "id" else ":"
    return f"{fmt_date(value, lang)} {value.hour:02d}{sep}{value.minute:02d}"


def fmt_range(start: date, end: date, lang: str = "id") -> str:
    """A day range, ``1 Des 2020 – 31 Jan 2021``."""
    if start == end:
        return fmt_date(start, lang)
    return f"{fmt_date(start, lang)} – {fmt_date(end, lang)}"


def fmt_number(value: float | int | None, lang: str = "id", digits: int = 0) -> str:
    """Grouped digits: ``1.234.567`` / ``1.234,5`` (id) or ``1,234,567`` / ``1,234.5`` (en)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    thousands, decimal = _SEPARATORS[_lang(lang)]
    text = f"{value:,.{digits}f}"  # Python's own: ',' thousands and '.' decimal
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def fmt_int(value: float | int | None, lang: str = "id") -> str:
    """A count, rounded."""
    return fmt_number(value, lang, 0)


def fmt_pct(fraction: float | None, lang: str = "id", digits: int = 1) -> str:
    """A share given as a fraction: 0.125 -> ``12,5%`` (id) / ``12.5%`` (en)."""
    if fraction is None or (isinstance(fraction, float) and not math.isfinite(fraction)):
        return "–"
    return fmt_number(fraction * 100, lang, digits) + "%"


def fmt_signed(value: float | None, lang: str = "id", digits: int = 0, suffix: str = "") -> str:
    """A change with its sign: ``+1.234``, ``−3,5`` (a true minus sign reads better)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + fmt_number(abs(value), lang, digits) + suffix


def fmt_score(value: float | None, lang: str = "id") -> str:
    """A sentiment score -1..1 with two decimals and its sign."""
    if value is None:
        return "–"
    return fmt_signed(float(value), lang, 2) if value else fmt_number(0.0, lang, 2)
