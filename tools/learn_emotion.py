"""Learn the emotion weights from EmoT's training split.

    /path/to/venv-with-scikit-learn/bin/python tools/learn_emotion.py \
        ../shared/data/emot/train.csv --none ../shared/data/smsa/train.tsv

Which text does what (nothing here reads EmoT's validation split, which is kept back for
evaluation):

* EmoT train is cut by a hash of each tweet into a **fit** part (85 %) and a **held-out** part
  (15 %, ``--held-out-percent``) that no weight and no choice is made on; its figures are
  printed and written to ``emotion_model.json`` as the shipped model's;
* on the fit part, 5-fold cross-validation chooses ``C``; the out-of-fold decision values fit
  the temperature (least log-loss) and, with SmSA's neutral training reviews as text that
  carries no emotion, the two ``none`` thresholds (largest six-class macro-F1);
* the shipped weights are fitted on the whole fit part.

Model: NB-SVM (Wang & Manning 2012): per emotion, the features are scaled by their naive-Bayes
log-count ratio (emotion against the rest) and a linear SVM is fitted one-vs-rest. The scaling
folds into the weights, so what ships is one plain linear model: ``weights[f, k] = r_k[f] *
w_k[f]``, read by ``monitor.nlp.emotion``. The features are that module's, computed by the same
functions from ``monitor.nlp.text.normalise`` tokens and the shipped sentiment lexicon.

scikit-learn (``LinearSVC``) is needed by this tool only (``requirements-dev.txt``); scoring
uses numpy.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.nlp import emotion, reference, scoring, sentiment  # noqa: E402
from monitor.nlp import text as textmod  # noqa: E402
from monitor.quality import evaluate  # noqa: E402

CLASSES = tuple(emotion.EMOTIONS)


def read_emot(path: Path) -> tuple[list[str], np.ndarray]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if rows[0] != ["label", "tweet"]:
        raise SystemExit(f"{path}: expected the header label,tweet")
    texts = [evaluate.unplaceholder(t) for _, t in rows[1:]]
    return texts, np.array([CLASSES.index(lab) for lab, _ in rows[1:]])


def held_out(texts: list[str], percent: int) -> np.ndarray:
    """The held-out part: a fixed hash of the text, so it never moves between runs."""
    return np.array([zlib.crc32(t.encode("utf-8")) % 100 < percent for t in texts])


def features(texts: list[str]) -> list[list[str]]:
    """Every feature occurrence of each text, as ``monitor.nlp.emotion`` defines them."""
    a = sentiment.analyzer()
    out = []
    for t in texts:
        tokens = textmod.normalise(t)
        facts = reference.token_facts(tokens, a)
        feats = [
            f
            for tok, fa in zip(tokens, facts, strict=True)
            for f in emotion.word_features(tok, fa.stem, fa.valence)
        ]
        out.append(feats)
    return out


def design(docs: list[list[str]], vocab: dict[str, int]):
    """Rows scaled by 1/sqrt(feature occurrences), counting unknown features too."""
    from scipy import sparse

    r, c, v = [], [], []
    for i, d in enumerate(docs):
        s = 1.0 / np.sqrt(max(len(d), 1))
        for f in d:
            j = vocab.get(f)
            if j is not None:
                r.append(i)
                c.append(j)
                v.append(s)
    return sparse.csr_matrix((v, (r, c)), shape=(len(docs), len(vocab)))


def vocabulary(docs: list[list[str]], min_df: int) -> dict[str, int]:
    df: dict[str, int] = {}
    for d in docs:
        for f in set(d):
            df[f] = df.get(f, 0) + 1
    return {f: i for i, f in enumerate(sorted(f for f, n in df.items() if n >= min_df))}


def fit_nbsvm(X, y: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
    """(weights features x classes, bias per class) with the NB ratios folded in."""
    from sklearn.svm import LinearSVC

    present = (X > 0).astype(np.float64)
    W = np.zeros((X.shape[1], len(CLASSES)))
    b = np.zeros(len(CLASSES))
    for k in range(len(CLASSES)):
        p = 1.0 + np.asarray(present[y == k].sum(axis=0)).ravel()
        q = 1.0 + np.asarray(present[y != k].sum(axis=0)).ravel()
        r = np.log((p / p.sum()) / (q / q.sum()))
        svm = LinearSVC(C=C, max_iter=5000, random_state=0).fit(
            X.multiply(r).tocsr(), (y == k).astype(int)
        )
        W[:, k] = r * svm.coef_.ravel()
        b[k] = svm.intercept_[0]
    return W, b


def macro_f1(gold: np.ndarray, pred: np.ndarray, k: int) -> float:
    fs = []
    for c in range(k):
        tp = np.sum((gold == c) & (pred == c))
        fp = np.sum((gold != c) & (pred == c))
        fn = np.sum((gold == c) & (pred != c))
        fs.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(fs))


def out_of_fold(docs, y, C: float, min_df: int, folds: int = 5) -> np.ndarray:
    """Decision values of each fit-part tweet from a model fitted without its fold."""
    order = np.random.default_rng(0).permutation(len(docs))
    dec = np.zeros((len(docs), len(CLASSES)))
    for f in range(folds):
        va = order[f::folds]
        tr = np.setdiff1d(order, va)
        vocab = vocabulary([docs[i] for i in tr], min_df)
        W, b = fit_nbsvm(design([docs[i] for i in tr], vocab), y[tr], C)
        dec[va] = design([docs[i] for i in va], vocab) @ W + b
    return dec


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def fit_temperature(dec: np.ndarray, y: np.ndarray) -> float:
    """The temperature of least log-loss (a grid over 0.05 .. 5, log-spaced)."""
    grid = np.exp(np.linspace(np.log(0.05), np.log(5.0), 400))
    losses = [-np.log(softmax(dec / t)[np.arange(y.size), y] + 1e-12).mean() for t in grid]
    return float(grid[int(np.argmin(losses))])


def none_thresholds(
    conf_emot: np.ndarray,
    pred_emot: np.ndarray,
    y: np.ndarray,
    neutral_emot: np.ndarray,
    conf_none: np.ndarray,
    neutral_none: np.ndarray,
) -> tuple[float, float, float]:
    """(none_below, none_below_neutral, six-class macro-F1) over EmoT tweets and texts that
    carry no emotion (label 5)."""
    gold = np.concatenate([y, np.full(conf_none.size, len(CLASSES))])
    conf = np.concatenate([conf_emot, conf_none])
    neutral = np.concatenate([neutral_emot, neutral_none])
    top = np.concatenate([pred_emot, np.zeros(conf_none.size, dtype=int)])
    best = (-1.0, 0.0, 0.0)
    grid = np.round(np.arange(0.0, 0.96, 0.01), 2)
    for lo in grid:
        for hi in grid[grid >= lo]:
            pred = np.where(conf < np.where(neutral, hi, lo), len(CLASSES), top)
            f = macro_f1(gold, pred, len(CLASSES) + 1)
            if f > best[0] + 1e-9:
                best = (f, float(lo), float(hi))
    return best[1], best[2], best[0]


def neutral_labels(texts: list[str]) -> np.ndarray:
    labels = scoring.score(texts, scoring.ScoringConfig(workers=1))["sentiment_label"]
    return (labels == "neutral").to_numpy()


def read_smsa_neutral(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            t, lab = line.rsplit("\t", 1)
            if lab.strip() == "neutral":
                out.append(t)
    return out


def _number(v: float) -> str:
    """Three decimals without trailing zeros (rounding further costs accuracy, this does not)."""
    out = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if out in ("-0", "") else out


def write_model(out_dir: Path, vocab, W, b, meta: dict, min_abs: float) -> int:
    names = sorted(vocab, key=vocab.get)
    kept = 0
    with open(out_dir / emotion.WEIGHTS_FILE, "w", encoding="utf-8") as fh:
        fh.write(
            "# Learned by tools/learn_emotion.py from EmoT's training split (IndoNLU benchmark,\n"
            "# Saputri et al. 2018, MIT licence). feature<TAB>weight per emotion, in the order of\n"
            "# emotion_model.json's classes. Features: see monitor/nlp/emotion.py.\n"
        )
        for name, row in zip(names, W, strict=True):
            if np.abs(row).max() < min_abs:
                continue
            kept += 1
            fh.write(name + "\t" + "\t".join(_number(v) for v in row))
            fh.write("\n")
    meta = {"classes": list(CLASSES), "bias": [round(float(v), 4) for v in b], **meta}
    meta["features"] = kept
    (out_dir / emotion.MODEL_FILE).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    return kept


def write_held_out(train: Path, percent: int, out: Path) -> int:
    with open(train, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    held = held_out([evaluate.unplaceholder(t) for _, t in rows[1:]], percent)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([rows[0], *(r for r, h in zip(rows[1:], held, strict=True) if h)])
    print(f"{int(held.sum())} held-out tweets written to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path, help="EmoT train.csv (label,tweet)")
    ap.add_argument("--none", type=Path, help="SmSA train.tsv (its neutral texts); needed to fit")
    ap.add_argument("--held-out-percent", type=int, default=15)
    ap.add_argument("--C", type=float, nargs="+", default=[0.15, 0.25, 0.5, 1.0])
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument(
        "--min-abs", type=float, default=5e-4, help="drop features with smaller weights"
    )
    ap.add_argument("--out-dir", type=Path, default=textmod.DATA_DIR)
    ap.add_argument(
        "--write-held-out",
        type=Path,
        metavar="CSV",
        help="only write the held-out part (label,tweet) there, to evaluate it with "
        "python -m monitor evaluate CSV --task emotion; keep it outside the project",
    )
    args = ap.parse_args(argv)
    if args.write_held_out:
        return write_held_out(args.train, args.held_out_percent, args.write_held_out)
    if not args.none:
        ap.error("--none is needed to fit (SmSA train.tsv: texts that carry no emotion)")

    texts, y = read_emot(args.train)
    test = held_out(texts, args.held_out_percent)
    docs = features(texts)
    fit_docs = [d for d, t in zip(docs, test, strict=True) if not t]
    fit_y = y[~test]
    cv = {}
    decs = {}
    for C in args.C:
        decs[C] = out_of_fold(fit_docs, fit_y, C, args.min_df)
        cv[C] = macro_f1(fit_y, decs[C].argmax(axis=1), len(CLASSES))
        print(f"C={C}: cross-validated macro-F1 {cv[C]:.4f}", file=sys.stderr)
    C = max(cv, key=cv.get)
    dec = decs[C]
    temperature = fit_temperature(dec, fit_y)
    p = softmax(dec / temperature)

    vocab = vocabulary(fit_docs, args.min_df)
    W, b = fit_nbsvm(design(fit_docs, vocab), fit_y, C)
    none_texts = read_smsa_neutral(args.none)
    pn = softmax((design(features(none_texts), vocab) @ W + b) / temperature)
    fit_texts = [t for t, h in zip(texts, test, strict=True) if not h]
    lo, hi, f6 = none_thresholds(
        p.max(axis=1),
        p.argmax(axis=1),
        fit_y,
        neutral_labels(fit_texts),
        pn.max(axis=1),
        neutral_labels(none_texts),
    )
    meta = {
        "temperature": round(temperature, 4),
        "none_below": lo,
        "none_below_neutral": hi,
        "trained_on": "EmoT train split (IndoNLU, MIT licence), the fit part "
        f"(crc32(text) % 100 >= {args.held_out_percent}): {int((~test).sum())} tweets",
        "settings": {"C": C, "min_df": args.min_df, "min_abs": args.min_abs},
        "cross_validated_macro_f1": {str(k): round(v, 4) for k, v in cv.items()},
        "none_calibrated_on": "out-of-fold fit-part tweets and SmSA train's "
        f"{len(none_texts)} neutral texts: six-class macro-F1 {f6:.4f}",
    }
    write_model(args.out_dir, vocab, W, b, meta, args.min_abs)
    emotion.model.cache_clear()

    held = [t for t, h in zip(texts, test, strict=True) if h]
    gold = [CLASSES[i] for i in y[test]]
    res = evaluate.evaluate_emotion(held, gold)
    meta["held_out"] = {
        "n": res["n"],
        "accuracy": res["accuracy"],
        "macro_f1": res["macro_f1"],
        "none_rate": res["none_rate"],
    }
    write_model(args.out_dir, vocab, W, b, meta, args.min_abs)
    emotion.model.cache_clear()
    print(json.dumps(res, indent=2))
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
