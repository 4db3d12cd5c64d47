"""The training tools' own arithmetic: splits, temperature, none thresholds, file formats.

Fitting itself needs ../shared (and scikit-learn for the emotion weights) and is not run here.
"""

from __future__ import annotations

import csv
import importlib.util
import zlib
from pathlib import Path

import numpy as np
import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def emo():
    return _tool("learn_emotion")


@pytest.fixture(scope="module")
def lex():
    return _tool("learn_lexicon")


TWEETS = [(lab, f"tweet nomor {i} tentang {lab}") for i in range(60) for lab in ("anger", "love")]


def _emot_csv(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["label", "tweet"], *TWEETS])
    return path


def test_held_out_part_is_a_fixed_hash_of_the_text(emo):
    texts = [t for _, t in TWEETS]
    held = emo.held_out(texts, 15)
    assert list(held) == [zlib.crc32(t.encode()) % 100 < 15 for t in texts]
    assert 0 < held.sum() < len(texts)
    assert (emo.held_out(texts, 15) == held).all()


def test_write_held_out_keeps_the_layout_and_only_that_part(emo, tmp_path):
    out = tmp_path / "held.csv"
    assert emo.main([str(_emot_csv(tmp_path / "train.csv")), "--write-held-out", str(out)]) == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["label", "tweet"]
    expected = [
        list(r) for r, h in zip(TWEETS, emo.held_out([t for _, t in TWEETS], 15), strict=True) if h
    ]
    assert rows[1:] == expected


def test_fitting_without_the_none_texts_is_refused(emo, tmp_path):
    with pytest.raises(SystemExit):
        emo.main([str(_emot_csv(tmp_path / "train.csv"))])


def test_temperature_recovers_the_one_the_labels_were_drawn_with(emo):
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, size=(4000, 5))
    p = emo.softmax(logits / 2.0)
    y = np.array([rng.choice(5, p=row) for row in p])
    assert emo.fit_temperature(logits, y) == pytest.approx(2.0, rel=0.1)


def test_none_thresholds_separate_confident_emotions_from_unsure_texts(emo):
    conf_emot = np.array([0.9, 0.8, 0.85, 0.95, 0.7, 0.9])
    y = np.array([0, 1, 2, 3, 4, 0])
    conf_none = np.array([0.3, 0.35, 0.25, 0.5, 0.6])
    lo, hi, f = emo.none_thresholds(
        conf_emot, y.copy(), y, np.zeros(6, bool), conf_none, np.array([0, 0, 0, 1, 1], bool)
    )
    assert 0.35 < lo <= 0.7 and 0.6 < hi <= 0.7 and f == 1.0


def test_weights_are_written_with_three_decimals_and_no_negative_zero(emo):
    assert [emo._number(v) for v in (0.12345, -0.0001, 2.0, -1.5004)] == [
        "0.123",
        "0",
        "2",
        "-1.5",
    ]


def test_tweets_as_polarity_leave_out_the_held_out_part_and_the_tuning_slice(lex, tmp_path):
    texts, ys, tune = lex.read_tweets(_emot_csv(tmp_path / "train.csv"), 15, 17)
    buckets = {t: zlib.crc32(t.encode()) % 100 for _, t in TWEETS}
    assert all(buckets[t] >= 32 for t in texts)
    assert all(15 <= buckets[t] < 32 for t, _ in tune)
    assert len(texts) + len(tune) == sum(b >= 15 for b in buckets.values())
    label = dict((t, lab) for lab, t in TWEETS)
    assert all(y == (2 if label[t] == "love" else 0) for t, y in zip(texts, ys, strict=True))
