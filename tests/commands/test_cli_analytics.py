"""``python -m monitor daily`` and ``python -m monitor spikes`` end to end on a small store."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from monitor.analysis import events
from monitor.cli import main
from monitor.ops.settings import Settings, save
from tests.analytics_helpers import add_comments, row, synthetic_rows

SPIKE = date(2020, 12, 7)


@pytest.fixture
def filled(store, store_url):
    events.seed_timeline(store)
    add_comments(store, synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE: 5.0}))
    return store_url


def test_daily_json_one_object_per_day(store, store_url, capsys):
    d = date(2021, 1, 4)
    add_comments(
        store,
        [
            row(d, label="negative", complaint=True, category="data", reply_minutes=15),
            row(d, label="positive"),
            row(d + timedelta(days=2), label="neutral"),
        ],
    )
    code = main(
        ["daily", "--db", store_url, "--from", "2021-01-03", "--to", "2021-01-06", "--json"]
    )
    assert code == 0
    days = json.loads(capsys.readouterr().out)
    assert [x["day"] for x in days] == ["2021-01-03", "2021-01-04", "2021-01-05", "2021-01-06"]
    first, busy = days[0], days[1]
    assert first["comments"] == 0 and first["net_index"] is None
    assert (busy["comments"], busy["negative"], busy["complaints"]) == (2, 1, 1)
    assert busy["net_index"] == 0.0
    assert busy["reply_median_minutes"] == 15.0
    assert busy["complaints_data"] == 1


def test_daily_json_counts_each_days_emotions(store, store_url, capsys):
    d = date(2021, 1, 4)
    add_comments(
        store,
        [
            row(d, emotion="anger"),
            row(d, emotion="anger"),
            row(d, emotion="sadness"),
            row(d, emotion=""),
            row(d, emotion=None),  # not scored for emotion yet
            row(d, emotion="love", owner=True),  # the account's own reply
        ],
    )
    args = ["daily", "--db", store_url, "--from", "2021-01-04", "--to", "2021-01-05", "--json"]
    assert main(args) == 0
    days = json.loads(capsys.readouterr().out)
    assert days[0]["emotions"] == {
        "anger": 2,
        "sadness": 1,
        "fear": 0,
        "happy": 0,
        "love": 0,
        "none": 1,
    }
    assert days[0]["comments"] == 5  # the other keys are as they were
    assert set(days[1]["emotions"].values()) == {0}


def test_daily_defaults_to_stored_range_and_prints_a_table(filled, capsys):
    assert main(["daily", "--db", filled]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["day", "comments", "negative"]
    assert len(lines) == 1 + 70


def test_daily_on_empty_store(store_url, capsys):
    assert main(["daily", "--db", store_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_daily_rejects_reversed_range(store_url, capsys):
    code = main(["daily", "--db", store_url, "--from", "2021-02-01", "--to", "2021-01-01"])
    assert code == 1
    assert "Error:" in capsys.readouterr().err


def test_spikes_json_with_linked_events(filled, capsys):
    assert main(["spikes", "--db", filled, "--sensitivity", "balanced", "--json"]) == 0
    spikes = json.loads(capsys.readouterr().out)
    hit = next(s for s in spikes if s["day"] == SPIKE.isoformat() and s["metric"] == "negative")
    assert hit["observed"] > hit["expected"] * 2
    assert hit["severity"] >= 4
    assert {e["day"] for e in hit["events"]} == {"2020-12-05", "2020-12-06"}
    assert all(isinstance(e["id"], int) and e["title_id"] for e in hit["events"])
    assert hit["posts"][0]["post_id"] == "P1"
    assert hit["emotion"] is None  # the synthetic comments carry no emotion
    assert set(hit["emotions"]) == {"anger", "sadness", "fear", "happy", "love", "none"}


def test_spikes_carry_the_anatomy_and_say_the_copy_paste_share(store, store_url, capsys):
    rows = synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE: 3.0})
    paste = "menteri sudah bekerja keras bantuan sosial tepat sasaran untuk rakyat kecil"
    rows += [row(SPIKE, hour=14, label="negative", text=paste) for _ in range(30)]
    add_comments(store, rows)
    assert main(["spikes", "--db", store_url, "--metric", "negative", "--json"]) == 0
    hit = next(s for s in json.loads(capsys.readouterr().out) if s["day"] == SPIKE.isoformat())
    assert 0 < hit["coordination_share"] <= 1
    assert hit["anatomy"]["campaigns"][0]["accounts"] == 30
    assert {"comments", "coordinated", "authors", "themes", "posts"} <= set(hit["anatomy"])
    assert main(["spikes", "--db", store_url, "--metric", "negative"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("2020-12-07"))
    assert line.endswith(f"copy-paste: {hit['coordination_share']:.0%} (1 campaign, 30 accounts)")


def test_spikes_name_the_dominant_emotion(store, store_url, capsys):
    rows = synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE: 5.0})
    for r in rows:
        r["emotion"] = "anger" if r["day"] == SPIKE and r["like_count"] >= 50 else ""
    add_comments(store, rows)
    assert main(["spikes", "--db", store_url, "--metric", "negative", "--json"]) == 0
    hit = next(s for s in json.loads(capsys.readouterr().out) if s["day"] == SPIKE.isoformat())
    assert hit["emotion"] == "anger" and hit["emotions"]["anger"] > 0
    assert main(["spikes", "--db", store_url, "--metric", "negative", "--no-drivers"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("2020-12-07"))
    assert "emotion: mostly anger" in line


def test_spikes_uses_stored_sensitivity_and_window(filled, store, capsys):
    save(store, Settings(sensitivity="fewer", event_window_before=0, event_window_after=0))
    assert main(["spikes", "--db", filled, "--metric", "negative", "--json"]) == 0
    spikes = json.loads(capsys.readouterr().out)
    hit = next(s for s in spikes if s["day"] == SPIKE.isoformat())
    assert hit["events"] == []  # no event on the spike day itself


def test_spikes_text_output_and_no_drivers(filled, capsys):
    assert main(["spikes", "--db", filled, "--no-drivers", "--metric", "negative"]) == 0
    out = capsys.readouterr().out
    assert "2020-12-07  negative" in out
    assert "KPK" in out


def test_spikes_rejects_unknown_sensitivity(store_url, capsys):
    with pytest.raises(SystemExit):
        main(["spikes", "--db", store_url, "--sensitivity", "extreme"])
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["daily", "spikes"])
def test_help_has_an_example(name, capsys):
    with pytest.raises(SystemExit):
        main([name, "--help"])
    assert f"example: python -m monitor {name}" in capsys.readouterr().out


def test_spikes_says_when_history_is_too_short(store, store_url, capsys):
    add_comments(store, synthetic_rows(date(2021, 1, 1), 10))
    assert main(["spikes", "--db", store_url]) == 0
    assert "Insufficient history" in capsys.readouterr().err
