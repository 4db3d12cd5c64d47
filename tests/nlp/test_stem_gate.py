"""The stemming gate (``text._may_change``) never changes what Sastrawi would answer.

The gate skips Sastrawi for words it is sure to leave unchanged; these tests hold ``text.stem``
equal to Sastrawi itself over Citra's own vocabularies, derived forms of Sastrawi's dictionary,
typo-like variants of them and arbitrary letter strings, and check that every prefix and infix
rule Sastrawi has starts where the gate looks.
"""

from __future__ import annotations

import inspect
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.nlp import text as textmod

PREFIXES = ["", "di", "ke", "se", "ber", "be", "ter", "te", "me", "mem", "men", "meng", "meny"]
PREFIXES += ["pe", "pem", "pen", "peng", "peny", "per", "memper", "diper", "ku", "kau", "ter"]
SUFFIXES = ["", "i", "kan", "an", "is", "isme", "isasi", "ku", "mu", "nya", "lah", "kah"]
SUFFIXES += ["tah", "pun", "kannya", "annya", "inya", "kanlah", "nyalah", "annyapun"]


def sastrawi(word: str) -> str:
    """What ``text.stem`` answered before the gate: Sastrawi on every word of 4+ letters."""
    if not word.isalpha() or len(word) < 4:
        return word
    return textmod._sastrawi().stem_word(word) or word


def gated(word: str) -> str:
    return textmod.stem.__wrapped__(word)


def _typos(word: str, rng: random.Random) -> list[str]:
    """A doubled letter, a dropped letter and two swapped letters, as comments carry them."""
    if len(word) < 3:
        return []
    i = rng.randrange(1, len(word) - 1)
    return [
        word[:i] + word[i] + word[i:],
        word[:i] + word[i + 1 :],
        word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :],
    ]


def _vocabulary() -> list[str]:
    """Citra's lexicon, slang and stopwords, split into words."""
    words: set[str] = set()
    for name in ("lexicon_id.tsv", "slang.tsv", "stopwords.txt", "no_valence.txt"):
        for line in (textmod.DATA_DIR / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            for cell in line.split("\t")[:2]:
                words.update(re.findall(r"[a-z]+", cell.lower()))
    return sorted(words)


def test_the_gate_agrees_with_sastrawi_on_the_vocabulary_and_its_typos():
    rng = random.Random(3)
    words = _vocabulary()
    words += [t for w in words for t in _typos(w, rng)]
    differ = [(w, gated(w), sastrawi(w)) for w in words if gated(w) != sastrawi(w)]
    assert len(words) > 5_000
    assert differ == []


def test_the_gate_agrees_with_sastrawi_on_derived_forms_of_its_dictionary():
    rng = random.Random(11)
    roots = sorted(textmod._sastrawi().dictionary.words)
    words = []
    for root in rng.sample(roots, 800):
        pre, suf = rng.choice(PREFIXES), rng.choice(SUFFIXES)
        words.append(pre + root + suf)
        words += _typos(pre + root + suf, rng)
    differ = [(w, gated(w), sastrawi(w)) for w in words if gated(w) != sastrawi(w)]
    assert differ == []


def test_the_gate_skips_sastrawi_for_words_it_cannot_change():
    """Without this the gate would be a no-op that only looks safe."""
    words = textmod._sastrawi().dictionary.words
    assert not textmod._may_change("tanggpaannya", words)
    assert not textmod._may_change("gresik", words)
    assert textmod._may_change("makanannya", words)  # makan + an + nya
    assert textmod._may_change("dibayarkan", words)  # a prefix rule starts here


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(PREFIXES),
    st.text(alphabet="abcdeghiklmnprstuy", min_size=1, max_size=9),
    st.sampled_from(SUFFIXES),
)
def test_the_gate_agrees_with_sastrawi_on_any_letters(prefix, middle, suffix):
    word = prefix + middle + suffix
    assert gated(word) == sastrawi(word)


def _rule_patterns() -> list[str]:
    from Sastrawi.Morphology import Disambiguator
    from Sastrawi.Stemmer.Context.Visitor import RemovePlainPrefix

    patterns = re.findall(r"r'\^?([^']*)'", inspect.getsource(RemovePlainPrefix))
    package = Disambiguator.__path__[0]
    import pathlib

    for path in sorted(pathlib.Path(package).glob("DisambiguatorPrefixRule*.py")):
        patterns += re.findall(r"re\.match\(r'\^?([^']*)'", path.read_text(encoding="utf-8"))
    return patterns


def test_every_prefix_and_infix_rule_of_sastrawi_starts_where_the_gate_looks():
    patterns = _rule_patterns()
    assert len(patterns) > 40
    for pattern in patterns:
        alternatives = re.fullmatch(r"\((\w+(?:\|\w+)+)\)", pattern)
        if alternatives:  # the plain prefixes: (di|ke|se)
            assert all(p.startswith(textmod.STEM_PREFIX_HEADS) for p in alternatives[1].split("|"))
            continue
        literal = re.match(r"[a-z]*", pattern)[0]
        if literal:
            assert literal.startswith(textmod.STEM_PREFIX_HEADS), pattern
            continue
        infix = re.match(r"\(\[bcdfghjklmnpqrstvwxyz\]\)\(?([a-z]{2})", pattern)
        assert infix, f"a rule the gate does not know: {pattern}"
        assert infix[1] in textmod.STEM_INFIXES, pattern


@pytest.mark.parametrize("word", ["pembayaran", "keterlambatan", "bantuannya", "pelajaran"])
def test_stem_still_stems(word):
    assert textmod.stem(word) == sastrawi(word) != word
