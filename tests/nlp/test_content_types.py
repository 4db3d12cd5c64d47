"""Content type rules: the shipped file, what each kind of cue matches, and bad rules refused."""

from __future__ import annotations

import pytest

from monitor.nlp import content_types as ct


def test_the_shipped_rules_cover_every_type():
    assert {c.type for c in ct.shipped().cues} == set(ct.TYPES)


@pytest.mark.parametrize(
    ("caption", "tags", "types"),
    [
        ("Penyaluran BST tahap 9 sudah 92% tersalurkan", "", ("program",)),
        ("Realisasi anggaran Rp 97,8 triliun, rinciannya di sini", "", ("transparansi",)),
        ("Kuis Sabtu! Tebak kata berikut", "", ("kuis",)),
        ("Hoaks! Tidak ada pemotongan bantuan", "", ("klarifikasi",)),
        ("Mensos meninjau dapur umum di Cianjur", "", ("kegiatan_menteri",)),
        ("Selamat Hari Raya Natal bagi yang merayakan", "", ("ucapan",)),
        ("Jadwal vaksinasi bagi penyandang disabilitas", "", ("layanan",)),
        ("Foto bersama", "transparansianggaran", ("transparansi",)),
        ("Mensos meninjau penyaluran BST", "", ("program", "kegiatan_menteri")),
        ("Terima kasih semuanya", "", ()),
    ],
)
def test_types_of_a_caption(caption, tags, types):
    assert ct.types_of(None, caption, tags) == types


def test_a_word_cue_is_a_whole_word_and_a_star_a_prefix():
    rules = ct.parse("kuis\tword\tkuis\ntransparansi\tword\tanggar*\n")
    assert ct.types_of(None, "isi kuisioner ini", "", rules) == ()
    assert ct.types_of(None, "Kuis!", "", rules) == ("kuis",)
    assert ct.types_of(None, "dana yang dianggarkan", "", rules) == ()
    assert ct.types_of(None, "anggarannya", "", rules) == ("transparansi",)


def test_a_phrase_needs_its_words_in_order_and_a_hashtag_the_tag():
    rules = ct.parse("kuis\tphrase\ttebak kata\nkuis\thashtag\t#KuisSabtu\n")
    assert ct.types_of(None, "kata tebak", "", rules) == ()
    assert ct.types_of(None, "Ayo tebak, kata apa ini?", "", rules) == ("kuis",)
    assert ct.types_of(None, "kuissabtu", "", rules) == ()  # a word is not a hashtag
    assert ct.types_of(None, "", "kuissabtu", rules) == ("kuis",)


def test_the_title_counts_as_well_as_the_caption():
    assert ct.types_of("Klarifikasi Hoaks Pemotongan Bansos", None, None) == ("klarifikasi",)


def test_explain_names_the_cues_that_fired():
    fired = ct.explain(None, "Kuis Sabtu! Tebak kata", "kuissabtu")
    assert {(c.type, c.kind, c.cue) for c in fired} >= {
        ("kuis", "word", "kuis"),
        ("kuis", "phrase", "tebak kata"),
        ("kuis", "hashtag", "kuissabtu"),
    }
    assert all(c.line > 0 for c in fired)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kuis\tword", r"line 1: expected type<TAB>kind<TAB>cue"),
        ("# ok\nhiburan\tword\tlucu", r"line 2: unknown type 'hiburan'"),
        ("kuis\tregex\tku.s", r"line 1: unknown kind 'regex'"),
        ("kuis\tword\t   ", r"line 1: the cue '' matches no word"),
        ("kuis\tword\ttebak kata", r"line 1: the cue 'tebak kata' matches no word"),
        ("# only a comment\n\n", r"no rules"),
    ],
)
def test_bad_rules_are_refused_naming_the_line(text, message):
    with pytest.raises(ct.RulesError, match=message):
        ct.parse(text)


def test_hand_set_types_are_checked_and_ordered():
    assert ct.check_types(["layanan", "program", "program"]) == ("program", "layanan")
    assert ct.check_types("kuis,ucapan") == ("kuis", "ucapan")
    assert ct.check_types([]) == ()
    with pytest.raises(ct.RulesError, match=r"unknown content type 'hiburan'"):
        ct.check_types(["hiburan"])


def test_an_empty_override_means_the_shipped_rules():
    assert ct.rules_of("") is ct.shipped()
    assert ct.rules_of("kuis\tword\tkuis").cues[0].type == "kuis"
