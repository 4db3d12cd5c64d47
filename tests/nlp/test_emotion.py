"""Emotion per comment: features, the shipped model, the none rule, confidences, explanations."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from monitor.core.canonical import EMOTION_LABELS
from monitor.nlp import emotion, engine, reference, scoring, sentiment, tokenstream
from monitor.nlp import text as textmod

DEFAULT = scoring.ScoringConfig()


def test_word_features_cover_word_stem_characters_and_polarity():
    feats = emotion.word_features("kemarahan", "marah", -1.2)
    assert feats[:3] == ["w kemarahan", "s marah", "L neg"]
    assert "c <ke" in feats and "c an>" in feats and "c mara" in feats and "c marah" not in feats
    assert all(len(f) - 2 in range(emotion.CHAR_MIN, emotion.CHAR_MAX + 1) for f in feats[3:])
    assert "L pos" in emotion.word_features("senang", "senang", 2.0)
    assert not any(f.startswith("L") for f in emotion.word_features("rapat", "rapat", 0.2))
    assert emotion.word_features("😡", "😡", -2.0) == ["w 😡", "s 😡", "L neg"]  # no n-grams
    assert emotion.word_features(textmod.BOUNDARY, textmod.BOUNDARY, 0.0) == []


def test_feature_rows_are_the_weighted_ones_of_word_features():
    m = emotion.model()
    for token, stem, valence in [
        ("kemarahan", "marah", -1.2),
        ("😡", "😡", -2),
        ("xqzw", "xqzw", 0),
    ]:
        feats = emotion.word_features(token, stem, valence)
        rows, n = m.feature_rows(token, stem, valence)
        assert n == len(feats)
        assert rows == [m.index[f] for f in feats if f in m.index]
    vecs, counts = m.token_vectors(["kemarahan", "."], ["marah", "."], [-1.2, 0.0])
    assert counts.tolist() == [len(emotion.word_features("kemarahan", "marah", -1.2)), 0]
    rows, _ = m.feature_rows("kemarahan", "marah", -1.2)
    assert vecs[0] == pytest.approx(m.weights[rows].sum(axis=0))
    assert not vecs[1].any()


def test_shipped_model_has_every_emotion_and_calibrated_constants():
    m = emotion.model()
    assert set(m.classes) == set(EMOTION_LABELS)
    assert m.weights.shape == (len(m.index), len(m.classes)) and len(m.index) > 10_000
    assert m.temperature > 0 and 0.2 <= m.none_below <= m.none_below_neutral <= 1.0
    assert m.meta["held_out"]["macro_f1"] >= 0.68  # EmoT train's held-out part, never fitted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aku marah banget sama koruptor itu, muak!", "anger"),
        ("sedih banget, nangis terus", "sadness"),
        ("takut banget, ngeri kalau gempa lagi", "fear"),
        ("senang sekali, bahagia rasanya", "happy"),
        ("sayang kamu, cinta banget sama ibu", "love"),
    ],
)
def test_clear_emotions(text, expected):
    df = scoring.score([text], DEFAULT)
    assert df.loc[0, "emotion"] == expected
    assert df.loc[0, "emotion_confidence"] >= 0.5


def test_factual_neutral_comments_carry_no_emotion():
    texts = ["rapat koordinasi penyaluran bansos tahun 2021", "", "https://x.com @min"]
    df = scoring.score(texts, DEFAULT)
    assert (df["emotion"] == emotion.NONE).all()
    assert df.loc[1, "emotion_confidence"] == 0.0  # nothing to judge


def _model(**changes) -> emotion.EmotionModel:
    k = len(EMOTION_LABELS)
    base = emotion.EmotionModel(EMOTION_LABELS, {}, np.zeros((0, k)), np.zeros(k))
    return dataclasses.replace(base, **changes)


def test_decide_applies_both_none_thresholds_and_the_temperature():
    m = _model(temperature=1.0, none_below=0.5, none_below_neutral=0.9)
    logits = np.array([[3.0, 0, 0, 0, 0], [3.0, 0, 0, 0, 0], [0.5, 0, 0, 0, 0]])
    code, conf = emotion.decide(logits, np.array([False, True, False]), np.ones(3, bool), m)
    p = np.exp(3) / (np.exp(3) + 4)
    assert conf[0] == round(p, 4) and 0.5 < p < 0.9
    assert list(code) == ["anger", "", ""]  # the neutral comment needs 0.9
    hot = emotion.decide(logits, np.zeros(3, bool), np.ones(3, bool), _model(temperature=0.1))
    assert hot[1][2] > conf[2]  # a lower temperature is more confident
    none = emotion.decide(logits, np.zeros(3, bool), np.zeros(3, bool), m)
    assert list(none[0]) == ["", "", ""] and list(none[1]) == [0.0, 0.0, 0.0]


def test_without_weights_no_comment_carries_an_emotion(monkeypatch):
    texts = ["aku marah banget", "senang sekali", ""]
    before = scoring.score(texts, scoring.ScoringConfig(workers=1))
    assert list(before["emotion"][:2]) == ["anger", "happy"]  # the tokens' table is built
    empty = emotion.empty_model()
    monkeypatch.setattr(emotion, "model", lambda: empty)
    try:  # another model: the engine's token table is rebuilt, not reused
        df = scoring.score(texts, scoring.ScoringConfig(workers=1))
        assert (df["emotion"] == "").all()
        a = sentiment.analyzer()
        assert [r.emotion for r in reference.score_comments(texts, a)] == ["", "", ""]
    finally:
        engine.reset()
        tokenstream.reset()


def test_read_model_names_the_bad_line(tmp_path):
    meta = tmp_path / "m.json"
    meta.write_text(
        '{"classes": ["anger", "sadness", "fear", "happy", "love"], "bias": [0, 0, 0, 0, 0],'
        ' "temperature": 1, "none_below": 0.3, "none_below_neutral": 0.9}',
        encoding="utf-8",
    )
    weights = tmp_path / "w.tsv"
    weights.write_text("# header\nw marah\t1\t0\t0\t0\t0\nw takut\t1\t0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: expected a feature and 5 numbers"):
        emotion.read_model(weights, meta)
    weights.write_text('# header\nw marah\t1\t0\t0\t0\t0\nc "<x\t0\t2\t0\t0\t0\n', "utf-8")
    m = emotion.read_model(weights, meta)
    assert m.index == {"w marah": 0, 'c "<x': 1} and m.weights[1, 1] == 2.0
    meta.write_text(meta.read_text().replace('"love"', '"joy"'), encoding="utf-8")
    with pytest.raises(ValueError, match="classes"):
        emotion.read_model(weights, meta)


def test_explain_names_the_words_that_drove_the_emotion():
    code, conf, words = scoring.explain_emotion("aku sangat takut, ngeri sekali", DEFAULT)
    assert code == "fear" and conf >= 0.5
    top = sorted(words, key=lambda w: -w[1])[:2]
    assert {w for w, _ in top} == {"takut", "ngeri"}
    assert [w for w, _ in words] == [
        w
        for w in textmod.normalise("aku sangat takut, ngeri sekali")
        if w != "." and w in dict(words)
    ]
    assert scoring.explain_emotion("", DEFAULT) == ("", 0.0, [])


def test_explanation_agrees_with_the_stored_emotion():
    texts = ["koruptor bikin geram, muak!", "rindu ibu, sayang banget", "kapan cair min?"]
    df = scoring.score(texts, DEFAULT)
    for text, stored in zip(texts, df["emotion"], strict=True):
        code, conf, _ = scoring.explain_emotion(text, DEFAULT)
        assert code == stored
        assert conf == df.loc[texts.index(text), "emotion_confidence"]


def test_likeliest_emotion_is_given_even_where_none_is_stored():
    texts = ["rapat koordinasi penyaluran bansos tahun 2021", "senang sekali", ""]
    df = scoring.score(texts, DEFAULT)
    top = scoring.likeliest_emotions(texts, DEFAULT)
    assert df.loc[0, "emotion"] == "" and top[0] in EMOTION_LABELS
    assert top[1] == df.loc[1, "emotion"] == "happy"
    assert top[2] == ""


def test_sentiment_confidence_follows_the_strength_of_the_evidence():
    texts = [
        "bagus",
        "bagus sekali, mantap, terima kasih banyak bu!!",
        "bagus tapi lambat",
        "korupsi terus, maling, tidak becus",
        "",
    ]
    df = scoring.score(texts, DEFAULT)
    conf = df["sentiment_confidence"].tolist()
    assert conf[1] > conf[0] and conf[3] > conf[2]  # more evidence, more confidence
    assert conf[4] == 1.0
    assert all(0.0 < c <= 1.0 for c in conf)


def test_label_probability_matches_the_label_softmax():
    p = sentiment.label_probability(
        np.array([2.0, 0.0]), np.array([0.0, 1.0]), np.array(["positive", "neutral"])
    )
    assert p[0] == pytest.approx(np.exp(1) / (np.exp(1) + 1 + np.exp(-1)))
    assert p[1] == pytest.approx(np.e / (np.e + 2))
