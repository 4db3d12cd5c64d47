"""``--platform`` on ``daily``, ``spikes`` and ``export``, and the platform in their output."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from monitor.cli import main
from tests.analytics_helpers import add_comments, row, synthetic_rows

D = date(2021, 1, 4)
SPIKE = date(2020, 12, 7)


@pytest.fixture
def mixed(store, store_url):
    add_comments(
        store,
        [
            row(D, platform="instagram", label="negative"),
            row(D, platform="x", label="negative", emotion="anger"),
            row(D, platform="x", label="positive", emotion="happy"),
            row(D, platform="youtube", label="neutral"),
        ],
    )
    return store_url


def daily(capsys, db, *args) -> list[dict]:
    assert (
        main(["daily", "--db", db, "--from", "2021-01-04", "--to", "2021-01-04", "--json", *args])
        == 0
    )
    return json.loads(capsys.readouterr().out)


def test_daily_counts_the_chosen_platforms(mixed, capsys):
    assert daily(capsys, mixed)[0]["comments"] == 4
    assert daily(capsys, mixed, "--platform", "x")[0]["comments"] == 2
    both = daily(capsys, mixed, "--platform", "x,youtube")
    assert both == daily(capsys, mixed, "--platform", "youtube", "--platform", "X")
    assert both[0]["comments"] == 3
    assert "platform" not in both[0]  # the figures of the chosen platforms together


def test_daily_by_platform_gives_a_row_per_day_and_platform(mixed, capsys):
    rows = daily(capsys, mixed, "--by-platform")
    assert [(r["platform"], r["comments"]) for r in rows] == [
        ("instagram", 1),
        ("x", 2),
        ("youtube", 1),
    ]
    assert rows[1]["negative"] == 1 and rows[1]["net_index"] == 0.0
    assert (rows[1]["emotions"]["anger"], rows[1]["emotions"]["happy"]) == (1, 1)
    assert sum(rows[0]["emotions"].values()) == 0  # Instagram's comment is not scored
    assert main(["daily", "--db", mixed, "--by-platform", "--platform", "x"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["platform", "day"]
    assert lines[1].split()[:3] == ["x", "2021-01-04", "2"]


@pytest.mark.parametrize("command", ["daily", "spikes", "export"])
def test_an_unknown_platform_is_one_error_line(store_url, capsys, command):
    assert main([command, "--db", store_url, "--platform", "x,myspace"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "Error: --platform: unknown platform 'myspace' "
        "(expected one of instagram, x, youtube, facebook, tiktok)\n"
    )


def test_export_writes_the_platform_after_the_comment_id(mixed, capsys, tmp_path):
    out = tmp_path / "x.csv"
    assert main(["export", "--db", mixed, "--platform", "x", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["platform"] for r in rows] == ["x", "x"]
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["comment_id", "platform", "post_id"]
    assert main(["export", "--db", mixed]) == 0
    everything = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert sorted(r["platform"] for r in everything) == ["instagram", "x", "x", "youtube"]


@pytest.fixture
def spiky(store, store_url):
    add_comments(store, synthetic_rows(date(2020, 10, 1), 70, level=30.0))
    add_comments(
        store,
        synthetic_rows(
            date(2020, 10, 1), 70, level=20.0, seed=9, spikes={SPIKE: 6.0}, platform="x"
        ),
    )
    return store_url


def test_spikes_json_names_the_platforms(spiky, capsys):
    assert main(["spikes", "--db", spiky, "--metric", "negative", "--json", "--no-drivers"]) == 0
    found = [s for s in json.loads(capsys.readouterr().out) if s["day"] == SPIKE.isoformat()]
    overall = next(s for s in found if s["platform"] is None)
    assert overall["platforms"][0]["platform"] == "x"
    assert {"observed", "expected", "severity", "ratio", "events"} <= set(overall)  # kept keys
    assert any(s["platform"] == "x" for s in found)
    assert (
        main(["spikes", "--db", spiky, "--metric", "negative", "--json", "--platform", "instagram"])
        == 0
    )
    only_ig = json.loads(capsys.readouterr().out)
    assert not any(s["day"] == SPIKE.isoformat() for s in only_ig)


def test_spikes_text_names_the_platforms(spiky, capsys):
    assert main(["spikes", "--db", spiky, "--metric", "negative", "--no-drivers"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("2020-12-07")]
    assert any(" all " in line and "platforms: X " in line for line in lines)
    assert any(line.split()[2] == "X" for line in lines)
