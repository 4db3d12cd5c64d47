"""The content settings: the content type rules' override and the follower counts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from monitor.ops import settings as settings_mod
from monitor.store import settings_table


def test_rules_and_followers_are_saved_and_loaded(store):
    new = replace(
        settings_mod.load(store),
        content_type_rules="kuis\tword\tkuis\n",
        followers={"instagram": 5_000_000, "x": 800_000},
    )
    settings_mod.save(store, new)
    loaded = settings_mod.load(store)
    assert loaded.content_type_rules == "kuis\tword\tkuis\n"
    assert loaded.followers == {"instagram": 5_000_000, "x": 800_000}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"content_type_rules": "hiburan\tword\tlucu"}, r"line 1: unknown type 'hiburan'"),
        ({"followers": {"myspace": 10}}, r"unknown platform 'myspace'"),
        ({"followers": {"x": 0}}, r"followers of x: expected a whole number above 0"),
        ({"followers": {"x": "banyak"}}, r"followers of x: expected a whole number"),
    ],
)
def test_bad_content_settings_are_refused_at_save(store, change, message):
    with pytest.raises(ValueError, match=message):
        settings_mod.save(store, replace(settings_mod.load(store), **change))
    assert settings_mod.load(store).content_type_rules == ""


def test_stored_rules_that_no_longer_parse_give_the_shipped_ones(store):
    settings_table.write(store, {"content_type_rules": "kuis\tword", "followers": {"x": -3}})
    loaded = settings_mod.load(store)
    assert loaded.content_type_rules == "" and loaded.followers == {}


def test_follower_lines_are_read_with_thousands_separators():
    assert settings_mod.parse_followers("instagram: 5.200.000\n\nx: 800,000") == {
        "instagram": 5_200_000,
        "x": 800_000,
    }
    with pytest.raises(ValueError, match=r"followers, line 1: expected 'platform: count'"):
        settings_mod.parse_followers("instagram lima juta")
