"""Hostile and broken inputs (tests/hostile/make_corpus.py): a clear message or a correct import.

Whatever the outcome, an import is all or nothing: a refused file leaves no import record, no
comment and no aggregate behind; an accepted one stores exactly the rows its report counts.
Runs on every store backend (SQLite, and PostgreSQL in CI), since PostgreSQL is stricter
about NUL characters, string lengths and invalid text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from monitor.core.errors import IngestError
from monitor.ingest import pipeline
from monitor.ops import settings as settings_mod
from monitor.store import aggregate_tables as agg
from monitor.store.schema import comments, imports
from tests.hostile.make_corpus import Case, cases

CASES = cases()
MEMORY_CAP = 1_536 * 1024 * 1024  # bytes of address space for heavy cases (bombs)
CAPPED_CLI = (
    "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap})); "
    "from monitor.cli import main; sys.exit(main(sys.argv[1:]))"
)
TABLES = (
    imports,
    comments,
    agg.daily_post,
    agg.daily_category,
    agg.daily_total,
    agg.daily_emotion,
)


def counts(store) -> dict[str, int]:
    with store.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES
        }


def test_corpus_is_large_and_varied():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
    assert {c.expect for c in CASES} == {"error", "ok", "either"}


def import_capped(store_url: str, path) -> SimpleNamespace:
    """``python -m monitor ingest`` in a subprocess with capped memory; IngestError or report."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, "-c", CAPPED_CLI.format(cap=MEMORY_CAP), "ingest", "--json",
         "--db", store_url, str(path)],
        capture_output=True, text=True, timeout=180, env=env,
    )  # fmt: skip
    if "Traceback" in result.stderr:
        pytest.fail(f"crashed:\n{result.stderr[-1500:]}", pytrace=False)
    if result.returncode == 1 and result.stderr.startswith("Error: "):
        raise IngestError(result.stderr.splitlines()[0].removeprefix("Error: "))
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-2000:]}"
    return SimpleNamespace(**json.loads(result.stdout.strip().splitlines()[-1]))


LIGHT = [c for c in CASES if not c.heavy]
HEAVY = [c for c in CASES if c.heavy]


@pytest.mark.parametrize("case", LIGHT, ids=[c.name for c in LIGHT])
def test_hostile_input(store, store_url, tmp_path, case: Case):
    check_case(store, store_url, tmp_path, case)


@pytest.mark.parametrize("case", HEAVY, ids=[c.name for c in HEAVY])
def test_heavy_hostile_input(sqlite_store, sqlite_store_url, tmp_path, case: Case):
    """Bombs and 10 MB inputs: parser-level, so SQLite alone keeps the suite fast."""
    check_case(sqlite_store, sqlite_store_url, tmp_path, case)


def check_case(store, store_url: str, tmp_path, case: Case) -> None:
    if case.settings:
        settings_mod.save(store, replace(settings_mod.Settings(), **case.settings))
    before = counts(store)
    try:
        if case.heavy:
            path = tmp_path / case.file_name
            path.write_bytes(case.data())
            report = import_capped(store_url, path)
        else:
            report = pipeline.import_file(store, case.data(), file_name=case.file_name)
    except IngestError as exc:
        message = str(exc)
        assert case.expect != "ok", f"{case.name} should import, got: {message}"
        assert message.strip() and "Traceback" not in message
        assert case.file_name in message, f"message does not name the file: {message}"
        if case.match:
            assert re.search(case.match, message), message
        assert counts(store) == before, "a refused file left rows behind"
        return
    assert case.expect != "error", f"{case.name} was imported but should be refused"
    after = counts(store)
    assert after["imports"] == before["imports"] + 1
    assert after["comments"] == before["comments"] + report.rows_new
    assert report.rows_new + report.rows_updated + report.rows_duplicate >= 1
    assert report.rows_rejected >= len(report.rejections)
    with store.connect() as conn:
        stored = set(conn.execute(select(comments.c.text)).scalars())
        aggregated = conn.execute(
            select(
                func.coalesce(
                    func.sum(agg.daily_post.c.comments + agg.daily_post.c.owner_replies), 0
                )
            )
        ).scalar_one()
    assert aggregated == after["comments"], "daily aggregates disagree with the stored comments"
    for text in case.texts:
        assert text in stored, f"text not stored verbatim: {text!r}"
    for text in stored:
        assert "\x00" not in text
