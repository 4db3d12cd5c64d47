"""Each real exporter shape parses to the same canonical comments (ids, replies, times, days)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from monitor.core.canonical import CANONICAL_COLUMNS
from monitor.ingest.formats import instaloader, mapped
from monitor.ingest.formats.base import ItemJsonFormat, Keys
from monitor.ingest.pipeline import preview
from tests.ingest_helpers import (
    AUTHORS,
    DAYS,
    FIXTURES,
    IDS,
    LIKES,
    MF,
    OWNER_REPLY,
    PARENTS,
    TEXTS,
    TIMES,
)

TAB_MAPPING = {
    "text": "message",
    "time": "created",
    "author": "user",
    "id": "comment_id",
    "post": "post",
    "likes": "likes",
    "parent": "reply_to",
}

CASES = [
    # file, expected source_format, extra preview arguments, like counts present
    ("exportcomments.csv", "exportcomments", {}, True),
    ("exportcomments_banner.xlsx", "exportcomments", {}, True),
    ("apify.json", "apify", {}, True),
    ("apify_old.json", "apify", {}, False),
    ("apify.csv", "apify", {}, True),
    (MF.INSTALOADER_NAME, "instaloader", {}, True),
    ("graph_page.json", "graph_api", {"post_id": MF.POST}, True),
    ("graph_pages.json", "graph_api", {"post_id": MF.POST}, True),
    ("minet.csv", "minet", {"post_id": MF.POST}, True),
    ("generic_tab.tsv", "mapped", {"mapping": TAB_MAPPING}, True),
]


def _rows(name: str, **kwargs) -> pd.DataFrame:
    df = preview(FIXTURES / name, account="kemensosri", n=50, **kwargs)
    return df.set_index("comment_id").loc[IDS]


@pytest.mark.parametrize(("name", "fmt", "kwargs", "has_likes"), CASES, ids=[c[0] for c in CASES])
def test_every_format_gives_the_same_comments(name, fmt, kwargs, has_likes):
    df = _rows(name, **kwargs)
    assert set(CANONICAL_COLUMNS) - {"comment_id"} <= set(df.columns)
    assert (df["source_format"] == fmt).all()
    assert (df["post_id"] == MF.POST).all()
    assert df["author"].to_dict() == AUTHORS
    assert df["text"].to_dict() == TEXTS
    stamps = df["created_at_utc"].dt.strftime("%Y-%m-%d %H:%M:%S").to_dict()
    assert stamps == TIMES
    assert df["day"].dt.strftime("%Y-%m-%d").to_dict() == DAYS
    parents = {k: (v if isinstance(v, str) else None) for k, v in df["parent_id"].to_dict().items()}
    # The older Apify layout lists replies flat, without their parent.
    expected_parents = dict.fromkeys(IDS) if name == "apify_old.json" else PARENTS
    assert parents == expected_parents
    assert df["is_reply"].to_dict() == {k: v is not None for k, v in expected_parents.items()}
    assert df.loc[df["is_owner_reply"]].index.tolist() == [OWNER_REPLY]
    expected_likes = LIKES if has_likes else dict.fromkeys(IDS, 0)
    assert df["like_count"].to_dict() == expected_likes


def test_scores_come_with_the_rows():
    df = _rows("apify.json")
    assert df["sentiment_label"].isin(["positive", "neutral", "negative"]).all()
    assert df["sentiment_score"].between(-1, 1).all()


def test_cp1252_sheet_with_semicolons_and_local_times():
    mapping = {"text": "Komentar", "time": "Tanggal", "author": "Akun", "likes": "Suka"}
    df = preview(FIXTURES / "generic_semicolon_cp1252.csv", mapping=mapping, post_id=MF.POST)
    assert len(df) == 6
    assert "Pelayanan bagus – terima kasih “Bu Menteri”" in df["text"].tolist()
    # "06/12/2020 12:10" is day-first Jakarta time: 05:10 UTC
    first = df.iloc[0]
    assert first["created_at_utc"] == pd.Timestamp("2020-12-06 05:10:00")
    assert first["day"] == pd.Timestamp("2020-12-06")
    # no id column: stable hash ids, the same on every read
    again = preview(FIXTURES / "generic_semicolon_cp1252.csv", mapping=mapping, post_id=MF.POST)
    assert df["comment_id"].tolist() == again["comment_id"].tolist()
    assert df["comment_id"].str.startswith("h").all() and df["comment_id"].is_unique


@pytest.mark.parametrize(
    ("file_name", "post"),
    [
        ("2020-12-06_12-00-00_UTC_CIabcDEFghi_comments.json", "CIabcDEFghi"),
        ("CIabc_DE-Fgh_comments.json", "CIabc_DE-Fgh"),
        ("/data/kemensosri/2021-01-02_03-04-05_UTC_B-xy_12345_comments.json", "B-xy_12345"),
        ("comments.json", None),
        ("export.json", None),
    ],
)
def test_instaloader_post_from_file_name(file_name, post):
    assert instaloader.post_from_file_name(file_name) == post


def test_instaloader_post_id_stated_by_analyst_wins():
    data = (FIXTURES / MF.INSTALOADER_NAME).read_bytes()
    df = preview(data, file_name=MF.INSTALOADER_NAME, post_id="CKzzzzzzzzz")
    assert (df["post_id"] == "CKzzzzzzzzz").all()
    unnamed = preview(data, file_name="comments.json")
    assert (unnamed["post_id"] == "").all()


def test_graph_api_without_post_id_keeps_media_id_when_present():
    import json

    page = json.loads((FIXTURES / "graph_page.json").read_text())
    for c in page["data"]:
        c["media"] = {"id": "17895695668004550"}
    df = preview(json.dumps(page).encode(), file_name="page.json")
    tops = df[~df["is_reply"]]
    assert (tops["post_id"] == "17895695668004550").all()
    assert (df["post_id"] == "17895695668004550").all()  # replies inherit their parent's post


def test_exportcomments_name_used_when_username_empty():
    df = _rows("exportcomments.csv")
    assert df.loc["17900000000000006", "author"] == "rina.w"


def test_apify_string_like_counts_are_numbers():
    df = _rows("apify.json")
    assert df.loc["17900000000000004", "like_count"] == 40


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["Tanggal", "Akun", "Komentar", "Suka"], {"text": "Komentar", "time": "Tanggal", "author": "Akun", "likes": "Suka"}),
        (["comment_id", "post_url", "username", "comment", "timestamp"], {"id": "comment_id", "post": "post_url", "author": "username", "text": "comment", "time": "timestamp"}),
        (["Message", "Created At", "Parent ID"], {"text": "Message", "time": "Created At", "parent": "Parent ID"}),
        (["foo", "bar"], {}),
    ],
)  # fmt: skip
def test_suggested_mapping(columns, expected):
    assert mapped.suggest(columns) == expected


def _csv_to_xlsx(name: str) -> bytes:
    """The CSV download saved as a workbook. Ids stay text cells: a number cell keeps only 15
    significant digits (Excel's and openpyxl's limit), so 17-digit ids as numbers are lost
    before any reader sees them."""
    import csv
    import io

    from openpyxl import Workbook

    rows = list(csv.reader(io.StringIO((FIXTURES / name).read_text(encoding="utf-8-sig"))))
    wb = Workbook()
    ws = wb.active
    ws.append(["Laporan komentar"])  # a banner row above the header
    ws.append(rows[0])
    for row in rows[1:]:
        ws.append([v if v != "" else None for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["apify.csv", "minet.csv"])
def test_xlsx_downloads_of_table_formats(name):
    data = _csv_to_xlsx(name)
    df = preview(data, file_name="download.xlsx", account="kemensosri", post_id=MF.POST)
    df = df.set_index("comment_id").loc[IDS]
    assert df["text"].to_dict() == TEXTS
    parents = {k: (v if isinstance(v, str) else None) for k, v in df["parent_id"].to_dict().items()}
    assert parents == PARENTS
    assert df["created_at_utc"].dt.strftime("%Y-%m-%d %H:%M:%S").to_dict() == TIMES


def test_exportcomments_number_index_finds_parents_across_chunks():
    import pandas as pd

    from monitor.ingest.formats.exportcomments import NumberIndex

    idx = NumberIndex()
    idx.add(pd.Series(["1", "2", "x7", "007"]), pd.Series(["a", "b", "c", "d"]))
    idx.add(pd.Series(["3", "2"]), pd.Series(["e", "f"]))  # a number seen again: the last id
    got = idx.lookup(pd.Series(["1", "2", "3", "x7", "007", "7", "9", None]))
    assert got.tolist() == ["a", "f", "e", "c", "d", "", "", ""]


# --- the formats registry -----------------------------------------------------------------


def test_every_registered_format_has_a_fixture_detected_as_it():
    """A new format comes with a fixture (and the detection of it from content)."""
    from monitor.ingest import formats
    from monitor.ingest.detect import detect

    detected = {
        detect(p).format for p in FIXTURES.iterdir() if p.suffix in (".csv", ".json", ".xlsx")
    }
    assert set(formats.NAMES) <= detected


class _OtherPages(ItemJsonFormat):
    """A third exporter whose files are ``{"data": [...]}`` pages of tweet-like objects."""

    name, label, default_tz, page_key = "other_pages", "Other", "UTC", "data"

    def matches(self, item: object) -> bool:
        return isinstance(item, dict) and "author_id" in item

    def flatten(self, item: dict, number: int, ctx) -> list[dict]:
        keys = Keys(created="created_at", likes="like_count")
        return [keys.record(item, number, post="", parent=None, author=item.get("author_id"))]


def test_formats_sharing_a_page_key_are_told_apart_by_their_first_comment(monkeypatch):
    from monitor.core.errors import IngestError
    from monitor.ingest import formats
    from monitor.ingest.detect import detect

    assert detect(FIXTURES / "graph_page.json").format == "graph_api"
    assert detect(FIXTURES / "graph_pages.json").format == "graph_api"
    assert detect(FIXTURES / "x_api_page.json").format == "x_api"
    assert detect(FIXTURES / "x_api_pages.json").format == "x_api"
    monkeypatch.setattr(formats, "JSON_FORMATS", (*formats.JSON_FORMATS, _OtherPages()))
    monkeypatch.setattr(formats, "_JSONS", {**formats._JSONS, "other_pages": _OtherPages()})
    monkeypatch.setattr(formats, "NAMES", (*formats.NAMES, "other_pages"))
    item = {"id": "1", "text": "bansos belum cair", "author_id": "42",
            "created_at": "2021-01-04T03:00:00Z"}  # fmt: skip
    page = json.dumps({"data": [item], "meta": {"result_count": 1}}).encode()
    with pytest.raises(IngestError, match=r"more than one export layout: x_api.*other_pages"):
        detect(page, "x.json")
    assert detect(FIXTURES / "graph_page.json").format == "graph_api"
    assert detect(page, "x.json", source_format="other_pages").format == "other_pages"
    rows = preview(page, file_name="x.json", source_format="other_pages")
    assert rows[["comment_id", "author", "source_format"]].values.tolist() == [
        ["1", "42", "other_pages"]
    ]
