"""Indonesian sentiment on VADER's engine: Citra's lexicon, Indonesian negation and contrast.

VADER's rules are English ("not", "but"); its lexicon is English. Citra keeps VADER's scale and
its compound normalisation but replaces the lexicon and the rules:

* lexicon: ``data/lexicon_id.tsv`` (written for this domain), overlaid by ``data/learned_valence.tsv``
  (valences learned from SmSA by ``tools/learn_lexicon.py``, the hand lexicon acting as the prior),
  overlaid by an optional user TSV (``word<TAB>valence``).
* rules (``data/sentiment_words.tsv``): a negator (``tidak, bukan, belum, jangan, tak, tanpa``)
  multiplies the next three tokens of its clause by VADER's ``N_SCALAR`` (-0.74); boosters and
  dampeners multiply the following word by ``1 + value`` (``sangat``, ``agak``) or the preceding
  one (``banget``, ``sekali``); a contrast word (``tapi, namun, tetapi, padahal, sayangnya``)
  halves what precedes it and weights what follows by 1.5, as VADER does for "but"; a concessive
  (``walaupun, meskipun``) halves its own clause.

Every rule is a *multiplier* on a token's valence, so a comment's raw score is a plain sum of
``multiplier x valence`` — which is what makes the learned valences and ``explain`` exact: the
contributions listed by ``explain`` add up to the raw score the compound is computed from.

Labels. ``sentiment_score`` is VADER's compound of the raw score. The label weighs that polarity
against *neutral evidence* ``u`` (learned per word: news-like, factual wording) with the rule of a
three-way softmax over (-raw/2, u, raw/2): **neutral** if ``u + neutral_margin >= |raw| / 2``
(unless the polarity is strong: ``|normalize(raw)| >= neutral_max_compound``) or if
``|compound| < 0.05``, else **positive** / **negative** by the sign of the score. ``neutral_margin``,
the biases and the weights are in ``data/sentiment_model.json`` / ``data/learned_valence.tsv``;
without them (a fresh checkout of the hand lexicon only) neutral means ``|compound| < 0.05``.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, normalize

from monitor.core.errors import CitraError
from monitor.nlp import text as textmod

DATA_DIR = textmod.DATA_DIR
NEUTRAL_COMPOUND = 0.05  # |compound| below this is neutral whatever the neutral evidence
NEGATION_WINDOW = 3
MEMO_SIZE = 200_000  # distinct tokens remembered per analyser before the memo starts over
BOOSTER_WINDOW = 2


@dataclass(frozen=True)
class Modifiers:
    """Indonesian negators, boosters and contrast words (from ``data/sentiment_words.tsv``)."""

    negators: dict[str, float]
    boosters: dict[str, float]  # modify the following sentiment word
    boosters_after: dict[str, float]  # modify the preceding sentiment word
    contrast: dict[str, tuple[float, float]]  # weight before, weight after
    concessive: frozenset[str]  # halve their own clause

    def is_modifier(self, token: str) -> bool:
        return (
            token in self.boosters
            or token in self.boosters_after
            or token in self.contrast
            or token in self.concessive
        )


@functools.cache
def modifiers() -> Modifiers:
    neg: dict[str, float] = {}
    boost: dict[str, float] = {}
    after: dict[str, float] = {}
    contrast: dict[str, tuple[float, float]] = {}
    concessive: set[str] = set()
    for word, kind, value in textmod.read_rows("sentiment_words.tsv"):
        key = word.replace(" ", "_")
        if kind == "negator":
            neg[key] = float(value)
        elif kind == "booster":
            boost[key] = float(value)
        elif kind == "booster_after":
            after[key] = float(value)
        elif kind == "contrast":
            before, aft = (float(v) for v in value.split(","))
            if before > aft:
                concessive.add(key)
            else:
                contrast[key] = (before, aft)
    return Modifiers(neg, boost, after, contrast, frozenset(concessive))


def read_lexicon_file(path: str | Path) -> dict[str, float]:
    """A ``word<TAB>valence`` TSV (the common format of public Indonesian lexicons).

    Extra columns are ignored; a header line whose valence is not a number is skipped.
    Multi-word entries are joined with ``_`` the way the normaliser joins them (they match only
    phrases Citra's own lexicon already knows; single words always match, by form or by stem).
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise CitraError(f"lexicon file {p}: cannot be read ({exc.strerror or exc})") from exc
    out: dict[str, float] = {}
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t") if "\t" in line else line.split(",")
        if len(parts) < 2:
            raise CitraError(f"lexicon file {p}, line {n}: expected word<TAB>valence")
        try:
            value = float(parts[1])
        except ValueError:
            if n == 1:
                continue  # header
            raise CitraError(
                f"lexicon file {p}, line {n}: valence {parts[1]!r} is not a number"
            ) from None
        if not math.isfinite(value):
            raise CitraError(f"lexicon file {p}, line {n}: valence must be finite")
        out["_".join(parts[0].strip().lower().split())] = value
    return out


@functools.cache
def hand_lexicon() -> dict[str, float]:
    """The project's own lexicon plus emoji valences."""
    lex = read_lexicon_file(DATA_DIR / "lexicon_id.tsv")
    lex.update(textmod.resources().emoji)
    return lex


@functools.cache
def no_valence_words() -> frozenset[str]:
    """Names of religions, groups, parties, offices, politicians: no learned valence."""
    lines = (DATA_DIR / "no_valence.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@functools.cache
def surface_keys() -> frozenset[str]:
    """Tokens looked up as they are (not stemmed): hand entries, emoji, modifiers."""
    m = modifiers()
    return frozenset(
        (*hand_lexicon(), *m.negators, *m.boosters, *m.boosters_after, *m.contrast, *m.concessive)
    )


def key_of(token: str, stem: str) -> str:
    """The lexicon key of a token: itself if the hand lexicon knows it, else its stem."""
    return token if token in surface_keys() else stem


@functools.cache
def model_file() -> dict:
    """Learned thresholds and metadata (``data/sentiment_model.json``), or defaults."""
    p = DATA_DIR / "sentiment_model.json"
    if p.exists():
        return json.loads(p.read_text(encoding="utf-8"))
    return {}


def label_from(raw: float, neutral: float, neutral_max: float = 1.0) -> str:
    """The label rule (see the module docstring): ``neutral`` already includes the margin."""
    strength = abs(normalize(raw)) if raw else 0.0
    if strength < NEUTRAL_COMPOUND or (neutral >= abs(raw) / 2 and strength < neutral_max):
        return "neutral"
    return "positive" if raw > 0 else "negative"


def read_neutral_weights(path: str | Path) -> dict[str, float]:
    """Third column of ``learned_valence.tsv``: per-key neutral evidence."""
    out: dict[str, float] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        if len(row) >= 3 and not line.startswith("#"):
            out[row[0]] = float(row[2])
    return out


@functools.cache
def _special_tokens() -> frozenset[str]:
    m = modifiers()
    return frozenset(
        (textmod.BOUNDARY, *m.negators, *m.boosters, *m.boosters_after, *m.contrast, *m.concessive)
    )


def multipliers(tokens: Sequence[str]) -> list[float]:
    """Per-token weight from negation, boosters and contrast (0 for punctuation and modifiers).

    The raw score of a comment is ``sum(weight[i] * valence(token[i]))``; training uses the same
    function so that learned valences mean the same thing at scoring time.
    """
    m = modifiers()
    n = len(tokens)
    mult = [1.0] * n
    boundary = textmod.BOUNDARY
    if _special_tokens().isdisjoint(tokens):
        return mult  # no punctuation or modifier: every token counts as it is
    zero = _zero_weight_tokens()
    contrast_at = -1
    for i, tok in enumerate(tokens):
        if tok in zero:
            mult[i] = 0.0
            if contrast_at < 0 and tok in m.contrast:
                contrast_at = i
    # concessive clauses: from the word to the next boundary
    if not m.concessive.isdisjoint(tokens):
        for i, tok in enumerate(tokens):
            if tok in m.concessive:
                j = i + 1
                while j < n and tokens[j] != boundary and tokens[j] not in m.contrast:
                    mult[j] *= 0.5
                    j += 1
    if contrast_at >= 0:
        before, after = m.contrast[tokens[contrast_at]]
        for i in range(n):
            if i < contrast_at:
                mult[i] *= before
            elif i > contrast_at:
                mult[i] *= after
    # Only negators and boosters change a weight by looking back, only boosters_after by looking
    # ahead: without them the loops below would leave every weight as it is.
    look_back = not _look_back_tokens().isdisjoint(tokens)
    look_ahead = not m.boosters_after.keys().isdisjoint(tokens)
    if not (look_back or look_ahead):
        return mult
    # Only the tokens within reach of a negator or booster (up to NEGATION_WINDOW after it) or
    # just before a following intensifier can change; the others are skipped.
    reach: set[int] = set()
    for j, tok in enumerate(tokens):
        if look_back and (tok in m.negators or tok in m.boosters):
            reach.update(range(j + 1, min(n, j + 1 + NEGATION_WINDOW)))
        if look_ahead and j and tok in m.boosters_after:
            reach.add(j - 1)
    for i in sorted(reach):
        if mult[i] == 0.0:
            continue
        # look back within the clause for negators and boosters
        if look_back:
            for d in range(1, NEGATION_WINDOW + 1):
                j = i - d
                if j < 0:
                    break
                prev = tokens[j]
                if prev == boundary or prev in m.contrast or prev in m.concessive:
                    break
                if prev in m.negators:
                    mult[i] *= m.negators[prev]
                elif d <= BOOSTER_WINDOW and prev in m.boosters:
                    mult[i] *= 1.0 + m.boosters[prev]
        # intensifiers that follow ("bagus banget", "kecewa sekali sekali")
        if look_ahead:
            j = i + 1
            while j < n and tokens[j] in m.boosters_after:
                mult[i] *= 1.0 + m.boosters_after[tokens[j]]
                j += 1
    return mult


@functools.cache
def _zero_weight_tokens() -> frozenset[str]:
    """Tokens whose own weight is 0: the clause boundary and every modifier but the negators."""
    m = modifiers()
    return frozenset((textmod.BOUNDARY, *m.boosters, *m.boosters_after, *m.contrast, *m.concessive))


@functools.cache
def _look_back_tokens() -> frozenset[str]:
    m = modifiers()
    return frozenset((*m.negators, *m.boosters))


class IndonesianAnalyzer(SentimentIntensityAnalyzer):
    """VADER with Citra's lexicon and Indonesian rules, working on normalised tokens.

    Built once per process: VADER's constructor reads its English files, which are then replaced.
    """

    def __init__(self, user_lexicon: dict[str, float] | None = None) -> None:
        super().__init__()
        lex = dict(hand_lexicon())
        learned_path = DATA_DIR / "learned_valence.tsv"
        self.neutral_weights: dict[str, float] = {}
        if learned_path.exists():
            lex.update(read_lexicon_file(learned_path))
            self.neutral_weights = read_neutral_weights(learned_path)
        self.user_lexicon = dict(user_lexicon or {})
        lex.update(self.user_lexicon)
        self.lexicon = lex
        self.emojis = {}  # emoji are tokens of the normaliser, with valences in the lexicon
        meta = model_file() if self.neutral_weights else {}
        self.bias = float(meta.get("bias", 0.0))
        self.neutral_bias = float(meta.get("neutral_bias", -1e9 if not meta else 0.0))
        self.neutral_margin = float(meta.get("neutral_margin", 0.0))
        self.neutral_max = float(meta.get("neutral_max_compound", 1.0))
        self._memo: dict[str, tuple[float, float]] = {}  # token -> (valence, neutral weight)

    def valence_of(self, token: str, stem: str) -> tuple[str, float]:
        """(key, valence): a user entry for the surface form wins, then the usual key."""
        if token in self.user_lexicon:
            return token, self.user_lexicon[token]
        key = key_of(token, stem)
        return key, self.lexicon.get(key, 0.0)

    def analyse(
        self, tokens: Sequence[str], stems: Sequence[str]
    ) -> tuple[float, float, list[tuple[str, float]]]:
        """(raw polarity, neutral evidence incl. margin, [(token, contribution)])."""
        if not tokens:
            return 0.0, 0.0, []
        contrib = []
        raw = self.bias
        neutral = self.neutral_bias + self.neutral_margin
        nw = self.neutral_weights
        memo = self._memo
        if len(memo) > MEMO_SIZE:
            memo.clear()
        for tok, st, w in zip(tokens, stems, multipliers(tokens), strict=True):
            if tok == textmod.BOUNDARY:
                continue
            entry = memo.get(tok)
            if entry is None:
                key, v = self.valence_of(tok, st)
                entry = memo[tok] = (v, nw.get(key, 0.0))
            v, n = entry
            neutral += n
            if w and v:
                contrib.append((tok, w * v))
                raw += w * v
        return raw, neutral, contrib

    def contributions(self, tokens: Sequence[str], stems: Sequence[str]) -> list[tuple[str, float]]:
        """(token, contribution) for every token with a non-zero contribution, in text order."""
        return self.analyse(tokens, stems)[2]

    def compound(self, raw: float, text: str) -> float:
        """VADER's compound: punctuation emphasis ("!!!") then ``x / sqrt(x^2 + 15)``."""
        if raw == 0.0:
            return 0.0
        emphasis = self._punctuation_emphasis(text)
        raw = raw + emphasis if raw > 0 else raw - emphasis
        return round(normalize(raw), 4)

    def label(self, compound: float) -> str:
        """Label from the compound alone (no neutral evidence): prefer ``score_tokens``."""
        if abs(compound) < NEUTRAL_COMPOUND:
            return "neutral"
        return "positive" if compound > 0 else "negative"

    def score_tokens(
        self, text: str, tokens: Sequence[str], stems: Sequence[str]
    ) -> tuple[float, str]:
        """(sentiment_score, sentiment_label) of one normalised comment."""
        raw, neutral, _ = self.analyse(tokens, stems)
        return self.compound(raw, text or ""), label_from(raw, neutral, self.neutral_max)

    def polarity_scores(self, text: str) -> dict:
        """VADER-compatible result for one text (``compound`` is Citra's score)."""
        tokens, stems = textmod.tokens_and_stems(text)
        raw, neutral, pairs = self.analyse(tokens, stems)
        contrib = [v for _, v in pairs]
        c = self.compound(raw, text or "")
        pos = sum(v for v in contrib if v > 0)
        neg = -sum(v for v in contrib if v < 0)
        total = pos + neg + sum(1 for t in tokens if t != textmod.BOUNDARY) or 1.0
        return {
            "label": label_from(raw, neutral, self.neutral_max),
            "neg": round(neg / total, 3),
            "neu": round(1 - (pos + neg) / total, 3),
            "pos": round(pos / total, 3),
            "compound": c,
        }


_ANALYZERS: dict[str, IndonesianAnalyzer] = {}


def analyzer(lexicon_path: str | Path | None = None) -> IndonesianAnalyzer:
    """The shared analyser (one per user-lexicon path, built once)."""
    key = str(lexicon_path or "")
    a = _ANALYZERS.get(key)
    if a is None:
        user = read_lexicon_file(lexicon_path) if lexicon_path else None
        a = IndonesianAnalyzer(user)
        _ANALYZERS[key] = a
    return a


def score(text: str, lexicon_path: str | Path | None = None) -> tuple[float, str]:
    """(compound, label) for one comment."""
    tokens, stems = textmod.tokens_and_stems(text)
    return analyzer(lexicon_path).score_tokens(text, tokens, stems)


def explain(text: str, lexicon_path: str | Path | None = None) -> list[tuple[str, float]]:
    """Which words moved the score: (token, contribution to the raw score), in text order.

    Contributions include negation, boosters and contrast; they sum (with the model's constant
    ``bias``) to the raw score whose VADER normalisation is ``sentiment_score``.
    """
    a = analyzer(lexicon_path)
    tokens, stems = textmod.tokens_and_stems(text)
    return [(t.replace("_", " "), round(v, 4)) for t, v in a.contributions(tokens, stems)]
