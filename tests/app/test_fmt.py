"""Dates and numbers as Indonesian (and English) readers write them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from monitor.ui import fmt


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (date(2021, 8, 23), "id", "23 Agu 2021"),
        (date(2021, 8, 23), "en", "23 Aug 2021"),
        (date(2020, 12, 6), "id", "6 Des 2020"),
        (date(2021, 5, 1), "id", "1 Mei 2021"),
        (date(2021, 10, 9), "id", "9 Okt 2021"),
        (datetime(2021, 3, 2, 7, 5), "id", "2 Mar 2021"),
        (None, "id", ""),
    ],
)
def test_dates(value, lang, expected):
    assert fmt.fmt_date(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "digits", "expected"),
    [
        (1234567, "id", 0, "1.234.567"),
        (1234567, "en", 0, "1,234,567"),
        (1234.5, "id", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (0, "id", 0, "0"),
        (-2500, "id", 0, "-2.500"),
        (float("nan"), "id", 0, "–"),
        (None, "id", 0, "–"),
    ],
)
def test_numbers(value, lang, digits, expected):
    assert fmt.fmt_number(value, lang, digits) == expected


@pytest.mark.parametrize(
    ("fraction", "lang", "expected"),
    [(0.125, "id", "12,5%"), (0.125, "en", "12.5%"), (1.0, "id", "100,0%"), (None, "id", "–")],
)
def test_percentages(fraction, lang, expected):
    assert fmt.fmt_pct(fraction, lang) == expected


def test_signed_changes_and_ranges():
    assert fmt.fmt_signed(1234, "id") == "+1.234"
    assert fmt.fmt_signed(-3.5, "id", 1) == "−3,5"
    assert fmt.fmt_signed(0, "id") == "±0"
    assert fmt.fmt_range(date(2020, 12, 1), date(2021, 1, 31), "id") == "1 Des 2020 – 31 Jan 2021"
    assert fmt.fmt_range(date(2020, 12, 1), date(2020, 12, 1), "en") == "1 Dec 2020"
    assert fmt.fmt_datetime(datetime(2021, 8, 23, 7, 15), "id") == "23 Agu 2021 07.15"
    assert fmt.fmt_datetime(datetime(2021, 8, 23, 7, 15), "en") == "23 Aug 2021 07:15"
