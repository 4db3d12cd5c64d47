"""The benchmark: it runs end to end on a small size, and the fast path equals the naive one.

These check correctness only; timings are figures for docs/benchmark.md, never assertions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from monitor.cli import main
from monitor.demo import generator as demo
from monitor.nlp import reference, scoring, sentiment
from monitor.nlp.scoring import ScoringConfig
from monitor.quality import bench


@pytest.fixture(scope="module")
def sample() -> list[str]:
    return demo.generate_texts(1500, seed=21)


def test_fast_path_equals_naive_per_row_scoring(sample):
    """scoring.score (dedup + caches) gives exactly what one polarity_scores call per row gives."""
    analyzer = sentiment.analyzer()
    naive = pd.Series(sample).apply(reference.polarity_scores, a=analyzer)
    naive_scores = [s["compound"] for s in naive]
    fast = scoring.score(sample, ScoringConfig(workers=1))
    assert len(fast) == len(sample)
    assert fast["sentiment_score"].tolist() == pytest.approx(naive_scores, abs=1e-12)
    naive_labels = [s.get("label") or analyzer.label(s["compound"]) for s in naive]
    assert fast["sentiment_label"].tolist() == naive_labels


def test_process_pool_gives_the_same_rows(sample):
    one = scoring.score(sample, ScoringConfig(workers=1))
    pooled = scoring.score(sample, ScoringConfig(workers=2, parallel_min=100))
    pd.testing.assert_frame_equal(one, pooled)


def test_compare_counts_disagreements(tmp_path, sample):
    texts = sample[:50]
    fast = scoring.score(texts, ScoringConfig(workers=1))
    stemmer = StemmerFactory().create_stemmer()
    naive = pd.DataFrame(
        {
            "score": fast["sentiment_score"],
            "label": fast["sentiment_label"],
            "stemmed": [stemmer.stem(t) for t in texts],
        }
    )
    naive.loc[3, "score"] += 0.5  # one comment scored differently
    naive.loc[7, "label"] = "odd"  # and one labelled differently
    naive.to_pickle(tmp_path / "naive.pkl")
    fast.to_pickle(tmp_path / "fast.pkl")
    result = bench.compare(tmp_path / "naive.pkl", tmp_path / "fast.pkl")
    assert result["compared"] == 50
    assert result["sentiment_disagreements"] == 2
    assert result["sentiment_agreement"] == pytest.approx(48 / 50)
    assert 0.0 <= result["terms_agreement"] <= 1.0


def test_tree_rss_of_this_process_is_positive():
    import os

    assert bench.tree_rss_mb(os.getpid()) > 10


@pytest.mark.slow
def test_small_run_completes_and_agrees(capsys):
    """The whole command at a small size: every phase reports, nothing rejected, full agreement."""
    assert main(["bench", "--n", "1500", "--naive-max", "500", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    (run,) = result["runs"]
    assert run["n"] == 1500
    assert run["naive"]["measured_on"] == 500 and run["naive"]["extrapolated"]
    assert run["agreement"]["compared"] == 500
    assert run["agreement"]["sentiment_agreement"] == 1.0
    for key in ("ingest_apify", "ingest_exportcomments", "ingest_tweet_harvest"):
        assert run[key]["comments"] == 1500
        assert run[key]["rows_rejected"] == 0
        assert run[key]["peak_rss_mb"] > 0
    assert run["score"]["comments"] == 1500
    assert "naive_ingest" not in run  # only run where the naive path runs in full
    queries = run["queries"]
    for step in ("daily_series_365d", "detect_spikes", "top_complaints", "morning_summary"):
        assert queries[step]["median_ms"] >= 0
    markdown = bench.format_markdown(result)
    assert "| 1,500 | 2 Citra `score_texts` |" in markdown
    text = bench.format_report(result)
    assert "speed-up of 2 over 1" in text and "1,500 comments" in text


def test_format_choices_are_the_benchmarks_exports():
    from monitor.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command").choices["bench"]
    flag = next(a for a in sub._actions if a.dest == "format")
    assert tuple(flag.choices) == bench.EXPORT_FORMATS


def test_generated_tweet_harvest_export_imports_every_comment(tmp_path):
    from monitor.demo.generator import write_tweet_harvest_csv
    from monitor.ingest.pipeline import import_file
    from monitor.store import open_store

    path = write_tweet_harvest_csv(tmp_path / "tweets.csv", 3000, 7)
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    report = import_file(store, path)
    store.dispose()
    assert (report.source_format, report.rows_new, report.rows_rejected) == (
        "tweet_harvest",
        3000,
        0,
    )


def test_rejects_empty_size():
    assert main(["bench", "--n", "0"]) == 1


def test_report_of_missing_results_is_one_error_line(tmp_path, capsys):
    assert main(["bench", "--report", str(tmp_path / "none.json")]) == 1
    assert capsys.readouterr().err.startswith("Error: cannot read benchmark results")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc only")
def test_a_phase_reports_its_own_memory_not_its_parents():
    """ru_maxrss survives fork and exec; the phase's peak must not include the parent's."""
    code = (
        "import json, resource, subprocess, sys\n"
        "ballast = b'x' * (300 * 2**20)\n"  # the parent holds 300 MB when it starts the child
        "child = 'from monitor.quality import bench; print(bench.own_peak_mb())'\n"
        "out = subprocess.run([sys.executable, '-c', child], capture_output=True, text=True)\n"
        "inherited = subprocess.run([sys.executable, '-c', 'import resource; "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)'],"
        " capture_output=True, text=True)\n"
        "print(json.dumps([float(out.stdout), float(inherited.stdout)]))\n"
    )
    root = str(Path(bench.__file__).resolve().parents[3])
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    own, inherited = json.loads(run.stdout)
    assert inherited > 300  # what ru_maxrss would have reported
    assert own < 150


def test_the_anatomy_phase_finds_its_campaign_and_compares_with_all_pairs():
    from monitor.quality.bench.anatomy import CAMPAIGN_ACCOUNTS, phase_anatomy

    got = phase_anatomy(n=1200, seed=7, sample=400)
    assert got["comments"] == 1200
    assert got["campaigns"] >= 1 and got["campaign_comments"] >= CAMPAIGN_ACCOUNTS
    assert got["sample"] == 400
    assert 0.0 < got["sample_pair_recall"] <= 1.0
    got["peak_rss_mb"], got["cpu_seconds"] = 1.0, 1.0
    text = bench.format_report(
        {"seed": 7, "machine": {"cpus": 2, "python": "3"}, "runs": [{"n": 1200, "anatomy": got}]}
    )
    assert "5 copy-paste search of one day" in text and "on 400 comments: all pairs" in text
    markdown = bench.format_markdown(
        {"seed": 7, "machine": {"cpus": 2, "python": "3"}, "runs": [{"n": 1200, "anatomy": got}]}
    )
    assert "| 1,200 |" in markdown and "| comments | phase |" not in markdown


def test_all_pairs_baseline_equals_a_direct_comparison():
    from monitor.analysis import anatomy
    from monitor.quality.bench.anatomy import all_pairs_groups

    sets = [frozenset("abcdef"), frozenset("abcdeg"), frozenset("abcxyz"), frozenset("abcdef")]
    assert anatomy.jaccard(sets[0], sets[1]) == 5 / 7  # at least 0.6: joined
    assert anatomy.jaccard(sets[0], sets[2]) == 3 / 9  # below: apart
    assert all_pairs_groups(sets, 0.6) == [0, 0, 2, 0]


def test_only_anatomy_refuses_scaling(capsys):
    assert main(["bench", "--only", "anatomy", "--scaling"]) == 1
    assert "--only anatomy measures one size" in capsys.readouterr().err
