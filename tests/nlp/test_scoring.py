"""scoring.score: the contract ingest relies on, deduplication and the process-pool path."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.core.canonical import EMOTION_COLUMNS, EMOTION_LABELS, SCORE_COLUMNS, SENTIMENT_LABELS
from monitor.nlp import scoring
from monitor.nlp.scoring import ScoringConfig

DEFAULT = ScoringConfig()

SAMPLE = [
    "PKH saya belum cair min, tolong 🙏",
    "mantul bu risma!!! 👍",
    "Koruptor bansos hukum mati",
    "Rapat koordinasi penyaluran bansos",
    "aamiin",
    "",
    None,
    float("nan"),
    "aamiin",
    "sudah daftar DTKS tapi tidak terdaftar",
    "#BansosTepatSasaran terima kasih",
]


def test_contract_columns_types_and_order():
    df = scoring.score(SAMPLE, DEFAULT)
    assert list(df.columns) == list(SCORE_COLUMNS)
    assert list(SCORE_COLUMNS[-3:]) == list(EMOTION_COLUMNS)  # stored with the scores
    assert len(df) == len(SAMPLE)
    assert set(df["emotion"]) <= {*EMOTION_LABELS, ""}
    assert df["emotion_confidence"].dtype == "float64"
    assert df["sentiment_confidence"].between(0, 1).all()
    assert df["sentiment_score"].between(-1, 1).all()
    assert set(df["sentiment_label"]) <= set(SENTIMENT_LABELS)
    assert df["is_complaint"].dtype == bool
    assert df.loc[0, "is_complaint"] and df.loc[0, "complaint_category"] == "bantuan_belum_cair"
    assert df.loc[2, "complaint_category"] is None
    assert df.loc[1, "sentiment_label"] == "positive"
    assert df.loc[2, "sentiment_label"] == "negative"
    assert df.loc[4].equals(df.loc[8])  # repeated text, same result
    for i in (5, 6, 7):  # empty, None and NaN are neutral with no terms, surely no emotion
        assert df.loc[i, "sentiment_score"] == 0.0 and df.loc[i, "terms"] == ""
        assert df.loc[i, "emotion"] == "" and df.loc[i, "emotion_confidence"] == 0.0
        assert df.loc[i, "sentiment_confidence"] == 1.0
    assert "tepat_sasaran" in df.loc[10, "terms"].split()


def test_empty_batch():
    df = scoring.score([], DEFAULT)
    assert list(df.columns) == list(SCORE_COLUMNS) and df.empty


def test_pool_path_is_identical_to_sequential():
    texts = [f"{t} {i % 7}" if isinstance(t, str) else t for i, t in enumerate(SAMPLE * 40)]
    seq = scoring.score(texts, ScoringConfig(workers=1))
    par = scoring.score(texts, ScoringConfig(workers=2, parallel_min=0))
    pd.testing.assert_frame_equal(seq, par)


def test_explain_lists_words_that_moved_the_score():
    parts = scoring.explain("bagus tapi lambat", DEFAULT)
    assert [t for t, _ in parts] == ["bagus", "lambat"]
    assert parts[0][1] > 0 > parts[1][1]
    assert not any(math.isnan(v) for _, v in parts)


def test_user_lexicon_reaches_scoring(tmp_path):
    lex = tmp_path / "lex.tsv"
    lex.write_text("rapat\t-3.5\n", encoding="utf-8")
    base = scoring.score(["rapat"], DEFAULT)
    mine = scoring.score(["rapat"], ScoringConfig(lexicon_path=str(lex)))
    assert mine.loc[0, "sentiment_score"] < base.loc[0, "sentiment_score"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_any_text_scores_within_contract(texts):
    df = scoring.score(texts, DEFAULT)
    assert len(df) == len(texts)
    assert df["sentiment_score"].between(-1, 1).all()
    assert set(df["sentiment_label"]) <= set(SENTIMENT_LABELS)
    assert (df["complaint_category"].isna() == ~df["is_complaint"]).all()
    assert df["emotion_confidence"].between(0, 1).all()
    assert df["sentiment_confidence"].between(0, 1).all()
    assert set(df["emotion"]) <= {*EMOTION_LABELS, ""}


def _per_text(texts, lexicon_path=None):
    """The plain per-text path the fast one must reproduce exactly."""
    from monitor.nlp import reference, sentiment
    from monitor.nlp import text as textmod

    a = sentiment.analyzer(lexicon_path)
    rows = []
    for t in texts:
        tokens, stems = textmod.tokens_and_stems(t)
        raw, neutral, _ = reference.analyse(tokens, a)
        c, label = a.compound(raw, t), sentiment.label_from(raw, neutral, a.neutral_max)
        comp = reference.classify_stems(stems, "?" in t)
        feeling = reference.score_comment(t, a)[5:]
        rows.append((c, label, comp.is_complaint, comp.category, textmod.terms(stems), *feeling))
    return rows


def test_fast_path_equals_per_text_path_on_generated_comments():
    from monitor.demo import generator as demo

    texts = list(dict.fromkeys(demo.generate_texts(4000, seed=11)))
    texts += ["bagus!!! tapi lambat??", "tidak bagus", "sangat kecewa", "kapan cair?", ""]
    # complaint cues with words between them, across a boundary, or too far apart
    texts += [
        "bantuan saya belum cair",
        "bantuan saya yang kemarin itu belum cair",
        "bantuan. belum cair",
        "pkh belum juga cair min?",
        "pkh belum sama sekali dan tidak pernah cair",
        "kapan? daftar dtks",
    ]
    fast = list(scoring.score(texts, ScoringConfig(workers=1)).itertuples(index=False, name=None))
    assert fast == _per_text(texts)
    assert any(r[2] for r in fast) and {r[1] for r in fast} == set(SENTIMENT_LABELS)


def test_pool_workers_do_not_run_the_callers_main_script(tmp_path):
    """Under ``streamlit run`` the main module is the app: a fork-server worker importing it
    would open the store and wait for the import it should score for."""
    import subprocess
    import sys
    from pathlib import Path

    marker = tmp_path / "imported.txt"
    script = tmp_path / "main_script.py"
    script.write_text(
        "import threading, time\n"
        "if __name__ != '__main__':\n"
        f"    open({str(marker)!r}, 'w').write(__name__)\n"
        "else:\n"
        "    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n"
        "    from monitor.demo import generator as demo\n"
        "    from monitor.nlp import pool, scoring\n"
        "    cfg = scoring.ScoringConfig(parallel_min=0)\n"
        "    df = scoring.score(demo.generate_texts(2000, seed=1), cfg)\n"
        "    print(pool._pool_context().get_start_method(), len(df))\n",
        encoding="utf-8",
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "PYTHONPATH": str(root)},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["forkserver", "2000"]
    assert not marker.exists(), "a pool worker ran the caller's main script"
