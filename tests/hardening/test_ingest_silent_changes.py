"""No silent data changes: what an import cannot read as written is read by a documented rule
and reported (the report's ``warnings``), or its row is rejected with the reason.

Encodings decided per line wherever in the file (not from the first megabyte), ids that are
not ids, like counts that are not counts, one id with two texts (the first text seen is
kept), a bare CR inside a field, NUL characters anywhere.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from monitor.ingest import parse, pipeline
from monitor.store import comments as comment_store
from monitor.store.schema import comments
from tests.hostile.make_corpus import EC_HEADER, POST_URL, apify_item, ec_rows

MB = 1 << 20


def stored(store) -> dict[str, tuple[str, int]]:
    with store.connect() as conn:
        rows = conn.execute(select(comments.c.comment_id, comments.c.text, comments.c.like_count))
        return {cid: (text, likes) for cid, text, likes in rows}


def ec_lines(texts, start: int = 0) -> list[str]:
    """exportcomments data lines (no quoting needed for these texts)."""
    rows = ec_rows(texts)
    for i, row in enumerate(rows):
        cid = str(18200000000000000 + start + i)
        row[0], row[10], row[12] = str(start + i + 1), cid, f"{POST_URL}c/{cid}/"
    return [",".join(r) for r in rows]


def padding_lines(n_bytes: int, start: int) -> list[str]:
    """Plain ASCII comment lines adding up to ``n_bytes``."""
    lines, size, i = [], 0, 0
    while size < n_bytes:
        (line,) = ec_lines([f"komentar biasa nomor {i} " + "x" * 200], start + i)
        lines.append(line)
        size += len(line) + 1
        i += 1
    return lines


def warnings_of(report) -> str:
    return "\n".join(report.warnings)


def test_cp1252_after_the_first_megabyte_is_read_as_cp1252_and_reported(store):
    head = ",".join(EC_HEADER) + "\n" + "\n".join(padding_lines(MB + 1000, 0)) + "\n"
    late = "\n".join(ec_lines(["café enak ½", "biasa saja"], 100_000)) + "\n"
    data = head.encode("utf-8") + late.encode("cp1252")
    report = pipeline.import_file(store, data, file_name="late.csv")
    texts = {t for t, _ in stored(store).values()}
    assert "café enak ½" in texts
    assert not any("\ufffd" in t for t in texts)
    line = head.count("\n") + 1
    assert f"1 line not valid UTF-8, read as cp1252 (line {line})" in report.warnings


def test_utf8_after_a_cp1252_first_megabyte_is_read_as_utf8(store):
    head = (
        ",".join(EC_HEADER)
        + "\n"
        + "\n".join(ec_lines([f"naïve {i} " + "y" * 300 for i in range(3500)], 0))
        + "\n"
    )
    assert len(head) > MB
    late = "\n".join(ec_lines(["çà marah 😡 ✓", "lagi"], 100_000)) + "\n"
    data = head.encode("cp1252") + late.encode("utf-8")
    report = pipeline.import_file(store, data, file_name="mixed.csv")
    texts = {t for t, _ in stored(store).values()}
    assert "çà marah 😡 ✓" in texts and "naïve 0 " + "y" * 300 in texts
    assert not any("Ã" in t for t in texts)  # no mojibake
    assert "3500 lines not valid UTF-8, read as cp1252" in warnings_of(report)


def test_bytes_that_are_not_utf8_in_json_are_read_as_cp1252_and_reported(store):
    data = json.dumps([apify_item(0, "CAFE_MARK enak"), apify_item(1, "biasa")]).encode()
    data = data.replace(b"CAFE_MARK", "café".encode("cp1252"))
    report = pipeline.import_file(store, data, file_name="cp.json")
    assert "café enak" in {t for t, _ in stored(store).values()}
    assert "1 invalid UTF-8 byte sequence read as cp1252" in report.warnings


@pytest.mark.parametrize("bad_id", [float("inf"), float("-inf"), float("nan"), "Infinity", "nan"])
def test_an_id_that_is_no_number_rejects_its_row(store, bad_id):
    items = [apify_item(0, "pertama", id=bad_id), apify_item(1, "kedua", id=bad_id),
             apify_item(2, "ketiga")]  # fmt: skip
    report = pipeline.import_file(store, json.dumps(items).encode(), file_name="ids.json")
    assert (report.rows_new, report.rows_rejected) == (1, 2)
    assert [r for r, _ in report.rejections] == [1, 2]
    assert all("comment id is not an id" in why for _, why in report.rejections)


def test_a_like_count_that_is_no_count_is_stored_as_unknown_and_reported(store):
    items = [apify_item(0, "a", likesCount=float("inf")), apify_item(1, "b", likesCount=-5),
             apify_item(2, "c", likesCount=10**12), apify_item(3, "d", likesCount="12K"),
             apify_item(4, "e", likesCount=7)]  # fmt: skip
    report = pipeline.import_file(store, json.dumps(items).encode(), file_name="likes.json")
    likes = sorted(likes for _, likes in stored(store).values())
    assert likes == [0, 0, 0, 0, 7]
    assert any(w.startswith("4 rows gave a like count that is not a count") and "(rows 1, 2, 3, 4)"
               in w for w in report.warnings), report.warnings  # fmt: skip
    # unknown is never stored over a known count: a later export with the count sets it
    again = [apify_item(0, "a", likesCount=3)]
    pipeline.import_file(store, json.dumps(again).encode(), file_name="likes2.json")
    assert sorted(likes for _, likes in stored(store).values()) == [0, 0, 0, 3, 7]


def test_one_id_with_two_texts_keeps_the_first_text_and_reports_it(store):
    items = [apify_item(0, "teks pertama"), apify_item(1, "lain"), apify_item(0, "teks kedua")]
    report = pipeline.import_file(store, json.dumps(items).encode(), file_name="dup.json")
    assert stored(store)[items[0]["id"]][0] == "teks pertama"
    assert (report.rows_new, report.rows_duplicate) == (2, 1)
    assert any(w.startswith("1 row repeated a comment id already seen with a different text")
               and "(row 3)" in w for w in report.warnings), report.warnings  # fmt: skip


def test_the_same_rule_holds_across_chunks_and_imports(store, monkeypatch):
    monkeypatch.setattr(parse, "JSON_BATCH", 2)
    items = [apify_item(0, "teks pertama"), apify_item(1, "lain"), apify_item(2, "x"),
             apify_item(3, "y"), apify_item(0, "teks kedua", likesCount=99)]  # fmt: skip
    report = pipeline.import_file(store, json.dumps(items).encode(), file_name="dup.json")
    assert stored(store)[items[0]["id"]] == ("teks pertama", 0)  # nor its likes
    assert "(row 5)" in warnings_of(report)
    later = [apify_item(0, "teks ketiga", likesCount=42), apify_item(1, "lain", likesCount=5)]
    report = pipeline.import_file(store, json.dumps(later).encode(), file_name="later.json")
    assert stored(store)[items[0]["id"]] == ("teks pertama", 0)
    assert stored(store)[items[1]["id"]] == ("lain", 5)  # same text: the like count moves
    assert (report.rows_updated, report.rows_duplicate) == (1, 1)
    assert "(row 1)" in warnings_of(report)
    details = comment_store.get_import(store, report.import_id)["details"]
    assert details["warnings"] == report.warnings


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_bare_cr_inside_an_unquoted_field_stays_in_the_comment(store, newline):
    lines = [",".join(EC_HEADER), *ec_lines(["baris satu\rbaris dua", "kedua", "ketiga"])]
    data = (newline.join(lines) + newline + newline).encode()
    report = pipeline.import_file(store, data, file_name="cr.csv")
    assert (report.rows_read, report.rows_new, report.rows_rejected) == (3, 3, 0)
    assert "baris satu\rbaris dua" in {t for t, _ in stored(store).values()}


def test_a_nul_character_anywhere_is_removed_and_reported(store):
    head = ",".join(EC_HEADER) + "\n" + "\n".join(padding_lines(70_000, 0)) + "\n"
    late = "\n".join(ec_lines(["Sem\x00oga cair", "biasa"], 100_000)) + "\n"
    report = pipeline.import_file(store, (head + late).encode(), file_name="nul.csv")
    texts = {t for t, _ in stored(store).values()}
    assert "Semoga cair" in texts
    assert any("NUL characters removed from the text" in w for w in report.warnings)
    row = head.count("\n") + 1
    assert f"(row {row})" in warnings_of(report)


def test_warnings_are_in_the_summary():
    report = pipeline.ImportReport(1, "f.csv", "apify", "", 1, 1, 0, 0, 0, [], ["3 lines ..."])
    assert report.summary().splitlines()[-1] == "  warning: 3 lines ..."
    assert report.to_dict()["warnings"] == ["3 lines ..."]


def test_within_a_file_a_repeat_of_the_same_text_moves_the_like_count(store):
    items = [apify_item(0, "sama", likesCount=1), apify_item(0, "sama", likesCount=4),
             apify_item(0, "sama")]  # fmt: skip
    del items[2]["likesCount"]  # no count: says nothing of it
    report = pipeline.import_file(store, json.dumps(items).encode(), file_name="rep.json")
    assert (report.rows_new, report.rows_duplicate) == (1, 2)
    assert stored(store)[items[0]["id"]] == ("sama", 4)
    assert report.warnings == []
