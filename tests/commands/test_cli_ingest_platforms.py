"""``python -m monitor ingest --platform/--format``: a mapped sheet's platform, a named format."""

from __future__ import annotations

import json

import pytest

from monitor.cli import main
from monitor.store import comments as comment_store
from monitor.store import open_store
from tests.ingest_helpers import FIXTURES


def _import_details(url: str, import_id: int) -> dict:
    s = open_store(url)
    try:
        return comment_store.get_import(s, import_id)["details"]
    finally:
        s.dispose()


def test_platform_of_a_mapped_sheet(store_url, tmp_path, capsys):
    sheet = tmp_path / "laporan.csv"
    sheet.write_text("tanggal,komentar\n06/12/2020 12:10,Bansos belum cair\n", encoding="utf-8")
    mapping = json.dumps({"text": "komentar", "time": "tanggal"})
    args = ["ingest", str(sheet), "--mapping", mapping, "--platform", "x", "--db", store_url]
    assert main(args) == 0
    assert "laporan.csv: import 1 (mapped) - 1 read, 1 new" in capsys.readouterr().out
    assert _import_details(store_url, 1)["options"]["mapping"]["platform"] == "x"


def test_platform_of_a_detected_format_cannot_be_changed(store_url, capsys):
    code = main(["ingest", str(FIXTURES / "apify.json"), "--platform", "x", "--db", store_url])
    assert code == 1
    assert "Error: apify.json: the file is an export of Instagram comments (Apify Instagram)" in (
        capsys.readouterr().err
    )


def test_unknown_platform_is_a_usage_error(store_url, capsys):
    with pytest.raises(SystemExit) as info:
        main(["ingest", str(FIXTURES / "apify.json"), "--platform", "myspace", "--db", store_url])
    assert info.value.code == 2
    assert "invalid choice: 'myspace'" in capsys.readouterr().err


def test_named_format(store_url, capsys):
    ok = ["ingest", str(FIXTURES / "minet.csv"), "--format", "minet", "--db", store_url]
    assert main([*ok, "--post-id", "CIabcDEFghi"]) == 0
    assert "minet.csv: import 1 (minet)" in capsys.readouterr().out
    code = main(["ingest", str(FIXTURES / "apify.json"), "--format", "minet", "--db", store_url])
    assert code == 1
    assert "Error: apify.json: this is not an export of minet" in capsys.readouterr().err
