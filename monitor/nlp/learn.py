"""Fitting the learned word values: the one fitting rule, for the shipped values and for a
deployment's re-fit on its analysts' corrections.

Model: an ordinal logistic regression whose linear score is exactly Citra's raw sentiment score,
``sum(multiplier_i * valence(token_i))`` with the multipliers of ``reference.multipliers``
(negation, boosters, contrast). So the learned numbers *are* VADER valences under Citra's rules,
and ``explain`` stays exact. A prior pulls every known word towards its prior value (strong
penalty) and other words towards 0 (weaker penalty), so the examples refine the prior rather
than overturn it.

* ``tools/learn_lexicon.py`` fits the shipped values on SmSA with the hand lexicon as the prior.
* ``refit`` fits a deployment's values on its corrections (comment texts with the label an
  analyst gave them) with the *shipped* values as the prior: each re-fit starts from what ships,
  never from an earlier re-fit, so a version is a function of the corrections alone. A fixed
  share of the corrections is held out of the fit (``held_out``: a hash of the text, so a text
  and its repeats stay on one side as corrections accumulate), and the model in force and the
  candidate are compared on it by macro-F1 through the real scoring path.

Plain numpy, no scikit-learn: the sparse products are ``np.bincount`` calls. Deterministic: the
same examples give the same values, bit for bit.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from monitor.nlp import reference, sentiment
from monitor.nlp import text as textmod

LABELS = {"negative": 0, "neutral": 1, "positive": 2}
HELD_OUT_PERCENT = 20  # corrections whose text hashes below this (crc32 % 100) are held out
DECIMALS = 4  # learned values are kept to this many places

Feature = tuple[str, float, bool]  # lexicon key, multiplier, no valence


def featurise(texts: Sequence[str]) -> list[list[Feature]]:
    """Per text: (lexicon key, multiplier, no-valence) of every scoring token.

    Stopwords and ``data/no_valence.txt`` (religions, ethnic groups, parties, offices,
    politicians) get no valence; they may still carry neutral evidence.
    """
    stop = textmod.resources().stopwords | sentiment.no_valence_words()
    out = []
    for t in texts:
        toks, stems = textmod.tokens_and_stems(t)
        feats = []
        for tok, st, w in zip(toks, stems, reference.multipliers(toks), strict=True):
            if tok == textmod.BOUNDARY:
                continue
            key = sentiment.key_of(tok, st)
            feats.append((key, w, key in stop or tok in stop or len(key) < 2))
        out.append(feats)
    return out


def _sparse(docs, index, value):
    rows, cols, vals = [], [], []
    for n, d in enumerate(docs):
        for item in d:
            v = value(item)
            if item[0] in index and v:
                rows.append(n)
                cols.append(index[item[0]])
                vals.append(v)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals)


def fit(
    docs: list[list[Feature]],
    y: np.ndarray,
    prior: dict[str, float],
    *,
    min_df: int,
    lam: float,
    lam_prior: float,
    lam_neutral: float,
    iters: int,
    lr: float,
    use_bias: bool = True,
    weight: np.ndarray | None = None,
    neutral_prior: dict[str, float] | None = None,
    bias: float = 0.0,
    neutral_bias: float = 0.0,
    neutral_offset: float = 0.0,
    sentimental: frozenset[str] | None = None,
) -> tuple[dict[str, float], dict[str, float], float, float]:
    """Softmax over (negative, neutral, positive) with logits (-raw/2, u, raw/2); returns
    (valences, neutral weights, bias, neutral bias) of the vocabulary.

    raw = bias + sum(multiplier * valence): the polarity score VADER normalises;
    u = neutral_bias + neutral_offset + sum(neutral weight): evidence that the comment states
    rather than judges (``neutral_offset``, fixed: the neutral margin scoring adds).

    The vocabulary is the keys of the documents that are in ``prior`` or ``neutral_prior`` or
    in ``min_df`` documents or more; a word outside it keeps its prior (the caller's to apply).
    Valences start at and are pulled towards ``prior`` (``lam_prior``; other words towards 0,
    ``lam``), neutral weights towards ``neutral_prior`` (default 0, ``lam_neutral``); ``bias``
    and ``neutral_bias`` are where the constants start (with no documents, what is returned).
    """
    neutral_prior = neutral_prior or {}
    df = Counter(k for d in docs for k in {k for k, _, _ in d})
    vocab = sorted(k for k, c in df.items() if c >= min_df or k in prior or k in neutral_prior)
    if not docs:
        return {}, {}, float(bias), float(neutral_bias)
    v0 = np.array([prior.get(k, 0.0) for k in vocab])
    n0 = np.array([neutral_prior.get(k, 0.0) for k in vocab])
    index = {k: i for i, k in enumerate(vocab)}
    pr, pc, pv = _sparse(docs, index, lambda it: 0.0 if it[2] else it[1])
    # clear sentiment words of the hand lexicon are never evidence of neutrality ("terima kasih"
    # closes many neutral customer-service texts in SmSA, but thanks the ministry in comments)
    if sentimental is None:
        sentimental = frozenset(k for k, v in prior.items() if abs(v) >= 2.0)
    nr, nc, nv = _sparse(docs, index, lambda it: 0.0 if it[0] in sentimental else 1.0)
    n_docs, dim = len(docs), len(vocab)
    reg = np.where(np.array([k in prior for k in vocab]), lam_prior, lam)
    counts = np.bincount(y, minlength=3).astype(float)
    cw = (n_docs / (3 * np.maximum(counts, 1.0)))[y]
    if weight is not None:  # e.g. tweets of another domain count less than the reviews
        cw = cw * weight
    cw /= cw.sum()
    onehot = np.eye(3)[y]
    # parameters: valences, neutral weights, polarity bias, neutral bias
    theta = np.concatenate([v0, n0, [float(bias), float(neutral_bias)]])
    m, s = np.zeros_like(theta), np.zeros_like(theta)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for it in range(1, iters + 1):
        v, nw, b, nb = theta[:dim], theta[dim : 2 * dim], theta[-2], theta[-1]
        raw = b + np.bincount(pr, weights=pv * v[pc], minlength=n_docs)
        u = nb + neutral_offset + np.bincount(nr, weights=nv * nw[nc], minlength=n_docs)
        z = np.stack([-raw / 2, u, raw / 2], axis=1)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        gz = (p - onehot) * cw[:, None]
        g_raw = (gz[:, 2] - gz[:, 0]) / 2
        g_u = gz[:, 1]
        g = np.empty_like(theta)
        g[:dim] = np.bincount(pc, weights=pv * g_raw[pr], minlength=dim) + 2 * reg * (v - v0)
        g[dim : 2 * dim] = np.bincount(
            nc, weights=nv * g_u[nr], minlength=dim
        ) + 2 * lam_neutral * (nw - n0)
        g[-2] = g_raw.sum() if use_bias else 0.0
        g[-1] = g_u.sum()
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g**2
        theta -= lr * (m / (1 - b1**it)) / (np.sqrt(s / (1 - b2**it)) + eps)
    v, nw = theta[:dim], theta[dim : 2 * dim]
    return (
        {k: float(x) for k, x in zip(vocab, v, strict=True)},
        {k: float(x) for k, x in zip(vocab, nw, strict=True)},
        float(theta[-2]),
        float(theta[-1]),
    )


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    """The mean of the per-label F1 over ``labels`` (a label never predicted scores 0)."""
    fs = []
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        fs.append(2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return sum(fs) / len(fs) if fs else 0.0


# --- re-fitting on corrections ----------------------------------------------------------------


@dataclass(frozen=True)
class RefitSettings:
    """How a deployment's values are re-fitted (documented in docs/sentiment.md).

    The penalties are stronger than SmSA's (``tools/learn_lexicon.py``): a few hundred
    corrections should move the words they are about, not the whole lexicon.
    """

    held_out_percent: int = HELD_OUT_PERCENT
    min_df: int = 2
    lam: float = 3e-3  # towards 0, words the shipped values do not know
    lam_prior: float = 1e-2  # towards the shipped value
    lam_neutral: float = 3e-3  # neutral weights towards the shipped ones
    iters: int = 600
    lr: float = 0.05
    min_abs: float = 0.05  # a new word is kept when its valence or neutral weight reaches this


def held_out(texts: Sequence[str], percent: int = HELD_OUT_PERCENT) -> np.ndarray:
    """Which examples are held out of the fit: ``crc32(text) % 100 < percent``.

    A hash of the text, not of the comment: repeats of one text ("aamiin") fall on one side,
    so the held-out figure measures texts the fit has not seen, and a text stays on its side
    however many corrections are added later.
    """
    return np.array([zlib.crc32(str(t).encode("utf-8")) % 100 < percent for t in texts], dtype=bool)


@dataclass(frozen=True)
class Refit:
    """A candidate model and how it compares with the model in force on the held-out part."""

    values: sentiment.LearnedValues
    fit_examples: int
    held_out_examples: int
    before_macro_f1: float | None  # the model in force, on the held-out corrections
    after_macro_f1: float | None  # the candidate, on the same corrections
    labels: tuple[str, ...]  # the macro-F1 averages over the labels the held-out part holds
    settings: RefitSettings

    def metrics(self) -> dict:
        """The figures as one JSON object (what a stored version keeps)."""
        return {
            "fit_examples": self.fit_examples,
            "held_out_examples": self.held_out_examples,
            "held_out_percent": self.settings.held_out_percent,
            "before_macro_f1": self.before_macro_f1,
            "after_macro_f1": self.after_macro_f1,
            "labels": list(self.labels),
            "settings": asdict(self.settings),
        }


def predict(
    texts: Sequence[str],
    learned: sentiment.LearnedValues | None,
    lexicon_path: str | Path | None = None,
) -> list[str]:
    """Sentiment labels of ``texts`` under ``learned`` (None: shipped) through the engine."""
    from monitor.nlp import engine

    if not texts:
        return []
    a = sentiment.analyzer(lexicon_path or None, learned)
    distinct = list(dict.fromkeys(str(t) for t in texts))
    labels = dict(zip(distinct, engine.score_batch(distinct, a).label.tolist(), strict=True))
    return [str(labels[str(t)]) for t in texts]


def refit(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    in_force: sentiment.LearnedValues | None = None,
    lexicon_path: str | Path | None = None,
    settings: RefitSettings = RefitSettings(),  # noqa: B008 (frozen)
) -> Refit:
    """Re-fit the learned values on corrections (``texts`` with the ``labels`` analysts gave
    them), the shipped values as the prior; compare with ``in_force`` (None: the shipped
    values) on the held-out corrections, both scored with the user lexicon ``lexicon_path``.

    ``ValueError`` names the first example whose label is not negative, neutral or positive.
    """
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    for n, lab in enumerate(labels, start=1):
        if lab not in LABELS:
            raise ValueError(f"correction {n}: label {lab!r} is not one of {', '.join(LABELS)}")
    texts = [str(t) for t in texts]
    hold = held_out(texts, settings.held_out_percent)
    fit_texts = [t for t, h in zip(texts, hold, strict=True) if not h]
    fit_y = np.array([LABELS[lab] for lab, h in zip(labels, hold, strict=True) if not h])
    shipped = sentiment.shipped_values()
    hand = sentiment.hand_lexicon()
    prior = {**hand, **shipped.valence}
    meta = sentiment.model_file() if shipped.neutral else {}
    valence, neutral, bias, neutral_bias = fit(
        featurise(fit_texts),
        fit_y.astype(np.int64),
        prior,
        min_df=settings.min_df,
        lam=settings.lam,
        lam_prior=settings.lam_prior,
        lam_neutral=settings.lam_neutral,
        iters=settings.iters,
        lr=settings.lr,
        use_bias=False,
        neutral_prior=dict(shipped.neutral),
        bias=shipped.bias,
        neutral_bias=shipped.neutral_bias,
        neutral_offset=float(meta.get("neutral_margin", 0.0)),
        sentimental=frozenset(k for k, v in hand.items() if abs(v) >= 2.0),
    )
    values = _values(valence, neutral, bias, neutral_bias, shipped, hand, settings.min_abs)
    gold = [lab for lab, h in zip(labels, hold, strict=True) if h]
    test = [t for t, h in zip(texts, hold, strict=True) if h]
    before = after = None
    used: tuple[str, ...] = ()
    if test:
        old = predict(test, in_force, lexicon_path)
        new = predict(test, values, lexicon_path)
        used = tuple(lab for lab in LABELS if lab in gold)  # the same for every model
        before = round(macro_f1(gold, old, used), 4)
        after = round(macro_f1(gold, new, used), 4)
    return Refit(values, len(fit_texts), len(test), before, after, used, settings)


def _values(
    valence, neutral, bias, neutral_bias, shipped, hand, min_abs
) -> sentiment.LearnedValues:
    """The shipped values with the fitted ones over them (rounded to ``DECIMALS``): a word
    the shipped values lack is kept only where it differs from what it would be without it."""
    out_v: dict[str, float] = dict(shipped.valence)
    out_n: dict[str, float] = dict(shipped.neutral)
    for k, v in valence.items():
        v, nw = round(v, DECIMALS), round(neutral.get(k, 0.0), DECIMALS)
        if k in shipped.valence or k in shipped.neutral:
            out_v[k], out_n[k] = v, nw
        elif k in hand:
            if v != hand[k] or nw:
                out_v[k], out_n[k] = v, nw
        elif abs(v) >= min_abs or abs(nw) >= min_abs:
            out_v[k], out_n[k] = v, nw
    return sentiment.LearnedValues(
        out_v, out_n, round(bias, DECIMALS), round(neutral_bias, DECIMALS)
    )
