"""Learn lexicon valences and label thresholds from the SmSA training split.

    .venv/bin/python tools/learn_lexicon.py ../shared/data/smsa/train.tsv \
        --valid ../shared/data/smsa/valid.tsv

Model: an ordinal logistic regression whose linear score is exactly Citra's raw sentiment score,
``sum(multiplier_i * valence(token_i))`` with the multipliers of ``monitor.sentiment.multipliers``
(negation, boosters, contrast). So the learned numbers *are* VADER valences under Citra's rules,
and ``explain`` stays exact. The hand-written lexicon is the prior: its entries are pulled towards
their hand values (strong penalty), other words towards 0 (weaker penalty) - so the restaurant
reviews that dominate SmSA cannot overturn the domain lexicon, only refine it.

Classes are weighted to balance (macro-F1 is the target). Label thresholds are then calibrated on
the validation split through the real scoring path. Outputs (in monitor/data/):
``learned_valence.tsv`` (key<TAB>valence) and ``sentiment_model.json`` (thresholds, bias, meta).

SmSA (IndoNLU, MIT licence) may be learned from and the values shipped; NusaX (CC BY-SA) must not.
Plain numpy, no scikit-learn: the sparse products are ``np.bincount`` calls.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor import sentiment  # noqa: E402
from monitor import text as textmod  # noqa: E402

LABELS = {"negative": 0, "neutral": 1, "positive": 2}


def read_tsv(path: Path) -> tuple[list[str], list[int]]:
    texts, ys = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        t, label = line.rsplit("\t", 1)
        texts.append(t)
        ys.append(LABELS[label.strip()])
    return texts, ys


def featurise(texts: list[str]) -> list[list[tuple[str, float]]]:
    """Per text: (lexicon key, multiplier) of every token that can carry a valence."""
    stop = textmod.resources().stopwords
    out = []
    for t in texts:
        toks, stems = textmod.tokens_and_stems(t)
        feats = []
        for tok, st, w in zip(toks, stems, sentiment.multipliers(toks), strict=True):
            if w == 0.0:
                continue
            key = sentiment.key_of(tok, st)
            if key in stop or len(key) < 2:
                continue
            feats.append((key, w))
        out.append(feats)
    return out


def sig(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def fit(
    docs: list[list[tuple[str, float]]],
    y: np.ndarray,
    prior: dict[str, float],
    *,
    min_df: int,
    lam: float,
    lam_prior: float,
    iters: int,
    lr: float,
) -> tuple[dict[str, float], float, float]:
    df = Counter(k for d in docs for k in {k for k, _ in d})
    vocab = sorted(k for k, c in df.items() if c >= min_df or k in prior)
    index = {k: i for i, k in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for n, d in enumerate(docs):
        for k, w in d:
            if k in index:
                rows.append(n)
                cols.append(index[k])
                vals.append(w)
    rows_a, cols_a, vals_a = np.array(rows), np.array(cols), np.array(vals, dtype=float)
    n_docs, dim = len(docs), len(vocab)
    v0 = np.array([prior.get(k, 0.0) for k in vocab])
    is_prior = np.array([k in prior for k in vocab])
    reg = np.where(is_prior, lam_prior, lam)
    counts = np.bincount(y, minlength=3).astype(float)
    cw = (n_docs / (3 * counts))[y]
    cw /= cw.sum()
    v = v0.copy()
    c = np.array([-1.0, 1.0])  # thresholds c1 < c2
    m_v, s_v = np.zeros(dim), np.zeros(dim)
    m_c, s_c = np.zeros(2), np.zeros(2)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for it in range(1, iters + 1):
        z = np.bincount(rows_a, weights=vals_a * v[cols_a], minlength=n_docs)
        a = sig(z - c[0])
        b = sig(z - c[1])
        gz = np.zeros(n_docs)
        gc = np.zeros((n_docs, 2))
        neg, neu, pos = y == 0, y == 1, y == 2
        gz[neg] = a[neg]
        gc[neg, 0] = -a[neg]
        gz[pos] = -(1 - b[pos])
        gc[pos, 1] = 1 - b[pos]
        d = np.maximum(a[neu] - b[neu], 1e-9)
        da, db = a[neu] * (1 - a[neu]), b[neu] * (1 - b[neu])
        gz[neu] = -(da - db) / d
        gc[neu, 0] = da / d
        gc[neu, 1] = -db / d
        gz *= cw
        g_v = np.bincount(cols_a, weights=vals_a * gz[rows_a], minlength=dim)
        g_v += 2 * reg * (v - v0)
        g_c = (gc * cw[:, None]).sum(axis=0)
        m_v = b1 * m_v + (1 - b1) * g_v
        s_v = b2 * s_v + (1 - b2) * g_v**2
        v -= lr * (m_v / (1 - b1**it)) / (np.sqrt(s_v / (1 - b2**it)) + eps)
        m_c = b1 * m_c + (1 - b1) * g_c
        s_c = b2 * s_c + (1 - b2) * g_c**2
        c -= lr * (m_c / (1 - b1**it)) / (np.sqrt(s_c / (1 - b2**it)) + eps)
        if c[0] > c[1] - 0.05:
            c = np.array([min(c), min(c) + 0.05])
    return {k: float(x) for k, x in zip(vocab, v, strict=True)}, float(c[0]), float(c[1])


def macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    fs = []
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        fs.append(2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return sum(fs) / len(fs)


def calibrate(texts: list[str], gold: list[str]) -> tuple[float, float, float]:
    """Symmetric compound threshold maximising 3-class macro-F1 on the validation texts."""
    a = sentiment.IndonesianAnalyzer()
    a.pos_threshold, a.neg_threshold = 0.05, -0.05
    comp = []
    for t in texts:
        toks, stems = textmod.tokens_and_stems(t)
        comp.append(a.score_tokens(t, toks, stems))
    best = (0.0, 0.05)
    for th in np.arange(0.02, 0.61, 0.01):
        pred = ["positive" if x >= th else "negative" if x <= -th else "neutral" for x in comp]
        f = macro_f1(gold, pred, ["positive", "neutral", "negative"])
        if f > best[0] + 1e-9:
            best = (f, float(th))
    return round(best[1], 2), round(-best[1], 2), best[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("--valid", type=Path, help="split used to calibrate the label thresholds")
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--lam", type=float, default=3e-4, help="L2 towards 0 for learned words")
    ap.add_argument("--lam-prior", type=float, default=3e-3, help="L2 towards hand valences")
    ap.add_argument("--iters", type=int, default=1500)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--min-abs", type=float, default=0.05, help="drop smaller learned valences")
    ap.add_argument("--out-dir", type=Path, default=ROOT / "monitor" / "data")
    args = ap.parse_args(argv)

    texts, ys = read_tsv(args.train)
    docs = featurise(texts)
    prior = dict(sentiment.hand_lexicon())
    learned, c1, c2 = fit(
        docs,
        np.array(ys),
        prior,
        min_df=args.min_df,
        lam=args.lam,
        lam_prior=args.lam_prior,
        iters=args.iters,
        lr=args.lr,
    )
    bias = -(c1 + c2) / 2  # centre the neutral band on 0 so the sign separates pos from neg
    rows = sorted(
        (k, round(v, 3))
        for k, v in learned.items()
        if abs(v) >= args.min_abs or (k in prior and round(v, 3) != prior[k])
    )
    out_tsv = args.out_dir / "learned_valence.tsv"
    with open(out_tsv, "w", encoding="utf-8") as fh:
        fh.write(
            "# Valences learned by tools/learn_lexicon.py from the SmSA training split\n"
            "# (IndoNLU benchmark, data by Prosa.ai, MIT licence). key<TAB>valence, VADER scale;\n"
            "# keys are hand-lexicon words or Sastrawi stems. Overlays lexicon_id.tsv.\n"
        )
        for k, v in rows:
            fh.write(f"{k}\t{v}\n")
    meta = {
        "bias": round(bias, 4),
        "pos_threshold": 0.05,
        "neg_threshold": -0.05,
        "raw_thresholds": [round(c1 + bias, 4), round(c2 + bias, 4)],
        "trained_on": "SmSA train split (IndoNLU, MIT licence)",
        "settings": {
            "min_df": args.min_df,
            "lam": args.lam,
            "lam_prior": args.lam_prior,
            "iters": args.iters,
        },
        "entries": len(rows),
    }
    # the model's own band, as compound values, until calibration replaces it
    half = (c2 - c1) / 2
    meta["pos_threshold"] = round(half / math.sqrt(half * half + 15), 2)
    meta["neg_threshold"] = -meta["pos_threshold"]
    out_json = args.out_dir / "sentiment_model.json"
    out_json.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    sentiment.model_file.cache_clear()
    if args.valid:
        vtexts, vys = read_tsv(args.valid)
        names = {i: k for k, i in LABELS.items()}
        sentiment.model_file.cache_clear()
        pos_t, neg_t, f = calibrate(vtexts, [names[i] for i in vys])
        meta["pos_threshold"], meta["neg_threshold"] = pos_t, neg_t
        meta["calibrated_on"] = "SmSA valid split"
        meta["valid_macro_f1"] = round(f, 4)
        out_json.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
