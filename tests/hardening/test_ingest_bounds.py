"""Every reader is bounded before it allocates: a bomb is refused in seconds and little memory,
by the preview (the Upload page reads it on selection) as by the import.

Each bomb runs in a fresh process with its address space capped at ``CAP_MB``, so a guard
that regressed fails the test (out of memory, or killed) instead of taking the machine down.
The bombs are small versions of those ``python -m monitor.quality.refusal_cost`` measures.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from monitor.core.errors import IngestError
from monitor.ingest import pipeline
from monitor.ingest.readers import workbook
from monitor.quality import bombs
from monitor.quality.refusal_cost import measure

CAP_MB = 1536
MAX_SECONDS = 30  # a refusal costs seconds (a loaded CI machine: generous)
MAX_PEAK_MB = 500

BOMBS = [
    ("wide_pipe_header", "wide.csv", lambda: bombs.wide_header(300_000, "|"), r"300000 columns"),
    ("wide_comma_header_below_banner", "wide.csv", lambda: bombs.wide_header(300_000, ","),
     r"header \(line 2\) has 300000 columns"),
    ("wide_semicolon_header", "wide.csv", lambda: bombs.wide_header(5_000, ";", banner=False),
     r"5000 columns"),
    ("wide_first_row", "row.csv", lambda: bombs.wide_first_row(300_000),
     r"line 2 has 300000 fields but the header has 13"),
    ("long_line", "line.csv", lambda: bombs.long_line(6), r"line 5 is longer than 4 MB"),
    ("xlsx_far_dimension", "far.xlsx", bombs.xlsx_far_dimension, r"claims 16384 columns"),
    ("xlsx_far_cell", "far.xlsx", bombs.xlsx_far_cell, r"column 16384"),
    ("xlsx_wide_row", "row.xlsx", lambda: bombs.xlsx_wide_row(300_000), r"inflates"),
    ("xlsx_wide_row_distinct", "row.xlsx", lambda: bombs.xlsx_wide_row(100_000, distinct=True),
     r"row 2 has a cell in column 2001"),
    ("xlsx_shared_strings", "strings.xlsx", lambda: bombs.xlsx_shared_strings(48),
     r"sharedStrings.xml inflates"),
]  # fmt: skip


@pytest.mark.parametrize("mode", ["preview", "import"])
@pytest.mark.parametrize(("name", "file_name", "make", "match"), BOMBS, ids=[b[0] for b in BOMBS])
def test_bomb_is_refused_quickly_and_cheaply(tmp_path, name, file_name, make, match, mode):
    path = tmp_path / file_name
    path.write_bytes(make())
    result = measure(path, mode, cap_mb=CAP_MB, timeout=120)
    assert result["outcome"] == "refused", result
    assert file_name in result["message"]
    assert re.search(match, result["message"]), result["message"]
    assert result["seconds"] < MAX_SECONDS, result
    assert result["peak_mb"] < MAX_PEAK_MB, result


def _inflated(monkeypatch, run) -> dict:
    """How many bytes of the sheet's XML ``run()`` inflated."""
    read = {"bytes": 0}
    original = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        data = original(self, n)
        if self.name.startswith("xl/worksheets/"):
            read["bytes"] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    run()
    return read


def test_over_the_row_limit_a_workbook_is_refused_without_reading_it_whole(store, monkeypatch):
    from dataclasses import replace

    from monitor.ops import settings as settings_mod

    data = bombs.xlsx_rows(20_000)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet_bytes = zf.getinfo("xl/worksheets/sheet1.xml").file_size
    settings_mod.save(store, replace(settings_mod.Settings(), max_rows_per_import=100))

    def run():
        with pytest.raises(IngestError, match="max_rows_per_import"):
            pipeline.import_file(store, data, file_name="rows.xlsx")

    read = _inflated(monkeypatch, run)
    assert read["bytes"] < sheet_bytes / 4, (read, sheet_bytes)


def test_preview_of_a_large_workbook_reads_only_its_beginning(monkeypatch):
    data = bombs.xlsx_rows(20_000)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet_bytes = zf.getinfo("xl/worksheets/sheet1.xml").file_size
    frames = []
    read = _inflated(
        monkeypatch, lambda: frames.append(pipeline.preview(data, file_name="rows.xlsx", n=5))
    )
    assert len(frames[0]) == 5
    assert read["bytes"] < sheet_bytes / 4, (read, sheet_bytes)


def test_workbook_inflating_past_the_total_limit_is_refused(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED", 1 << 20)
    data = bombs.xlsx_rows(5_000)
    with pytest.raises(IngestError, match=r"inflates to \d+ MB; the limit is 1 MB"):
        pipeline.preview(data, file_name="big.xlsx")


def test_shared_strings_over_their_limit_are_refused(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_SHARED_STRINGS", 1 << 20)
    monkeypatch.setattr(workbook, "MAX_INFLATE", 10**6)
    with pytest.raises(IngestError, match=r"shared strings inflate to \d+ MB; the limit is 1 MB"):
        pipeline.preview(bombs.xlsx_shared_strings(2), file_name="strings.xlsx")


def test_a_wide_csv_comes_in_short_chunks(monkeypatch):
    """2,000 columns of 50,000 rows would be 100 million cells in one chunk."""
    from monitor.ingest import parse
    from monitor.ingest.readers import delimited

    seen = []
    original = delimited.iter_csv

    def spy(*args, **kwargs):
        for first_row, chunk in original(*args, **kwargs):
            seen.append(chunk.shape)
            yield first_row, chunk

    monkeypatch.setattr(delimited, "iter_csv", spy)
    header = ["text", "time"] + [f"c{i}" for i in range(1998)]
    rows = [",".join(["halo", "2020-12-06 10:00:00"] + [""] * 1998) for _ in range(3000)]
    data = ("\n".join([",".join(header), *rows]) + "\n").encode()
    mapping = {"text": "text", "time": "time"}
    src = parse.Source(name="wide.csv", size=len(data), _data=data)
    plan = pipeline.make_plan(src, "", "", mapping, None, 20_000)
    total = sum(n for n, *_ in parse.parsed(src, plan, None))
    assert total == 3000
    assert max(r * c for r, c in seen) <= delimited.MAX_CHUNK_CELLS
