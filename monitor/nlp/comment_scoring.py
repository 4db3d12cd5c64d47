"""One comment at a time: the reference definition of a comment's scores.

``monitor.stream_scoring`` computes the same results for a whole batch with array operations and
is tested against ``score_comments``; the stream also sends here the few comments it cannot
represent. The per-token facts both need (``token_info``) and the complaint rules' first and
trigger stems live here too, so both paths read them from one place.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from monitor.nlp import complaints, sentiment
from monitor.nlp import text as textmod

Row = tuple[float, str, bool, "str | None", str]

_TRIGGER_KINDS = ("problem", "request", "question")
OTHER = "\x00"  # a stem no complaint rule mentions
COMPLAINT_MEMO_SIZE = 200_000
TOKEN_INFO_SIZE = 200_000  # distinct tokens remembered per lexicon before the memo starts over


_TOKEN_INFO: dict[str | None, dict[str, tuple]] = {}
_COMPLAINT_MEMO: dict[tuple[tuple[str, ...], bool], tuple[bool, str | None]] = {}


def _complaint_key(infos: list[tuple]) -> tuple[str, ...]:
    """The part of a comment's stems the complaint rules can see.

    Stems no rule mentions only count as gap between pattern words: up to ``MAX_GAP`` of them
    are kept as placeholders, a longer run stops every pattern exactly as a clause boundary
    does, so it becomes one; the ends are dropped. Comments with different words around the same
    cues share a key, so the rules run once per key.
    """
    key: list[str] = []
    gap = 0
    max_gap = complaints.MAX_GAP
    for e in infos:
        for x in e[6]:
            if x is OTHER:
                gap += 1
            elif x == textmod.BOUNDARY:
                gap = max_gap + 1
            else:
                if key and gap:
                    if gap > max_gap:
                        key.append(textmod.BOUNDARY)
                    else:
                        key.extend((OTHER,) * gap)
                gap = 0
                key.append(x)
    return tuple(key)


def token_info(
    tok: str,
    a: sentiment.IndonesianAnalyzer,
    special: frozenset[str],
    firsts: frozenset[str],
    triggers: frozenset[str],
    rule_vocab: frozenset[str],
) -> tuple:
    """(stem, valence, neutral weight, is a modifier, may start a complaint rule (1) or a
    triggering one (2), search terms it contributes, its stems as complaint rules see them):
    what scoring needs of one distinct token."""
    st = textmod.stem(tok)
    key, v = a.valence_of(tok, st)
    parts = (st, *(textmod.stem(w) for w in st.split("_"))) if "_" in st else (st,)
    stop = textmod.resources().stopwords
    term_parts = tuple(p for p in parts if len(p) > 1 and p not in stop and p[0].isalnum())
    rule_stems = parts[1:] if "_" in st else parts  # what complaints._expand makes of it
    if tok == textmod.BOUNDARY:  # analyse skips it: neither valence nor neutral evidence
        v, neutral = 0.0, 0.0
    else:
        neutral = a.neutral_weights.get(key, 0.0)
    return (
        st,
        v,
        neutral,
        tok in special,
        (not firsts.isdisjoint(rule_stems)) + (not triggers.isdisjoint(rule_stems)),
        term_parts,
        tuple(x if x in rule_vocab or x == textmod.BOUNDARY else OTHER for x in rule_stems),
    )


@functools.cache
def modifier_tokens() -> frozenset[str]:
    """Tokens that change other tokens' weights (a clause boundary alone changes none)."""
    return sentiment._special_tokens() - {textmod.BOUNDARY}


@functools.cache
def rule_firsts() -> tuple[frozenset[str], frozenset[str]]:
    """First stems of all complaint rules, and of the rules that can trigger a complaint.

    Without a trigger (problem, request or question) no rule set makes a complaint; a "?" adds
    the question rules, which still need another rule to match.
    """
    idx = complaints._index()
    triggers = {k for k, rs in idx.items() if any(r.kind in _TRIGGER_KINDS for r in rs)}
    return frozenset(idx), frozenset(triggers)


@functools.cache
def rule_words() -> frozenset[str]:
    """Every stem some complaint rule mentions."""
    return frozenset(w for r in complaints.rules() for w in r.stems)


@functools.cache
def no_rule_result(has_question_mark: bool) -> complaints.ComplaintResult:
    return complaints.classify_stems([], has_question_mark)


def score_comments(texts: Sequence[str], lexicon_path: str | None) -> list[Row]:
    """Score distinct texts sequentially (also the worker function of the pool).

    Every distinct token is looked up once (stem, valence, neutral weight, flags, terms). A text
    without negators, boosters, contrast words or punctuation has every multiplier at 1, so its
    raw score is the plain sum of its valences, added in text order exactly as
    ``IndonesianAnalyzer.analyse`` adds them; only the other texts go through ``analyse``.
    Complaint rules run only on texts holding a stem some rule starts with.
    """
    a = sentiment.analyzer(lexicon_path)
    special = modifier_tokens()
    firsts, trigger_firsts = rule_firsts()
    rule_vocab = rule_words()
    memo = _COMPLAINT_MEMO
    info = _TOKEN_INFO.setdefault(lexicon_path, {})
    normalise = textmod.normalise
    bias = a.bias
    neutral0 = a.neutral_bias + a.neutral_margin
    neutral_max = a.neutral_max
    label_from = sentiment.label_from
    compound = a.compound
    classify = complaints.classify_stems
    multipliers = sentiment.multipliers
    boundary = textmod.BOUNDARY
    out: list[Row] = []
    for t in texts:
        tokens = normalise(t)
        if not tokens:
            comp = no_rule_result("?" in t)
            out.append(
                (0.0, label_from(0.0, 0.0, neutral_max), comp.is_complaint, comp.category, "")
            )
            continue
        if len(info) > TOKEN_INFO_SIZE:
            info.clear()
        infos = []
        parts: list[str] = []
        raw = bias
        neutral = neutral0
        modified = False
        rule = 0
        for tok in tokens:
            e = info.get(tok)
            if e is None:
                e = info[tok] = token_info(tok, a, special, firsts, trigger_firsts, rule_vocab)
            infos.append(e)
            neutral += e[2]
            if e[1]:
                raw += e[1]
            if e[3]:
                modified = True
            if e[4] > rule:
                rule = e[4]
            parts.extend(e[5])
        if modified:
            # IndonesianAnalyzer.analyse's sum with the token lookups already done
            raw = bias
            for tok, e, w in zip(tokens, infos, multipliers(tokens), strict=True):
                if tok != boundary and w and e[1]:
                    raw += w * e[1]
        question = "?" in t
        if rule > 1 or (question and rule):
            ck = (_complaint_key(infos), question)
            comp = memo.get(ck)
            if comp is None:
                if len(memo) > COMPLAINT_MEMO_SIZE:
                    memo.clear()
                c = classify(ck[0], question)
                comp = memo[ck] = (c.is_complaint, c.category)
        else:
            c = no_rule_result(question)
            comp = (c.is_complaint, c.category)
        out.append(
            (
                compound(raw, t),
                label_from(raw, neutral, neutral_max),
                comp[0],
                comp[1],
                " ".join(dict.fromkeys(parts)),
            )
        )
    return out
