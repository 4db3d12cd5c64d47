"""Normalisation of informal Indonesian comments: slang, repeats, reduplication, emoji, hashtags."""

from __future__ import annotations

import pytest

from monitor.nlp import text as textmod


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Gak BAGUS", ["tidak", "bagus"]),
        ("blm cair", ["belum", "cair"]),
        ("yg bgt", ["yang", "banget"]),
        ("tdk dgn krn sdh udh", ["tidak", "dengan", "karena", "sudah", "sudah"]),
        ("gmn knp bgmn aja", ["bagaimana", "kenapa", "bagaimana", "saja"]),
        ("kapan cair min", ["kapan", "cair", "admin"]),
        ("min, kapan cair?", ["admin", ".", "kapan", "cair"]),
        ("saldo min 50rb", ["saldo", "minimal", "50rb"]),
        ("min. 2 kali", ["minimal", ".", "kali"]),
        ("mantul", ["mantap"]),
        ("bangettt", ["banget"]),
        ("mantaaap", ["mantap"]),
        ("maaaf", ["maaf"]),
        ("cair2", ["cair"]),
        ("anak-anak", ["anak"]),
        ("anak-anaknya", ["anak"]),
        ("makasih bu", ["terima_kasih", "ibu"]),
        ("terima kasih", ["terima_kasih"]),
        ("bansos harus tepat sasaran", ["bansos", "harus", "tepat_sasaran"]),
        ("koruptor hukum mati", ["koruptor", "hukum_mati"]),
        ("", []),
        (None, []),
        ("123 456", []),
    ],
)
def test_normalise_words(raw, expected):
    assert textmod.normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("lihat https://t.co/abc123 ya", ["lihat", "ya"]),
        ("cek www.kemensos.go.id dong", ["cek", "dong"]),
        ("@kemensosri @risma.official tolong", ["tolong"]),
        ("#BansosTepatSasaran", ["bansos", "tepat_sasaran"]),
        ("#bansostepatsasaran", ["bansos", "tepat_sasaran"]),
        ("#KawalBansos!", ["kawal", "bansos"]),
    ],
)
def test_urls_mentions_hashtags(raw, expected):
    assert textmod.normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("mantap 👍👍", ["mantap", "👍", "👍"]),
        ("🙏🏽", ["🙏"]),  # skin tone dropped
        ("❤️", ["❤"]),  # variation selector dropped
        ("kecewa :(", ["kecewa", ":("]),
        ("hebat :D", ["hebat", ":d"]),
    ],
)
def test_emoji_become_tokens(raw, expected):
    assert textmod.normalise(raw) == expected


def test_punctuation_becomes_clause_boundary():
    assert textmod.normalise("bagus, tapi lambat!!") == ["bagus", ".", "tapi", "lambat"]
    assert textmod.normalise("...halo...") == ["halo"]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("pencitraan", "citra"),
        ("dikorupsi", "korupsi"),
        ("penyaluran", "salur"),
        ("terdaftar", "daftar"),
        ("terima_kasih", "terima_kasih"),
        ("👍", "👍"),
        ("pkh", "pkh"),
    ],
)
def test_stem(token, expected):
    assert textmod.stem(token) == expected


def test_stem_cache_is_bounded_and_used():
    textmod.clear_caches()
    assert textmod.stem.cache_info().maxsize == textmod.STEM_CACHE_SIZE
    textmod.stem("penyaluran")
    textmod.stem("penyaluran")
    info = textmod.stem.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_sastrawi_stemmer_is_uncached():
    # Sastrawi's CachedStemmer keeps every word forever; Citra wraps the plain stemmer.
    from Sastrawi.Stemmer.Stemmer import Stemmer

    assert type(textmod._sastrawi()) is Stemmer


def test_terms_are_distinct_stems_without_stopwords_or_emoji():
    _, stems = textmod.tokens_and_stems("Bantuan yang disalurkan, bantuan cepat 👍")
    assert textmod.terms(stems) == "bantu salur cepat"


def test_terms_list_phrase_and_its_word_stems():
    _, stems = textmod.tokens_and_stems("bansos tepat sasaran")
    assert textmod.terms(stems).split() == ["bansos", "tepat_sasaran", "tepat", "sasar"]


@pytest.mark.parametrize(
    "raw",
    [
        "bansos blm cair min, tolong!!! dicek ya",
        "min 2 kali daftar tapi belum cair",
        "min. 500rb dipotong?? ini pungli",
        "terima kasih bu... semoga berkah",
        "(kapan) cair??? 3x daftar / tidak lolos",
        "  ,, awal koma ..dan   akhir!! ",
        "nomor 12345 dan kata2 ulang",
    ],
)
def test_plain_tokeniser_finds_what_the_regex_finds(raw):
    res = textmod.resources()
    low = raw.lower()
    assert low.isascii() and not textmod._NOT_PLAIN.search(low)
    assert textmod._plain_words(low, res) == textmod._regex_words(low, res)


def test_plain_tokeniser_on_generated_comments():
    from monitor.demo import generator as demo

    res = textmod.resources()
    checked = 0
    for raw in dict.fromkeys(demo.generate_texts(3000, seed=5)):
        low = raw.lower()
        if low.isascii() and not textmod._NOT_PLAIN.search(low):
            assert textmod._plain_words(low, res) == textmod._regex_words(low, res), raw
            checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("bantuan", ["bantu"]),
        ("blm", ["belum"]),  # slang, as comments are stored
        ("mantul", ["mantap"]),
        ("yang", []),  # a stopword is never a stored term
        ("🙏", []),
        ("terima_kasih", ["terima_kasih", "terima", "kasih"]),
    ],
)
def test_search_terms_are_the_terms_the_word_is_stored_as(word, expected):
    assert textmod.search_terms(word) == expected
    _, stems = textmod.tokens_and_stems(f"ini {word} ya")
    assert set(expected) <= set(textmod.terms(stems).split())
