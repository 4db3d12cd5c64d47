"""Sentiment, complaint and search terms of a whole batch of comments with array operations.

``comment_scoring.score_comments`` scores one comment at a time; this module computes the same
results for a batch from its token stream (``monitor.tokenstream``): every rule is a
multiplication or a sum over integer and float arrays, and only work that depends on a
*distinct* thing (a token, a complaint key) runs in Python. The arithmetic is the per-comment
arithmetic, operation for operation and in the same order, so the floats are identical, not
merely close; ``tests/test_stream_scoring.py`` compares the two on generated comments.

How each rule maps (see ``sentiment.multipliers``):

* weights start at 1 (0 for punctuation and modifiers); a concessive halves the rest of its
  clause; the first contrast word weights what precedes and follows it;
* negators and boosters up to three tokens back, never across a clause boundary, multiply in
  order of distance; intensifiers that follow multiply in order;
* a comment's raw score and neutral evidence are sums started from the model's constants and
  added token by token in text order (column by column over the comments, longest first);
* each complaint rule is matched over the whole stream of rule words at once (the next word
  within ``MAX_GAP`` others, same clause), and the matches are summed per comment in the order
  ``complaints.classify_stems`` finds them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from monitor.nlp import comment_scoring, complaints, sentiment, tokenstream
from monitor.nlp import text as textmod

SUM_COLUMNS_MAX = 128  # tokens summed column-wise; the rest of a longer comment in Python
_OTHER, _BOUNDARY = 0, 1  # complaint-key codes; rule words are 2, 3, ...


@dataclass
class TokenTable:
    """What scoring needs of every token id of a vocabulary, under one lexicon."""

    generation: int
    size: int = 0
    valence: np.ndarray = field(default_factory=lambda: np.zeros(0))
    neutral: np.ndarray = field(default_factory=lambda: np.zeros(0))
    zero: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    breaker: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    stops_concessive: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    concessive: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    contrast: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    before: np.ndarray = field(default_factory=lambda: np.ones(0))
    after: np.ndarray = field(default_factory=lambda: np.ones(0))
    negator: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    negation: np.ndarray = field(default_factory=lambda: np.ones(0))
    booster: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    boost: np.ndarray = field(default_factory=lambda: np.ones(0))
    intensifier: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    intensify: np.ndarray = field(default_factory=lambda: np.ones(0))
    rule_flag: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    term_len: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    term_flat: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rule_len: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rule_flat: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    terms: dict[str, int] = field(default_factory=dict)
    term_names: list[str] = field(default_factory=list)

    def term_id(self, term: str) -> int:
        i = self.terms.get(term)
        if i is None:
            i = self.terms[term] = len(self.term_names)
            self.term_names.append(term)
        return i


@functools.cache
def _rule_codes() -> tuple[dict[str, int], tuple[str, ...]]:
    """Complaint-key codes of the rule words, and the string each code stands for."""
    words = sorted(comment_scoring.rule_words())
    names = (comment_scoring.OTHER, textmod.BOUNDARY, *words)
    return {w: i for i, w in enumerate(names)}, names


_TABLES: dict[str | None, TokenTable] = {}


def _table(lex: str | None, voc: tokenstream.Vocab) -> TokenTable:
    """The lexicon's table, extended to every id of ``voc`` (rebuilt if ``voc`` started over)."""
    t = _TABLES.get(lex)
    if t is None or t.generation != voc.generation:
        t = _TABLES[lex] = TokenTable(voc.generation)
    new = voc.names[t.size :]
    if not new:
        return t
    a = sentiment.analyzer(lex)
    m = sentiment.modifiers()
    special = comment_scoring.modifier_tokens()
    firsts, triggers = comment_scoring.rule_firsts()
    rule_vocab = comment_scoring.rule_words()
    codes, _ = _rule_codes()
    zero = sentiment._zero_weight_tokens()
    rows = [
        comment_scoring.token_info(tok, a, special, firsts, triggers, rule_vocab) for tok in new
    ]
    b = textmod.BOUNDARY

    def grow(old: np.ndarray, values, dtype=None) -> np.ndarray:
        return np.concatenate((old, np.fromiter(values, dtype=dtype or old.dtype, count=len(new))))

    t.valence = grow(t.valence, (r[1] for r in rows))
    t.neutral = grow(t.neutral, (r[2] for r in rows))
    t.zero = grow(t.zero, (tok in zero for tok in new))
    t.breaker = grow(
        t.breaker, (tok == b or tok in m.contrast or tok in m.concessive for tok in new)
    )
    t.stops_concessive = grow(t.stops_concessive, (tok == b or tok in m.contrast for tok in new))
    t.concessive = grow(t.concessive, (tok in m.concessive for tok in new))
    t.contrast = grow(t.contrast, (tok in m.contrast for tok in new))
    t.before = grow(t.before, (m.contrast.get(tok, (1.0, 1.0))[0] for tok in new))
    t.after = grow(t.after, (m.contrast.get(tok, (1.0, 1.0))[1] for tok in new))
    t.negator = grow(t.negator, (tok in m.negators for tok in new))
    t.negation = grow(t.negation, (m.negators.get(tok, 1.0) for tok in new))
    t.booster = grow(t.booster, (tok in m.boosters for tok in new))
    t.boost = grow(t.boost, (1.0 + m.boosters.get(tok, 0.0) for tok in new))
    t.intensifier = grow(t.intensifier, (tok in m.boosters_after for tok in new))
    t.intensify = grow(t.intensify, (1.0 + m.boosters_after.get(tok, 0.0) for tok in new))
    t.rule_flag = grow(t.rule_flag, (r[4] for r in rows))
    term_ids = [tuple(map(t.term_id, r[5])) for r in rows]
    t.term_len = grow(t.term_len, map(len, term_ids))
    t.term_flat = np.concatenate(
        (t.term_flat, np.fromiter((i for ids in term_ids for i in ids), dtype=np.int64))
    )
    rule_ids = [tuple(codes[x] for x in r[6]) for r in rows]
    t.rule_len = grow(t.rule_len, map(len, rule_ids))
    t.rule_flat = np.concatenate(
        (t.rule_flat, np.fromiter((i for ids in rule_ids for i in ids), dtype=np.int64))
    )
    t.size = len(voc.names)
    return t


def reset() -> None:
    """Forget the token tables (with ``tokenstream.reset``)."""
    _TABLES.clear()


# ---------------------------------------------------------------------------------------------
def _positions(owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tokens per comment, where each comment starts in the stream, each token's index in its
    comment."""
    counts = np.bincount(owner, minlength=n)
    starts = np.cumsum(counts) - counts
    return counts, starts, np.arange(owner.size) - starts[owner]


def _multipliers(
    ids: np.ndarray, owner: np.ndarray, index: np.ndarray, counts: np.ndarray, t: TokenTable
) -> np.ndarray:
    """``sentiment.multipliers`` of every comment in the stream, in the same order of
    operations per token."""
    n = ids.size
    mult = np.where(t.zero[ids], 0.0, 1.0)
    first = index == 0
    conc = t.concessive[ids]
    if conc.any():
        # halved once per concessive earlier in its clause (stopped by a boundary or contrast);
        # halving is exact, so doing all of them here changes no later product
        new_seg = t.stops_concessive[ids] | first
        seg_start = np.maximum.accumulate(np.where(new_seg, np.arange(n), 0))
        before = np.cumsum(conc) - conc
        halvings = before - before[seg_start]
        mult = mult * np.ldexp(1.0, -halvings)
    con = t.contrast[ids]
    if con.any():
        pos = np.flatnonzero(con)
        owners, first_at = np.unique(owner[pos], return_index=True)
        at = np.full(counts.size, -1)
        at[owners] = pos[first_at]
        c = at[owner]
        word = ids[np.maximum(c, 0)]
        here = np.arange(n)
        factor = np.where(
            c < 0,
            1.0,
            np.where(here < c, t.before[word], np.where(here > c, t.after[word], 1.0)),
        )
        mult = mult * factor
    if (t.negator[ids] | t.booster[ids]).any():
        alive = np.ones(n, dtype=bool)
        for d in range(1, sentiment.NEGATION_WINDOW + 1):
            prev = np.zeros(n, dtype=ids.dtype)
            prev[d:] = ids[:-d]
            alive &= (index >= d) & ~t.breaker[prev]
            neg = alive & t.negator[prev]
            factor = np.where(neg, t.negation[prev], 1.0)
            if d <= sentiment.BOOSTER_WINDOW:
                factor = np.where(alive & ~neg & t.booster[prev], t.boost[prev], factor)
            mult = mult * factor
    if t.intensifier[ids].any():
        alive = np.ones(n, dtype=bool)
        remaining = counts[owner] - index - 1
        r = 1
        while True:
            nxt = np.zeros(n, dtype=ids.dtype)
            nxt[:-r] = ids[r:]
            alive &= (remaining >= r) & t.intensifier[nxt]
            if not alive.any():
                break
            mult = mult * np.where(alive, t.intensify[nxt], 1.0)
            r += 1
    return mult


def _sums(values: np.ndarray, counts: np.ndarray, starts: np.ndarray, start: float) -> np.ndarray:
    """Per comment: ``start`` plus its values added one at a time in order (as a Python loop
    would add them, so the float result is the same), column by column over the comments."""
    out = np.full(counts.size, start, dtype=np.float64)
    if values.size == 0:
        return out
    order = np.argsort(-counts, kind="stable")
    c = counts[order]
    s = starts[order]
    acc = out[order]
    longest = int(c[0])
    # active[j]: comments with more than j tokens (a prefix of the longest-first order)
    active = counts.size - np.cumsum(np.bincount(c, minlength=longest + 1))
    for j in range(min(longest, SUM_COLUMNS_MAX)):
        k = int(active[j])
        acc[:k] += values[s[:k] + j]
    for i in range(int(active[SUM_COLUMNS_MAX - 1]) if longest > SUM_COLUMNS_MAX else 0):
        total = float(acc[i])
        for v in values[s[i] + SUM_COLUMNS_MAX : s[i] + c[i]].tolist():
            total += v
        acc[i] = total
    out[order] = acc
    return out


def _normalize(x: np.ndarray) -> np.ndarray:
    """VADER's ``normalize`` elementwise (same operations, so the same floats)."""
    return np.clip(x / np.sqrt(x * x + 15), -1.0, 1.0)


@dataclass(frozen=True)
class _RuleArrays:
    """The complaint rules as arrays (file order), for matching them over a stream."""

    patterns: tuple[tuple[int, ...], ...]  # rule words as complaint-key codes
    question: np.ndarray  # indices of the rules a "?" adds
    trigger: np.ndarray  # kind problem, request or question
    subject: np.ndarray  # topic or address, or a category cue of weight >= 2
    request: np.ndarray
    asks: np.ndarray  # kind question
    category: np.ndarray  # index into complaints.CATEGORIES, -1 if the rule is no category cue
    weight: np.ndarray


@functools.cache
def _rule_arrays() -> _RuleArrays:
    codes, _ = _rule_codes()
    rules = complaints.rules()
    order = list(complaints.CATEGORIES)

    def flags(pred) -> np.ndarray:
        return np.fromiter(map(pred, rules), dtype=bool, count=len(rules))

    return _RuleArrays(
        patterns=tuple(tuple(codes[w] for w in r.stems) for r in rules),
        question=np.flatnonzero(flags(lambda r: r.stems[0] == "?")),
        trigger=flags(lambda r: r.kind in ("problem", "request", "question")),
        subject=flags(
            lambda r: r.kind in ("topic", "address") or bool(r.category and r.weight >= 2)
        ),
        request=flags(lambda r: r.kind == "request"),
        asks=flags(lambda r: r.kind == "question"),
        category=np.fromiter(
            (
                order.index(r.category) if r.category and r.kind in ("topic", "problem") else -1
                for r in rules
            ),
            dtype=np.int64,
            count=len(rules),
        ),
        weight=np.fromiter((r.weight for r in rules), dtype=np.float64, count=len(rules)),
    )


def _rule_matches(
    code: np.ndarray, cown: np.ndarray, question: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(comment, rule) for every match of ``complaints.classify_stems``, in its order:
    by position, then rule (file order), then the question rules of comments with a "?".

    ``code`` is the comments' rule words, gaps and boundaries (codes of ``_rule_codes``);
    a pattern's next word must follow within ``MAX_GAP`` other words, in the same clause and
    comment, and the nearest occurrence is taken (``complaints._matches``).
    """
    ra = _rule_arrays()
    n = code.size
    by_code = np.argsort(code, kind="stable")
    sorted_codes = code[by_code]
    owners, positions, rule_ids = [], [], []
    for r, pattern in enumerate(ra.patterns):
        lo, hi = np.searchsorted(sorted_codes, [pattern[0], pattern[0] + 1])
        if lo == hi:
            continue
        start = by_code[lo:hi]
        pos = start
        ok = np.ones(start.size, dtype=bool)
        for word in pattern[1:]:
            found = np.zeros(start.size, dtype=bool)
            stopped = np.zeros(start.size, dtype=bool)
            nxt = pos
            for g in range(1, complaints.MAX_GAP + 2):
                j = pos + g
                inside = j < n
                j = np.minimum(j, n - 1)
                inside &= cown[j] == cown[start]
                live = inside & ~found & ~stopped
                cj = code[j]
                stopped |= live & (cj == _BOUNDARY)
                hit = live & (cj == word)
                nxt = np.where(hit, j, nxt)
                found |= hit
            ok &= found
            pos = nxt
        keep = start[ok]
        owners.append(cown[keep])
        positions.append(keep)
        rule_ids.append(np.full(keep.size, r))
    asked = np.flatnonzero(question)
    for r in ra.question.tolist():
        owners.append(asked)
        positions.append(np.full(asked.size, n))  # after every position of the comment
        rule_ids.append(np.full(asked.size, r))
    if not owners:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    own = np.concatenate(owners)
    posn = np.concatenate(positions)
    rid = np.concatenate(rule_ids)
    order = np.lexsort((rid, posn, own))
    return own[order], rid[order]


def _complaints(
    ids: np.ndarray, owner: np.ndarray, need: np.ndarray, question: np.ndarray, t: TokenTable
) -> tuple[np.ndarray, np.ndarray]:
    """``complaints.classify_stems`` of every comment in ``need``: (is complaint, category
    index or -1) per comment of the batch (False / -1 outside ``need``)."""
    n = need.size
    sel = need[owner]
    ids, owner = ids[sel], owner[sel]
    code = tokenstream._expand_codes(ids, t.rule_len, t.rule_flat) if ids.size else ids
    cown = np.repeat(owner, t.rule_len[ids])
    own, rid = _rule_matches(code, cown, question & need)
    ra = _rule_arrays()

    def any_of(mask: np.ndarray) -> np.ndarray:
        return np.bincount(own[mask[rid]], minlength=n) > 0

    is_c = any_of(ra.trigger) & (any_of(ra.subject) | (any_of(ra.request) & any_of(ra.asks)))
    cue = ra.category[rid] >= 0
    n_cat = len(complaints.CATEGORIES)
    # summed in match order, as classify_stems sums them, so ties come out the same
    weights = np.bincount(
        own[cue] * n_cat + ra.category[rid[cue]],
        weights=ra.weight[rid[cue]],
        minlength=n * n_cat,
    ).reshape(n, n_cat)
    has = np.bincount(own[cue] * n_cat + ra.category[rid[cue]], minlength=n * n_cat)
    has = has.reshape(n, n_cat) > 0
    # highest weight among the categories with a cue, ties to the earlier category
    best = np.argmax(np.where(has, weights, -np.inf), axis=1)
    category = np.where(has.any(axis=1), best, -1)
    return is_c & need, np.where(is_c & need, category, -1)


def _terms(ids: np.ndarray, owner: np.ndarray, n: int, t: TokenTable) -> list[str]:
    """Space-separated distinct search terms per comment, in order of first appearance."""
    import pandas as pd

    term = tokenstream._expand_codes(ids, t.term_len, t.term_flat) if ids.size else ids
    town = np.repeat(owner, t.term_len[ids])
    first = ~pd.Series(town * len(t.term_names) + term).duplicated().to_numpy()
    term, town = term[first], town[first]
    names = np.array(t.term_names, dtype=object)[term].tolist()
    per = np.bincount(town, minlength=n)
    ends = np.cumsum(per).tolist()
    out = []
    a = 0
    for b in ends:
        out.append(" ".join(names[a:b]) if b > a else "")
        a = b
    return out


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scores:
    """Column arrays of ``scoring.SCORE_COLUMNS`` for a batch of distinct texts."""

    score: np.ndarray
    label: np.ndarray
    is_complaint: np.ndarray
    category: np.ndarray
    terms: np.ndarray


def score_batch(texts: list[str], lexicon_path: str | None = None) -> Scores:
    """Score distinct texts (strings) as ``comment_scoring.score_comments`` does, with arrays."""
    n = len(texts)
    stream, voc = tokenstream.tokenise(texts)
    t = _table(lexicon_path, voc)
    a = sentiment.analyzer(lexicon_path)
    ids, owner = stream.ids, stream.owner
    counts, starts, index = _positions(owner, n)

    mult = _multipliers(ids, owner, index, counts, t)
    raw = _sums(mult * t.valence[ids], counts, starts, a.bias)
    neutral = _sums(t.neutral[ids], counts, starts, a.neutral_bias + a.neutral_margin)
    empty = counts == 0
    raw[empty] = 0.0
    neutral[empty] = 0.0

    # compound: VADER's punctuation emphasis, then normalize, then Python's round
    emphasis = np.zeros(n)
    question = np.zeros(n, dtype=bool)
    for i, txt in enumerate(texts):
        if "!" in txt or "?" in txt:
            emphasis[i] = a._punctuation_emphasis(txt)
            question[i] = "?" in txt
    x = np.where(raw > 0, raw + emphasis, raw - emphasis)
    compound = np.where(raw == 0.0, 0.0, _normalize(x))
    score = np.array([round(v, 4) for v in compound.tolist()], dtype=np.float64)

    strength = np.where(raw != 0.0, np.abs(_normalize(raw)), 0.0)
    is_neutral = (strength < sentiment.NEUTRAL_COMPOUND) | (
        (neutral >= np.abs(raw) / 2) & (strength < a.neutral_max)
    )
    label = np.where(is_neutral, "neutral", np.where(raw > 0, "positive", "negative")).astype(
        object
    )

    flag = t.rule_flag[ids]
    strong = np.bincount(owner, weights=flag == 2, minlength=n) > 0
    weak = np.bincount(owner, weights=flag >= 1, minlength=n) > 0
    need = strong | (question & weak)
    no_rule = {q: comment_scoring.no_rule_result(q) for q in (False, True)}
    is_c = np.where(question, no_rule[True].is_complaint, no_rule[False].is_complaint)
    cat = np.array(
        [no_rule[True].category if q else no_rule[False].category for q in question.tolist()],
        dtype=object,
    )
    if need.any():
        found, which = _complaints(ids, owner, need, question, t)
        names = np.array([*complaints.CATEGORIES, complaints.DEFAULT_CATEGORY], dtype=object)
        is_c = np.where(need, found, is_c)
        cat = np.where(need, np.where(found, names[which], None), cat)

    terms = np.array(_terms(ids, owner, n, t), dtype=object)

    if stream.fallback:
        rows = comment_scoring.score_comments([texts[i] for i in stream.fallback], lexicon_path)
        for i, row in zip(stream.fallback, rows, strict=True):
            score[i], label[i], is_c[i], cat[i], terms[i] = row
    return Scores(score, label, is_c.astype(bool), cat, terms)
