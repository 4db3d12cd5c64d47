"""Indonesian sentiment: lexicon, negation, boosters, contrast, emoji, labels, explanations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.core.errors import CitraError
from monitor.nlp import engine, reference, scoring, sentiment, tokenstream
from monitor.nlp.scoring import ScoringConfig

DEFAULT = ScoringConfig()


def s(text: str) -> float:
    return scoring.score([text], DEFAULT).loc[0, "sentiment_score"]


def label(text: str) -> str:
    return scoring.score([text], DEFAULT).loc[0, "sentiment_label"]


def explain(text: str) -> list[tuple[str, float]]:
    return scoring.explain(text, DEFAULT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Terima kasih bu Risma, sangat membantu 🙏", "positive"),
        ("mantul bu risma, semangat terus 💪", "positive"),
        ("Alhamdulillah BST sudah cair", "positive"),
        ("semoga amanah dan sehat selalu", "positive"),
        ("Koruptor bansos hukum mati!!", "negative"),
        ("dasar tikus berdasi, maling uang rakyat", "negative"),
        ("pencitraan doang, bohong semua", "negative"),
        ("kecewa berat 😡", "negative"),
        ("Rapat koordinasi penyaluran bansos tahun 2021", "neutral"),
        ("", "neutral"),
    ],
)
def test_domain_labels(text, expected):
    assert label(text) == expected


@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        ("tidak bagus", "bagus"),
        ("gak amanah", "amanah"),
        ("bukan pemimpin yang jujur", "pemimpin yang jujur"),
        ("belum puas", "puas"),
        ("tanpa kepedulian", "kepedulian"),
    ],
)
def test_negation_flips_positive_words(negated, plain):
    assert s(plain) > 0
    assert s(negated) < 0


def test_negation_stops_at_clause_boundary():
    flipped = dict(explain("tidak, bagus"))
    assert flipped["bagus"] > 0


def test_negated_negative_is_not_negative():
    assert s("tidak ada masalah") > s("ada masalah")


@pytest.mark.parametrize(
    ("boosted", "plain"),
    [("sangat bagus", "bagus"), ("bagus banget", "bagus"), ("kecewa sekali", "kecewa")],
)
def test_boosters_increase_intensity(boosted, plain):
    assert abs(s(boosted)) > abs(s(plain))


def test_dampener_decreases_intensity():
    assert 0 < s("agak bagus") < s("bagus")


@pytest.mark.parametrize("word", ["tapi", "namun", "tetapi", "padahal"])
def test_contrast_leans_on_second_half(word):
    assert s(f"bagus {word} lambat") < 0
    assert s(f"lambat {word} bagus") > 0


def test_contrast_weights_are_vader_like():
    parts = dict(explain("bagus tapi lambat"))
    plain = dict(explain("bagus lambat"))
    assert parts["bagus"] == pytest.approx(plain["bagus"] * 0.5)
    assert parts["lambat"] == pytest.approx(plain["lambat"] * 1.5)


def test_concessive_clause_is_dampened():
    assert s("walaupun mahal, enak banget") > 0


@pytest.mark.parametrize(("emoji", "sign"), [("👍", 1), ("🙏", 1), ("😡", -1), ("💔", -1)])
def test_emoji_carry_sentiment(emoji, sign):
    assert s(emoji) * sign > 0


def test_exclamation_marks_amplify():
    assert s("koruptor!!!") < s("koruptor") < 0


def test_explain_contributions_sum_to_raw_score():
    from vaderSentiment.vaderSentiment import normalize

    text = "Terima kasih, tapi bansos belum cair juga"
    a = sentiment.analyzer()
    raw = a.bias + sum(v for _, v in explain(text))
    assert normalize(raw) == pytest.approx(s(text), abs=1e-3)
    tokens = [t for t, _ in explain(text)]
    assert "terima kasih" in tokens and "cair" in tokens


def test_scores_stay_in_range():
    for text in ["bagus " * 200, "korupsi " * 200, "👍" * 500]:
        assert -1.0 <= s(text) <= 1.0


def test_user_lexicon_overrides(tmp_path):
    lex = tmp_path / "mine.tsv"
    lex.write_text("word\tvalence\nrisma\t3.5\nbansos\t-2\nhebat sekali\t1\n", encoding="utf-8")
    mine = ScoringConfig(lexicon_path=str(lex))
    assert scoring.score(["risma"], mine).loc[0, "sentiment_score"] > 0.5
    assert scoring.score(["bansos"], mine).loc[0, "sentiment_score"] < 0


@pytest.mark.parametrize(
    ("content", "message"),
    [("kata\n", "expected word<TAB>valence"), ("baik\tpositif\nx\ty\n", "not a number")],
)
def test_bad_user_lexicon_is_reported(tmp_path, content, message):
    p = tmp_path / "bad.tsv"
    p.write_text("a\t1\n" + content, encoding="utf-8")
    with pytest.raises(CitraError, match=message):
        sentiment.read_lexicon_file(p)


def test_missing_user_lexicon_is_reported(tmp_path):
    with pytest.raises(CitraError, match="cannot be read"):
        sentiment.read_lexicon_file(tmp_path / "nope.tsv")


@pytest.mark.parametrize(
    ("raw", "neutral", "expected"),
    [
        (0.0, -5.0, "neutral"),
        (3.0, 0.0, "positive"),
        (-3.0, 0.0, "negative"),
        (3.0, 2.0, "neutral"),
        (30.0, 20.0, "positive"),  # strong polarity beats the neutral evidence (cap 0.8)
    ],
)
def test_label_rule(raw, neutral, expected):
    assert sentiment.label_from(raw, neutral, 0.8) == expected


def test_analyzer_is_a_vader_subclass_built_once():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    assert isinstance(sentiment.analyzer(), SentimentIntensityAnalyzer)
    assert sentiment.analyzer() is sentiment.analyzer()
    assert "good" not in sentiment.analyzer().lexicon  # English lexicon replaced
    assert reference.polarity_scores("bagus", sentiment.analyzer())["compound"] > 0


def _engine_multipliers(tokens):
    """The array engine's weights of one comment's tokens."""
    voc = tokenstream.vocab()
    ids = np.asarray([voc.id_of(t) for t in tokens], dtype=np.int64)
    table = engine._table(sentiment.analyzer(), voc)
    n = len(tokens)
    owner = np.zeros(n, dtype=np.int64)
    counts = np.asarray([n], dtype=np.int64)
    return engine._multipliers(ids, owner, np.arange(n), counts, table).tolist()


_WORDS = [
    "tidak",
    "sangat",
    "banget",
    "tapi",
    "walaupun",
    "bagus",
    "kecewa",
    ".",
    "bantuan",
    "agak",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_WORDS), max_size=14))
def test_multipliers_equal_the_plain_rule_loop(tokens):
    assert _engine_multipliers(tokens) == reference.multipliers(tokens)
