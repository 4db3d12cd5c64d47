"""Learn lexicon valences and label thresholds from the SmSA training split.

    .venv/bin/python tools/learn_lexicon.py ../shared/data/smsa/train.tsv \
        --valid ../shared/data/smsa/valid.tsv

Model and fitting rule: ``monitor.nlp.learn.fit`` (the one a deployment's re-fit on its
corrections uses too): an ordinal logistic regression whose linear score is exactly Citra's raw
sentiment score. The hand-written lexicon is the prior: its entries are pulled towards their
hand values (strong penalty), other words towards 0 (weaker penalty) - so the restaurant reviews
that dominate SmSA cannot overturn the domain lexicon, only refine it.

Classes are weighted to balance (macro-F1 is the target). Label thresholds are then calibrated on
the validation split through the real scoring path. Outputs (in monitor/nlp/data/):
``learned_valence.tsv`` (key<TAB>valence) and ``sentiment_model.json`` (thresholds, bias, meta).

SmSA (IndoNLU, MIT licence) may be learned from and the values shipped; NusaX (CC BY-SA) must not.
Plain numpy, no scikit-learn: the sparse products are ``np.bincount`` calls.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.nlp import reference, sentiment  # noqa: E402
from monitor.nlp import text as textmod  # noqa: E402
from monitor.nlp.learn import LABELS, featurise, fit, macro_f1  # noqa: E402, F401


def read_tsv(path: Path) -> tuple[list[str], list[int]]:
    texts, ys = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        t, label = line.rsplit("\t", 1)
        texts.append(t)
        ys.append(LABELS[label.strip()])
    return texts, ys


def calibrate(texts: list[str], gold: list[str]) -> tuple[float, float, float]:
    """Neutral margin and cap maximising 3-class macro-F1 on the validation texts.

    The cap keeps a clearly worded comment ("alhamdulillah, berkah") from being called neutral
    in a domain SmSA never saw. Caps within 0.001 of the best macro-F1 are equally good on SmSA;
    the middle one of them is kept rather than an edge of that plateau.
    """
    a = sentiment.IndonesianAnalyzer()
    parts = []
    for t in texts:
        raw, u, _ = reference.analyse(textmod.normalise(t), a)
        parts.append((raw, u))
    best_per_cap = []
    for cap in np.arange(0.3, 1.01, 0.05):
        best = (-1.0, 0.0)
        for margin in np.arange(-1.5, 1.51, 0.05):
            pred = [sentiment.label_from(raw, u + margin, cap) for raw, u in parts]
            f = macro_f1(gold, pred, ["positive", "neutral", "negative"])
            if f > best[0] + 1e-9:
                best = (f, round(float(margin), 2))
        best_per_cap.append((best[0], round(float(cap), 2), best[1]))
    top = max(r[0] for r in best_per_cap)
    near = [r for r in best_per_cap if r[0] >= top - 0.001]
    f, cap, margin = near[len(near) // 2]
    return margin, cap, f


def calibrate_confidence(texts: list[str], gold: list[str]) -> tuple[float, float, float]:
    """(scale, shift, log-loss) of the label confidence on the validation texts.

    The label's probability p under the softmax (-raw/2, neutral evidence + margin, raw/2) is
    mapped to ``sigmoid(scale * logit(p) + shift)`` (Platt scaling: the order of the comments
    is kept); scale and shift minimise the log-loss of "the label is right", so the confidence
    scoring reports (``sentiment.label_confidence``) is a calibrated probability.
    """
    a = sentiment.IndonesianAnalyzer()
    raws, neutrals, labels, empty = [], [], [], []
    for t in texts:
        tokens = textmod.normalise(t)
        raw, u, _ = reference.analyse(tokens, a)
        raws.append(raw)
        neutrals.append(u)
        labels.append(sentiment.label_from(raw, u, a.neutral_max))
        empty.append(not tokens)
    right = np.array([g == p for g, p in zip(gold, labels, strict=True)])
    p = sentiment.label_probability(np.array(raws), np.array(neutrals), np.array(labels))
    p = np.clip(p, 1e-9, 1 - 1e-9)
    logit = np.log(p) - np.log1p(-p)
    best = (np.inf, 1.0, 0.0)
    for scale in np.arange(0.2, 2.001, 0.02):
        for shift in np.arange(-2.0, 2.001, 0.02):
            c = np.clip(1 / (1 + np.exp(-(scale * logit + shift))), 1e-12, 1 - 1e-12)
            loss = float(-np.mean(right * np.log(c) + (~right) * np.log1p(-c)))
            if loss < best[0]:
                best = (loss, float(scale), float(shift))
    return round(best[1], 2), round(best[2], 2), round(best[0], 4)


def confidence_only(valid: Path) -> int:
    """Fit only ``confidence_temperature`` (the learned values and margins stay as they are)."""
    path = sentiment.DATA_DIR / "sentiment_model.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    vtexts, vys = read_tsv(valid)
    names = {i: k for k, i in LABELS.items()}
    meta.pop("confidence_temperature", None)
    meta["confidence_scale"], meta["confidence_shift"], meta["confidence_log_loss"] = (
        calibrate_confidence(vtexts, [names[i] for i in vys])
    )
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))
    return 0


EMOTION_POLARITY = {"happy": 2, "love": 2, "anger": 0, "sadness": 0, "fear": 0}


def read_tweets(path: Path, held_out_percent: int, tune_percent: int) -> tuple[list, list, list]:
    """EmoT tweets as polarity examples (happiness and love positive; anger, sadness and fear
    negative): (texts, labels) of the fit part, without its tuning slice, and the tuning slice
    as (text, label) pairs. The held-out part (``crc32 % 100 < held_out_percent``, as in
    ``tools/learn_emotion.py``) is never read into either."""
    import csv
    import zlib

    from monitor.quality.evaluate import unplaceholder

    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    texts, ys, tune = [], [], []
    for lab, tweet in rows:
        t = unplaceholder(tweet)
        bucket = zlib.crc32(t.encode("utf-8")) % 100
        if bucket < held_out_percent:
            continue
        if bucket < held_out_percent + tune_percent:
            tune.append((t, EMOTION_POLARITY[lab]))
        else:
            texts.append(t)
            ys.append(EMOTION_POLARITY[lab])
    return texts, ys, tune


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("--valid", type=Path, help="split used to calibrate the label thresholds")
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--lam", type=float, default=1e-3, help="L2 towards 0 for learned words")
    ap.add_argument("--lam-prior", type=float, default=3e-3, help="L2 towards hand valences")
    ap.add_argument("--lam-neutral", type=float, default=3e-4, help="L2 on neutral weights")
    ap.add_argument("--bias", action="store_true", help="learn a polarity bias (default 0)")
    ap.add_argument("--iters", type=int, default=1500)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--min-abs", type=float, default=0.05, help="drop smaller learned valences")
    ap.add_argument("--out-dir", type=Path, default=textmod.DATA_DIR)
    ap.add_argument("--tweets", type=Path, help="EmoT train.csv: polarity evidence from tweets")
    ap.add_argument("--tweet-weight", type=float, default=0.5, help="a tweet's weight vs a review")
    ap.add_argument("--tweet-held-out-percent", type=int, default=15)
    ap.add_argument(
        "--tweet-tune-percent",
        type=int,
        default=0,
        help="leave this slice of the fit part out (to choose --tweet-weight on it)",
    )
    ap.add_argument(
        "--confidence-only",
        action="store_true",
        help="only fit the confidence temperature on --valid (keep the learned values)",
    )
    args = ap.parse_args(argv)
    if args.confidence_only:
        if not args.valid:
            ap.error("--confidence-only needs --valid")
        return confidence_only(args.valid)

    if args.valid and args.out_dir.resolve() != sentiment.DATA_DIR.resolve():
        ap.error("--valid calibrates through monitor/nlp/data; keep the default --out-dir with it")
    texts, ys = read_tsv(args.train)
    weight = np.ones(len(texts))
    if args.tweets:
        t_texts, t_ys, _ = read_tweets(
            args.tweets, args.tweet_held_out_percent, args.tweet_tune_percent
        )
        texts, ys = texts + t_texts, ys + t_ys
        weight = np.concatenate([weight, np.full(len(t_texts), args.tweet_weight)])
    docs = featurise(texts)
    prior = dict(sentiment.hand_lexicon())
    learned, neutral, bias, nbias = fit(
        docs,
        np.array(ys),
        prior,
        min_df=args.min_df,
        lam=args.lam,
        lam_prior=args.lam_prior,
        lam_neutral=args.lam_neutral,
        iters=args.iters,
        lr=args.lr,
        use_bias=args.bias,
        weight=weight,
    )
    rows = sorted(
        (k, round(v, 3), round(neutral[k], 3))
        for k, v in learned.items()
        if abs(v) >= args.min_abs
        or abs(neutral[k]) >= args.min_abs
        or (k in prior and round(v, 3) != prior[k])
    )
    out_tsv = args.out_dir / "learned_valence.tsv"
    with open(out_tsv, "w", encoding="utf-8") as fh:
        fh.write(
            "# Learned by tools/learn_lexicon.py from the SmSA training split (IndoNLU benchmark,\n"
            "# data by Prosa.ai, MIT licence). key<TAB>valence<TAB>neutral evidence; VADER scale.\n"
            "# Keys are hand-lexicon words or Sastrawi stems. Overlays lexicon_id.tsv.\n"
        )
        for k, v, nw in rows:
            fh.write(f"{k}\t{v}\t{nw}\n")
    meta = {
        "bias": round(bias, 4),
        "neutral_bias": round(nbias, 4),
        "neutral_margin": 0.0,
        "trained_on": "SmSA train split (IndoNLU, MIT licence)"
        + (
            f"; EmoT train's fit part as polarity (crc32 % 100 >= "
            f"{args.tweet_held_out_percent + args.tweet_tune_percent}), weight "
            f"{args.tweet_weight}"
            if args.tweets
            else ""
        ),
        "settings": {
            "min_df": args.min_df,
            "lam": args.lam,
            "lam_prior": args.lam_prior,
            "lam_neutral": args.lam_neutral,
            "iters": args.iters,
        },
        "entries": len(rows),
    }
    out_json = args.out_dir / "sentiment_model.json"
    out_json.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if args.valid:
        sentiment.model_file.cache_clear()
        vtexts, vys = read_tsv(args.valid)
        names = {i: k for k, i in LABELS.items()}
        margin, cap, f = calibrate(vtexts, [names[i] for i in vys])
        meta["neutral_margin"] = margin
        meta["neutral_max_compound"] = cap
        meta["calibrated_on"] = "SmSA valid split"
        meta["valid_macro_f1"] = round(f, 4)
        sentiment.model_file.cache_clear()
        out_json.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        meta["confidence_scale"], meta["confidence_shift"], meta["confidence_log_loss"] = (
            calibrate_confidence(vtexts, [names[i] for i in vys])
        )
        out_json.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
