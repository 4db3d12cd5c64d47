"""``posts`` lists the stored posts with their content types and reception, filtered by
platform, type and publishing period, or refuses with one clear line."""

from __future__ import annotations

import json

import pytest

from monitor.cli import main
from monitor.commands.posts import KEYS
from monitor.ingest import pipeline
from tests.ingest_helpers import FIXTURES, MF


@pytest.fixture
def db(store, store_url):
    pipeline.import_file(store, FIXTURES / "apify.json", account=MF.ACCOUNT)
    pipeline.import_file(store, FIXTURES / "apify_posts.json")
    pipeline.import_file(store, FIXTURES / "youtube_videos.json")
    return store_url


def listed(capsys, db, *args) -> list[dict]:
    assert main(["posts", "--db", db, "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_post_with_its_types_and_reception(db, capsys):
    posts = listed(capsys, db)
    assert len(posts) == 5
    assert all(list(p) == list(KEYS) for p in posts)
    first = next(p for p in posts if p["post_id"] == MF.POST)
    assert first["types"] == ["program"] and first["types_by_hand"] is False
    assert first["comments"] > 0 and -1 <= first["net_index"] <= 1
    assert set(first["emotions"]) == {"anger", "sadness", "fear", "happy", "love"}
    assert first["published_at"] == "2020-12-06T05:00:00Z"
    assert first["engagement"] == 1532 + 214
    with_figure = [p["net_index"] for p in posts if p["net_index"] is not None]
    assert with_figure == sorted(with_figure, reverse=True)  # best received first
    assert posts[-1]["net_index"] is None  # posts without comments last


def test_filters_by_platform_type_and_period(db, capsys):
    assert {p["platform"] for p in listed(capsys, db, "--platform", "youtube")} == {"youtube"}
    assert [p["post_id"] for p in listed(capsys, db, "--type", "kuis")] == ["CIkuisSABTU"]
    klar = listed(capsys, db, "--type", "klarifikasi")
    assert [p["post_id"] for p in klar] == [MF.YT_VIDEOS[1]]
    span = listed(capsys, db, "--from", "2020-12-07", "--to", "2020-12-08")
    assert sorted(p["post_id"] for p in span) == sorted(["CIxyzTRANSP", MF.YT_VIDEOS[1]])


def test_the_table_names_the_types(db, capsys):
    assert main(["posts", "--db", db, "--type", "transparansi"]) == 0
    out = capsys.readouterr().out
    assert "CIxyzTRANSP" in out and "transparansi" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "hiburan"], "Error: --type 'hiburan' is not a content type"),
        (["--from", "2020-12-09", "--to", "2020-12-01"], "Error: --to 2020-12-01 is before"),
    ],
)
def test_bad_options_are_refused_in_one_line(db, capsys, args, message):
    assert main(["posts", "--db", db, *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and len(err.strip().splitlines()) == 1


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["posts", "--help"])
    assert "example: python -m monitor posts --json" in capsys.readouterr().out
