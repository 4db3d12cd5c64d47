"""Indonesian sentiment on VADER's engine: Citra's lexicon, Indonesian negation and contrast.

VADER's rules are English ("not", "but"); its lexicon is English. Citra keeps VADER's scale and
its compound normalisation but replaces the lexicon and the rules:

* lexicon: ``data/lexicon_id.tsv`` (written for this domain), overlaid by the learned values
  (``LearnedValues``: by default the shipped ``data/learned_valence.tsv``, learned from SmSA by
  ``tools/learn_lexicon.py`` with the hand lexicon as the prior; or a deployment's own values
  re-fitted on its analysts' corrections, ``monitor.nlp.learn``), overlaid by an optional user
  TSV (``word<TAB>valence``).
* rules (``data/sentiment_words.tsv``, as objects in ``monitor.nlp.rules``): a negator
  (``tidak, bukan, belum, jangan, tak, tanpa``) multiplies the next three tokens of its clause by
  VADER's ``N_SCALAR`` (-0.74); boosters and dampeners multiply the following word by
  ``1 + value`` (``sangat``, ``agak``) or the preceding one (``banget``, ``sekali``); a contrast
  word (``tapi, namun, tetapi, padahal, sayangnya``) halves what precedes it and weights what
  follows by 1.5, as VADER does for "but"; a concessive (``walaupun, meskipun``) halves its own
  clause.

Every rule is a *multiplier* on a token's valence, so a comment's raw score is a plain sum of
``multiplier x valence`` (``monitor.nlp.reference`` spells it out) — which is what makes the
learned valences and ``explain`` exact: the contributions listed by ``explain`` add up to the
raw score the compound is computed from.

This module holds the lexicons (valence and neutral evidence per key), the label rule and the
VADER-compatible analyser.

Labels. ``sentiment_score`` is VADER's compound of the raw score. The label weighs that polarity
against *neutral evidence* ``u`` (learned per word: news-like, factual wording) with the rule of a
three-way softmax over (-raw/2, u, raw/2): **neutral** if ``u + neutral_margin >= |raw| / 2``
(unless the polarity is strong: ``|normalize(raw)| >= neutral_max_compound``) or if
``|compound| < 0.05``, else **positive** / **negative** by the sign of the score. ``neutral_margin``,
the biases and the weights are in ``data/sentiment_model.json`` / ``data/learned_valence.tsv``;
without them (a fresh checkout of the hand lexicon only) neutral means ``|compound| < 0.05``.

Confidence. ``sentiment_confidence`` is the label's probability under that same softmax
(``label_probability``), Platt-scaled on SmSA valid (``confidence_scale``, ``confidence_shift``
in ``sentiment_model.json``) so that it is a calibrated probability of the label being right
(``label_confidence``); a comment without tokens is neutral for certain.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, normalize

from monitor.core.errors import CitraError
from monitor.nlp import rules
from monitor.nlp import text as textmod
from monitor.nlp.learned_values import LearnedValues

DATA_DIR = textmod.DATA_DIR
NEUTRAL_COMPOUND = 0.05  # |compound| below this is neutral whatever the neutral evidence
ANALYZERS_KEPT = 8  # analysers (one per version of a user lexicon) kept per process


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
    return frozenset(hand_lexicon()) | rules.sentiment_rules().words


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


def is_neutral(strength, raw, neutral, neutral_max):
    """The neutral rule (see the module docstring) from ``strength = |normalize(raw)|`` (0 for
    a raw score of 0): elementwise, on floats or on arrays alike."""
    return (strength < NEUTRAL_COMPOUND) | ((neutral >= abs(raw) / 2) & (strength < neutral_max))


def label_probability(raw, neutral, label):
    """Each comment's label's probability under the softmax the labels come from, over
    (-raw/2, neutral evidence incl. margin, raw/2) (arrays)."""
    import numpy as np

    raw = np.asarray(raw, dtype=np.float64)
    z = np.stack([-raw / 2, np.asarray(neutral, dtype=np.float64), raw / 2], axis=-1)
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    p = p / p.sum(axis=-1, keepdims=True)
    label = np.asarray(label)
    which = np.select([label == "negative", label == "neutral"], [0, 1], 2)
    return np.take_along_axis(p, which[..., None], axis=-1)[..., 0]


def label_confidence(raw, neutral, label, empty, a: IndonesianAnalyzer):
    """The calibrated confidence (0..1) of each comment's label, rounded to 4 places (arrays).

    ``sigmoid(scale * logit(p) + shift)`` of the label's probability p (``label_probability``),
    scale and shift fitted on SmSA valid (``tools/learn_lexicon.py``); a comment without
    tokens is neutral for certain (1.0).
    """
    import numpy as np

    p = np.clip(label_probability(raw, neutral, label), 1e-12, 1 - 1e-12)
    x = a.confidence_scale * (np.log(p) - np.log1p(-p)) + a.confidence_shift
    conf = 1.0 / (1.0 + np.exp(-x))
    return np.where(empty, 1.0, np.round(conf, 4))


def label_from(raw: float, neutral: float, neutral_max: float = 1.0) -> str:
    """The label rule (see the module docstring): ``neutral`` already includes the margin."""
    strength = abs(normalize(raw)) if raw else 0.0
    if is_neutral(strength, raw, neutral, neutral_max):
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
def shipped_values() -> LearnedValues:
    """The values shipped in ``data/learned_valence.tsv`` and ``sentiment_model.json`` (none
    in a checkout without them: then neutral means ``|compound| < 0.05``)."""
    path = DATA_DIR / "learned_valence.tsv"
    if not path.exists():
        return LearnedValues({}, {}, 0.0, -1e9)
    valence = read_lexicon_file(path)
    neutral = read_neutral_weights(path)
    meta = model_file() if neutral else {}
    return LearnedValues(
        valence,
        neutral,
        float(meta.get("bias", 0.0)),
        float(meta.get("neutral_bias", -1e9 if not meta else 0.0)),
    )


LexiconKey = tuple[str, int, int] | None  # (path, mtime in ns, size) of a user lexicon file


def lexicon_key(lexicon_path: str | Path | None) -> LexiconKey:
    """Which version of a user lexicon file is in force: an edited file is read again."""
    if not lexicon_path:
        return None
    p = Path(lexicon_path)
    try:
        st = p.stat()
    except OSError:
        return (str(p), -1, -1)  # reading it reports the error
    return (str(p), st.st_mtime_ns, st.st_size)


class IndonesianAnalyzer(SentimentIntensityAnalyzer):
    """VADER with Citra's lexicon and Indonesian rules, working on normalised tokens.

    Built once per lexicon, learned values and process: VADER's constructor reads its English
    files, which are then replaced. It knows valences, neutral evidence and the label
    thresholds; the rules that combine them are in ``monitor.nlp.reference`` (one comment) and
    ``monitor.nlp.engine`` (a batch). ``learned`` None means the shipped values.
    """

    def __init__(
        self,
        user_lexicon: dict[str, float] | None = None,
        key: LexiconKey = None,
        learned: LearnedValues | None = None,
    ):
        super().__init__()
        self.key = key
        values = shipped_values() if learned is None else learned
        self.learned = values
        lex = dict(hand_lexicon())
        lex.update(values.valence)
        self.neutral_weights: dict[str, float] = dict(values.neutral)
        self.user_lexicon = dict(user_lexicon or {})
        lex.update(self.user_lexicon)
        self.lexicon = lex
        self.emojis = {}  # emoji are tokens of the normaliser, with valences in the lexicon
        meta = model_file() if self.neutral_weights else {}
        self.bias = float(values.bias)
        self.neutral_bias = float(values.neutral_bias)
        self.neutral_margin = float(meta.get("neutral_margin", 0.0))
        self.neutral_max = float(meta.get("neutral_max_compound", 1.0))
        self.confidence_scale = float(meta.get("confidence_scale", 1.0))
        self.confidence_shift = float(meta.get("confidence_shift", 0.0))
        self.token_memo: dict = {}  # token -> reference.TokenFacts under this lexicon

    def valence_of(self, token: str, stem: str) -> tuple[str, float]:
        """(key, valence): a user entry for the surface form wins, then the usual key."""
        if token in self.user_lexicon:
            return token, self.user_lexicon[token]
        key = key_of(token, stem)
        return key, self.lexicon.get(key, 0.0)

    def emphasis(self, text: str) -> float:
        """VADER's punctuation emphasis ("!!!", "??") of a comment's text."""
        return self._punctuation_emphasis(text)

    def compound(self, raw: float, text: str) -> float:
        """VADER's compound: punctuation emphasis ("!!!") then ``x / sqrt(x^2 + 15)``."""
        if raw == 0.0:
            return 0.0
        emphasis = self.emphasis(text)
        raw = raw + emphasis if raw > 0 else raw - emphasis
        return round(normalize(raw), 4)

    def label(self, compound: float) -> str:
        """Label from the compound alone (no neutral evidence): prefer ``label_from``."""
        if abs(compound) < NEUTRAL_COMPOUND:
            return "neutral"
        return "positive" if compound > 0 else "negative"


_ANALYZERS: dict[tuple[LexiconKey, str | None], IndonesianAnalyzer] = {}


def analyzer(
    lexicon_path: str | Path | None = None, learned: LearnedValues | None = None
) -> IndonesianAnalyzer:
    """The shared analyser of a user lexicon (or of none) and learned values (None: the
    shipped ones): built once per version of the file and per set of values."""
    key = lexicon_key(lexicon_path)
    cache_key = (key, None if learned is None else learned.digest)
    a = _ANALYZERS.get(cache_key)
    if a is None:
        user = read_lexicon_file(lexicon_path) if lexicon_path else None
        a = IndonesianAnalyzer(user, key, learned)
        if key is not None:  # an older version of the same file is not needed again
            for stale in [c for c in _ANALYZERS if c[0] and c[0][0] == key[0] and c[0] != key]:
                del _ANALYZERS[stale]
        if len(_ANALYZERS) >= ANALYZERS_KEPT:
            _ANALYZERS.clear()
        _ANALYZERS[cache_key] = a
    return a
