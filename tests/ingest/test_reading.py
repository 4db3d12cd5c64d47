"""Low-level reading: streamed JSON equals the standard parser at any block size; depth checks."""

from __future__ import annotations

import io
import json

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.core.errors import IngestError
from monitor.ingest.readers import json_depth, json_stream, sniff
from monitor.ingest.readers.source import as_source

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@pytest.mark.parametrize("block", [1, 3, 8, 4096])
def test_json_lines(block, monkeypatch):
    monkeypatch.setattr(json_stream, "JSON_BLOCK", block)
    values = [{"id": "1", "text": 'héllo \\" ]'}, {"id": 22, "text": "🙏"}, 12345]
    data = "\n".join(json.dumps(v, ensure_ascii=False) for v in values).encode()
    assert list(json_stream.iter_json_values(io.BytesIO(data), lines=True)) == values


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        (b"[" * 70 + b"]" * 70, False),
        (b"[" * 60 + b"]" * 60, True),
        (b'[{"text": "' + b"[" * 500 + b'"}]', True),  # brackets inside a string do not count
        (b'[{"text": "a\\"' + b"{" * 500 + b'"}]', True),  # nor after an escaped quote
    ],
)
def test_json_depth_check(data, ok):
    src = as_source(data, "x.json")
    if ok:
        json_depth.check_json_depth(src)
    else:
        with pytest.raises(IngestError, match="nested more than 64"):
            json_depth.check_json_depth(src)


@given(text=st.text(min_size=1, max_size=200))
@settings(max_examples=100, deadline=None)
def test_sniffers_never_crash(text):
    data = text.encode("utf-8")
    try:
        kind = sniff.sniff_kind(data)
    except IngestError:
        return
    assert kind in ("xlsx", "json", "text")
    enc = sniff.sniff_encoding(data)
    assert isinstance(sniff.decode_sample(data, enc), str)


@pytest.mark.parametrize("block", [5, 64, 4096])
def test_bulk_path_survives_lookalike_element_ends(block, monkeypatch):
    monkeypatch.setattr(json_stream, "JSON_BLOCK", block)
    values = [
        {
            "id": str(i),
            "text": 'kurung }, { dalam teks "}, {"',
            "replies": [{"id": "r"}, {"id": "s"}],
        }
        for i in range(50)
    ]
    for indent in (None, 2):
        data = json.dumps(values, indent=indent).encode()
        assert list(json_stream.iter_json_values(io.BytesIO(data), lines=False)) == values


def _dicts_only(data: bytes) -> list:
    """A typed decoder for the tests: objects only (anything else is the fallback's job)."""
    return msgspec.json.decode(data, type=list[dict])


def _decoded(data: bytes) -> list:
    return [
        v for block in json_stream.iter_json_decoded(io.BytesIO(data), _dicts_only) for v in block
    ]


def _general(data: bytes) -> list:
    return list(json_stream.iter_json_values(io.BytesIO(data), lines=False))


@pytest.mark.parametrize("read", [_general, _decoded], ids=["general", "decoded"])
@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(JSON_VALUES, max_size=10),
    block=st.integers(min_value=1, max_value=60),
    indent=st.sampled_from([None, 1]),
)
def test_streamed_array_equals_json_loads(read, values, block, indent):
    """At any block size; for the typed reader: typed blocks, standard-parser blocks and the
    hand-over together give exactly the elements."""
    data = json.dumps(values, indent=indent, ensure_ascii=False).encode()
    old = json_stream.JSON_BLOCK
    json_stream.JSON_BLOCK = block
    try:
        assert read(data) == values
    finally:
        json_stream.JSON_BLOCK = old


@pytest.mark.parametrize("block", [64, 100, 4096])
def test_decoded_blocks_find_element_ends_inside_nested_replies(block, monkeypatch):
    monkeypatch.setattr(json_stream, "JSON_BLOCK", block)
    values = [
        {"id": str(i), "text": 'a "}, {" \\\\', "replies": [{"id": "r", "t": "}, {"}, {"id": "s"}]}
        for i in range(60)
    ]
    seen: list[bool] = []
    original = json_stream._element_end
    monkeypatch.setattr(
        json_stream, "_element_end", lambda buf, start: seen.append(True) or original(buf, start)
    )
    for indent in (None, 2):
        data = json.dumps(values, indent=indent).encode()
        blocks = list(json_stream.iter_json_decoded(io.BytesIO(data), _dicts_only))
        assert [v for b in blocks for v in b] == values
        assert all(isinstance(b, json_stream.Decoded) for b in blocks)  # never handed over
    assert seen  # the guessed ends did land inside replies


@pytest.mark.parametrize(
    ("data", "truncated"),
    [
        (b'[{"id": 1}, {"id": 2', True),
        (b'[{"id": 1}, {"text": "unterminated', True),
        (b'[{"id": 1}', True),
        (b'[{"id": 1}, {"id": oops}]', False),
        (b'{"id": 1}', False),
        (b"", False),
    ],
)
def test_stream_errors_are_the_same_on_both_readers(data, truncated, monkeypatch):
    monkeypatch.setattr(json_stream, "JSON_BLOCK", 4)
    with pytest.raises(json_stream.JSONStreamError) as general:
        _general(data)
    with pytest.raises(json_stream.JSONStreamError) as decoded:
        _decoded(data)
    assert str(decoded.value) == str(general.value)
    assert decoded.value.truncated is general.value.truncated is truncated


def test_decoded_reads_bad_utf8_like_the_general_reader():
    data = b'[{"id": 1, "text": "caf\xe9"}, {"id": 2, "text": "ok"}]'
    assert _decoded(data) == _general(data)
