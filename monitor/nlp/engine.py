"""Sentiment, complaint and search terms of a whole batch of comments with array operations.

This is the production engine: ``monitor.nlp.scoring`` sends every batch here. It computes,
for a batch's token stream (``monitor.nlp.tokenstream``), what ``monitor.nlp.reference``
defines one comment at a time, from the same rule objects (``monitor.nlp.rules``) and the same
per-token facts (``reference.token_facts``): every rule is a multiplication or a sum over
integer and float arrays, and only work that depends on a *distinct* thing (a token) runs in
Python. The arithmetic is the reference's, operation for operation and in the same order, so
the floats are identical, not merely close; ``tests/nlp/test_engine.py`` compares the two
on generated, corner-case and random comments.

How each step maps (see ``reference.multipliers``):

* weights start at 1 (0 where ``zero_weight``); a concessive weights the rest of its clause
  (up to ``ends_concession``); the first contrast word weights what precedes and follows it;
* negators and boosters up to ``NEGATION_WINDOW`` tokens back, never past ``stops_look_back``,
  multiply in order of distance; intensifiers that follow multiply in order; last, praise
  in a comment whose irony cue is left positive (``rules.SentimentRules.ironic``);
* a comment's raw score and neutral evidence are sums started from the model's constants and
  added token by token in text order (column by column over the comments, longest first);
* each complaint rule is matched over the whole stream of rule words at once (the next word
  within ``MAX_GAP`` others, same clause), and the matches are summed per comment in the order
  ``reference.matched_rules`` finds them; ``rules.complaint_decision`` and
  ``rules.choose_category`` decide, as they do for the reference.
"""

from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass, field

import numpy as np

from monitor.nlp import emotion, reference, rules, sentiment, tokenstream
from monitor.nlp import text as textmod

SUM_COLUMNS_MAX = 128  # tokens summed column-wise; the rest of a longer comment in Python
_OTHER, _BOUNDARY = 0, 1  # complaint-key codes; rule words are 2, 3, ...
# the kinds of complaint rule a token's stems may start (``TokenTable.rule_kinds``), by the
# ``rules.ComplaintRule`` predicate
_KIND_BITS = {
    "triggers": 1,
    "is_matter": 2,
    "is_problem": 4,
    "is_request": 8,
    "is_question": 16,
    "is_address": 32,
}
_DECISION = {  # complaint_decision's arguments and the rule predicates behind them
    "trigger": "triggers",
    "matter": "is_matter",
    "problem": "is_problem",
    "request": "is_request",
    "question": "is_question",
    "address": "is_address",
}
_MEMBERS = ("zero_weight", "stops_look_back", "ends_concession", "concessive", "irony_cue")
_FACTORS = ("negation", "boost", "intensify", "praise")  # word -> factor (1 for the others)


@dataclass
class TokenTable:
    """Every token id of a vocabulary as arrays of its facts and of the sentiment rules'
    answers for it (keyed by the ``rules.SentimentRules`` attribute they come from), under
    one lexicon; grown as the vocabulary grows."""

    generation: int
    emotions: emotion.EmotionModel | None = None  # the model its emotion columns come from
    size: int = 0
    valence: np.ndarray = field(default_factory=lambda: np.zeros(0))
    neutral: np.ndarray = field(default_factory=lambda: np.zeros(0))
    member: dict[str, np.ndarray] = field(default_factory=dict)  # in the word set
    has: dict[str, np.ndarray] = field(default_factory=dict)  # has a factor (or weights)
    factor: dict[str, np.ndarray] = field(default_factory=dict)
    contrast: np.ndarray = field(default_factory=lambda: np.ones((0, 2)))  # before, after
    rule_kinds: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    term_len: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    term_flat: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rule_len: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rule_flat: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    terms: tokenstream.Interner = field(default_factory=tokenstream.Interner)
    # emotion: each token's summed feature weights (a row per class) and its feature count
    emo_vec: np.ndarray | None = None
    emo_n: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


@functools.cache
def _rule_codes() -> dict[str, int]:
    """Complaint-key codes of the rule words (``_OTHER``, ``_BOUNDARY``, then the words)."""
    words = sorted(rules.rule_vocabulary())
    return {w: i for i, w in enumerate(("\x00", textmod.BOUNDARY, *words))}


def _kind_bits(rs) -> int:
    """The ``_KIND_BITS`` of some complaint rules, or-ed together."""
    return sum(bit for name, bit in _KIND_BITS.items() if any(getattr(r, name) for r in rs))


@functools.cache
def _kinds_started_by() -> dict[str, int]:
    """Per stem: the ``_KIND_BITS`` of the complaint rules whose pattern starts with it."""
    return {first: _kind_bits(rs) for first, rs in rules.rules_by_first_stem().items()}


def _kinds_started(stems: tuple[str, ...]) -> int:
    """The ``_KIND_BITS`` of the complaint rules some of ``stems`` start."""
    starts = _kinds_started_by()
    bits = 0
    for x in stems:
        bits |= starts.get(x, 0)
    return bits


_TABLES: weakref.WeakKeyDictionary[sentiment.IndonesianAnalyzer, TokenTable]
_TABLES = weakref.WeakKeyDictionary()


def _table(a: sentiment.IndonesianAnalyzer, voc: tokenstream.Vocab) -> TokenTable:
    """The lexicon's table, extended to every id of ``voc`` (rebuilt if ``voc`` started over
    or the emotion model is another)."""
    t = _TABLES.get(a)
    m = emotion.model()
    if t is None or t.generation != voc.generation or t.emotions is not m:
        t = _TABLES[a] = TokenTable(voc.generation, m)
    new = voc.names[t.size :]
    if not new:
        return t
    facts = reference.token_facts(new, a)
    r = rules.sentiment_rules()
    codes = _rule_codes()

    def grow(old: np.ndarray | None, values, dtype=bool) -> np.ndarray:
        """``old`` (None: nothing yet) with the values of the new tokens appended."""
        add = np.fromiter(values, dtype=dtype if old is None else old.dtype, count=len(new))
        return add if old is None else np.concatenate((old, add))

    t.valence = grow(t.valence, (f.valence for f in facts))
    t.neutral = grow(t.neutral, (f.neutral for f in facts))
    for name in _MEMBERS:
        words = getattr(r, name)
        t.member[name] = grow(t.member.get(name), (tok in words for tok in new))
    for name in (*_FACTORS, "contrast"):
        factors = getattr(r, name)
        t.has[name] = grow(t.has.get(name), (tok in factors for tok in new))
    for name in _FACTORS:
        factors = getattr(r, name)
        values = (factors.get(tok, 1.0) for tok in new)
        t.factor[name] = grow(t.factor.get(name), values, np.float64)
    weights = [r.contrast.get(tok, (1.0, 1.0)) for tok in new]
    t.contrast = np.concatenate((t.contrast, np.asarray(weights, dtype=np.float64).reshape(-1, 2)))
    t.rule_kinds = grow(t.rule_kinds, (_kinds_started(f.rule_stems) for f in facts))
    term_ids = [tuple(map(t.terms.id_of, f.terms)) for f in facts]
    t.term_len = grow(t.term_len, map(len, term_ids))
    t.term_flat = np.concatenate(
        (t.term_flat, np.fromiter((i for ids in term_ids for i in ids), dtype=np.int64))
    )
    rule_ids = [tuple(codes.get(x, _OTHER) for x in f.rule_stems) for f in facts]
    t.rule_len = grow(t.rule_len, map(len, rule_ids))
    t.rule_flat = np.concatenate(
        (t.rule_flat, np.fromiter((i for ids in rule_ids for i in ids), dtype=np.int64))
    )
    vec, n_feat = m.token_vectors(new, [f.stem for f in facts], [f.valence for f in facts])
    t.emo_vec = vec.T.copy() if t.emo_vec is None else np.concatenate((t.emo_vec, vec.T), axis=1)
    t.emo_n = np.concatenate((t.emo_n, n_feat))
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
    """``reference.multipliers`` of every comment in the stream, in the same order of
    operations per token."""
    n = ids.size
    member, has, factor = t.member, t.has, t.factor
    mult = np.where(member["zero_weight"][ids], 0.0, 1.0)
    first = index == 0
    conc = member["concessive"][ids]
    if conc.any():
        # weighted once per concessive earlier in its clause (up to ``ends_concession``)
        new_seg = member["ends_concession"][ids] | first
        seg_start = np.maximum.accumulate(np.where(new_seg, np.arange(n), 0))
        earlier = np.cumsum(conc) - conc
        times = earlier - earlier[seg_start]
        for k in range(1, int(times.max()) + 1):
            mult = np.where(times >= k, mult * rules.CONCESSIVE_WEIGHT, mult)
    con = has["contrast"][ids]
    if con.any():
        pos = np.flatnonzero(con)
        owners, first_at = np.unique(owner[pos], return_index=True)
        at = np.full(counts.size, -1)
        at[owners] = pos[first_at]
        c = at[owner]
        word = ids[np.maximum(c, 0)]
        here = np.arange(n)
        before, after = t.contrast[word, 0], t.contrast[word, 1]
        by = np.where(c < 0, 1.0, np.where(here < c, before, np.where(here > c, after, 1.0)))
        mult = mult * by
    if (has["negation"][ids] | has["boost"][ids]).any():
        alive = np.ones(n, dtype=bool)
        for d in range(1, rules.NEGATION_WINDOW + 1):
            prev = np.zeros(n, dtype=ids.dtype)
            prev[d:] = ids[:-d]
            alive &= (index >= d) & ~member["stops_look_back"][prev]
            neg = alive & has["negation"][prev]
            by = np.where(neg, factor["negation"][prev], 1.0)
            if d <= rules.BOOSTER_WINDOW:
                boosted = alive & ~neg & has["boost"][prev]
                by = np.where(boosted, factor["boost"][prev], by)
            mult = mult * by
    if has["intensify"][ids].any():
        alive = np.ones(n, dtype=bool)
        remaining = counts[owner] - index - 1
        r = 1
        while True:
            nxt = np.zeros(n, dtype=ids.dtype)
            nxt[:-r] = ids[r:]
            alive &= (remaining >= r) & has["intensify"][nxt]
            if not alive.any():
                break
            mult = mult * np.where(alive, factor["intensify"][nxt], 1.0)
            r += 1
    cue = member["irony_cue"][ids]
    if cue.any() and has["praise"][ids].any():
        ironic = np.bincount(owner[cue & (mult > 0)], minlength=counts.size) > 0
        turn = ironic[owner] & has["praise"][ids] & (mult > 0)
        mult = np.where(turn, mult * factor["praise"][ids], mult)
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
    """The complaint rules as arrays (file order), for matching them over a stream; the flags
    are the rule objects' predicates."""

    patterns: tuple[tuple[int, ...], ...]  # rule words as complaint-key codes
    question: np.ndarray  # indices of the rules a "?" adds
    flags: dict[str, np.ndarray]  # rule predicate (``_KIND_BITS``) -> per-rule flags
    category: np.ndarray  # index into rules.CATEGORY_ORDER of ``cue_category``, else -1
    weight: np.ndarray


@functools.cache
def _rule_arrays() -> _RuleArrays:
    codes = _rule_codes()
    rs = rules.complaint_rules()

    def flags(name: str) -> np.ndarray:
        return np.fromiter((getattr(r, name) for r in rs), dtype=bool, count=len(rs))

    return _RuleArrays(
        patterns=tuple(tuple(codes[w] for w in r.stems) for r in rs),
        question=np.flatnonzero(flags("on_question_mark")),
        flags={name: flags(name) for name in _KIND_BITS},
        category=np.fromiter(
            (rules.CATEGORY_ORDER.index(r.cue_category) if r.cue_category else -1 for r in rs),
            dtype=np.int64,
            count=len(rs),
        ),
        weight=np.fromiter((r.weight for r in rs), dtype=np.float64, count=len(rs)),
    )


def _rule_matches(
    code: np.ndarray, cown: np.ndarray, question: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(comment, rule) for every match of ``reference.matched_rules``, in its order:
    by position, then rule (file order), then the question rules of comments with a "?".

    ``code`` is the comments' rule words, gaps and boundaries (codes of ``_rule_codes``);
    a pattern's next word must follow within ``MAX_GAP`` other words, in the same clause and
    comment, and the nearest occurrence is taken (``reference._matches``).
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
            for g in range(1, rules.MAX_GAP + 2):
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


def _may_complain(ids: np.ndarray, owner: np.ndarray, question: np.ndarray, t: TokenTable):
    """Comments ``rules.complaint_decision`` could call complaints if every rule they hold the
    first word of matched (and, with a "?", the question rules): the others are not."""
    n = question.size
    kinds = t.rule_kinds[ids]
    asked = _kind_bits(rules.question_rules())

    def could(name: str) -> np.ndarray:
        bit = _KIND_BITS[name]
        held = np.bincount(owner, weights=(kinds & bit) != 0, minlength=n) > 0
        return held | (question & bool(asked & bit))

    return rules.complaint_decision(**{arg: could(name) for arg, name in _DECISION.items()})


def _complaints(
    ids: np.ndarray, owner: np.ndarray, need: np.ndarray, question: np.ndarray, t: TokenTable
) -> tuple[np.ndarray, np.ndarray]:
    """``reference.classify_stems`` of every comment in ``need``: (is complaint, category
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

    is_c = need & rules.complaint_decision(
        **{arg: any_of(ra.flags[name]) for arg, name in _DECISION.items()}
    )
    cue = ra.category[rid] >= 0
    n_cat = len(rules.CATEGORY_ORDER)
    cell = own[cue] * n_cat + ra.category[rid[cue]]
    # summed in match order, as classify_stems sums them, so ties come out the same
    weights = np.bincount(cell, weights=ra.weight[rid[cue]], minlength=n * n_cat)
    has = np.bincount(cell, minlength=n * n_cat) > 0
    category = rules.choose_category(weights.reshape(n, n_cat), has.reshape(n, n_cat))
    return is_c, np.where(is_c, category, -1)


def _terms(ids: np.ndarray, owner: np.ndarray, n: int, t: TokenTable) -> list[str]:
    """Space-separated distinct search terms per comment, in order of first appearance."""
    import pandas as pd

    term = tokenstream._expand_codes(ids, t.term_len, t.term_flat) if ids.size else ids
    town = np.repeat(owner, t.term_len[ids])
    first = ~pd.Series(town * len(t.terms.names) + term).duplicated().to_numpy()
    term, town = term[first], town[first]
    names = np.array(t.terms.names, dtype=object)[term].tolist()
    per = np.bincount(town, minlength=n)
    ends = np.cumsum(per).tolist()
    out = []
    a = 0
    for b in ends:
        out.append(" ".join(names[a:b]) if b > a else "")
        a = b
    return out


# ---------------------------------------------------------------------------------------------
def _emotions(
    ids: np.ndarray, owner: np.ndarray, n: int, neutral_label: np.ndarray, t: TokenTable
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``reference.emotion_logits`` and ``emotion.decide`` of every comment: (emotion codes,
    confidences, the top emotion whatever its confidence).

    Per class, ``np.bincount`` adds each comment's token weights one at a time in stream
    order, starting from 0, as the reference's loop does: the floats are the same.
    """
    m = t.emotions
    n_feat = np.bincount(owner, weights=t.emo_n[ids], minlength=n)
    token_sum = np.empty((n, m.width))
    for k in range(m.width):
        token_sum[:, k] = np.bincount(owner, weights=t.emo_vec[k][ids], minlength=n)
    logits = emotion.logits_of(token_sum, n_feat, m)
    code, conf = emotion.decide(logits, neutral_label, n_feat > 0, m)
    top = np.array(m.classes, dtype=object)[logits.argmax(axis=1)]
    return code, conf, np.where(n_feat > 0, top, emotion.NONE)


@dataclass(frozen=True)
class Scores:
    """Column arrays of ``SCORE_COLUMNS`` (``EMOTION_COLUMNS`` included) for a batch of distinct
    texts (``top_emotion``: the likeliest emotion even where ``emotion`` is none)."""

    score: np.ndarray
    label: np.ndarray
    is_complaint: np.ndarray
    category: np.ndarray
    terms: np.ndarray
    emotion: np.ndarray
    emotion_confidence: np.ndarray
    sentiment_confidence: np.ndarray
    top_emotion: np.ndarray


def score_batch(texts: list[str], a: sentiment.IndonesianAnalyzer) -> Scores:
    """Score distinct texts (strings) under ``a``'s lexicon as ``reference.score_comment``
    does, with arrays."""
    n = len(texts)
    stream, voc = tokenstream.tokenise(texts)
    t = _table(a, voc)
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
        if "!" in txt or rules.QUESTION_MARK in txt:
            emphasis[i] = a.emphasis(txt)
            question[i] = rules.QUESTION_MARK in txt
    x = np.where(raw > 0, raw + emphasis, raw - emphasis)
    compound = np.where(raw == 0.0, 0.0, _normalize(x))
    score = np.array([round(v, 4) for v in compound.tolist()], dtype=np.float64)

    strength = np.where(raw != 0.0, np.abs(_normalize(raw)), 0.0)
    neutral_label = sentiment.is_neutral(strength, raw, neutral, a.neutral_max)
    label = np.where(neutral_label, "neutral", np.where(raw > 0, "positive", "negative"))
    sent_conf = sentiment.label_confidence(raw, neutral, label, empty, a)
    emo, emo_conf, top = _emotions(ids, owner, n, neutral_label, t)

    need = _may_complain(ids, owner, question, t)
    is_c = np.zeros(n, dtype=bool)
    cat = np.full(n, None, dtype=object)
    if need.any():
        is_c, which = _complaints(ids, owner, need, question, t)
        names = np.array([*rules.CATEGORY_ORDER, rules.DEFAULT_CATEGORY], dtype=object)
        cat = np.where(is_c, names[which], None)

    terms = np.array(_terms(ids, owner, n, t), dtype=object)
    return Scores(score, label.astype(object), is_c, cat, terms, emo, emo_conf, sent_conf, top)
