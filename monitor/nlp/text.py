"""Indonesian comment normalisation: from raw Instagram text to tokens and stems.

Comments are informal ("bansos blm cair2 min 🙏", "mantul bu risma", "#BansosTepatSasaran"), so
before any lexicon can match, text is lower-cased, URLs and mentions dropped, hashtags split into
words, elongations squeezed ("bangettt"), reduplication folded ("cair2", "anak-anak"), slang
expanded from ``data/slang.tsv``, emoji kept as their own tokens, and known multi-word expressions
("terima kasih", "tepat sasaran") joined into one token so they can carry one valence.

Stemming uses Sastrawi's *uncached* stemmer behind a bounded LRU cache: Sastrawi's own cache grows
without limit in a long-running server, and the stemmer must run at most once per distinct token.
Before it runs, a gate (``_may_change``) settles the words Sastrawi is sure to return unchanged;
they are most of the typos and names that real comments carry, and the slowest for Sastrawi.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

# Tokens that end a clause: negation and boosters never reach across them.
BOUNDARY = "."
STEM_CACHE_SIZE = 200_000
TOKEN_CACHE_SIZE = 200_000

_URL = re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:com|id|co\.id|go\.id|ly|net|org)(?:/\S*)?")
_DOMAIN_HINTS = (".com", ".id", ".ly", ".net", ".org")
_MENTION = re.compile(r"@[\w.]+")
# "RT @user:" / "QT @user": a retweet or quote prefix says nothing (the mention goes with it)
_RETWEET = re.compile(r"\b(?:rt|qt)(?=\s*@)", re.IGNORECASE)
HASHTAG_PREFIX_MIN = 4  # a lexicon word this long may start a hashtag of unknown words
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\b|\d)|[A-Z]?[a-z]+|[A-Z]+|\d+")
# Emoji modifiers that change nothing about sentiment: variation selector, skin tones, ZWJ.
_MODIFIERS = re.compile("[\ufe0f\ufe0e\u200d\U0001f3fb-\U0001f3ff]")
_REDUP_DIGIT = re.compile(r"^([a-z]{2,})2(an|nya|kan|i|lah)?$")
_REPEAT3 = re.compile(r"(.)\1{2,}")
_REPEAT2 = re.compile(r"(.)\1+")
_DIGITS = re.compile(r"^\d+$")
_NUMBER_AFTER = re.compile(r"\.?\s*\d")
# Characters that start an ASCII emoticon or join a word (see ``_plain_words``).
_NOT_PLAIN = re.compile(r"[:;<^_'\-]")
_PLAIN_TABLE = {
    c: (" . " if chr(c) in ".,!?;:" else " ")
    for c in range(128)
    if not (chr(c).isascii() and (chr(c).islower() or chr(c).isdigit()))
}
_MIN_NUMBER = re.compile(r"min\.?\s*\d")  # might a "min" be followed by a number?


def read_rows(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, skipping blank lines and ``#`` comments."""
    rows = []
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class Resources:
    """Everything the normaliser reads from ``monitor/nlp/data``, loaded once per process."""

    slang: dict[str, tuple[str, ...]]
    emoji: dict[str, float]
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases, longest first
    known: frozenset[str]  # words that must not be "corrected" (dictionary + lexicon)
    stopwords: frozenset[str]
    token_re: re.Pattern[str]
    phrase_firsts: frozenset[str]  # first words of the phrases
    prefixes: frozenset[str] = frozenset()  # lexicon words that may start a hashtag


def _phrase_entries() -> list[str]:
    """Multi-word entries of the lexicon and the modifier list (joined into one token)."""
    out = [row[0] for row in read_rows("lexicon_id.tsv") if " " in row[0]]
    out += [row[0] for row in read_rows("sentiment_words.tsv") if " " in row[0]]
    return out


@functools.cache
def resources() -> Resources:
    """Load the data files (cached: one load per process)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    slang: dict[str, tuple[str, ...]] = {}
    slang_words: set[str] = set()
    for row in read_rows("slang.tsv"):
        slang_words.update(row[1].split())
        if row[0] != row[1]:
            slang[row[0]] = tuple(row[1].split())
    emoji = {row[0].lower(): float(row[1]) for row in read_rows("emoji.tsv")}
    lexicon_words = {row[0] for row in read_rows("lexicon_id.tsv")}
    modifier_words = {row[0] for row in read_rows("sentiment_words.tsv")}
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for entry in _phrase_entries():
        words = tuple(entry.split())
        phrases.setdefault(words[0], []).append(words)
    sorted_phrases = {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in phrases.items()}
    known = set(w for w in StemmerFactory().get_words() if w)
    known |= {w for entry in lexicon_words | modifier_words for w in entry.split()}
    known |= slang_words
    stop = {
        line.strip()
        for line in (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    emoji_alt = "|".join(re.escape(e) for e in sorted(emoji, key=len, reverse=True))
    firsts = re.escape("".join(sorted({e[0] for e in emoji})))
    token_re = re.compile(
        # the lookahead keeps the long emoji alternation from being tried at every position
        rf"(?P<emo>(?=[{firsts}])(?:{emoji_alt}))"
        r"|(?P<word>[a-z0-9]+(?:[-'][a-z0-9]+)*)|(?P<punct>[.,!?;:]+)"
    )
    return Resources(
        slang=slang,
        emoji=emoji,
        phrases=sorted_phrases,
        known=frozenset(known),
        stopwords=frozenset(stop),
        token_re=token_re,
        phrase_firsts=frozenset(sorted_phrases),
        prefixes=frozenset(
            w for w in lexicon_words if " " not in w and len(w) >= HASHTAG_PREFIX_MIN
        ),
    )


@functools.cache
def _sastrawi():
    """Sastrawi's plain stemmer (not ``CachedStemmer``): caching is ours and bounded."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


# Where Sastrawi's prefix rules can start (RemovePlainPrefix di|ke|se, the disambiguation rules
# ber-, be-, ter-, te-, me-, pe-, kau-, ku-, er-) and its infix rules: a consonant, then el, em, er
# or in. ``tests/nlp/test_stem_gate.py`` reads Sastrawi's own rule patterns and fails when one
# starts elsewhere.
STEM_PREFIX_HEADS = ("di", "ke", "se", "be", "te", "me", "pe", "ku", "kau", "er")
STEM_INFIXES = frozenset({"el", "em", "er", "in"})
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")
# What Sastrawi's suffix visitors strip, in their order from the end: particle, possessive,
# derivational (with the adopted -is, -isme, -isasi). Restoring "kan" as "k" + "an" stays inside it.
_STEM_SUFFIXES = re.compile(r"(?:isasi|isme|is|i|kan|an)?(?:ku|mu|nya)?(?:lah|kah|tah|pun)?")
_STEM_SUFFIX_MAX = len("isasi") + len("nya") + len("lah")


def _may_change(token: str, dictionary: dict | frozenset) -> bool:
    """False only when Sastrawi is sure to return ``token`` unchanged.

    Sastrawi returns the original word unless what is left after stripping is a dictionary
    word. A word that no prefix or infix rule can start on is only ever stripped of suffixes,
    so its stem, if any, is the word without some of its suffixes; when none of those cuts is
    a dictionary word, the answer is the word itself. Everything else goes to Sastrawi.
    """
    if token.startswith(STEM_PREFIX_HEADS):
        return True
    if token[0] in _CONSONANTS and token[1:3] in STEM_INFIXES:
        return True
    n = len(token)
    for cut in range(max(1, n - _STEM_SUFFIX_MAX), n + 1):
        if token[:cut] in dictionary and _STEM_SUFFIXES.fullmatch(token, cut):
            return True
    return False


@functools.lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(token: str) -> str:
    """Sastrawi stem of one normalised token; phrases, emoji and numbers are their own stem."""
    if not token.isalpha() or len(token) < 4:
        return token
    stemmer = _sastrawi()
    if not _may_change(token, stemmer.dictionary.words):
        return token
    return stemmer.stem_word(token) or token


def _split_hashtag(tag: str, known: frozenset[str]) -> list[str]:
    """``BansosTepatSasaran`` -> bansos tepat sasaran; ``bansostepatsasaran`` by dictionary;
    a tag the dictionary cannot cover that starts with a lexicon word (a campaign:
    ``copotharunmasiku``, ``tolakomnibuslaw``) -> that word and the rest."""
    parts = _CAMEL.findall(tag)
    if len(parts) > 1:
        return [p.lower() for p in parts]
    word = tag.lower()
    if word in known or len(word) > 40 or not word.isalpha():
        return [word]
    covered = _cover(word, known)
    if covered:
        return covered
    prefixes = resources().prefixes
    for end in range(len(word) - 3, HASHTAG_PREFIX_MIN - 1, -1):  # the longest one first
        if word[:end] in prefixes:
            rest = word[end:]
            return [word[:end], *(_cover(rest, known) or [rest])]
    return [word]


def _cover(word: str, known: frozenset[str]) -> list[str] | None:
    """The fewest dictionary words (2+ letters) that make up ``word``, or None."""
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end):
            prev = best[start]
            piece = word[start:end]
            if prev is not None and len(piece) >= 2 and piece in known:
                cand = prev + [piece]
                if best[end] is None or len(cand) < len(best[end]):
                    best[end] = cand
    return best[n]


@functools.lru_cache(maxsize=TOKEN_CACHE_SIZE)
def normalise_word(token: str) -> tuple[str, ...]:
    """One raw lower-case word -> zero or more normalised words (slang, repeats, reduplication)."""
    res = resources()
    token = token.replace("'", "")
    if token in res.slang:
        return res.slang[token]
    if token in res.known or token in res.emoji:
        return (token,)
    if _DIGITS.match(token):
        return ()
    m = _REDUP_DIGIT.match(token)
    if m:  # cair2 -> cair, mainan2nya -> mainan
        return normalise_word(m.group(1))
    if "-" in token:
        parts = [p for p in token.split("-") if p]
        if len(parts) == 2 and (parts[0] == parts[1] or parts[1].startswith(parts[0])):
            return normalise_word(parts[0])  # anak-anak, anak-anaknya -> anak
        out: list[str] = []
        for p in parts:
            out.extend(normalise_word(p))
        return tuple(out)
    if _REPEAT2.search(token):
        two = _REPEAT3.sub(r"\1\1", token)
        one = _REPEAT2.sub(r"\1", token)
        for cand in (two, one):
            if cand in res.slang:
                return res.slang[cand]
            if cand in res.known:
                return (cand,)
        if two != token:  # an elongation of an unknown word: squeeze it fully
            return (one,)
    return (token,)


def _join_phrases(words: list[str], phrases: dict[str, tuple[tuple[str, ...], ...]]) -> list[str]:
    """Greedy longest match of multi-word entries: ['terima', 'kasih'] -> ['terima_kasih']."""
    out: list[str] = []
    done = 0  # words[:done] are in out
    for i in [i for i, w in enumerate(words) if w in phrases]:
        if i < done:
            continue  # inside a phrase already joined
        for ph in phrases[words[i]]:
            k = len(ph)
            if tuple(words[i : i + k]) == ph:
                out.extend(words[done:i])
                out.append("_".join(ph))
                done = i + k
                break
    out.extend(words[done:])
    return out


def normalise(text: str | None) -> list[str]:
    """Normalised tokens of a comment; clause punctuation becomes the ``BOUNDARY`` token."""
    if not text:
        return []
    res = resources()
    low = text.lower()
    if "www" in low or "http" in low or any(d in low for d in _DOMAIN_HINTS):
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _MENTION.sub(" ", _RETWEET.sub(" ", text))
    if "#" in text:
        text = _HASHTAG.sub(
            lambda m: " " + " ".join(_split_hashtag(m.group(1), res.known)) + " ", text
        )
    text = text.lower()
    if not text.isascii():  # emoji modifiers are never ASCII
        text = _MODIFIERS.sub("", text)
    if text.isascii() and not _NOT_PLAIN.search(text):
        words = _plain_words(text, res)
    else:
        words = _regex_words(text, res)
    if words and words[-1] == BOUNDARY:
        words.pop()
    if res.phrase_firsts.isdisjoint(words):
        return words
    return _join_phrases(words, res.phrases)


def _plain_words(text: str, res: Resources) -> list[str]:
    """``_regex_words`` for lower-case ASCII text without emoticon characters, hyphens or
    apostrophes: a word is then a run of ``[a-z0-9]``, so one ``translate`` and ``split`` find the
    same tokens (punctuation becomes a boundary, everything else a space)."""
    words: list[str] = []
    nw = normalise_word
    for w in text.translate(_PLAIN_TABLE).split():
        if w == BOUNDARY:
            if words and words[-1] != BOUNDARY:
                words.append(BOUNDARY)
        elif w == "min" and _MIN_NUMBER.search(text):
            return _tokens_slow(text, res)
        else:
            words.extend(nw(w))
    return words


def _regex_words(text: str, res: Resources) -> list[str]:
    """Words, emoji and boundaries of a lower-cased text (trailing boundary not yet dropped)."""
    words: list[str] = []
    nw = normalise_word
    # findall and one tuple per token is much cheaper than a match object per token; "min" needs
    # the position of its match, so a text holding the word goes through the loop below.
    for emo, w, _ in res.token_re.findall(text):
        if w:
            if w == "min" and _MIN_NUMBER.search(text):
                words = _tokens_slow(text, res)
                break
            words.extend(nw(w))
        elif emo:
            words.append(emo)
        elif words and words[-1] != BOUNDARY:
            words.append(BOUNDARY)
    return words


def _tokens_slow(text: str, res: Resources) -> list[str]:
    """The token loop with match positions (``min`` before a number means "minimal")."""
    words: list[str] = []
    for m in res.token_re.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            w = m.group()
            if w == "min" and _NUMBER_AFTER.match(text, m.end()):
                words.append("minimal")  # "min 2 kali", "min. 500rb": not the admin
                continue
            words.extend(normalise_word(w))
        elif kind == "emo":
            words.append(m.group())
        elif words and words[-1] != BOUNDARY:
            words.append(BOUNDARY)
    return words


def tokens_and_stems(text: str | None) -> tuple[list[str], list[str]]:
    """Normalised tokens and their stems (same length)."""
    toks = normalise(text)
    return toks, [stem(t) for t in toks]


def word_stems(stem_: str) -> tuple[str, ...]:
    """The stems of a phrase token's words (``tepat_sasaran`` -> tepat, sasar); else itself.

    Complaint patterns are matched on these, so a phrase of the lexicon still shows its words.
    """
    if "_" in stem_:
        return tuple(stem(w) for w in stem_.split("_"))
    return (stem_,)


def term_parts(stem_: str) -> tuple[str, ...]:
    """The search terms one token's stem contributes: the stem and, for a phrase, the stems of
    its words (so a search for "sasaran" finds ``tepat_sasaran``); no stopwords, one-letter
    stems, emoji or punctuation."""
    stop = resources().stopwords
    parts = (stem_, *word_stems(stem_)) if "_" in stem_ else (stem_,)
    return tuple(p for p in parts if len(p) > 1 and p not in stop and p[0].isalnum())


def terms(stems: Iterable[str]) -> str:
    """Space-separated distinct search terms of a comment's stems, in order of appearance."""
    return " ".join(dict.fromkeys(p for s in stems for p in term_parts(s)))


def search_terms(query_word: str) -> list[str]:
    """The stored terms a word typed into the search box stands for: the terms it would give
    as a comment (slang expanded, stemmed), so "blm" finds *belum* and "bantuan" *bantu*."""
    return terms(tokens_and_stems(query_word)[1]).split()


def clear_caches() -> None:
    """Drop the token and stem caches (tests, or after editing data files at runtime)."""
    stem.cache_clear()
    normalise_word.cache_clear()
