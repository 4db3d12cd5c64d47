"""The news timeline: shipped file, seeding, editing, spike windows and event studies."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from monitor.analysis import events, reports
from monitor.analysis.events import EventError
from tests.analytics_helpers import add_comments, row

REQUIRED_FACTS = [
    ("2020-12-05", "arrest"),
    ("2020-12-06", "charge"),
    ("2020-12-06", "appointment"),
    ("2020-12-22", "appointment"),
    ("2020-12-23", "appointment"),
    ("2021-01-04", "program"),
    ("2021-01-05", "controversy"),
    ("2021-04-21", "charge"),
    ("2021-04-21", "program"),
    ("2021-07-13", "controversy"),
    ("2021-07-28", "trial"),
    ("2021-08-09", "trial"),
    ("2021-08-23", "verdict"),
    ("2021-09-30", "controversy"),
    ("2021-12-01", "controversy"),
    ("2022-08-31", "program"),
]


def test_shipped_timeline_has_every_required_fact_with_a_source():
    timeline = events.load_timeline()
    got = {(d.isoformat(), c) for d, c in zip(timeline["day"], timeline["category"], strict=True)}
    assert set(REQUIRED_FACTS) <= got
    assert timeline["source_url"].str.startswith("https://").all()
    assert (timeline["title_id"].str.len() > 10).all()
    assert (timeline["title_en"].str.len() > 10).all()
    assert timeline["seed_key"].is_unique
    assert set(timeline["category"]) <= set(events.CASE_CATEGORIES)
    verdict = timeline[timeline["category"] == "verdict"].iloc[0]
    assert "12" in verdict["title_en"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date,title_id,title_en,category,source_url\n2021-13-01,a,b,trial,https://x\n", "date"),
        (
            "date,title_id,title_en,category,source_url\n2021-01-01,a,b,gossip,https://x\n",
            "category",
        ),
        ("date,title_id,title_en,category,source_url\n2021-01-01,a,b,trial,ftp://x\n", "URL"),
        ("date,title_id,title_en,category,source_url\n2021-01-01,,b,trial,https://x\n", "title_id"),
    ],
)
def test_broken_timeline_file_is_refused_with_row(tmp_path, content, message):
    path = tmp_path / "timeline.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EventError, match=message) as err:
        events.load_timeline(path)
    assert "row 2" in str(err.value)


def test_seeding_is_idempotent_and_respects_deletions_and_edits(store):
    n = len(events.load_timeline())
    assert len(events.list_events(store)) == n  # a new store carries the shipped timeline
    assert events.seed_timeline(store) == 0
    stored = events.list_events(store)
    assert len(stored) == n
    first, second = int(stored["id"].iloc[0]), int(stored["id"].iloc[1])
    events.edit_event(store, second, title_en="Edited")
    events.delete_event(store, first)
    assert events.seed_timeline(store) == 0  # neither restored nor overwritten
    after = events.list_events(store).set_index("id")
    assert first not in after.index
    assert after.loc[second, "title_en"] == "Edited"
    assert after.loc[second, "origin"] == "seed"


def test_add_edit_delete_and_validation(store):
    eid = events.add_event(store, "2021-02-01", "Uji", "Test", "program", "https://example.org/a")
    events.edit_event(store, eid, day="2021-02-02", category="controversy")
    got = events.list_events(store).set_index("id").loc[eid]
    assert (got["day"], got["category"], got["origin"]) == (
        date(2021, 2, 2),
        "controversy",
        "manual",
    )
    with pytest.raises(EventError, match="category"):
        events.add_event(store, "2021-02-01", "Uji", category="gossip")
    with pytest.raises(EventError, match="title"):
        events.add_event(store, "2021-02-01", "  ")
    with pytest.raises(EventError, match="YYYY-MM-DD"):
        events.add_event(store, "1/2/2021", "Uji")
    events.delete_event(store, eid)
    with pytest.raises(EventError, match="does not exist"):
        events.delete_event(store, eid)
    with pytest.raises(EventError, match="does not exist"):
        events.edit_event(store, eid, title_id="x")


SPIKE = date(2021, 8, 23)


@pytest.mark.parametrize(
    ("offset", "before", "after", "linked"),
    [
        (-3, 2, 1, False),
        (-2, 2, 1, True),
        (0, 2, 1, True),
        (1, 2, 1, True),
        (2, 2, 1, False),
        (-3, 3, 0, True),
        (1, 3, 0, False),
    ],
)
def test_spike_window(offset, before, after, linked):
    ev = pd.DataFrame(
        {
            "id": [1],
            "day": [SPIKE + timedelta(days=offset)],
            "title_id": ["x"],
            "title_en": ["x"],
            "category": ["trial"],
            "source_url": [""],
        }
    )
    got = events.link([SPIKE], ev, before, after)[0]
    assert bool(got) is linked
    if linked:
        assert got[0]["offset_days"] == offset


def test_linked_events_nearest_first_and_window_from_store(store):
    events.seed_timeline(store)
    near = events.events_near(store, date(2020, 12, 7), before=2, after=1)
    assert [e["day"] for e in near] == ["2020-12-06", "2020-12-06", "2020-12-05"]
    assert events.events_near(store, date(2020, 12, 10)) == []
    with pytest.raises(ValueError):
        events.window(SPIKE, -1, 1)


def _study_series(before: list[float], after: list[float]) -> pd.DataFrame:
    n = len(before)
    days = [SPIKE - timedelta(days=n - i) for i in range(n)] + [
        SPIKE + timedelta(days=i) for i in range(len(after))
    ]
    return pd.DataFrame({"day": days, "net_index": before + after})


def test_event_study_hand_computed_means_and_ci():
    series = _study_series([0.2, 0.3, 0.25, 0.25], [-0.1, 0.0, -0.2, -0.1])
    res = events.event_study(series, SPIKE, "net_index", days=4, n_boot=4000, seed=1)
    assert res.before_mean == pytest.approx(0.25)
    assert res.after_mean == pytest.approx(-0.1)
    assert res.difference == pytest.approx(-0.35)
    assert res.ci_low < -0.35 < res.ci_high
    assert res.ci_high < 0 and res.significant
    again = events.event_study(series, SPIKE, "net_index", days=4, n_boot=4000, seed=1)
    assert again == res  # seeded: repeatable


def test_event_study_no_change_is_not_significant():
    rng = np.random.default_rng(2)
    noise = list(rng.normal(0.1, 0.05, 14))
    res = events.event_study(_study_series(noise[:7], noise[7:]), SPIKE, "net_index", 7)
    assert res.ci_low < 0 < res.ci_high
    assert not res.significant


def test_event_study_skips_gaps_and_reports_missing_side():
    series = _study_series([0.2, float("nan"), 0.4], [0.1, 0.1, float("nan")])
    res = events.event_study(series, SPIKE, "net_index", days=3)
    assert (res.n_before, res.n_after) == (2, 2)
    assert res.before_mean == pytest.approx(0.3)
    empty = events.event_study(_study_series([0.1], []), SPIKE, "net_index", days=3)
    assert empty.difference is None and empty.n_after == 0


def test_event_studies_from_store(store):
    eid = events.add_event(store, SPIKE, "Vonis", "Verdict", "verdict")
    rows = []
    for i in range(1, 8):
        rows += [row(SPIKE - timedelta(days=i), label="positive") for _ in range(4)]
        rows += [
            row(SPIKE + timedelta(days=i - 1), label="negative", complaint=True) for _ in range(4)
        ]
    add_comments(store, rows)
    table = reports.event_studies(store, days=7).set_index(["event_id", "metric"])
    net = table.loc[(eid, "net_index")]
    assert (net["before_mean"], net["after_mean"], net["difference"]) == (1.0, -1.0, -2.0)
    comp = table.loc[(eid, "complaints")]
    assert comp["difference"] == pytest.approx(4.0)


def test_event_study_around_a_day_under_some_posts(store):
    rows = []
    for i in range(1, 8):
        rows += [row(SPIKE - timedelta(days=i), label="positive") for _ in range(4)]
        rows += [row(SPIKE + timedelta(days=i - 1), label="negative") for _ in range(4)]
        rows += [row(SPIKE + timedelta(days=i - 1), label="positive", post_id="P2")]
    add_comments(store, rows)
    every = reports.event_study_around(store, SPIKE, days=7)
    assert set(every) == {"comments", "net_index", "negative_share", "complaints"}
    assert every["comments"].after_mean == pytest.approx(5.0)
    assert every["net_index"].difference == pytest.approx(-0.6 - 1.0)
    p1 = reports.event_study_around(store, SPIKE, days=7, posts=["P1"])
    assert (p1["net_index"].before_mean, p1["net_index"].after_mean) == (1.0, -1.0)
    assert p1["comments"].n_before == 7 and p1["comments"].after_mean == pytest.approx(4.0)


def test_a_store_made_from_the_command_line_links_its_spike_to_the_case_news(tmp_path, capsys):
    """``ingest`` into a new database, then ``spikes --json``: the 6 Dec 2020 spike has events."""
    from monitor.cli import main
    from monitor.demo import generator as demo

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    export = demo.write_demo_export(tmp_path / "demo.json", 4000, seed=7)
    assert main(["ingest", str(export), "--db", url]) == 0
    capsys.readouterr()
    assert (
        main(["spikes", "--db", url, "--from", "2020-12-01", "--to", "2020-12-12", "--json"]) == 0
    )
    spikes = json.loads(capsys.readouterr().out)
    around = [s for s in spikes if "2020-12-05" <= s["day"] <= "2020-12-08"]
    assert around, spikes
    assert any(s["events"] for s in around)


def test_the_shipped_timeline_is_given_once_and_deletions_survive_reopening(store_url):
    from monitor.store import open_store

    first = open_store(store_url)
    stored = events.list_events(first)
    events.delete_event(first, int(stored["id"].iloc[0]))
    first.dispose()
    again = open_store(store_url)
    try:
        assert len(events.list_events(again)) == len(stored) - 1
    finally:
        again.dispose()
