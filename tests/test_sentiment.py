"""Indonesian sentiment: lexicon, negation, boosters, contrast, emoji, labels, explanations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.core.errors import CitraError
from monitor.nlp import sentiment


def s(text: str) -> float:
    return sentiment.score(text)[0]


def label(text: str) -> str:
    return sentiment.score(text)[1]


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
    flipped = dict(sentiment.explain("tidak, bagus"))
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
    parts = dict(sentiment.explain("bagus tapi lambat"))
    plain = dict(sentiment.explain("bagus lambat"))
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
    raw = a.bias + sum(v for _, v in sentiment.explain(text))
    assert normalize(raw) == pytest.approx(s(text), abs=1e-3)
    tokens = [t for t, _ in sentiment.explain(text)]
    assert "terima kasih" in tokens and "cair" in tokens


def test_scores_stay_in_range():
    for text in ["bagus " * 200, "korupsi " * 200, "👍" * 500]:
        assert -1.0 <= s(text) <= 1.0


def test_user_lexicon_overrides(tmp_path):
    lex = tmp_path / "mine.tsv"
    lex.write_text("word\tvalence\nrisma\t3.5\nbansos\t-2\nhebat sekali\t1\n", encoding="utf-8")
    assert sentiment.score("risma", lexicon_path=lex)[0] > 0.5
    assert sentiment.score("bansos", lexicon_path=lex)[0] < 0


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
    assert sentiment.analyzer().polarity_scores("bagus")["compound"] > 0


def _reference_multipliers(tokens):
    """The straightforward rule loop (every token looks back and ahead) that must give the same weights."""
    from monitor.nlp import text as textmod

    m = sentiment.modifiers()
    n = len(tokens)
    mult = [1.0] * n
    boundary = textmod.BOUNDARY
    special = sentiment._special_tokens()
    if not any(t in special for t in tokens):
        return mult  # no punctuation or modifier: every token counts as it is
    contrast_at = -1
    for i, tok in enumerate(tokens):
        if tok == boundary or m.is_modifier(tok):
            mult[i] = 0.0
        if contrast_at < 0 and tok in m.contrast:
            contrast_at = i
    # concessive clauses: from the word to the next boundary
    for i, tok in enumerate(tokens):
        if tok in m.concessive:
            j = i + 1
            while j < n and tokens[j] != boundary and tokens[j] not in m.contrast:
                mult[j] *= 0.5
                j += 1
    if contrast_at >= 0:
        before, after = m.contrast[tokens[contrast_at]]
        for i in range(n):
            if i < contrast_at:
                mult[i] *= before
            elif i > contrast_at:
                mult[i] *= after
    for i in range(n):
        if mult[i] == 0.0:
            continue
        # look back within the clause for negators and boosters
        for d in range(1, sentiment.NEGATION_WINDOW + 1):
            j = i - d
            if j < 0:
                break
            prev = tokens[j]
            if prev == boundary or prev in m.contrast or prev in m.concessive:
                break
            if prev in m.negators:
                mult[i] *= m.negators[prev]
            elif d <= sentiment.BOOSTER_WINDOW and prev in m.boosters:
                mult[i] *= 1.0 + m.boosters[prev]
        # intensifiers that follow ("bagus banget", "kecewa sekali sekali")
        j = i + 1
        while j < n and tokens[j] in m.boosters_after:
            mult[i] *= 1.0 + m.boosters_after[tokens[j]]
            j += 1
    return mult


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
    assert sentiment.multipliers(tokens) == _reference_multipliers(tokens)
