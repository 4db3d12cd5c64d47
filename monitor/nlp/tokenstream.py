"""``monitor.nlp.text.normalise`` for a whole batch at once: one stream of token ids.

Calling the normaliser once per comment costs tens of microseconds of Python per comment, most
of it per token. Here the batch is joined into one string and every step that ``normalise``
applies to a comment's text (URLs, mentions, hashtags, lower case, emoji modifiers) runs once
over the whole string, in C; Arrow splits the result at spaces and encodes the pieces, and each
*distinct* piece goes through the token regex and ``normalise_word`` once. Boundaries and
phrases are then handled on integer arrays. The result is the same token list for every comment
as ``normalise`` gives, laid end to end, with the comment each token belongs to alongside;
``tests/nlp/test_engine.py`` checks that token for token.

Two kinds of comment are tokenised by the per-comment normaliser instead and their tokens
spliced into the stream in their place (``Stream.spliced``): one holding a NUL character of its
own (NUL separates comments in the joined string) and one where "min" may be followed by a
number (``normalise`` then needs the word's position, see ``text._tokens_slow``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from monitor.nlp import text as textmod

SEP = "\x00"
BOUNDARY_ID = 0  # text.BOUNDARY
_JOIN = " \x00 "  # spaces keep URL, mention and "min 2" patterns from reaching across comments
# A match of text._URL needs one of these (its hint test in ``normalise`` lower-cases first,
# which only widens it): comments without one are left alone, as ``normalise`` leaves them.
_URL_HINT = re.compile(r"http|www\.|\.(?:com|id|ly|net|org)")
_PACK_BITS = 63  # a k-gram of ids is packed into one int64 when k * id width fits
VOCAB_MAX = 500_000  # distinct tokens (or space-separated chunks) remembered before starting over


class Interner:
    """Strings as dense integer ids, in order of first appearance (``names[id]``)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.ids: dict[str, int] = {}

    def id_of(self, name: str) -> int:
        i = self.ids.get(name)
        if i is None:
            i = self.ids[name] = len(self.names)
            self.names.append(name)
        return i


class Vocab(Interner):
    """Distinct normalised tokens as integer ids, and what each distinct chunk of text between
    spaces becomes.

    Ids are stable for the life of the vocabulary, so tables keyed by id (valences, stems) can
    grow with it; ``generation`` changes when it starts over.
    """

    def __init__(self, generation: int = 0) -> None:
        super().__init__()
        self.generation = generation
        self.id_of(textmod.BOUNDARY)  # BOUNDARY_ID
        self._chunks: dict[str, tuple[int, ...]] = {}
        res = textmod.resources()
        # phrases in id form: first word id -> [(word ids, joined id)], longest first
        self.phrases: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for first, options in res.phrases.items():
            self.phrases[self.id_of(first)] = [
                (tuple(self.id_of(w) for w in ph), self.id_of("_".join(ph))) for ph in options
            ]
        self._phrase_firsts = np.fromiter(self.phrases, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.names) + len(self._chunks)

    def chunk(self, chunk: str) -> tuple[int, ...]:
        """Ids of the tokens in one space-free piece of lower-cased text.

        No token holds a space, so the token regex finds in a piece exactly what it finds
        there in the whole comment (``text._regex_words``, before boundaries are collapsed).
        """
        out = self._chunks.get(chunk)
        if out is None:
            toks: list[str] = []
            for emo, w, _ in textmod.resources().token_re.findall(chunk):
                if w:
                    toks.extend(textmod.normalise_word(w))
                else:
                    toks.append(emo or textmod.BOUNDARY)
            out = self._chunks[chunk] = tuple(map(self.id_of, toks))
        return out

    def is_phrase_first(self, ids: np.ndarray) -> np.ndarray:
        return np.isin(ids, self._phrase_firsts)

    def phrases_of_length(self, k: int) -> list[tuple[tuple[int, ...], int]]:
        return [(w, j) for opts in self.phrases.values() for w, j in opts if len(w) == k]

    def phrase_tables(self) -> dict[int, Callable[[int], tuple[np.ndarray, np.ndarray]]]:
        """Per phrase length k: a function of the bit width giving (sorted packed k-grams of
        the phrases' word ids, the joined token id of each)."""
        by_len: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for options in self.phrases.values():
            for words, joined in options:
                by_len.setdefault(len(words), []).append((words, joined))

        def table(rows: list[tuple[tuple[int, ...], int]]):
            def packed(width: int) -> tuple[np.ndarray, np.ndarray]:
                keys = []
                for words, _ in rows:
                    key = 0
                    for w in words:
                        key = (key << width) | w
                    keys.append(key)
                order = np.argsort(keys)
                return (
                    np.asarray(keys, dtype=np.int64)[order],
                    np.asarray([j for _, j in rows], dtype=np.int64)[order],
                )

            return packed

        return {k: table(rows) for k, rows in by_len.items()}


_VOCAB: Vocab | None = None


def vocab() -> Vocab:
    """The process's vocabulary (started over, with a new generation, when it grows too big)."""
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = Vocab()
    elif len(_VOCAB) > VOCAB_MAX:
        _VOCAB = Vocab(_VOCAB.generation + 1)
    return _VOCAB


def reset() -> None:
    """Forget the vocabulary (tests, or after editing data files at runtime)."""
    global _VOCAB
    _VOCAB = None


@dataclass(frozen=True)
class Stream:
    """Token ids of a batch of comments, comment after comment; ``owner[k]`` is the comment
    token k belongs to. ``spliced``: the comments ``text.normalise`` tokenised one by one."""

    ids: np.ndarray
    owner: np.ndarray
    n: int
    spliced: list[int]


def _preprocess(texts: list[str]) -> tuple[list[str], list[int]]:
    """What ``normalise`` does to each comment before finding tokens, run on the joined batch
    (no pattern reaches across ``_JOIN``), and the comments holding a NUL (they come back
    empty)."""
    res = textmod.resources()
    n = len(texts)
    big = _JOIN.join(texts)
    nul: list[int] = []
    if big.count(SEP) != max(n - 1, 0):
        nul = [i for i, t in enumerate(texts) if SEP in t]
        texts = ["" if SEP in t else t for t in texts]
        big = _JOIN.join(texts)
    hints = [m.start() for m in _URL_HINT.finditer(big)]
    if hints:
        lens = np.fromiter(map(len, texts), dtype=np.int64, count=n) + len(_JOIN)
        starts = np.cumsum(lens) - lens
        texts = list(texts)
        for i in np.unique(np.searchsorted(starts, hints, side="right") - 1).tolist():
            texts[i] = textmod._URL.sub(" ", texts[i])
        big = _JOIN.join(texts)
    if "@" in big:
        big = textmod._MENTION.sub(" ", textmod._RETWEET.sub(" ", big))
    if "#" in big:
        big = textmod._HASHTAG.sub(
            lambda m: " " + " ".join(textmod._split_hashtag(m.group(1), res.known)) + " ", big
        )
    big = big.lower()
    if not big.isascii():
        big = textmod._MODIFIERS.sub("", big)
    return big.split(SEP), nul


def tokenise(texts: list[str], voc: Vocab | None = None) -> tuple[Stream, Vocab]:
    """The token stream of ``texts`` (strings); see the module docstring."""
    voc = voc or vocab()
    n = len(texts)
    empty = np.zeros(0, dtype=np.int64)
    if n == 0:
        return Stream(empty, empty, 0, []), voc
    parts, alone = _preprocess(texts)
    if len(parts) != n:  # cannot happen (no step makes a NUL); if it did, go comment by comment
        return _splice(empty, empty, list(range(n)), texts, voc), voc
    alone += [i for i, p in enumerate(parts) if "min" in p and textmod._MIN_NUMBER.search(p)]
    # pieces between spaces, their comment, and each distinct piece once (Arrow, in C++)
    lists = pc.ascii_split_whitespace(pa.array(parts, type=pa.large_string()))
    pieces = pc.dictionary_encode(pc.list_flatten(lists))
    piece_owner = pc.list_parent_indices(lists).to_numpy()
    codes = pieces.indices.to_numpy()
    exp = list(map(voc.chunk, pieces.dictionary.to_pylist()))
    lens = np.fromiter(map(len, exp), dtype=np.int64, count=len(exp))
    flat = np.fromiter((i for e in exp for i in e), dtype=np.int64, count=int(lens.sum()))
    ids = _expand_codes(codes, lens, flat)
    owner = np.repeat(piece_owner, lens[codes])
    ids, owner = _collapse_boundaries(ids, owner)
    ids, owner = _join_phrases(ids, owner, voc)
    return _splice(ids, owner, sorted(set(alone)), texts, voc), voc


def _splice(
    ids: np.ndarray, owner: np.ndarray, alone: list[int], texts: list[str], voc: Vocab
) -> Stream:
    """The stream with the tokens of the comments in ``alone`` replaced by what
    ``text.normalise`` makes of each (in its place: the stream stays in comment order)."""
    if not alone:
        return Stream(ids, owner, len(texts), [])
    keep = ~np.isin(owner, alone)
    ids, owner = ids[keep], owner[keep]
    token_ids = [list(map(voc.id_of, textmod.normalise(texts[i]))) for i in alone]
    counts = np.fromiter(map(len, token_ids), dtype=np.int64, count=len(alone))
    new_ids = np.fromiter((t for ts in token_ids for t in ts), dtype=np.int64)
    new_owner = np.repeat(np.asarray(alone, dtype=np.int64), counts)
    # before the first token of a later comment; np.insert keeps equal positions in order
    at = np.searchsorted(owner, new_owner, side="right")
    return Stream(
        np.insert(ids, at, new_ids),
        np.insert(owner, at, new_owner),
        len(texts),
        alone,
    )


def _expand_codes(codes: np.ndarray, lens: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """``concat(flat[off[c]:off[c]+lens[c]] for c in codes)`` without a Python loop."""
    offs = np.cumsum(lens) - lens
    per = lens[codes]
    total = int(per.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    # for every output slot: the offset of its source run, minus where that run starts in out
    shift = np.repeat(offs[codes] - (np.cumsum(per) - per), per)
    return flat[shift + np.arange(total)]


def _starts(owner: np.ndarray) -> np.ndarray:
    """True where a token is its comment's first."""
    first = np.ones(owner.size, dtype=bool)
    first[1:] = owner[1:] != owner[:-1]
    return first


def _collapse_boundaries(ids: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """No boundary at a comment's start, after another boundary, or at its end (``normalise``)."""
    if ids.size == 0:
        return ids, owner
    isb = ids == BOUNDARY_ID
    prev_b = np.zeros(ids.size, dtype=bool)
    prev_b[1:] = isb[:-1]
    keep = ~(isb & (prev_b | _starts(owner)))
    ids, owner = ids[keep], owner[keep]
    last = np.ones(ids.size, dtype=bool)
    last[:-1] = owner[1:] != owner[:-1]
    keep = ~((ids == BOUNDARY_ID) & last)
    return ids[keep], owner[keep]


def _join_phrases(ids: np.ndarray, owner: np.ndarray, voc: Vocab) -> tuple[np.ndarray, np.ndarray]:
    """Greedy longest match of multi-word entries, left to right (``text._join_phrases``),
    within each comment.

    For every length, the k-grams of the stream are packed into one integer and looked up
    among the phrases of that length at once; only the matches are walked in Python, to drop
    the ones starting inside an earlier match."""
    n = ids.size
    if n == 0 or not voc.is_phrase_first(ids).any():
        return ids, owner
    width = max(int(ids.max()), len(voc.names)).bit_length()
    best = np.zeros(n, dtype=np.int64)  # length of the longest phrase starting here
    joined = np.zeros(n, dtype=np.int64)
    for k, table in sorted(voc.phrase_tables().items()):
        if n < k:
            continue
        if k * width > _PACK_BITS:  # too long to pack: compare the candidates' k-grams one by one
            phrases = {words: j for words, j in voc.phrases_of_length(k)}
            lst = ids.tolist()
            where_list, value_list = [], []
            for i in np.flatnonzero(voc.is_phrase_first(ids[: n - k + 1])).tolist():
                j = phrases.get(tuple(lst[i : i + k]))
                if j is not None and owner[i + k - 1] == owner[i]:
                    where_list.append(i)
                    value_list.append(j)
            where = np.asarray(where_list, dtype=np.int64)
            best[where] = k
            joined[where] = value_list
            continue
        key = ids[: n - k + 1].copy()
        for j in range(1, k):
            key = (key << width) | ids[j : n - k + 1 + j]
        keys, values = table(width)
        pos = np.searchsorted(keys, key)
        pos[pos == keys.size] = 0
        hit = (keys[pos] == key) & (owner[k - 1 :] == owner[: n - k + 1])
        where = np.flatnonzero(hit)
        best[where] = k  # lengths ascend: a longer match overrides a shorter one
        joined[where] = values[pos[where]]
    starts = np.flatnonzero(best)
    if starts.size == 0:
        return ids, owner
    keep = np.ones(n, dtype=bool)
    ids = ids.copy()
    done = 0
    lengths = best[starts].tolist()
    for i, k in zip(starts.tolist(), lengths, strict=True):
        if i < done:
            continue
        ids[i] = joined[i]
        keep[i + 1 : i + k] = False
        done = i + k
    return ids[keep], owner[keep]


def token_lists(stream: Stream, voc: Vocab) -> list[list[str]]:
    """Each comment's tokens as strings (for tests and debugging; scoring stays on ids)."""
    names = np.array(voc.names, dtype=object)[stream.ids].tolist()
    out: list[list[str]] = [[] for _ in range(stream.n)]
    for o, name in zip(stream.owner.tolist(), names, strict=True):
        out[o].append(name)
    return out
