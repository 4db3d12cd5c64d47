"""Property-based tests (Hypothesis) for the parsers and the normaliser.

Instead of hand-picked rows, Hypothesis generates thousands of texts, dates, like counts and
whole files; the properties are what must hold for every one: texts survive the round trip
through a real export format, times land on the right UTC instant, like counts are never
negative, every row is either kept or rejected with a reason, and arbitrary bytes are either
a clear IngestError or a parsed table - never another exception.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone

import pandas as pd
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from monitor.core.errors import IngestError
from monitor.ingest import parse, pipeline, plan
from monitor.ingest import rows as normalise
from monitor.ingest.formats import apify
from monitor.ingest.readers import json_stream
from monitor.ingest.readers.source import as_source
from monitor.ingest.rows import Context

# Derandomised so CI is repeatable; no shrinking, so a failure costs seconds, not minutes.
COMMON = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow],
)

# Comment text as people type it: any printable character (emoji, Arabic, zero-width marks),
# newlines and quotes included; no NUL/surrogates (those are covered by the hostile corpus).
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    | st.sampled_from(["\n", "\t", '"', ",", ";", "\u200b", "\u202e"]),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip() != "")
instants = st.datetimes(
    min_value=datetime(2011, 1, 1), max_value=datetime(2025, 12, 31), timezones=st.just(UTC)
)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
POST = "https://www.instagram.com/p/CIprop0001/"


def ctx(**kw) -> Context:
    base = dict(source_format="apify", account="kemensosri", tz="UTC", max_cell_chars=20_000)
    base.update(kw)
    return Context(**base)


def expected_text(text: str) -> str:
    return text.strip()


# --- normaliser -------------------------------------------------------------------------------


@COMMON
@given(when=instants, offset=offsets)
def test_iso_times_with_any_offset_land_on_the_same_utc_instant(when, offset):
    local = when.astimezone(offset).replace(microsecond=0)
    raw = pd.Series([local.isoformat(), local.isoformat().replace("+00:00", "Z")], dtype=object)
    parsed = normalise.parse_times(raw, "Asia/Jakarta")
    expected = pd.Timestamp(local.astimezone(UTC).replace(tzinfo=None))
    assert list(parsed) == [expected, expected]


@COMMON
@given(when=instants)
def test_epoch_seconds_and_milliseconds_agree(when):
    seconds = int(when.timestamp())
    raw = pd.Series([seconds, seconds * 1000, str(seconds)], dtype=object)
    parsed = normalise.parse_times(raw, "UTC")
    expected = pd.Timestamp(datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None))
    assert list(parsed) == [expected] * 3


@COMMON
@given(when=st.datetimes(min_value=datetime(2011, 1, 1), max_value=datetime(2025, 12, 31)))
def test_naive_times_are_read_in_the_assumed_zone(when):
    when = when.replace(microsecond=0)
    parsed = normalise.parse_times(pd.Series([when.strftime("%Y-%m-%d %H:%M:%S")]), "Asia/Jakarta")
    assert parsed.iloc[0] == pd.Timestamp(when - timedelta(hours=7))


@COMMON
@given(
    values=st.lists(
        st.one_of(st.text(max_size=12), st.integers(), st.none(), st.floats()), max_size=20
    )
)
def test_anything_as_a_time_is_a_time_or_missing(values):
    parsed = normalise.parse_times(pd.Series(values, dtype=object), "UTC")
    assert len(parsed) == len(values)
    assert all(pd.isna(v) or isinstance(v, pd.Timestamp) for v in parsed)


@COMMON
@given(values=st.lists(st.one_of(st.text(max_size=12), st.integers(), st.none()), max_size=20))
def test_like_counts_are_never_negative_and_keep_plain_numbers(values):
    likes = normalise.to_likes(pd.Series(values, dtype=object))
    assert len(likes) == len(values)
    present = likes.dropna()  # missing stays missing, so an update never zeroes a known count
    assert (present >= 0).all() and (present <= 2**31 - 1).all()
    for value, got in zip(values, likes, strict=True):
        if isinstance(value, int) and 0 <= value < 2**31:
            assert got == value


@COMMON
@given(
    rows=st.lists(
        st.tuples(st.one_of(texts, st.just(""), st.just("   ")), st.one_of(instants, st.none())),
        min_size=1,
        max_size=30,
    )
)
def test_every_row_is_kept_or_rejected_with_a_reason(rows):
    raw = pd.DataFrame(
        {
            "comment_id": [f"c{i}" for i in range(len(rows))],
            "post_id": "CIprop0001",
            "parent_id": None,
            "author": "warga",
            "text": [t for t, _ in rows],
            "created": [w.isoformat() if w else "" for _, w in rows],
            "like_count": 1,
            "row": range(1, len(rows) + 1),
        }
    )
    kept, rejected = normalise.finalise(raw, ctx())
    assert len(kept) + len(rejected) == len(rows)
    assert all(reason for _, reason in rejected)
    rejected_rows = [r for r, _ in rejected]
    assert len(set(rejected_rows)) == len(rejected_rows)
    assert set(rejected_rows) <= set(range(1, len(rows) + 1))
    good = [expected_text(t) for t, w in rows if t.strip() and w]
    assert sorted(kept["text"]) == sorted(good)
    assert (kept["day"].notna()).all()


@COMMON
@given(post=st.text(min_size=1, max_size=20), author=texts, when=instants, text=texts)
def test_generated_ids_are_stable(post, author, when, text):
    created = pd.Series([pd.Timestamp(when.replace(tzinfo=None))] * 2)
    ids = normalise.hash_ids(
        pd.Series([post] * 2), pd.Series([author] * 2), created, pd.Series([text] * 2)
    )
    assert ids.iloc[0] == ids.iloc[1]
    other = normalise.hash_ids(
        pd.Series([post]), pd.Series([author]), created[:1], pd.Series([text + "!"])
    )
    assert other.iloc[0] != ids.iloc[0]


# --- parsers: whole files through detect + parse + normalise -----------------------------------


def apify_file(items: list[tuple[str, datetime]]) -> bytes:
    data = [
        {
            "id": str(17900000000000000 + i),
            "text": text,
            "ownerUsername": f"warga_{i}",
            "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "likesCount": i,
            "postUrl": POST,
        }
        for i, (text, when) in enumerate(items)
    ]
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


EC_HEADER = ["", "", "Name", "Username", "Profile ID", "Date", "Likes", "Comment", "User Verified",
             "Thumbnail", "Comment ID", "Profile URL", "Comment URL"]  # fmt: skip


def exportcomments_file(items: list[tuple[str, datetime]], delimiter: str, encoding: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(EC_HEADER)
    for i, (text, when) in enumerate(items):
        cid = str(18100000000000000 + i)
        writer.writerow(
            [i + 1, "", f"Warga {i}", f"warga_{i}", 4000 + i, when.strftime("%Y-%m-%d %H:%M:%S"),
             i, text, "No", "", cid, "", f"{POST}c/{cid}/"]
        )  # fmt: skip
    return buf.getvalue().encode(encoding)


items_strategy = st.lists(st.tuples(texts, instants), min_size=1, max_size=15)


@COMMON
@given(items=items_strategy)
def test_apify_json_round_trip(items):
    frame = pipeline.preview(apify_file(items), file_name="apify.json", n=100)
    assert list(frame["text"]) == [expected_text(t) for t, _ in items]
    assert list(frame["created_at_utc"]) == [
        pd.Timestamp(w.replace(tzinfo=None, microsecond=0)) for _, w in items
    ]
    assert list(frame["like_count"]) == list(range(len(items)))


@COMMON
@given(
    items=items_strategy,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_exportcomments_csv_round_trip(items, delimiter, encoding):
    data = exportcomments_file(items, delimiter, encoding)
    frame = pipeline.preview(data, file_name="export.csv", n=100)
    assert list(frame["text"]) == [expected_text(t) for t, _ in items]
    assert list(frame["author"]) == [f"warga_{i}" for i in range(len(items))]
    assert set(frame["post_id"]) == {"CIprop0001"}


@COMMON
@given(items=items_strategy)
def test_cp1252_csv_round_trip(items):
    items = [(t.encode("cp1252", "ignore").decode("cp1252"), w) for t, w in items]
    assume(
        all(t.strip() and not any(ord(c) < 32 and c not in "\t\n\r" for c in t) for t, _ in items)
    )
    data = exportcomments_file(items, ",", "cp1252")
    # A line that is valid UTF-8 is read as UTF-8 (cp1252 'Â\xa0' is UTF-8 for NBSP), rightly:
    # only lines that are not are cp1252.
    for line in data.split(b"\n"):
        try:
            line.decode("utf-8")
            assume(line.isascii())
        except UnicodeDecodeError:
            pass
    frame = pipeline.preview(data, file_name="excel.csv", n=100)
    assert list(frame["text"]) == [expected_text(t) for t, _ in items]


@settings(
    max_examples=150, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.generate)
)
@given(data=st.binary(max_size=400) | st.text(max_size=300).map(lambda s: s.encode("utf-8")))
def test_arbitrary_bytes_are_parsed_or_refused_clearly(data):
    try:
        pipeline.preview(data, file_name="random.csv", n=5)
    except IngestError as exc:
        assert str(exc).strip()


@COMMON
@given(
    ids=st.lists(
        st.integers(min_value=10**15, max_value=10**18), min_size=2, max_size=12, unique=True
    ),
    missing=st.integers(min_value=0, max_value=11),
)
def test_numeric_ids_survive_exactly(ids, missing):
    """Instaloader and Graph API write ids as JSON numbers; one item without an id must not
    turn the others into floats (1.79e+16), which would merge distinct comments."""
    items = [
        {"id": cid, "text": f"komentar {i}", "ownerUsername": f"warga_{i}",
         "timestamp": "2020-12-06T03:15:00.000Z", "postUrl": POST, "likesCount": 3}
        for i, cid in enumerate(ids)
    ]  # fmt: skip
    if missing < len(items):
        items[missing]["id"] = None
    frame = pipeline.preview(json.dumps(items).encode(), file_name="ids.json", n=100)
    for item, got in zip(items, frame["comment_id"], strict=True):
        if item["id"] is not None:
            assert got == str(item["id"])
    assert frame["comment_id"].is_unique
    assert set(frame["like_count"]) == {3}


# --- Apify JSON: the typed decoder reads exactly what the standard parser reads -----------------

_odd_scalars = (
    st.none() | st.booleans() | st.integers(min_value=-5, max_value=10**19) | st.floats() | texts
)
_odd_values = (
    _odd_scalars
    | st.lists(_odd_scalars, max_size=2)
    | st.dictionaries(st.sampled_from(["username", "id"]), _odd_scalars, max_size=2)
)
_apify_keys = {
    "id": st.integers(min_value=10**16, max_value=10**17).map(str) | _odd_values,
    "text": texts | _odd_values,
    "ownerUsername": st.sampled_from(["warga_1", "warga_2"]) | _odd_values,
    "owner": st.fixed_dictionaries({"username": st.just("warga_3") | _odd_scalars}) | _odd_values,
    "timestamp": st.just("2020-12-06T03:15:00.000Z") | _odd_values,
    "likesCount": st.integers(min_value=0, max_value=9) | st.just("12") | _odd_values,
    "postUrl": st.just(POST) | _odd_values,
    "commentUrl": st.just(POST + "c/1/"),
    "shortCode": st.just("CIprop0002") | _odd_values,
    "repliesCount": _odd_values,
}
_odd_reply = st.fixed_dictionaries({}, optional=_apify_keys)
_odd_replies = st.none() | _odd_scalars | st.lists(_odd_reply | _odd_scalars, max_size=3)
_odd_item = st.fixed_dictionaries(
    {"text": _apify_keys["text"]},
    optional={**{k: v for k, v in _apify_keys.items() if k != "text"}, "replies": _odd_replies},
)
# well-formed comments, in every shape the export has (owner object, string likes, replies)
_fine_keys = {
    "id": st.integers(min_value=10**16, max_value=10**17).map(str),
    "ownerUsername": st.sampled_from(["warga_1", "warga_2"]),
    "owner": st.fixed_dictionaries({"username": st.sampled_from(["warga_3", "", None])}),
    "timestamp": st.sampled_from(["2020-12-06T03:15:00.000Z", "2021-01-01T00:00:00Z"]),
    "likesCount": st.integers(min_value=0, max_value=9) | st.just("12"),
    "postUrl": st.just(POST),
    "shortCode": st.just("CIprop0002"),
}
_fine_required = {"text": texts, "timestamp": _fine_keys.pop("timestamp")}
_fine_reply = st.fixed_dictionaries(_fine_required, optional=_fine_keys)
_fine_item = st.fixed_dictionaries(
    _fine_required,
    optional={**_fine_keys, "replies": st.none() | st.lists(_fine_reply, max_size=2)},
)
_mostly_fine = st.integers(min_value=0, max_value=5).flatmap(
    lambda k: _fine_item if k else (_odd_item | _odd_scalars)
)


def _parsed_rows(data: bytes) -> tuple[pd.DataFrame, list]:
    src = as_source(data, "apify.json")
    planned = plan.make_plan(
        src, account="kemensosri", assume_tz="", mapping=None, post_id=None, max_cell_chars=500
    )
    frames, rejected = [], []
    for _, canon, bad, _notes in parse.parsed(src, planned, None):
        frames.append(canon)
        rejected.extend(bad)
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    key = list(rows.columns)
    rows = rows.astype(str).sort_values(key, kind="stable").reset_index(drop=True)
    return rows, sorted(rejected)


@COMMON
@given(
    items=st.lists(_mostly_fine, min_size=1, max_size=12),
    indent=st.sampled_from([None, 2]),
    block=st.sampled_from([300, 1000, 1 << 20]),
)
def test_apify_typed_decoding_reads_what_the_standard_parser_reads(items, indent, block):
    """Odd values of any key (booleans, objects, lists, huge numbers) fall back block by block;
    whatever the path, the parsed rows and the rejections are the same."""
    first = {"id": "17900000000000001", "text": "pertama", "ownerUsername": "warga_0",
             "timestamp": "2020-12-06T03:15:00.000Z", "postUrl": POST, "replies": []}  # fmt: skip
    data = json.dumps([first, *items], indent=indent, ensure_ascii=False).encode()
    block_size = json_stream.JSON_BLOCK
    try:
        json_stream.JSON_BLOCK = block
        typed_rows, typed_rejected = _parsed_rows(data)
        apify.JSON.decode_block = None  # no typed decoder: the standard parser only
        plain_rows, plain_rejected = _parsed_rows(data)
    finally:
        del apify.JSON.decode_block  # the class's decoder again
        json_stream.JSON_BLOCK = block_size
    pd.testing.assert_frame_equal(typed_rows, plain_rows)
    assert typed_rejected == plain_rejected


_url_parts = st.sampled_from(
    ["instagram.com/", "www.", "https://", "p/", "reel/", "reels/", "tv/", "P/", "user.name/",
     "/", "?x=1", "c/17/", "ä", "ｐ/", " ", "-", "_", "Ab9"]
)  # fmt: skip


@COMMON
@given(urls=st.lists(st.lists(_url_parts | texts, max_size=8).map("".join), max_size=20))
def test_shortcodes_are_what_the_python_pattern_finds(urls):
    """Arrow's regex engine reads post URLs exactly as Python's ``re`` would."""
    expected = [m.group("code") if (m := normalise._SHORTCODE.search(u)) else "" for u in urls]
    got = normalise.shortcode_from_url(pd.Series(urls, dtype="str"))
    assert got.tolist() == expected


def test_shortcodes_of_a_repeating_column_are_matched_per_distinct_url():
    posts = [f"https://www.instagram.com/p/CIpost{i:04d}/" for i in range(40)]
    urls = [posts[(i * i) % 40] if i % 7 else "https://example.org/" for i in range(3000)]
    expected = [normalise._SHORTCODE.search(u) for u in urls]
    got = normalise.shortcode_from_url(pd.Series(urls, dtype="str"))
    assert got.tolist() == [m.group("code") if m else "" for m in expected]
