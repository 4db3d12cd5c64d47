"""How one comment is scored, step by step: the readable definition of every scoring rule.

``monitor.nlp.engine`` scores whole batches with array operations and is the path imports
take; this module is its specification, walked one comment at a time with the same rule
objects (``monitor.nlp.rules``) and the same per-token facts (``token_facts``). It serves the
explanation of a score ("which words moved it"), the per-row VADER interface
(``polarity_scores``, the benchmark's naive path) and the tests that hold the engine to it
float for float. It is written to be read; its only shortcuts skip a rule for a comment
holding none of its words, or the tokens too far from any negator or booster.

A comment's scores:

1. tokens and stems (``monitor.nlp.text``), and the facts of each distinct token under the
   lexicon in force: valence, neutral evidence, search terms, the stems complaint rules see;
2. ``multipliers``: the weight negation, boosters and contrast give each token;
3. ``analyse``: raw score = bias + sum of weight x valence, neutral evidence = its bias +
   margin + sum of the tokens' evidence, in text order;
4. score = VADER's compound of the raw score, label = ``sentiment.label_from``;
5. ``classify_stems``: the complaint rules;
6. search terms (``text.term_parts`` of every token, distinct, in order);
7. ``emotion_logits`` and ``emotion.decide``: the emotion (``monitor.nlp.emotion``), and the
   calibrated confidences of the emotion and of the sentiment label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from monitor.nlp import emotion, rules, sentiment
from monitor.nlp import text as textmod

FACTS_MEMO_SIZE = 200_000  # distinct tokens remembered per lexicon before the memo starts over


class TokenFacts(NamedTuple):
    """What scoring needs of one distinct token under one lexicon."""

    stem: str
    valence: float
    neutral: float  # neutral evidence
    terms: tuple[str, ...]  # search terms it contributes (``text.term_parts``)
    rule_stems: tuple[str, ...]  # its stems as complaint patterns see them (``text.word_stems``)


def token_facts(tokens: Sequence[str], a: sentiment.IndonesianAnalyzer) -> list[TokenFacts]:
    """The facts of each token under ``a``'s lexicon (remembered by ``a``)."""
    memo = a.token_memo
    if len(memo) > FACTS_MEMO_SIZE:
        memo.clear()
    out = []
    for token in tokens:
        facts = memo.get(token)
        if facts is None:
            st = textmod.stem(token)
            if token == textmod.BOUNDARY:  # punctuation: neither valence nor neutral evidence
                valence, neutral = 0.0, 0.0
            else:
                key, valence = a.valence_of(token, st)
                neutral = a.neutral_weights.get(key, 0.0)
            facts = memo[token] = TokenFacts(
                st, valence, neutral, textmod.term_parts(st), textmod.word_stems(st)
            )
        out.append(facts)
    return out


# --- sentiment ------------------------------------------------------------------------------
def multipliers(tokens: Sequence[str]) -> list[float]:
    """Per-token weight from negation, boosters and contrast (0 for punctuation and modifiers).

    The raw score of a comment is ``sum(weight[i] * valence(token[i]))``; training
    (``tools/learn_lexicon.py``) uses the same function so that learned valences mean the same
    thing at scoring time. The steps are applied in this order (the engine keeps it, so the
    floats agree): own weight, concessive clauses, the first contrast word, then for each token
    the negators and boosters before it (nearest first) and the intensifiers after it, and
    last irony (praise in a comment with an irony cue).
    """
    r = rules.sentiment_rules()
    n = len(tokens)
    if r.zero_weight.isdisjoint(tokens):
        mult = [1.0] * n
    else:
        mult = [0.0 if tok in r.zero_weight else 1.0 for tok in tokens]
    if r.words.isdisjoint(tokens):
        return _irony(tokens, mult, r)  # no modifier: every token keeps its own weight
    # (each rule below is skipped for a comment holding none of its words)
    if not r.concessive.isdisjoint(tokens):
        for i, tok in enumerate(tokens):  # a concessive weights the rest of its clause
            if tok in r.concessive:
                j = i + 1
                while j < n and tokens[j] not in r.ends_concession:
                    mult[j] *= rules.CONCESSIVE_WEIGHT
                    j += 1
    if not r.contrast.keys().isdisjoint(tokens):
        at = next(i for i, tok in enumerate(tokens) if tok in r.contrast)  # the first one
        before, after = r.contrast[tokens[at]]
        for i in range(n):
            if i < at:
                mult[i] *= before
            elif i > at:
                mult[i] *= after
    if not (r.negation.keys().isdisjoint(tokens) and r.boost.keys().isdisjoint(tokens)):
        window = rules.NEGATION_WINDOW
        reached = {  # the tokens a negator or booster is near enough to reach
            i
            for j, tok in enumerate(tokens)
            if tok in r.negation or tok in r.boost
            for i in range(j + 1, min(n, j + 1 + window))
        }
        for i in sorted(reached):  # back within the clause, nearest first
            if not mult[i]:
                continue
            for d in range(1, min(i, window) + 1):
                prev = tokens[i - d]
                if prev in r.stops_look_back:
                    break
                if prev in r.negation:
                    mult[i] *= r.negation[prev]
                elif prev in r.boost and d <= rules.BOOSTER_WINDOW:
                    mult[i] *= r.boost[prev]
    if not r.intensify.keys().isdisjoint(tokens):
        for i in range(n - 1):  # intensifiers that follow ("bagus banget", "kecewa sekali sekali")
            j = i + 1
            while mult[i] and j < n and tokens[j] in r.intensify:
                mult[i] *= r.intensify[tokens[j]]
                j += 1
    return _irony(tokens, mult, r)


def _irony(tokens: Sequence[str], mult: list[float], r: rules.SentimentRules) -> list[float]:
    """Last: praise not negated in a comment with an irony cue not negated (``rules``)."""
    if r.irony_cue.isdisjoint(tokens) or r.praise.keys().isdisjoint(tokens):
        return mult
    if r.ironic(tokens, mult):
        for i, tok in enumerate(tokens):
            if tok in r.praise and mult[i] > 0:
                mult[i] *= r.praise[tok]
    return mult


def analyse(
    tokens: Sequence[str], a: sentiment.IndonesianAnalyzer
) -> tuple[float, float, list[tuple[str, float]]]:
    """(raw polarity, neutral evidence incl. margin, [(token, contribution)]) of one comment."""
    if not tokens:
        return 0.0, 0.0, []
    raw = a.bias
    neutral = a.neutral_bias + a.neutral_margin
    contrib = []
    for tok, w, (_, valence, evidence, _, _) in zip(
        tokens, multipliers(tokens), token_facts(tokens, a), strict=True
    ):
        neutral += evidence
        if w and valence:
            contrib.append((tok, w * valence))
            raw += w * valence
    return raw, neutral, contrib


# --- complaints -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ComplaintResult:
    is_complaint: bool
    category: str | None
    cues: tuple[str, ...]  # matched patterns, for "why is this a complaint"
    agency: str | None = None  # outside the remit: the kind of agency the text names


def _matches(seq: list[str], start: int, pattern: tuple[str, ...]) -> bool:
    """Each next word of ``pattern`` within ``MAX_GAP`` other words, never past a boundary."""
    pos = start
    for word in pattern[1:]:
        for j in range(pos + 1, min(len(seq), pos + 2 + rules.MAX_GAP)):
            if seq[j] == textmod.BOUNDARY:
                return False
            if seq[j] == word:
                pos = j
                break
        else:
            return False
    return True


def matched_rules(
    stems: Sequence[str], has_question_mark: bool = False
) -> list[rules.ComplaintRule]:
    """The complaint rules a comment matches, by position then file order, then the question
    rules if it holds a "?"."""
    seq = [w for s in stems for w in textmod.word_stems(s)]
    present = set(seq)
    matched: list[rules.ComplaintRule] = []
    for i, s in enumerate(seq):
        for r in rules.rules_by_first_stem().get(s, ()):
            # a pattern whose other words are absent cannot match: skip the positional search
            if len(r.stems) == 1 or (present.issuperset(r.stems) and _matches(seq, i, r.stems)):
                matched.append(r)
    if has_question_mark:
        matched.extend(rules.question_rules())
    return matched


def decide(matched: Sequence[rules.ComplaintRule]) -> bool:
    """``rules.complaint_decision`` on the kinds of rule a comment matched."""
    return rules.complaint_decision(
        trigger=any(r.triggers for r in matched),
        matter=any(r.is_matter for r in matched),
        problem=any(r.is_problem for r in matched),
        request=any(r.is_request for r in matched),
        question=any(r.is_question for r in matched),
        address=any(r.is_address for r in matched),
    )


def category_weights(matched: Sequence[rules.ComplaintRule]) -> dict[str, float]:
    """Summed cue weight per category (match order, as the engine sums them)."""
    out: dict[str, float] = {}
    for r in matched:
        if r.cue_category:
            out[r.cue_category] = out.get(r.cue_category, 0.0) + r.weight
    return out


def classify_stems(stems: Sequence[str], has_question_mark: bool = False) -> ComplaintResult:
    """Apply the complaint rules to a comment's stems (see ``data/complaint_rules.tsv``)."""
    matched = matched_rules(stems, has_question_mark)
    if not decide(matched):
        return ComplaintResult(False, None, ())
    weights = np.zeros((1, len(rules.CATEGORY_ORDER)))
    has = np.zeros((1, len(rules.CATEGORY_ORDER)), dtype=bool)
    for r in matched:  # summed in match order
        if r.cue_category:
            k = rules.CATEGORY_ORDER.index(r.cue_category)
            weights[0, k] += r.weight
            has[0, k] = True
    best = int(rules.choose_category(weights, has)[0])
    category = rules.CATEGORY_ORDER[best] if best >= 0 else rules.DEFAULT_CATEGORY
    cues = tuple(dict.fromkeys(" ".join(r.stems) for r in matched))
    agency = rules.choose_agency(matched) if category == rules.REMIT_CATEGORY else None
    return ComplaintResult(True, category, cues, agency)


# --- emotion --------------------------------------------------------------------------------
class EmotionParts(NamedTuple):
    """How a comment's emotion logits are made (``emotion_logits``)."""

    logits: np.ndarray  # (classes,)
    n_features: int
    token_vectors: np.ndarray  # (tokens, classes): each token's features' summed weights


def emotion_logits(
    tokens: Sequence[str], facts: Sequence[TokenFacts], m: emotion.EmotionModel
) -> EmotionParts:
    """Bias + (the tokens' summed weights, added in text order) / sqrt(features)
    (``monitor.nlp.emotion``)."""
    vecs, counts = m.token_vectors(tokens, [f.stem for f in facts], [f.valence for f in facts])
    token_sum = np.zeros(m.width)
    for v in vecs:  # one token at a time, in text order
        token_sum += v
    n = int(counts.sum())
    logits = emotion.logits_of(token_sum[None, :], np.array([n]), m)[0]
    return EmotionParts(logits, n, vecs)


def emotion_of(
    tokens: Sequence[str], facts: Sequence[TokenFacts], neutral_label: bool
) -> tuple[str, float]:
    """(emotion code or "" for none, confidence) of one comment."""
    m = emotion.model()
    parts = emotion_logits(tokens, facts, m)
    code, conf = emotion.decide(
        parts.logits[None, :], np.array([neutral_label]), np.array([parts.n_features > 0]), m
    )
    return str(code[0]), float(conf[0])


def explain_emotion(text: str, a: sentiment.IndonesianAnalyzer) -> tuple[str, float, list]:
    """(emotion, confidence, [(token, contribution)]) of one comment: how much each token's
    features raised the likeliest emotion's logit above the average of the others', in text
    order; the emotion may be "" (none) and the contributions still explain the likeliest
    one."""
    tokens = textmod.normalise(text)
    facts = token_facts(tokens, a)
    raw, neutral, _ = analyse(tokens, a)
    code, conf = emotion_of(
        tokens, facts, sentiment.label_from(raw, neutral, a.neutral_max) == "neutral"
    )
    m = emotion.model()
    parts = emotion_logits(tokens, facts, m)
    if not parts.n_features or not m.weights.size:
        return code, conf, []
    k = int(np.argmax(parts.logits))
    per = parts.token_vectors
    rel = (per[:, k] - (per.sum(axis=1) - per[:, k]) / (m.width - 1)) / np.sqrt(parts.n_features)
    out = [
        (tok.replace("_", " "), round(float(v), 4))
        for tok, v in zip(tokens, rel, strict=True)
        if tok != textmod.BOUNDARY and round(float(v), 4)
    ]
    return code, conf, out


# --- one comment ----------------------------------------------------------------------------
class CommentScores(NamedTuple):
    """A comment's row of ``SCORE_COLUMNS`` (``EMOTION_COLUMNS`` included)."""

    sentiment_score: float
    sentiment_label: str
    is_complaint: bool
    complaint_category: str | None
    terms: str
    emotion: str
    emotion_confidence: float
    sentiment_confidence: float


def score_comment(text: str, a: sentiment.IndonesianAnalyzer) -> CommentScores:
    """The scores of one comment's text under ``a``'s lexicon."""
    tokens = textmod.normalise(text)
    raw, neutral, _ = analyse(tokens, a)
    facts = token_facts(tokens, a)
    complaint = classify_stems([f.stem for f in facts], rules.QUESTION_MARK in text)
    label = sentiment.label_from(raw, neutral, a.neutral_max)
    code, conf = emotion_of(tokens, facts, label == "neutral")
    sent_conf = sentiment.label_confidence(
        np.array([raw]), np.array([neutral]), np.array([label]), np.array([not tokens]), a
    )
    return CommentScores(
        a.compound(raw, text),
        label,
        complaint.is_complaint,
        complaint.category,
        textmod.terms(f.stem for f in facts),
        code,
        conf,
        float(sent_conf[0]),
    )


def score_comments(texts: Sequence[str], a: sentiment.IndonesianAnalyzer) -> list[CommentScores]:
    return [score_comment(t, a) for t in texts]


def explain(text: str, a: sentiment.IndonesianAnalyzer) -> list[tuple[str, float]]:
    """Which words moved the score: (token, contribution to the raw score), in text order.

    Contributions include negation, boosters and contrast; they sum (with the model's constant
    ``bias``) to the raw score whose VADER normalisation is ``sentiment_score``.
    """
    _, _, contrib = analyse(textmod.normalise(text), a)
    return [(t.replace("_", " "), round(v, 4)) for t, v in contrib]


def polarity_scores(text: str, a: sentiment.IndonesianAnalyzer) -> dict:
    """VADER's ``polarity_scores`` result for one text (``compound`` is Citra's score)."""
    tokens = textmod.normalise(text)
    raw, neutral, pairs = analyse(tokens, a)
    contrib = [v for _, v in pairs]
    pos = sum(v for v in contrib if v > 0)
    neg = -sum(v for v in contrib if v < 0)
    total = pos + neg + sum(1 for t in tokens if t != textmod.BOUNDARY) or 1.0
    return {
        "label": sentiment.label_from(raw, neutral, a.neutral_max),
        "neg": round(neg / total, 3),
        "neu": round(1 - (pos + neg) / total, 3),
        "pos": round(pos / total, 3),
        "compound": a.compound(raw, text or ""),
    }
