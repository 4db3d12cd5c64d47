"""``python -m monitor export``: canonical columns plus day, stable order, formula-safe cells."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from monitor.cli import main
from monitor.core.canonical import CANONICAL_COLUMNS, EMOTION_COLUMNS, EMOTION_LABELS
from monitor.ingest import pipeline
from monitor.store import queries
from monitor.store.export import neutralise, write_csv
from tests.ingest_helpers import FIXTURES, IDS, MF, fixture_bytes


def _read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def test_columns_order_and_values(store, tmp_path, capsys):
    pipeline.import_file(store, FIXTURES / "exportcomments.csv")
    out = tmp_path / "all.csv"
    assert main(["export", "--db", store.url, "--out", str(out)]) == 0
    df = _read(out.read_text(encoding="utf-8-sig"))
    assert list(df.columns) == [*CANONICAL_COLUMNS, "day", *EMOTION_COLUMNS]
    assert set(df["emotion"]) <= {*EMOTION_LABELS, ""}
    assert df["sentiment_confidence"].astype(float).between(0, 1).all()
    assert df["comment_id"].tolist() == IDS  # ordered by time, then id
    assert df["day"].tolist() == MF.JAKARTA_DAYS
    assert df["created_at_utc"].iloc[0] == "2020-12-06T05:10:00Z"
    assert (
        df.loc[df["comment_id"] == "17900000000000002", "parent_id"].item() == "17900000000000001"
    )
    assert df["is_owner_reply"].tolist().count("True") == 1
    assert "6 comments written" in capsys.readouterr().err


def test_export_is_stable(store):
    pipeline.import_file(store, FIXTURES / "apify.json")
    first, second = io.StringIO(), io.StringIO()
    write_csv(store, first)
    write_csv(store, second)
    assert first.getvalue() == second.getvalue()


def test_formula_cells_are_neutralised(store):
    items = json.loads(fixture_bytes("apify.json"))
    texts = [
        '=HYPERLINK("http://x","klik")',
        "+62 812 bansos",
        "-1 untuk pelayanan",
        "@kemensosri tolong",
        "aman",
    ]
    for item, text in zip(items, texts, strict=False):
        item["text"] = text
        item["replies"] = None
    pipeline.import_file(store, json.dumps(items).encode(), file_name="f.json")
    buf = io.StringIO()
    assert write_csv(store, buf) == 4
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    exported = {r["text"] for r in rows}
    assert exported == {
        '\'=HYPERLINK("http://x","klik")',
        "'+62 812 bansos",
        "'-1 untuk pelayanan",
        "'@kemensosri tolong",
    }


def test_neutralise_leaves_safe_cells_and_missing_values():
    s = pd.Series(["=1+1", "halo", None, "a=b", "\t=x"])
    out = neutralise(s)
    assert out.tolist()[:2] == ["'=1+1", "halo"]
    assert pd.isna(out.iloc[2]) and out.iloc[3] == "a=b" and out.iloc[4] == "'\t=x"


# Cells a spreadsheet runs as a formula or a command (DDE), or that hide one behind a control
# character; and cells that only look alike.
HOSTILE = ["=1+1", "+62 812", "-1 untuk", "@kemensosri", "|cmd", "%0A", "\t=x", "\r=x", "\n=x"]
HARMLESS = ["aman", "a=b", "1-2", "", " =x"]


def test_cli_export_and_app_download_guard_the_same_cells():
    """One guard: the export command and the app's download quote exactly the same cells."""
    cells = pd.Series([*HOSTILE, *HARMLESS, None], dtype=object)
    cli = neutralise(cells)
    app = queries.excel_safe(pd.DataFrame({"text": cells}))["text"]
    assert cli.iloc[:-1].tolist() == app.iloc[:-1].tolist()
    assert pd.isna(cli.iloc[-1]) and pd.isna(app.iloc[-1])
    assert cli.iloc[: len(HOSTILE)].tolist() == ["'" + c for c in HOSTILE]
    assert cli.iloc[len(HOSTILE) : -1].tolist() == HARMLESS


def test_exported_and_downloaded_files_agree_on_hostile_texts(store):
    items = json.loads(fixture_bytes("apify.json"))
    texts = ["|calc!A1 bansos", "%2B62 lapor", "=1+1", "aman"]
    for item, text in zip(items, texts, strict=False):
        item["text"] = text
        item["replies"] = None
    pipeline.import_file(store, json.dumps(items).encode(), file_name="f.json")
    buf = io.StringIO()
    write_csv(store, buf)
    exported = {r["comment_id"]: r["text"] for r in csv.DictReader(io.StringIO(buf.getvalue()))}
    data = queries.to_csv_bytes(queries.export_rows(store, queries.CommentFilter()))
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    downloaded = {r["comment_id"]: r["text"] for r in rows}
    assert exported == downloaded
    assert sorted(exported.values()) == sorted(
        ["'|calc!A1 bansos", "'%2B62 lapor", "'=1+1", "aman"]
    )


def test_empty_store_writes_the_header(store, capsys):
    assert main(["export", "--db", store.url]) == 0
    assert capsys.readouterr().out.strip() == "\ufeff" + ",".join(
        [*CANONICAL_COLUMNS, "day", *EMOTION_COLUMNS]
    )
