"""A sheet read through a column mapping, for any platform (the mapping's or the import's)."""

from __future__ import annotations

import pytest

from monitor.core.errors import IngestError
from monitor.ingest import pipeline
from monitor.store import comments as comment_store
from tests.ingest_helpers import FIXTURES, snapshot

SHEET = (
    b"tanggal,akun,komentar,tautan\r\n"
    b"06/12/2020 12:10,warga_bdg,Bansos belum cair,https://x.com/kemensosri/status/1335420000000000001\r\n"
    b"06/12/2020 13:00,kemensosri,Mohon DM ya,https://youtu.be/Xk3kqv1b2Ps\r\n"
    b"07/12/2020 08:00,andi_k,Usut tuntas,1335420000000000006\r\n"
)
MAPPING = {"text": "komentar", "time": "tanggal", "author": "akun", "post": "tautan"}


def test_default_platform_is_instagram():
    df = pipeline.preview(SHEET, file_name="sheet.csv", mapping=MAPPING)
    assert (df["platform"] == "instagram").all()


def test_the_mapping_names_the_platform_and_post_links_give_its_post_ids():
    df = pipeline.preview(SHEET, file_name="sheet.csv", mapping={**MAPPING, "platform": "x"})
    assert (df["platform"] == "x").all() and (df["source_format"] == "mapped").all()
    assert df["post_id"].tolist()[0] == "1335420000000000001"
    assert df["post_id"].tolist()[2] == "1335420000000000006"  # a bare id stays as it is
    assert df["post_url"].tolist()[0] == "https://x.com/kemensosri/status/1335420000000000001"
    assert df["post_url"].isna().tolist()[2]


def test_the_import_option_sets_the_platform_of_a_mapped_sheet(store):
    df = pipeline.preview(
        SHEET, file_name="sheet.csv", mapping={**MAPPING, "platform": "x"}, platform="youtube"
    )
    assert (df["platform"] == "youtube").all()
    assert df["post_id"].tolist()[1] == "Xk3kqv1b2Ps"
    report = pipeline.import_file(
        store, SHEET, file_name="sheet.csv", mapping=MAPPING, platform="x"
    )
    assert report.rows_new == 3


def test_a_saved_mapping_keeps_its_platform(store):
    comment_store.save_mapping(store, "tim-humas-x", {**MAPPING, "platform": "x"})
    mapping = comment_store.load_mapping(store, "tim-humas-x")
    df = pipeline.preview(SHEET, file_name="sheet.csv", mapping=mapping)
    assert (df["platform"] == "x").all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mapping": {**MAPPING, "platform": "myspace"}}, r"unknown platform 'myspace'"),
        ({"mapping": MAPPING, "platform": "myspace"}, r"unknown platform 'myspace'"),
    ],
)
def test_unknown_platform_is_refused(store, kwargs, message):
    before = snapshot(store)
    with pytest.raises(IngestError, match=message) as info:
        pipeline.import_file(store, SHEET, file_name="sheet.csv", **kwargs)
    assert "sheet.csv" in str(info.value)
    assert snapshot(store) == before


def test_a_detected_format_keeps_its_own_platform(store):
    before = snapshot(store)
    with pytest.raises(
        IngestError, match=r"export of Instagram comments \(Apify Instagram\).*'x' applies only"
    ):
        pipeline.import_file(store, FIXTURES / "apify.json", platform="x")
    assert snapshot(store) == before
    assert pipeline.import_file(store, FIXTURES / "apify.json", platform="instagram").rows_new == 6
