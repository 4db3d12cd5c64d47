"""The batch path (token stream + array scoring) against the per-comment path, exactly.

``monitor.nlp.tokenstream`` and ``monitor.nlp.engine`` promise the same tokens, the same floats
and the same complaint decisions as ``text.normalise`` and ``reference.score_comment``; these
tests hold them to that on generated comments, on the corner cases of every rule, and on random
mixtures of the words the rules care about.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.demo import generator as demo
from monitor.nlp import engine, reference, scoring, sentiment, tokenstream
from monitor.nlp import text as textmod

CORNERS = [
    "",
    "...",
    "!!! ???",
    "aamiin!!",
    "terima kasih",
    "terima",
    "kasih terima",
    ". . terima . kasih .",
    "terima\nkasih bu",
    "terima kasih banyak",
    "Halo@min #BansosTepatSasaran #bansostepatsasaran www.x.com terima kasih!!",
    "HTTP://X.COM ok",
    "lihat kemensos.go.id/info ya",
    "bagus-bagus :) :-( T_T ^_^ <3 😡😡 👍🏽",
    "anak-anaknya cair2 bangettt",
    "min 5 kali ya",
    "min.5",
    "minimal 5",
    "admin 5",
    "ok\x00bad",
    "bagus!!! tapi lambat??",
    "tidak bagus",
    "tidak sangat bagus sekali",
    "sangat kecewa banget banget",
    "bagus banget, tidak jelek",
    "walaupun tidak bagus sekali banget, tapi sangat tidak jelek",
    "meskipun bagus walaupun lambat. tetap kecewa",
    "tapi bagus tapi jelek namun oke",
    "kapan cair?",
    "kapan? daftar dtks",
    "bantuan saya belum cair",
    "bantuan saya yang kemarin itu belum cair",
    "bantuan. belum cair",
    "pkh belum juga cair min?",
    "pkh belum sama sekali dan tidak pernah cair",
    "mohon infonya, ini berlaku di mana?",
    "tolong dicek min, nik saya tidak terdaftar di dtks padahal sudah lapor",
    "ada pungli potongan bansos 50rb di desa kami, tolong ditindak",
    " ".join(["bagus tidak jelek sangat"] * 60) + " tapi kecewa banget",
    "RT @kemensos: mantap pak, korupsi terus wkwk",
    "rt@a qt @b Art @c #copotjuliari #TolakOmnibusLaw #2019GantiPresiden",
    "tidak hebat, korupsi terus 👏",
    "hebat, tidak bohong",
    "keren 🤡 " + " ".join(["mantap"] * 150) + " . pencitraan",
    "sayang kamu, cinta banget . takut . sedih sedih marah",
    "jln rusak parah, lmpu jln mati?",
    "gorong-gorong mampet, banjir tiap hujan. kami butuh evakuasi",
    "blanko e-KTP habis, nama saya tidak ada di SIKS-NG",
    "BPJS PBI dinonaktifkan, RSUD menolak, KIP kuliah belum cair",
    "pecandu narkoba butuh rehabilitasi, preman minta uang",
]


def _equal_to_per_text(texts, lexicon_path=None):
    a = sentiment.analyzer(lexicon_path)
    batch = engine.score_batch(texts, a)
    ref = reference.score_comments(texts, a)
    got = list(
        zip(
            batch.score.tolist(),
            batch.label.tolist(),
            batch.is_complaint.tolist(),
            batch.category.tolist(),
            batch.terms.tolist(),
            batch.emotion.tolist(),
            batch.emotion_confidence.tolist(),
            batch.sentiment_confidence.tolist(),
            strict=True,
        )
    )
    for text, mine, theirs in zip(texts, got, ref, strict=True):
        assert mine == tuple(theirs), text
    return got


def test_tokens_equal_normalise_on_generated_and_corner_comments():
    texts = CORNERS + list(dict.fromkeys(demo.generate_texts(3000, seed=5)))
    stream, voc = tokenstream.tokenise(texts)
    lists = tokenstream.token_lists(stream, voc)
    spliced = set(stream.spliced)
    assert {
        texts.index("min 5 kali ya"),
        texts.index("min.5"),
        texts.index("ok\x00bad"),
    } <= spliced
    for text, tokens in zip(texts, lists, strict=True):  # the spliced ones included
        assert tokens == textmod.normalise(text), text


def test_scores_equal_per_text_path_on_generated_and_corner_comments():
    texts = CORNERS + list(dict.fromkeys(demo.generate_texts(6000, seed=13)))
    got = _equal_to_per_text(texts)
    labels = {row[1] for row in got}
    assert labels == {"positive", "negative", "neutral"}
    assert sum(row[2] for row in got) > 100  # complaints were decided by the rules
    assert {row[3] for row in got if row[2]} >= {"bantuan_belum_cair", "data_penerima"}


def test_user_lexicon_and_vocabulary_restart(tmp_path, monkeypatch):
    lex = tmp_path / "lex.tsv"
    lex.write_text("rapat\t-3.5\nbagus\t0.5\n", encoding="utf-8")
    texts = ["rapat koordinasi bagus", "tidak bagus rapat", "rapat"]
    _equal_to_per_text(texts, str(lex))
    monkeypatch.setattr(tokenstream, "VOCAB_MAX", 10)
    before = tokenstream.vocab().generation
    _equal_to_per_text(CORNERS)
    _equal_to_per_text(CORNERS[::-1])
    assert tokenstream.vocab().generation > before


def test_phrases_too_long_to_pack_are_matched_one_by_one(monkeypatch):
    voc = tokenstream.Vocab()
    monkeypatch.setattr(tokenstream, "_PACK_BITS", 4)  # every phrase length overflows
    texts = ["terima kasih banyak bu", "tepat sasaran terima kasih", "kasih terima"]
    stream, _ = tokenstream.tokenise(texts, voc)
    assert tokenstream.token_lists(stream, voc) == [textmod.normalise(t) for t in texts]


WORDS = st.sampled_from(
    [
        "tidak",
        "bukan",
        "belum",
        "jangan",
        "sangat",
        "agak",
        "banget",
        "sekali",
        "tapi",
        "namun",
        "padahal",
        "walaupun",
        "meskipun",
        "bagus",
        "jelek",
        "kecewa",
        "mantap",
        "terima",
        "kasih",
        "tepat",
        "sasaran",
        "bantuan",
        "pkh",
        "bst",
        "dtks",
        "cair",
        "belum",
        "daftar",
        "kapan",
        "tolong",
        "mohon",
        "min",
        "admin",
        "dicek",
        ".",
        ",",
        "!",
        "?",
        "🙏",
        "😡",
        ":)",
        "aamiin",
        "hebat",
        "keren",
        "👏",
        "korupsi",
        "pencitraan",
        "🤡",
        "rt @a",
        "#copotjuliari",
        "marah",
        "sedih",
        "takut",
        "senang",
        "sayang",
        "wkwk",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(WORDS, max_size=25).map(" ".join), min_size=1, max_size=12))
def test_random_rule_words_score_as_per_text(texts):
    _equal_to_per_text(list(dict.fromkeys(texts)))


def _pattern_words() -> list[str]:
    """Every word of every complaint rule's pattern, as the data file writes it: a rule added
    to the file is in the mixtures below without touching this test."""
    words = {w for row in textmod.read_rows("complaint_rules.tsv") for w in row[3].lower().split()}
    return sorted(words)


PATTERN_WORDS = st.sampled_from([*_pattern_words(), ".", ",", "?", "tidak", "sudah", "saya"])


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(PATTERN_WORDS, max_size=20).map(" ".join), min_size=1, max_size=12))
def test_random_complaint_pattern_words_route_as_per_text(texts):
    _equal_to_per_text(list(dict.fromkeys(texts)))


def test_the_labelled_complaint_set_scores_as_per_text():
    from monitor.quality import complaint_set

    texts = [r.text for part in complaint_set.PARTS for r in complaint_set.generate(part)]
    got = _equal_to_per_text(texts)
    assert "luar_kewenangan" in {row[3] for row in got if row[2]}


@pytest.mark.parametrize("workers", [1, 2])
def test_score_texts_chunks_and_pool_equal_per_text(workers, monkeypatch):
    monkeypatch.setattr(scoring, "CHUNK", 700)
    texts = list(dict.fromkeys(demo.generate_texts(2500, seed=3)))
    df = scoring.score(texts, scoring.ScoringConfig(workers=workers, parallel_min=0))
    ref = reference.score_comments(texts, sentiment.analyzer())
    assert list(df.itertuples(index=False, name=None)) == [tuple(r) for r in ref]


def test_empty_batch_and_a_batch_of_fallbacks():
    stream, _ = tokenstream.tokenise([])
    assert stream.n == 0 and stream.ids.size == 0
    _equal_to_per_text(["min 5", "a\x00b"])
