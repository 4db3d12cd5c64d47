"""The spike detector on generated series: seasonality, low counts, gaps, short history."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from monitor.analysis import spikes
from monitor.analysis.reports import find_spikes
from monitor.analysis.spikes import (
    STATUS_GAP,
    STATUS_LOW,
    STATUS_SHORT,
    STATUS_SPIKE,
    assess,
    detect_spikes,
    history_status,
    rising_terms,
    with_gaps,
)
from monitor.quality import spike_eval
from tests.analytics_helpers import add_comments, synthetic_rows

START = date(2021, 1, 4)  # a Monday
WEEKLY = np.array([1.4, 1.2, 1.0, 1.0, 0.9, 0.6, 0.5])


def series_from(values, start: date = START, metric: str = "negative") -> pd.DataFrame:
    days = [start + timedelta(days=i) for i in range(len(values))]
    frame = pd.DataFrame({"day": days, metric: np.asarray(values, dtype=float)})
    frame["comments"] = 100
    return frame


def seasonal(days: int, level: float, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    wd = np.array([(START + timedelta(days=i)).weekday() for i in range(days)])
    return rng.poisson(level * WEEKLY[wd]).astype(float)


@pytest.mark.parametrize("sensitivity", ["fewer", "balanced", "more"])
def test_plain_seasonal_series_gives_few_false_flags(sensitivity):
    # A strong weekly rhythm (Monday 2.8x Sunday) must not make every Monday a spike.
    values = seasonal(240, 30.0, seed=5)
    flags = detect_spikes(series_from(values), "negative", sensitivity)
    limit = {"fewer": 1, "balanced": 3, "more": 8}[sensitivity]
    assert len(flags) <= limit


@pytest.mark.parametrize("size", [3.0, 4.0, 6.0])
def test_injected_spike_is_found_on_its_day(size):
    values = seasonal(120, 25.0, seed=2)
    day = 100
    expected = 25.0 * WEEKLY[(START + timedelta(days=day)).weekday()]
    values[day] = round(expected * size)
    flags = detect_spikes(series_from(values), "negative", "balanced")
    assert START + timedelta(days=day) in set(flags["day"])
    hit = flags.set_index("day").loc[START + timedelta(days=day)]
    assert hit["expected"] == pytest.approx(expected, rel=0.35)
    assert hit["severity"] >= spikes.THRESHOLDS["balanced"].z


def test_weekday_awareness_sunday_spike_at_monday_level():
    # 40 on a Sunday (baseline ~12) is a spike; 40 on a Monday (baseline ~42) is not.
    values = seasonal(100, 30.0, seed=3)
    sunday = next(i for i in range(90, 100) if (START + timedelta(days=i)).weekday() == 6)
    values[sunday] = 40
    values[sunday + 1] = 40  # Monday
    judged = assess(series_from(values), "negative", "balanced").set_index("day")
    assert judged.loc[START + timedelta(days=sunday), "status"] == STATUS_SPIKE
    assert judged.loc[START + timedelta(days=sunday + 1), "status"] != STATUS_SPIKE


def test_earlier_spikes_do_not_mask_a_later_one():
    values = seasonal(130, 20.0, seed=4)
    for d in (80, 90, 100):
        values[d] = values[d] * 5
    values[120] = 20.0 * WEEKLY[(START + timedelta(days=120)).weekday()] * 4
    flags = set(detect_spikes(series_from(values), "negative", "balanced")["day"])
    assert {START + timedelta(days=d) for d in (80, 90, 100, 120)} <= flags


def test_low_counts_are_not_spikes():
    # A quiet account: 0-2 negative comments a day, then 3 -> no spike, only 'low_count' at most.
    rng = np.random.default_rng(9)
    values = rng.poisson(0.5, 80).astype(float)
    values[70] = 3
    judged = assess(series_from(values), "negative", "balanced").set_index("day")
    assert judged.loc[START + timedelta(days=70), "status"] in {"ok", STATUS_LOW}
    assert (judged["status"] != STATUS_SPIKE).all()


def test_short_history_is_reported_not_guessed():
    values = seasonal(15, 20.0)
    values[-1] = 200
    judged = assess(series_from(values), "negative")
    assert set(judged["status"]) == {STATUS_SHORT}
    assert detect_spikes(series_from(values), "negative").empty
    assert history_status(series_from(values)) == STATUS_SHORT
    assert history_status(series_from(seasonal(80, 20.0))) == "ok"


def test_gaps_are_skipped_and_left_out_of_the_baseline():
    values = seasonal(120, 20.0, seed=6)
    values[60:75] = np.nan  # two weeks missing from the exports
    values[110] = 20.0 * WEEKLY[(START + timedelta(days=110)).weekday()] * 4
    judged = assess(series_from(values), "negative").set_index("day")
    assert (judged["status"].iloc[60:75] == STATUS_GAP).all()
    assert judged.loc[START + timedelta(days=110), "status"] == STATUS_SPIKE


def test_with_gaps_marks_days_without_comments():
    frame = pd.DataFrame(
        {"day": [START, START + timedelta(days=1)], "comments": [0, 5], "negative": [0, 2]}
    )
    out = with_gaps(frame)
    assert np.isnan(out["negative"].iloc[0])
    assert out["negative"].iloc[1] == 2


def test_net_index_drop_is_flagged_and_rise_is_not():
    rng = np.random.default_rng(3)
    values = np.clip(rng.normal(0.2, 0.04, 100), -1, 1)
    values[90] = -0.3
    values[95] = 0.8
    frame = series_from(values, metric="net_index")
    frame["comments"] = 200
    flags = set(detect_spikes(frame, "net_index", "balanced")["day"])
    assert START + timedelta(days=90) in flags
    assert START + timedelta(days=95) not in flags


def test_net_index_on_few_comments_is_not_judged_a_spike():
    rng = np.random.default_rng(3)
    values = np.clip(rng.normal(0.2, 0.04, 100), -1, 1)
    values[90] = -1.0
    frame = series_from(values, metric="net_index")
    frame["comments"] = 200
    frame.loc[90, "comments"] = 6
    judged = assess(frame, "net_index", "balanced")
    assert judged.iloc[90]["status"] != STATUS_SPIKE


def test_sensitivity_orders_the_number_of_flags():
    values = seasonal(300, 15.0, seed=8)
    values[[100, 150, 200, 250]] *= 2.5
    counts = [
        len(detect_spikes(series_from(values), "negative", s))
        for s in ("fewer", "balanced", "more")
    ]
    assert counts == sorted(counts)
    assert counts[2] > counts[0]


def test_unknown_sensitivity_and_metric_are_refused():
    with pytest.raises(ValueError, match="sensitivity"):
        detect_spikes(series_from(seasonal(30, 5)), "negative", "extreme")
    with pytest.raises(ValueError, match="metric"):
        detect_spikes(series_from(seasonal(30, 5)), "likes")


def test_rising_terms_prefers_new_frequent_stems():
    day = ["vonis hakim bansos"] * 6 + ["bansos"] * 4
    base = ["bansos data"] * 50 + ["hakim"] * 2
    got = rising_terms(day, base, n=3)
    assert [t["term"] for t in got[:2]] == ["vonis", "hakim"]
    assert "bansos" not in {t["term"] for t in got}
    assert rising_terms([], base) == []


def test_find_spikes_with_drivers_and_events(store):
    from monitor.analysis import events

    spike_day = date(2020, 12, 7)
    events.seed_timeline(store)
    add_comments(store, synthetic_rows(date(2020, 10, 1), 70, spikes={spike_day: 5.0}))
    found = find_spikes(store, sensitivity="balanced")
    hit = next(s for s in found if s.day == spike_day and s.metric == "negative")
    assert hit.observed > 2 * hit.expected
    assert hit.posts[0]["post_id"] == "P1"
    assert hit.top_comments[0]["like_count"] >= 50
    assert {"vonis", "hakim"} <= {t["term"] for t in hit.top_terms[:3]}
    # events from 2 days before to 1 day after: the 5 and 6 December case events
    assert {e["day"] for e in hit.events} == {"2020-12-05", "2020-12-06"}
    assert hit.to_dict()["day"] == "2020-12-07"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"anger": 6, "sadness": 2, "fear": 2}, "anger"),  # 60 %, 40 points ahead
        ({"anger": 4, "sadness": 3, "fear": 3}, "anger"),  # 40 %, 10 points ahead: just
        ({"anger": 9, "sadness": 8, "fear": 3}, None),  # 45 % and 40 %: no clear leader
        ({"sadness": 5, "fear": 3, "love": 2, "none": 90}, "sadness"),  # none is no emotion
        ({"anger": 9}, None),  # too few emotional comments to say
        ({"anger": 3, "sadness": 3, "fear": 2, "happy": 1, "love": 1}, None),  # 30 %: a mix
        ({}, None),
    ],
)
def test_dominant_emotion_needs_a_clear_lead(counts, expected):
    assert spikes.dominant_emotion(counts) == expected


def test_dominant_emotion_thresholds_are_inclusive():
    assert spikes.DOMINANT_SHARE == 0.40 and spikes.DOMINANT_LEAD == 0.10
    assert spikes.dominant_emotion({"fear": 40, "anger": 30, "love": 30}) == "fear"
    assert spikes.dominant_emotion({"fear": 39, "anger": 30, "love": 31}) is None


def test_find_spikes_say_the_dominant_emotion_of_the_day(store):
    spike_day = date(2020, 12, 7)
    rows = synthetic_rows(date(2020, 10, 1), 70, spikes={spike_day: 5.0})
    for r in rows:  # the spike's extra comments are angry, the rest carry none
        r["emotion"] = "anger" if r["day"] == spike_day and r["like_count"] >= 50 else ""
    add_comments(store, rows)
    found = find_spikes(store, sensitivity="balanced", drivers=False, link_events=False)
    hit = next(s for s in found if s.day == spike_day and s.metric == "negative")
    assert hit.emotion == "anger"
    assert hit.emotions["anger"] >= spikes.DOMINANT_MIN
    assert hit.emotions["none"] > 0 and hit.emotions["sadness"] == 0
    d = hit.to_dict()
    assert d["emotion"] == "anger" and d["emotions"] == hit.emotions


def test_find_spikes_without_emotions_name_none(store):
    spike_day = date(2020, 12, 7)
    add_comments(store, synthetic_rows(date(2020, 10, 1), 70, spikes={spike_day: 5.0}))
    hit = next(s for s in find_spikes(store, drivers=False) if s.day == spike_day)
    assert hit.emotion is None  # comments not scored for emotion: nothing to say
    assert set(hit.emotions.values()) == {0}


def test_find_spikes_on_empty_store(store):
    assert find_spikes(store) == []


def test_evaluation_meets_the_target_on_a_small_run():
    # The full run (python -m monitor.quality.spike_eval) is in docs/spikes.md; this keeps it honest.
    res = spike_eval.evaluate("balanced", runs=4, levels=(20.0,), seed=3)
    assert res["overall"]["recall"] >= 0.85
    assert res["overall"]["false_flags_per_60_days"] <= 1.5


def test_generator_injects_spikes_of_the_requested_size():
    rng = np.random.default_rng(0)
    gen = spike_eval.generate(rng, days=200, level=1000.0, spikes=3, sizes=(4.0,), dispersion=1e6)
    frame = gen.series.set_index("day")
    base = spike_eval.baseline(200, 1000.0, 0.3)
    for d in gen.spike_days:
        i = (d - spike_eval.START).days
        assert frame.loc[d, "negative"] == pytest.approx(4.0 * base[i], rel=0.1)
    assert all((b - a).days > 7 for a, b in zip(gen.spike_days, gen.spike_days[1:], strict=False))


def test_net_drop_evaluation_on_a_small_run():
    res = spike_eval.evaluate_net("balanced", runs=3, levels=(100.0,), seed=4)
    assert res["overall"]["recall"] >= 0.85
    assert res["overall"]["false_flags_per_60_days"] <= 1.0


def test_detect_lists_every_metric_newest_first():
    values = seasonal(120, 20.0, seed=6)
    values[[100, 110]] = [90.0, 95.0]
    frame = series_from(values)
    frame["complaints"] = frame["negative"]
    frame["net_index"] = 0.1
    found = spikes.detect(frame, "balanced", metrics=("negative", "complaints"))
    days = [s.day for s in found]
    assert days == sorted(days, reverse=True)
    assert {(s.day, s.metric) for s in found} >= {
        (START + timedelta(days=d), m) for d in (100, 110) for m in ("negative", "complaints")
    }
    expected = detect_spikes(frame, "negative", "balanced")
    assert sorted(s.day for s in found if s.metric == "negative") == sorted(expected["day"])
    assert all(s.posts == [] and s.events == [] for s in found)
    later = spikes.detect(frame, "balanced", metrics=("negative",), since=START + timedelta(105))
    assert [s.day for s in later] == [START + timedelta(days=110)]


def test_spikes_metrics_and_events_do_not_import_each_other():
    """Only reports combines them: spikes reads nothing but a series (no store, no settings)."""
    import ast
    from pathlib import Path

    folder = Path(spikes.__file__).parent

    def imported(name: str) -> set[str]:
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        return {m for m in found if m.startswith("monitor")}

    assert imported("spikes") == set()
    for name in ("metrics", "events", "news"):
        assert not {m for m in imported(name) if m.startswith("monitor.analysis")}, name
