"""Links that reproduce a view: parsing is total (never raises) and round-trips."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.ui import viewstate as vs

CTX = vs.ViewContext(
    min_day=date(2020, 10, 1),
    max_day=date(2021, 9, 30),
    posts=frozenset({"CIabc", "CJdef"}),
    events=frozenset({1, 2, 3}),
    categories=frozenset({"bencana", "data_penerima"}),
)


@pytest.mark.parametrize(
    ("params", "field", "expected", "codes"),
    [
        ({"from": "2020-12-01"}, "start", date(2020, 12, 1), []),
        ({"from": "2020-13-01"}, "start", None, ["bad_value"]),
        ({"to": "yesterday"}, "end", None, ["bad_value"]),
        ({"from": "2019-01-01", "to": "2020-12-01"}, "start", date(2020, 10, 1), ["clamped_range"]),
        ({"from": "2022-01-01"}, "start", None, ["stale_value"]),
        ({"from": "2021-01-10", "to": "2021-01-01"}, "start", date(2021, 1, 1), ["swapped_range"]),
        ({"lang": "en"}, "lang", "en", []),
        ({"lang": "fr"}, "lang", "id", ["bad_value"]),
        ({"sent": "negative,positive"}, "sentiments", ("negative", "positive"), []),
        ({"sent": "negative,angry"}, "sentiments", ("negative",), ["bad_value"]),
        ({"post": "CIabc,Nope"}, "posts", ("CIabc",), ["stale_value"]),
        ({"cat": "bencana"}, "categories", ("bencana",), []),
        ({"ans": "unanswered"}, "answered", "unanswered", []),
        ({"ans": "maybe"}, "answered", "all", ["bad_value"]),
        ({"metric": "net"}, "metric", "net", []),
        ({"metric": "emotion"}, "metric", "emotion", []),
        ({"emo": "fear,Anger"}, "emotions", ("anger", "fear"), []),  # one spelling per view
        ({"emo": "none"}, "emotions", ("none",), []),
        ({"emo": "anger,joy"}, "emotions", ("anger",), ["bad_value"]),
        ({"order": "uncertain"}, "order", "uncertain", []),
        ({"order": "random"}, "order", "newest", ["bad_value"]),
        ({"event": "2"}, "event", 2, []),
        ({"event": "99"}, "event", None, ["stale_value"]),
        ({"event": "-1"}, "event", None, ["bad_value"]),
        ({"q": "  bantu  "}, "q", "bantu", []),
        ({"q": "x" * 500}, "q", "x" * vs.MAX_QUERY_CHARS, ["too_long"]),
        ({"p": "3"}, "p", 3, []),
        ({"p": "0"}, "p", 1, ["bad_value"]),
        ({"day": "2021-02-01"}, "day", date(2021, 2, 1), []),
        ({"day": "2025-02-01"}, "day", None, ["stale_value"]),
        ({"page": "timeline"}, "page", "timeline", []),
        ({"platform": "x"}, "platforms", ("x",), []),
        ({"platform": "YouTube,x"}, "platforms", ("x", "youtube"), []),
        ({"platform": "x,myspace"}, "platforms", ("x",), ["bad_value"]),
        ({"platform": "instagram,x,youtube,facebook,tiktok"}, "platforms", (), []),
        ({"platform": "x,x"}, "platforms", ("x",), []),
        ({"by": "split"}, "by", "split", []),
        ({"by": "pie"}, "by", "total", ["bad_value"]),
        ({"zzz": "1"}, "page", "morning", ["unknown_param"]),
        ({"embed": "true"}, "page", "morning", []),
    ],
)
def test_parse_cases(params, field, expected, codes):
    state, notices = vs.parse(params, CTX)
    assert getattr(state, field) == expected
    assert [n.code for n in notices] == codes


def test_repeated_parameters_take_the_first():
    state, _ = vs.parse({"lang": ["en", "id"]}, CTX)
    assert state.lang == "en"


def test_serialise_only_non_defaults_and_round_trip():
    state = vs.ViewState(
        lang="en",
        start=date(2020, 12, 1),
        end=date(2020, 12, 31),
        platforms=("x", "youtube"),
        by="stack",
        posts=("CIabc",),
        sentiments=("negative",),
        answered="unanswered",
        emotions=("sadness", "none"),
        order="uncertain",
        metric="net",
        event=2,
        q="bantuan sosial",
        p=2,
    )
    params = vs.serialise(state)
    assert "page" not in params and "cat" not in params
    assert params["from"] == "2020-12-01" and params["platform"] == "x,youtube"
    assert params["emo"] == "sadness,none" and params["order"] == "uncertain"
    again, notices = vs.parse(params, CTX)
    assert again == state and notices == []
    assert vs.serialise(vs.ViewState()) == {}
    assert vs.query_string(vs.ViewState()) == ""
    assert vs.query_string(state).startswith("?lang=en&from=2020-12-01")


@given(st.dictionaries(st.text(max_size=12), st.text(max_size=60), max_size=8))
def test_parse_never_raises_on_any_input(params):
    state, notices = vs.parse(params, CTX)
    assert isinstance(state, vs.ViewState)
    assert all(isinstance(n, vs.Notice) for n in notices)
    again, _ = vs.parse(vs.serialise(state), CTX)
    assert vs.serialise(again) == vs.serialise(state)


HOSTILE_NAME = "**[Hubungi petugas](http://evil.example/login)**" + "x" * 200


def test_echoed_parameter_names_and_values_are_length_limited():
    """Notices echo what a link carried; a crafted link cannot fill the page with it."""
    params = {HOSTILE_NAME: HOSTILE_NAME, "from": HOSTILE_NAME, "post": "a," + HOSTILE_NAME}
    _, notices = vs.parse(params, CTX)
    assert {n.code for n in notices} >= {"unknown_param", "bad_value"}
    for n in notices:
        assert len(n.param) <= 60 and len(n.value) <= 60, n
    unknown = next(n for n in notices if n.code == "unknown_param")
    assert unknown.param == HOSTILE_NAME[:59] + "…"


@given(st.dictionaries(st.text(max_size=300), st.text(max_size=300), max_size=6))
def test_no_notice_echoes_more_than_the_limit(params):
    _, notices = vs.parse(params, CTX)
    assert all(len(n.param) <= vs.MAX_ECHO_CHARS >= len(n.value) for n in notices)


@pytest.mark.parametrize(
    ("raw", "overdue", "noticed"),
    [("1", True, False), ("true", True, False), ("0", False, False), ("maybe", False, True)],
)
def test_the_overdue_filter_round_trips(raw, overdue, noticed):
    state, notices = vs.parse({"overdue": raw})
    assert state.overdue is overdue
    assert bool(notices) is noticed
    assert vs.serialise(state) == ({"overdue": "1"} if overdue else {})
