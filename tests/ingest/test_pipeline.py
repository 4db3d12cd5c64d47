"""Importing into the store: counts, dedup across overlapping exports, replies, atomicity, undo."""

from __future__ import annotations

import gc
import hashlib
import json
from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import select

from monitor.core.errors import CitraError, IngestError
from monitor.ingest import parse, pipeline
from monitor.ops import settings as settings_mod
from monitor.store import aggregate_tables as agg
from monitor.store import comments as comment_store
from monitor.store.schema import comments
from tests.ingest_helpers import FIXTURES, IDS, MF, OWNER_REPLY, fixture_bytes, snapshot


def _stored(store) -> pd.DataFrame:
    return comment_store.find_comments(store, IDS).set_index("comment_id")


def _set(store, **values) -> None:
    settings_mod.save(store, replace(settings_mod.load(store), **values))


def test_import_records_counts_hash_and_who(store):
    path = FIXTURES / "apify.json"
    report = pipeline.import_file(store, path, imported_by="analis1")
    assert (report.rows_read, report.rows_new, report.rows_updated, report.rows_duplicate) == (
        6,
        6,
        0,
        0,
    )
    assert report.rows_rejected == 0 and report.rejections == []
    assert report.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert report.to_dict()["source_format"] == "apify"
    record = comment_store.get_import(store, report.import_id)
    assert record["status"] == "done" and record["imported_by"] == "analis1"
    assert record["rows_new"] == 6 and record["sha256"] == report.sha256
    assert record["started_at"] is not None and record["finished_at"] is not None
    imports = pipeline.list_imports(store)
    assert imports["id"].tolist() == [report.import_id]


def test_reimport_adds_nothing(store):
    first = pipeline.import_file(store, FIXTURES / "apify.json")
    again = pipeline.import_file(store, FIXTURES / "apify.json")
    assert (again.rows_new, again.rows_updated, again.rows_duplicate) == (0, 0, 6)
    assert comment_store.count_comments(store) == 6
    assert set(_stored(store)["import_id"]) == {first.import_id}


@pytest.mark.parametrize(
    "other",
    [
        "exportcomments.csv",
        "exportcomments_banner.xlsx",
        MF.INSTALOADER_NAME,
        "minet.csv",
        "graph_pages.json",
    ],
)
def test_same_comments_from_another_tool_are_duplicates(store, other):
    pipeline.import_file(store, FIXTURES / "apify.json")
    report = pipeline.import_file(store, FIXTURES / other, post_id=MF.POST)
    assert (report.rows_new, report.rows_duplicate) == (0, 6)
    assert comment_store.count_comments(store) == 6


def test_overlapping_export_updates_like_counts(store):
    pipeline.import_file(store, FIXTURES / "apify.json")
    items = json.loads(fixture_bytes("apify.json"))
    items[0]["likesCount"] = 99  # later export: more likes on comment 1
    items[0]["replies"][0]["likesCount"] = 7  # and on the owner reply
    extra = dict(items[-1], id="17900000000000099", text="komentar baru", replies=None)
    later = json.dumps(items[1:] + [items[0], extra]).encode()
    report = pipeline.import_file(store, later, file_name="apify_later.json")
    assert (report.rows_read, report.rows_new, report.rows_updated, report.rows_duplicate) == (
        7,
        1,
        2,
        4,
    )
    stored = comment_store.find_comments(store, ["17900000000000001", OWNER_REPLY]).set_index(
        "comment_id"
    )
    assert stored["like_count"].to_dict() == {"17900000000000001": 99, OWNER_REPLY: 7}
    assert comment_store.count_comments(store) == 7


def test_an_older_export_never_rolls_like_counts_back(store):
    """Export A, a later export B (likes grew), then A again: B's counts stay."""
    older = fixture_bytes("apify.json")
    items = json.loads(older)
    items[0]["likesCount"] = 99
    newer = json.dumps(items).encode()
    pipeline.import_file(store, older, file_name="a.json")
    pipeline.import_file(store, newer, file_name="b.json")
    again = pipeline.import_file(store, older, file_name="a_again.json")
    assert (again.rows_new, again.rows_updated, again.rows_duplicate) == (0, 0, again.rows_read)
    assert _stored(store).loc["17900000000000001", "like_count"] == 99
    daily = queries_likes(store)
    pipeline.import_file(store, older, file_name="a_third.json")
    assert queries_likes(store) == daily  # the aggregates did not move either


def queries_likes(store) -> int:
    from datetime import date

    from monitor.store import aggregates

    totals = aggregates.read_daily_post(store, date(2010, 1, 1), date(2030, 1, 1))
    return int(totals["likes"].sum())


def test_export_without_like_counts_keeps_stored_ones(store):
    pipeline.import_file(store, FIXTURES / "apify.json")
    report = pipeline.import_file(store, FIXTURES / "apify_old.json")
    assert (report.rows_updated, report.rows_duplicate) == (0, 6)
    assert _stored(store).loc["17900000000000004", "like_count"] == 40


def test_duplicates_inside_one_file_count_once(store):
    pages = json.loads(fixture_bytes("graph_pages.json"))
    data = json.dumps(pages + pages[:1]).encode()  # a page saved twice
    report = pipeline.import_file(store, data, file_name="pages.json", post_id=MF.POST)
    assert report.rows_read == 9 and report.rows_new == 6 and report.rows_duplicate == 3


def test_owner_reply_sets_first_reply_at_and_flags(store):
    pipeline.import_file(store, FIXTURES / "apify.json")
    df = _stored(store)
    assert df.index[df["is_owner_reply"]].tolist() == [OWNER_REPLY]
    answered = df.loc["17900000000000001", "first_reply_at"]
    assert pd.Timestamp(answered) == pd.Timestamp("2020-12-06 06:00:00")
    assert df["first_reply_at"].notna().sum() == 1


def test_owner_reply_arriving_before_its_parent(store):
    lines = fixture_bytes("minet.csv").decode().splitlines()
    header, rows = lines[0], lines[1:]
    reply_only = "\n".join([header] + [r for r in rows if r.startswith(OWNER_REPLY)]) + "\n"
    pipeline.import_file(store, reply_only.encode(), file_name="reply.csv", post_id=MF.POST)
    pipeline.import_file(store, FIXTURES / "minet.csv", post_id=MF.POST)
    answered = _stored(store).loc["17900000000000001", "first_reply_at"]
    assert pd.Timestamp(answered) == pd.Timestamp("2020-12-06 06:00:00")


def test_account_override_and_settings(store):
    pipeline.import_file(store, FIXTURES / "apify.json", account="@Warga_Bdg")
    assert _stored(store).index[_stored(store)["is_owner_reply"]].tolist() == ["17900000000000001"]


def test_account_from_settings(store):
    _set(store, account="budi_99")
    pipeline.import_file(store, FIXTURES / "apify.json")
    df = _stored(store)
    assert df.index[df["is_owner_reply"]].tolist() == ["17900000000000005"]
    assert pd.Timestamp(df.loc["17900000000000004", "first_reply_at"]) == pd.Timestamp(
        "2020-12-07 02:00"
    )


@pytest.mark.parametrize(
    ("assume_tz", "setting", "expected"),
    [
        (None, "", "2020-12-06 05:10:00"),  # exportcomments.com writes UTC
        ("Asia/Jakarta", "", "2020-12-05 22:10:00"),
        (None, "Asia/Jakarta", "2020-12-05 22:10:00"),
        ("UTC", "Asia/Jakarta", "2020-12-06 05:10:00"),  # the import option wins
    ],
)
def test_naive_times_default_and_override(store, assume_tz, setting, expected):
    _set(store, assume_tz=setting)
    pipeline.import_file(store, FIXTURES / "exportcomments.csv", assume_tz=assume_tz)
    stamp = _stored(store).loc["17900000000000001", "created_at_utc"]
    assert pd.Timestamp(stamp) == pd.Timestamp(expected)


def test_zone_aware_times_ignore_assume_tz(store):
    pipeline.import_file(store, FIXTURES / "apify.json", assume_tz="Asia/Jakarta")
    assert pd.Timestamp(_stored(store).loc["17900000000000001", "created_at_utc"]) == pd.Timestamp(
        "2020-12-06 05:10:00"
    )


def test_days_are_jakarta_days(store):
    pipeline.import_file(store, FIXTURES / "apify.json")
    days = {k: str(v) for k, v in _stored(store)["day"].items()}
    assert days == {k: d for k, d in zip(IDS, MF.JAKARTA_DAYS, strict=True)}


def test_unusable_rows_are_rejected_with_row_numbers(store):
    text = fixture_bytes("exportcomments.csv").decode("utf-8-sig")
    lines = text.split("\r\n")
    lines[2] = lines[2].replace("2020-12-06 06:00:00", "kemarin sore")  # row 3 in a spreadsheet
    lines[4] = lines[4].replace("Korupsi bansos memalukan!!", "")  # row 5
    lines[5] = lines[5].replace("2020-12-07 02:00:00", "9999-01-01 00:00:00")  # row 6
    report = pipeline.import_file(store, "\r\n".join(lines).encode(), file_name="ec.csv")
    assert report.rows_read == 6 and report.rows_new == 3 and report.rows_rejected == 3
    reasons = dict(report.rejections)
    assert set(reasons) == {3, 5, 6}
    assert "date" in reasons[3] and "kemarin sore" in reasons[3]
    assert "text" in reasons[5]
    assert "date" in reasons[6]
    assert "row 3" in report.summary()
    record = comment_store.get_import(store, report.import_id)
    assert record["rows_rejected"] == 3 and len(record["details"]["rejections"]) == 3


def test_json_rows_are_numbered_by_item(store):
    items = json.loads(fixture_bytes("apify.json"))
    items[2]["timestamp"] = "not a date"
    report = pipeline.import_file(store, json.dumps(items).encode(), file_name="a.json")
    assert [r for r, _ in report.rejections] == [3]


def test_long_text_over_cell_limit_is_rejected(store):
    _set(store, max_cell_chars=30)
    report = pipeline.import_file(store, FIXTURES / "apify.json")
    assert report.rows_rejected == 4  # four of the six texts are longer than 30 characters
    assert all("max_cell_chars" in why for _, why in report.rejections)


def test_row_limit_refuses_the_file(store):
    _set(store, max_rows_per_import=4)
    before = snapshot(store)
    with pytest.raises(IngestError, match="max_rows_per_import"):
        pipeline.import_file(store, FIXTURES / "apify.json")
    assert snapshot(store) == before


def test_failure_mid_import_leaves_store_unchanged(store, monkeypatch):
    pipeline.import_file(store, FIXTURES / "exportcomments.csv")
    before = snapshot(store)
    monkeypatch.setattr(parse, "CHUNK_ROWS", 2)
    monkeypatch.setattr(parse, "JSON_BATCH", 2)
    calls = {"n": 0}
    real = pipeline.scoring.submit

    def failing(texts, settings):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("scorer crashed")
        return real(texts, settings)

    monkeypatch.setattr(pipeline.scoring, "submit", failing)
    base = json.loads(fixture_bytes("apify.json"))
    items = [dict(base[i % 3], id=f"1800000000000000{i}", replies=None) for i in range(6)]
    data = json.dumps(items).encode()
    with pytest.raises(RuntimeError):
        pipeline.import_file(store, data, file_name="new.json")
    assert calls["n"] >= 2  # it had written chunks before failing
    assert snapshot(store) == before


def test_failure_in_aggregates_rolls_back(store, monkeypatch):
    import monitor.store.aggregates as aggregates

    def boom(conn, days, platforms=None):
        raise RuntimeError("aggregate failure")

    monkeypatch.setattr(aggregates, "refresh_days", boom)
    before = snapshot(store)
    with pytest.raises(RuntimeError):
        pipeline.import_file(store, FIXTURES / "apify.json")
    assert snapshot(store) == before


def test_small_chunks_give_the_same_result(store, monkeypatch):
    monkeypatch.setattr(parse, "CHUNK_ROWS", 2)
    report = pipeline.import_file(store, FIXTURES / "exportcomments.csv")
    assert report.rows_new == 6
    df = _stored(store)
    assert (
        df.loc["17900000000000005", "parent_id"] == "17900000000000004"
    )  # parent in an earlier chunk


def test_aggregates_are_refreshed(store):
    pipeline.import_file(store, FIXTURES / "apify.json")
    with store.connect() as conn:
        rows = conn.execute(select(agg.daily_post.c.day, agg.daily_post.c.comments)).all()
    assert rows, "daily_post has rows for the imported days"
    assert {str(d) for d, _ in rows} <= set(MF.JAKARTA_DAYS)


def test_undo_import(store):
    keep = pipeline.import_file(store, FIXTURES / "graph_page.json", post_id=MF.POST)
    items = json.loads(fixture_bytes("apify.json"))
    for item in items:
        item["id"] = "2" + item["id"][1:]
        for r in item["replies"] or []:
            r["id"] = "2" + r["id"][1:]
    gone = pipeline.import_file(store, json.dumps(items).encode(), file_name="second.json")
    assert comment_store.count_comments(store) == 12
    deleted = pipeline.undo_import(store, gone.import_id)
    assert deleted == 6
    assert comment_store.count_comments(store) == 6
    with store.connect() as conn:
        left = set(conn.execute(select(comments.c.import_id)).scalars())
    assert left == {keep.import_id}
    assert comment_store.get_import(store, gone.import_id)["status"] == "undone"
    with pytest.raises(CitraError, match="already undone"):
        pipeline.undo_import(store, gone.import_id)
    with pytest.raises(CitraError, match="does not exist"):
        pipeline.undo_import(store, 9999)


def test_undo_of_owner_reply_clears_first_reply_at(store):
    lines = fixture_bytes("minet.csv").decode().splitlines()
    header, rows = lines[0], lines[1:]
    without = "\n".join([header] + [r for r in rows if not r.startswith(OWNER_REPLY)]) + "\n"
    only = "\n".join([header] + [r for r in rows if r.startswith(OWNER_REPLY)]) + "\n"
    pipeline.import_file(store, without.encode(), file_name="a.csv", post_id=MF.POST)
    reply = pipeline.import_file(store, only.encode(), file_name="b.csv", post_id=MF.POST)
    assert _stored(store).loc["17900000000000001", "first_reply_at"] is not None
    pipeline.undo_import(store, reply.import_id)
    assert pd.isna(_stored(store).loc["17900000000000001", "first_reply_at"])


def test_progress_is_reported(store):
    seen: list[float] = []
    pipeline.import_file(store, FIXTURES / "apify.json", progress=seen.append)
    assert seen and seen[-1] == 1.0 and all(0 <= p <= 1 for p in seen)


def test_demo_flag_is_recorded(store):
    report = pipeline.import_file(store, FIXTURES / "apify.json", is_demo=True)
    assert bool(comment_store.get_import(store, report.import_id)["is_demo"]) is True


def test_pseudonymised_authors_keep_the_account(store, monkeypatch):
    monkeypatch.setenv("CITRA_PSEUDONYM_KEY", "test-key")
    _set(store, pseudonymise_authors=True)
    pipeline.import_file(store, FIXTURES / "apify.json")
    df = _stored(store)
    assert df.loc[OWNER_REPLY, "author"] == "kemensosri"
    others = df.drop(index=OWNER_REPLY)["author"]
    assert others.str.startswith("u_").all()
    assert not set(others) & {"warga_bdg", "ibu_sari", "andi.k", "budi_99", "rina.w"}
    assert bool(df.loc[OWNER_REPLY, "is_owner_reply"])


def test_saved_mappings(store):
    mapping = {"text": "Komentar", "time": "Tanggal", "author": "Akun", "likes": "Suka"}
    comment_store.save_mapping(store, "tim-humas", mapping)
    assert comment_store.list_mappings(store) == ["tim-humas"]
    assert comment_store.load_mapping(store, "tim-humas") == mapping
    comment_store.save_mapping(store, "tim-humas", {**mapping, "likes": ""})
    assert "likes" not in comment_store.load_mapping(store, "tim-humas")
    with pytest.raises(CitraError, match="tim-humas"):
        comment_store.load_mapping(store, "lain")
    report = pipeline.import_file(
        store, FIXTURES / "generic_semicolon_cp1252.csv", mapping=mapping, post_id=MF.POST
    )
    assert report.source_format == "mapped" and report.rows_new == 6
    comment_store.delete_mapping(store, "tim-humas")
    assert comment_store.list_mappings(store) == []


def test_fewer_gc_passes_only_while_imports_run(sqlite_store):
    """Overlapping imports (one per app session) leave the collector as they found it."""
    before = gc.get_threshold()
    first, second = pipeline._fewer_collections(), pipeline._fewer_collections()
    first.__enter__()
    second.__enter__()
    assert gc.get_threshold()[0] == pipeline.BULK_GC_THRESHOLD
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == pipeline.BULK_GC_THRESHOLD  # the second is still running
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
    pipeline.import_file(sqlite_store, FIXTURES / "apify.json")
    assert gc.get_threshold() == before
