"""Re-fitting the learned word values on analysts' corrections (``monitor.nlp.learn``)."""

from __future__ import annotations

import importlib.util
import zlib
from pathlib import Path

import numpy as np
import pytest

from monitor.core.errors import CitraError
from monitor.nlp import learn, scoring, sentiment

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def _texts(template: str, held: bool, n: int) -> list[str]:
    """``n`` texts from ``template`` that fall on the held-out side (or the fit side)."""
    out, i = [], 0
    while len(out) < n:
        t = template.format(i)
        if bool(learn.held_out([t])[0]) == held:
            out.append(t)
        i += 1
    return out


def _corrections() -> tuple[list[str], list[str]]:
    """Analysts call "dtks" comments negative; "zzheld" appears only in held-out texts."""
    fit_neg = _texts("data dtks warga nomor {} diperbarui", False, 60)
    fit_pos = _texts("bantuan sembako keluarga {} diterima", False, 40)
    held_neg = _texts("data dtks zzheld nomor {} diperbarui", True, 20)
    texts = fit_neg + fit_pos + held_neg
    labels = ["negative"] * 60 + ["positive"] * 40 + ["negative"] * 20
    return texts, labels


def test_held_out_part_is_a_fixed_hash_of_the_text():
    texts = [f"komentar nomor {i}" for i in range(500)]
    held = learn.held_out(texts)
    assert list(held) == [zlib.crc32(t.encode()) % 100 < 20 for t in texts]
    assert 60 < held.sum() < 140  # about a fifth
    # a text's side depends on the text alone: not on order, neighbours or repeats
    assert list(learn.held_out(texts[::-1])) == list(held[::-1])
    assert learn.held_out([texts[7]] * 3).tolist() == [bool(held[7])] * 3


def test_without_corrections_the_prior_is_the_shipped_values():
    r = learn.refit([], [])
    assert r.values == sentiment.shipped_values()
    assert r.values.digest == sentiment.shipped_values().digest
    assert (r.fit_examples, r.held_out_examples) == (0, 0)
    assert r.before_macro_f1 is None and r.after_macro_f1 is None


def test_refit_learns_from_the_fit_part_and_measures_on_the_held_out_part_only():
    texts, labels = _corrections()
    r = learn.refit(texts, labels)
    assert (r.fit_examples, r.held_out_examples) == (100, 20)
    shipped = sentiment.shipped_values()
    # the analysts' word moved towards negative; a word seen only in held-out texts did not
    assert r.values.valence["dtks"] < shipped.valence.get("dtks", 0.0) - 0.3
    assert "zzheld" not in r.values.valence
    # words no correction holds keep their shipped values
    assert r.values.valence["mantap"] == shipped.valence["mantap"]
    # the figures are those of the held-out corrections through the scoring path
    held = learn.held_out(texts)
    gold = [lab for lab, h in zip(labels, held, strict=True) if h]
    test = [t for t, h in zip(texts, held, strict=True) if h]
    assert r.before_macro_f1 == round(learn.macro_f1(gold, learn.predict(test, None), r.labels), 4)
    assert r.after_macro_f1 == round(
        learn.macro_f1(gold, learn.predict(test, r.values), r.labels), 4
    )
    assert r.after_macro_f1 > r.before_macro_f1
    # "before" depends on the held-out part alone: flipping the fit part's labels keeps it
    flipped = ["positive" if not h else lab for lab, h in zip(labels, held, strict=True)]
    assert learn.refit(texts, flipped).before_macro_f1 == r.before_macro_f1


def test_refit_is_deterministic():
    texts, labels = _corrections()
    assert learn.refit(texts, labels).values.digest == learn.refit(texts, labels).values.digest


def test_before_is_the_model_in_force():
    texts, labels = _corrections()
    first = learn.refit(texts, labels)
    again = learn.refit(texts, labels, in_force=first.values)
    assert again.before_macro_f1 == first.after_macro_f1


def test_a_bad_label_is_refused_by_number():
    with pytest.raises(ValueError, match="correction 2: label 'bagus'"):
        learn.refit(["a", "b"], ["neutral", "bagus"])
    with pytest.raises(ValueError, match="2 texts but 1 labels"):
        learn.refit(["a", "b"], ["neutral"])


def test_scoring_uses_the_learned_values_it_is_given():
    texts, labels = _corrections()
    values = learn.refit(texts, labels).values
    text = "data dtks warga baru diperbarui"
    shipped = scoring.score([text], scoring.ScoringConfig(workers=1))
    learned = scoring.score([text], scoring.ScoringConfig(learned=values, workers=1))
    assert learned["sentiment_score"][0] < shipped["sentiment_score"][0]
    assert learned["sentiment_label"][0] == "negative"
    words = dict(scoring.explain(text, scoring.ScoringConfig(learned=values)))
    assert words["dtks"] == pytest.approx(values.valence["dtks"])
    assert sentiment.analyzer(None, values) is sentiment.analyzer(None, values)
    assert sentiment.analyzer(None, values) is not sentiment.analyzer()


def test_learned_values_round_trip_through_json():
    values = sentiment.LearnedValues({"a": 1.5, "b": -0.25}, {"a": 0.1}, 0.0, 1.25)
    back = sentiment.LearnedValues.from_json(values.as_json())
    assert back == values and back.digest == values.digest
    assert dict(back.valence) == {"a": 1.5, "b": -0.25} and back.neutral_bias == 1.25
    assert sentiment.LearnedValues({"a": 1.0}, {}, 0.0, 0.0) != values
    with pytest.raises(CitraError, match="not a stored model"):
        sentiment.LearnedValues.from_json({"valence": {}})


def test_fit_with_no_documents_returns_the_constants():
    assert learn.fit(
        [],
        np.zeros(0, dtype=np.int64),
        {"a": 1.0},
        min_df=1,
        lam=1e-3,
        lam_prior=1e-3,
        lam_neutral=1e-3,
        iters=10,
        lr=0.05,
        bias=0.5,
        neutral_bias=1.5,
    ) == ({}, {}, 0.5, 1.5)


def test_the_lexicon_tool_fits_with_the_library_rule():
    spec = importlib.util.spec_from_file_location("learn_lexicon", TOOLS / "learn_lexicon.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.fit is learn.fit and tool.featurise is learn.featurise


def test_pool_workers_score_with_the_learned_values_they_are_sent():
    texts, labels = _corrections()
    values = learn.refit(texts, labels).values
    batch = [f"data dtks warga {i} diperbarui, mantap" for i in range(300)]
    alone = scoring.score(batch, scoring.ScoringConfig(learned=values, workers=1))
    cfg = scoring.ScoringConfig(learned=values, workers=2, parallel_min=0)
    pooled = scoring.submit(batch, cfg).result(help_out=False)  # scored by the worker
    shipped = scoring.score(batch, scoring.ScoringConfig(workers=1))
    assert pooled["sentiment_score"].tolist() == alone["sentiment_score"].tolist()
    assert pooled["sentiment_score"].tolist() != shipped["sentiment_score"].tolist()
