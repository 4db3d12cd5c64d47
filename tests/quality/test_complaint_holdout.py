"""The independent complaint hold-out set keeps its shape: valid labels, agencies only where routed out, no repeats.

Only the file is checked here, never how well the rules score on it: the set exists to measure the rules on text
their writers never saw (tests/fixtures/complaints_holdout.md), so no test may tie it to their output.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

HOLDOUT = Path(__file__).parents[1] / "fixtures" / "complaints_holdout.csv"
HEADER = ["text", "is_complaint", "category", "agency"]
CATEGORIES = {
    "bantuan_belum_cair",
    "data_penerima",
    "disabilitas_rehabilitasi",
    "bencana",
    "pungli_penipuan",
    "layanan_lain",
    "luar_kewenangan",
}
AGENCIES = {"pemda_pu", "utilitas", "kesehatan", "pendidikan", "polisi"}


def _read() -> tuple[list[str], list[dict[str, str]]]:
    with HOLDOUT.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


FIELDS, ROWS = _read()


def test_header_is_plain_and_exact():
    assert FIELDS == HEADER


@pytest.mark.parametrize("line, row", [(i + 2, r) for i, r in enumerate(ROWS)])
def test_every_row_has_consistent_labels(line, row):
    assert None not in row, f"line {line}: more than {len(HEADER)} fields"
    assert row["text"].strip(), f"line {line}: empty text"
    assert row["is_complaint"] in {"0", "1"}, f"line {line}: is_complaint {row['is_complaint']!r}"
    if row["is_complaint"] == "0":
        assert row["category"] == "" and row["agency"] == "", (
            f"line {line}: a non-complaint has a category"
        )
    else:
        assert row["category"] in CATEGORIES, f"line {line}: category {row['category']!r}"
    if row["category"] == "luar_kewenangan":
        assert row["agency"] in AGENCIES, f"line {line}: agency {row['agency']!r}"
    else:
        assert row["agency"] == "", (
            f"line {line}: agency on a {row['category'] or 'non-complaint'} row"
        )


def test_no_text_appears_twice():
    seen = Counter(" ".join(r["text"].casefold().split()) for r in ROWS)
    assert [t for t, n in seen.items() if n > 1] == []


def test_counts_keep_the_intended_mix():
    complaints = [r for r in ROWS if r["is_complaint"] == "1"]
    outside = [r for r in complaints if r["category"] == "luar_kewenangan"]
    assert 280 <= len(ROWS) <= 330
    assert 0.50 <= len(complaints) / len(ROWS) <= 0.60
    assert 0.20 <= len(outside) / len(complaints) <= 0.30
    per_category = Counter(r["category"] for r in complaints)
    per_agency = Counter(r["agency"] for r in outside)
    assert min(per_category[c] for c in CATEGORIES) >= 10, per_category
    assert min(per_agency[a] for a in AGENCIES) >= 5, per_agency
