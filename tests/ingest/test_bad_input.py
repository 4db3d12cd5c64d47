"""Bad files get one clear message naming the file, and the store stays exactly as it was."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import pytest

from monitor.core.errors import IngestError
from monitor.ingest import pipeline
from monitor.ops import settings as settings_mod
from tests.ingest_helpers import FIXTURES, fixture_bytes, snapshot


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip_not_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _all_rows_bad() -> bytes:
    items = json.loads(fixture_bytes("apify.json"))
    for item in items:
        item["timestamp"] = "kemarin"
        item["replies"] = None
    return json.dumps(items).encode()


BAD = [
    # name, bytes, file name, expected message (regex)
    ("empty", b"", "empty.csv", r"empty"),
    ("whitespace", b" \r\n\t\n", "blank.csv", r"empty"),
    ("bom only", b"\xef\xbb\xbf", "bom.csv", r"empty"),
    ("binary garbage", bytes(range(256)) * 40, "noise.csv", r"binary"),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 300, "photo.csv", r"binary"),
    ("truncated json", fixture_bytes("apify.json")[:700], "cut.json", r"truncated"),
    ("truncated graph page", fixture_bytes("graph_page.json")[:-40], "page.json", r"truncated"),
    ("invalid json", b'[{"id": 1, "text": oops}]', "bad.json", r"invalid JSON"),
    ("empty json list", b"[]", "none.json", r"no comments"),
    ("unknown json", b'[{"nama": "x", "isi": "y"}]', "other.json", r"not recognised"),
    ("json scalars", b"[1, 2, 3]", "nums.json", r"not recognised"),
    ("nesting bomb", b"[" * 100_000 + b"]" * 100_000, "bomb.json", r"nested"),
    ("nesting bomb in a page", b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "page.json", r"nested"),
    ("nesting bomb after a page", b'[{"data": []}, ' + b"[" * 100_000 + b"]" * 100_000 + b"]", "pages.json", r"nested"),
    ("csv without text column", b"produk,harga,stok\nberas,12000,5\ngula,15000,2\n", "stock.csv", r"text column"),
    ("one column csv", b"halo\napa kabar\n", "notes.csv", r"no table|text column"),
    ("header only", fixture_bytes("exportcomments.csv").split(b"\r\n")[0] + b"\r\n", "h.csv", r"no comment rows"),
    ("every row unusable", _all_rows_bad(), "dates.json", r"none of the 4 rows"),
    ("zip that is not xlsx", _zip_not_xlsx(), "report.xlsx", r"not an Excel"),
    ("damaged xlsx", fixture_bytes("exportcomments_banner.xlsx")[:900], "cut.xlsx", r"workbook cannot be read|not an Excel"),
    ("xlsx of something else", _xlsx([["Produk", "Harga"], ["beras", 12000]]), "prices.xlsx", r"text column"),
    ("old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls", r"\.xls"),
    ("huge header", (",".join(f"c{i}" for i in range(5000)) + "\n1\n").encode(), "wide.csv", r"columns"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "file_name", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_refused_and_store_unchanged(store, name, data, file_name, message):
    pipeline.import_file(store, FIXTURES / "minet.csv")  # something already stored
    before = snapshot(store)
    with pytest.raises(IngestError, match=message) as info:
        pipeline.import_file(store, data, file_name=file_name)
    assert file_name in str(info.value)
    assert snapshot(store) == before


def test_file_over_the_size_limit(store, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:  # a sparse 201 MB file: refused before a byte is read
        fh.truncate(201 * 1024 * 1024)
    before = snapshot(store)
    with pytest.raises(IngestError, match=r"201\.0 MB.*limit is 200 MB"):
        pipeline.import_file(store, big)
    assert snapshot(store) == before


def test_size_limit_is_a_setting(store):
    settings_mod.save(store, replace(settings_mod.Settings(), max_upload_mb=1))
    data = fixture_bytes("exportcomments.csv") * 1  # small: fine
    assert pipeline.import_file(store, data, file_name="ok.csv").rows_new == 6
    with pytest.raises(IngestError, match="max_upload_mb"):
        pipeline.import_file(store, b"x" * (1024 * 1024 + 1), file_name="big.csv")


def test_missing_file(store):
    with pytest.raises(IngestError, match="not found"):
        pipeline.import_file(store, FIXTURES / "does-not-exist.csv")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mapping": {"text": "Komentar"}}, "'time'"),
        ({"mapping": {"text": "Komentar", "time": "Waktu"}}, "not in the file"),
        (
            {"mapping": {"text": "Komentar", "time": "Tanggal", "mood": "Suka"}},
            "unknown mapping field",
        ),
    ],
)
def test_bad_options(store, kwargs, message):
    before = snapshot(store)
    with pytest.raises(IngestError, match=message):
        pipeline.import_file(store, FIXTURES / "generic_semicolon_cp1252.csv", **kwargs)
    assert snapshot(store) == before


def test_unknown_time_zone(store):
    with pytest.raises(IngestError, match="unknown time zone 'Mars/Olympus'"):
        pipeline.import_file(store, FIXTURES / "exportcomments.csv", assume_tz="Mars/Olympus")
    assert snapshot(store)["comments"] == 0


def test_unknown_layout_without_mapping_suggests_one(store):
    with pytest.raises(IngestError, match=r"column mapping.*Komentar"):
        pipeline.import_file(store, FIXTURES / "generic_semicolon_cp1252.csv")


def test_mapping_on_json_is_refused(store):
    with pytest.raises(IngestError, match="CSV or XLSX"):
        pipeline.import_file(
            store, FIXTURES / "apify.json", mapping={"text": "text", "time": "timestamp"}
        )
