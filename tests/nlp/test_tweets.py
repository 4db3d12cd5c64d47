"""Tweet-grade sentiment: retweet prefixes, campaign hashtags, irony, English and regional words."""

from __future__ import annotations

import pytest

from monitor.nlp import rules, scoring
from monitor.nlp import text as textmod

DEFAULT = scoring.ScoringConfig()


def label(text: str) -> str:
    return scoring.score([text], DEFAULT).loc[0, "sentiment_label"]


def contributions(text: str) -> dict[str, float]:
    return dict(scoring.explain(text, DEFAULT))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("RT @kemensos: bantuan sudah cair", ["bantuan", "sudah_cair"]),
        ("rt@a QT @b mantap", ["mantap"]),
        ("Art @x ok", ["art", "oke"]),  # "rt" inside a word is no prefix
        ("pakai RT saja", ["pakai", "rt", "saja"]),  # nor is "RT" without a mention
    ],
)
def test_retweet_and_quote_prefixes_are_dropped(text, tokens):
    assert textmod.normalise(text) == tokens


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("#copotjuliari", ["copot", "juliari"]),
        ("#tangkapharunmasiku", ["tangkap", "harunmasiku"]),
        ("#adilikoruptor", ["adili", "koruptor"]),
        ("#tolakomnibuslaw", ["tolak", "omnibuslaw"]),
        ("#2019GantiPresiden", ["ganti_presiden"]),
        ("#bansostepatsasaran", ["bansos", "tepat_sasaran"]),  # the dictionary still first
        ("#jokowi", ["jokowi"]),
    ],
)
def test_campaign_hashtags_split_into_their_demand(tag, words):
    assert textmod.normalise(tag) == words


@pytest.mark.parametrize("tag", ["#copotjuliari", "#AdiliKoruptor", "#2019GantiPresiden"])
def test_campaign_hashtags_are_negative(tag):
    assert label(f"{tag} {tag}") == "negative"
    assert scoring.score([tag], DEFAULT).loc[0, "sentiment_score"] < -0.4


@pytest.mark.parametrize(
    "text",
    [
        "mantap pak, korupsi terus",
        "hebat, utang naik terus 👏",
        "keren bu, pencitraan terus 🤡",
        "prestasi luar biasa: gagal lagi",
    ],
)
def test_praise_beside_a_failure_is_ironic(text):
    assert label(text) == "negative"
    praise = next(t for t in textmod.normalise(text) if t in rules.sentiment_rules().praise)
    assert contributions(text)[praise.replace("_", " ")] < 0


@pytest.mark.parametrize(
    "text",
    [
        "jokowi tidak pernah gagal dan selalu berhasil",  # the failure is negated
        "mantap, tidak bohong",
        "mantap haha, keren wkwk",  # laughter is no irony cue
        "hebat bu, berantas korupsi",  # fighting corruption is one phrase, no cue
    ],
)
def test_praise_stays_praise_without_a_live_irony_cue(text):
    assert label(text) == "positive"


def test_negated_praise_is_not_turned_back():
    parts = contributions("tidak hebat, korupsi terus")
    assert parts["hebat"] < 0


def test_irony_rule_words_are_data():
    r = rules.sentiment_rules()
    assert r.praise["mantap"] == -0.5 and "korupsi" in r.irony_cue and "🤡" in r.irony_cue
    assert not (r.praise.keys() | r.irony_cue) & r.zero_weight  # they keep their valence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("so proud of you bu", "positive"),
        ("worst service ever, fake", "negative"),
        ("apik tenan pelayanane", "positive"),  # Javanese
        ("pelayanan teu alus pisan", "negative"),  # Sundanese
        ("kagak becus ngurus bansos", "negative"),  # Betawi
    ],
)
def test_english_and_regional_words(text, expected):
    assert label(text) == expected
