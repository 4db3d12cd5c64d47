"""Detection from content: format, encoding, delimiter, header row; never from the file name."""

from __future__ import annotations

import json

import pytest

from monitor.ingest.detect import detect
from monitor.ingest.pipeline import preview
from tests.ingest_helpers import FIXTURES, MF, fixture_bytes

FIXTURE_FORMATS = [
    ("exportcomments.csv", "exportcomments", "csv"),
    ("exportcomments_banner.xlsx", "exportcomments", "xlsx"),
    ("apify.json", "apify", "json"),
    ("apify_old.json", "apify", "json"),
    ("apify.csv", "apify", "csv"),
    (MF.INSTALOADER_NAME, "instaloader", "json"),
    ("graph_page.json", "graph_api", "json"),
    ("graph_pages.json", "graph_api", "json"),
    ("minet.csv", "minet", "csv"),
    ("tweet_harvest_2.6.csv", "tweet_harvest", "csv"),
    ("tweet_harvest_2.7.csv", "tweet_harvest", "csv"),
    ("x_api_page.json", "x_api", "json"),
    ("x_api_pages.json", "x_api", "json"),
    ("x_api_pages.jsonl", "x_api", "json"),
    ("youtube_page.json", "youtube", "json"),
    ("youtube_pages.json", "youtube", "json"),
    ("facebook_apify.json", "facebook_apify", "json"),
    ("tiktok_apify.json", "tiktok_apify", "json"),
    ("apify_posts.json", "apify_posts", "json"),
    (MF.INSTALOADER_POST_NAME, "instaloader_posts", "json"),
    ("graph_media.json", "graph_media", "json"),
    ("youtube_videos.json", "youtube_videos", "json"),
    ("generic_tab.tsv", "unknown", "csv"),
    ("generic_semicolon_cp1252.csv", "unknown", "csv"),
]


@pytest.mark.parametrize(
    ("name", "fmt", "kind"), FIXTURE_FORMATS, ids=[f[0] for f in FIXTURE_FORMATS]
)
def test_fixture_formats(name, fmt, kind):
    det = detect(FIXTURES / name)
    assert (det.format, det.kind) == (fmt, kind)


def _first_comment(name: str) -> object:
    """The fixture's first comment object: of its first page, line or array element."""
    raw = fixture_bytes(name).decode("utf-8-sig")
    value = json.loads(raw.splitlines()[0]) if name.endswith(".jsonl") else json.loads(raw)
    while True:
        if isinstance(value, list):
            value = value[0]
        elif isinstance(value, dict) and isinstance(value.get("data", value.get("items")), list):
            value = value.get("data", value.get("items"))
        else:
            return value


@pytest.mark.parametrize(
    ("name", "fmt", "kind"), FIXTURE_FORMATS, ids=[f[0] for f in FIXTURE_FORMATS]
)
def test_every_fixture_is_recognised_by_its_own_format_only(name, fmt, kind):
    """Every registered format is asked about every fixture: exactly one says yes (none for
    the sheets that need a mapping), so no detection depends on the registry's order."""
    from monitor.ingest import formats

    if kind == "json":
        item = _first_comment(name)
        said_yes = {f.name for f in formats.JSON_FORMATS if f.matches(item)}
    else:
        columns = detect(FIXTURES / name).columns
        said_yes = {f.name for f in formats.TABLE_FORMATS if f.is_header(columns)}
    assert said_yes == ({fmt} if fmt != "unknown" else set())


def test_every_format_is_in_the_matrix():
    from monitor.ingest import formats

    assert set(formats.NAMES) == {f[1] for f in FIXTURE_FORMATS} - {"unknown"}


@pytest.mark.parametrize(
    ("name", "fmt", "kind"), FIXTURE_FORMATS, ids=[f[0] for f in FIXTURE_FORMATS]
)
def test_file_name_is_ignored(name, fmt, kind):
    misleading = "comments.xlsx" if kind != "xlsx" else "comments.json"
    det = detect(fixture_bytes(name), file_name=misleading)
    assert det.format == fmt


def test_xlsx_header_below_banner_rows():
    det = detect(FIXTURES / "exportcomments_banner.xlsx")
    assert det.header_row == 3
    assert det.columns[2:5] == ["Name", "Username", "Profile ID"]


def _exportcomments_text() -> str:
    raw = fixture_bytes("exportcomments.csv").decode("utf-8-sig")
    return raw.replace(" 🙏", "")  # encodable in cp1252 too


def _variant(encoding: str, delimiter: str, newline: str, bom: bool) -> bytes:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(_exportcomments_text(), newline="")))
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


VARIANTS = [
    ("utf-8", ",", "\r\n", True, "utf-8-sig"),
    ("utf-8", ",", "\n", False, "utf-8"),
    ("utf-8", ";", "\r\n", False, "utf-8"),
    ("utf-8", "\t", "\n", True, "utf-8-sig"),
    ("cp1252", ";", "\r\n", False, "utf-8"),  # pure ASCII in cp1252 decodes as UTF-8
    ("utf-16", "\t", "\r\n", False, "utf-16"),
]


@pytest.mark.parametrize(("encoding", "delimiter", "newline", "bom", "seen"), VARIANTS)
def test_encodings_delimiters_line_endings(encoding, delimiter, newline, bom, seen):
    data = _variant(encoding, delimiter, newline, bom)
    det = detect(data, file_name="x.csv")
    assert det.format == "exportcomments"
    assert det.delimiter == delimiter
    assert det.encoding == seen
    df = preview(data, file_name="x.csv", account="kemensosri")
    assert len(df) == 6
    assert df["is_owner_reply"].sum() == 1
    assert df["parent_id"].notna().sum() == 2


def test_cp1252_text_is_decoded():
    text = _exportcomments_text().replace("setuju, usut tuntas", "setuju – usut “tuntas” café")
    data = text.encode("cp1252")
    det = detect(data, file_name="x.csv")
    assert det.encoding == "cp1252"
    df = preview(data, file_name="x.csv")
    assert "setuju – usut “tuntas” café" in df["text"].tolist()


def test_unknown_csv_offers_columns_and_a_suggested_mapping():
    det = detect(FIXTURES / "generic_semicolon_cp1252.csv")
    assert det.format == "unknown"
    assert det.columns == ["Tanggal", "Akun", "Komentar", "Suka"]
    assert det.suggested_mapping == {
        "text": "Komentar",
        "time": "Tanggal",
        "author": "Akun",
        "likes": "Suka",
    }
    assert det.to_dict()["suggested_mapping"] == det.suggested_mapping


def test_json_lines_of_apify_items():
    items = json.loads(fixture_bytes("apify.json"))
    data = "\n".join(json.dumps(i) for i in items).encode()
    det = detect(data, file_name="dataset.jsonl")
    assert det.format == "apify"
    assert len(preview(data, file_name="dataset.jsonl")) == 6


def test_bare_array_of_graph_comments():
    data = json.dumps(MF.graph_comments()).encode()
    assert detect(data).format == "graph_api"
    assert len(preview(data, post_id=MF.POST)) == 6


# --- never guessed: ambiguous files, pages no format recognises -----------------------------


class _AlsoApify:
    """A second JSON format recognising Apify's comment objects: the file is ambiguous."""

    name, label, default_tz, platform, page_key = "also_apify", "Also", "UTC", "x", None
    whole_pages, decode_block, batch_elements, no_text = False, None, None, "no comment text"

    def matches(self, item: object) -> bool:
        return isinstance(item, dict) and "ownerUsername" in item


def test_a_file_two_formats_recognise_is_refused_naming_both(monkeypatch):
    from monitor.core.errors import IngestError
    from monitor.ingest import formats

    monkeypatch.setattr(formats, "JSON_FORMATS", (*formats.JSON_FORMATS, _AlsoApify()))
    monkeypatch.setattr(formats, "NAMES", (*formats.NAMES, "also_apify"))
    with pytest.raises(IngestError, match=r"apify.json.*more than one.*apify \(Apify.*also_apify"):
        detect(FIXTURES / "apify.json")
    assert detect(FIXTURES / "apify.json", source_format="apify").format == "apify"
    assert detect(FIXTURES / "apify.json", source_format="also_apify").format == "also_apify"


def test_a_table_header_two_formats_recognise_is_refused(monkeypatch):
    from monitor.core.errors import IngestError
    from monitor.ingest import formats
    from monitor.ingest.formats import minet

    class AlsoMinet(minet.Minet):
        name, label = "also_minet", "Also minet"

    monkeypatch.setattr(formats, "TABLE_FORMATS", (*formats.TABLE_FORMATS, AlsoMinet()))
    with pytest.raises(IngestError, match=r"more than one export layout.*minet.*also_minet"):
        detect(FIXTURES / "minet.csv")
    assert detect(FIXTURES / "minet.csv", source_format="minet").format == "minet"


def test_a_named_format_the_file_is_not_is_refused():
    from monitor.core.errors import IngestError

    with pytest.raises(IngestError, match=r"apify.csv.*not an export of minet.*columns are: 'id'"):
        detect(FIXTURES / "apify.csv", source_format="minet")
    with pytest.raises(
        IngestError, match=r"not an export of minet.*first item has: .*ownerUsername"
    ):
        detect(FIXTURES / "apify.json", source_format="minet")
    with pytest.raises(IngestError, match=r"unknown format 'tiktok'.*expected one of .*minet"):
        detect(FIXTURES / "apify.json", source_format="tiktok")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"data": [], "paging": {}}', r"no comments.*'data' lists are empty"),
        (b'[{"data": []}, {"data": []}]', r"no comments"),
        (b'{"data": [{"nama": "x", "isi": "y"}]}', r"not recognised.*first comment of its 'data' pages has: isi, nama"),
        (b'{"items": [{"nama": "x"}]}', r"not recognised.*'items' pages has: nama"),
    ],
)  # fmt: skip
def test_pages_are_read_by_the_format_of_their_first_comment_or_refused(data, message):
    from monitor.core.errors import IngestError

    with pytest.raises(IngestError, match=message):
        detect(data, file_name="pages.json")


def test_first_comment_of_a_later_page_decides_when_the_first_page_is_empty():
    pages = json.loads(fixture_bytes("graph_pages.json"))
    data = json.dumps([{"data": [], "paging": {}}, *pages]).encode()
    assert detect(data).format == "graph_api"
    assert len(preview(data, post_id=MF.POST)) == 6
