"""``python -m monitor ingest``: one report per file, exit codes, options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.store import comments as comment_store
from monitor.store import open_store
from tests.ingest_helpers import FIXTURES, MF


def _count(url: str) -> int:
    s = open_store(url)
    try:
        return comment_store.count_comments(s)
    finally:
        s.dispose()


def test_ingest_several_files(store_url, capsys):
    code = main(
        [
            "ingest",
            str(FIXTURES / "apify.json"),
            str(FIXTURES / "exportcomments.csv"),
            "--db",
            store_url,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "apify.json: import 1 (apify, Instagram) - 6 read, 6 new, 0 updated, 0 duplicate, "
        "0 rejected" in out
    )
    assert (
        "exportcomments.csv: import 2 (exportcomments, Instagram) - 6 read, 0 new, 0 updated, "
        "6 duplicate" in out
    )
    assert _count(store_url) == 6


def test_bad_file_exits_nonzero_with_specific_message(store_url, tmp_path, capsys):
    bad = tmp_path / "cut.json"
    bad.write_bytes((FIXTURES / "apify.json").read_bytes()[:500])
    code = main(["ingest", str(FIXTURES / "minet.csv"), str(bad), "--db", store_url])
    captured = capsys.readouterr()
    assert code == 1
    assert "Error: cut.json: the JSON ends too early" in captured.err
    assert "minet.csv: import 1 (minet, Instagram)" in captured.out  # the good file still landed
    assert _count(store_url) == 6


def test_options_account_tz_post(store_url, capsys):
    code = main(
        [
            "ingest",
            str(FIXTURES / "graph_page.json"),
            "--db",
            store_url,
            "--account",
            "ibu_sari",
            "--post-id",
            "CKpost12345",
            "--json",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows_new"] == 6 and report["source_format"] == "graph_api"
    assert report["platform"] == "instagram"
    s = open_store(store_url)
    try:
        df = comment_store.comments_of_import(s, report["import_id"])
    finally:
        s.dispose()
    assert (df["post_id"] == "CKpost12345").all()
    assert df.loc[df["is_owner_reply"], "author"].tolist() == ["ibu_sari"]


def test_mapping_by_name_and_as_json(store_url, capsys):
    mapping = {"text": "Komentar", "time": "Tanggal", "author": "Akun", "likes": "Suka"}
    s = open_store(store_url)
    comment_store.save_mapping(s, "humas", mapping)
    s.dispose()
    path = str(FIXTURES / "generic_semicolon_cp1252.csv")
    assert main(["ingest", path, "--db", store_url, "--mapping", "humas"]) == 0
    assert main(["ingest", path, "--db", store_url, "--mapping", json.dumps(mapping)]) == 0
    out = capsys.readouterr().out
    assert "(mapped, Instagram) - 6 read, 6 new" in out
    assert "(mapped, Instagram) - 6 read, 0 new" in out
    assert main(["ingest", path, "--db", store_url, "--mapping", "nope"]) == 1
    assert "no saved column mapping named 'nope'" in capsys.readouterr().err


def test_unknown_layout_asks_for_mapping(store_url, capsys):
    assert main(["ingest", str(FIXTURES / "generic_tab.tsv"), "--db", store_url]) == 1
    err = capsys.readouterr().err
    assert "generic_tab.tsv" in err and "--mapping" in err


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    assert "python -m monitor ingest" in capsys.readouterr().out


def test_real_command_line(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "monitor",
            "ingest",
            str(FIXTURES / MF.INSTALOADER_NAME),
            "--db",
            url,
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "(instaloader, Instagram) - 6 read, 6 new" in proc.stdout
