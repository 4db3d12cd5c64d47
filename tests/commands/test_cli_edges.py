"""The command line at its edges: a closed pipe, a full disk, a read-only store or folder,
Excel's BOM."""

from __future__ import annotations

import codecs
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import snapshot

from monitor.cli import main
from monitor.demo import generator as demo
from monitor.ingest.pipeline import import_file
from monitor.store import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("edges")
    url = f"sqlite:///{folder / 'filled.db'}"
    store = open_store(url)
    import_file(store, demo.write_demo_export(folder / "demo.json", 3000, seed=5))
    store.dispose()
    return url


def _cli(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", *args], cwd=ROOT, stderr=subprocess.PIPE, **kw
    )


def test_export_into_a_closed_pipe_stops_quietly(filled):
    """``export | head -1``: no BrokenPipe traceback, the SIGPIPE exit code."""
    proc = _cli("export", "--db", filled, stdout=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert first.startswith(codecs.BOM_UTF8 + b"comment_id,")
    assert "Traceback" not in err and err == ""


def test_export_to_a_full_disk_is_one_clear_line(filled, capsys):
    assert main(["export", "--db", filled, "--out", "/dev/full"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "No space left on device" in err and "/dev/full" in err


def test_ingest_into_a_read_only_store_is_one_clear_line_and_changes_nothing(
    filled, tmp_path, capsys
):
    path = filled.split("///", 1)[1]
    before = snapshot(open_store(filled))
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    export = demo.write_demo_export(tmp_path / "more.json", 50, seed=9)
    assert main(["ingest", str(export), "--db", read_only]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "readonly" in err.replace("-", "").replace(" ", "")
    assert snapshot(open_store(filled)) == before


def test_both_exports_carry_the_bom_excel_needs(filled, tmp_path, capsysbinary):
    out = tmp_path / "all.csv"
    assert main(["export", "--db", filled, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(codecs.BOM_UTF8 + b"comment_id,")
    assert main(["export", "--db", filled]) == 0
    assert capsysbinary.readouterr().out.startswith(codecs.BOM_UTF8 + b"comment_id,")


@pytest.fixture
def read_only_folder(filled, tmp_path, monkeypatch) -> str:
    """A copy of the filled store in a folder Citra may not write (as a read-only mount is)."""
    path = Path(filled.split("///", 1)[1])
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "filled.db").write_bytes(path.read_bytes())
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: real_access(p, mode) and not str(p).startswith(str(folder))
    )
    return f"sqlite:///{folder / 'filled.db'}"


@pytest.mark.parametrize("command", [["export"], ["daily", "--json"], ["spikes", "--json"]])
def test_reading_commands_work_in_a_read_only_folder_and_write_nothing(
    read_only_folder, command, capsysbinary
):
    path = Path(read_only_folder.split("///", 1)[1])
    before = path.read_bytes()
    assert main([*command, "--db", read_only_folder]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(codecs.BOM_UTF8 + b"comment_id,") if command == ["export"] else out
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["filled.db"]  # no journal files


def test_an_old_store_in_a_read_only_folder_is_one_clear_line(read_only_folder, capsys):
    path = Path(read_only_folder.split("///", 1)[1])
    conn = sqlite3.connect(path)  # as a store from before the last migration
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0002'")
    conn.close()  # the last connection folds the log into the file
    assert main(["export", "--db", read_only_folder]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "older than this version" in err and "read-only" in err
