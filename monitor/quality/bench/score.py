"""Phase 2, Citra's scoring, and how far it agrees with the naive baseline comment by comment."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from monitor.quality.bench.texts import load_texts

SCORE_TOLERANCE = 1e-9


def phase_score(texts: str, out: str) -> dict[str, Any]:
    from monitor.nlp import scoring

    texts = load_texts(texts)
    n = len(texts)
    # load data files
    scoring.score(["terima kasih, bantuan sudah cair"], scoring.ScoringConfig(workers=1))
    c0, t0 = time.process_time(), time.perf_counter()
    df = scoring.score(texts, scoring.ScoringConfig())
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    df.to_pickle(out)
    return {
        "seconds": elapsed,
        "cpu_timed_self": cpu,
        "comments": n,
        "distinct_texts": len(set(texts)),
    }


def compare(
    naive_file: str | Path, fast_file: str | Path, rows: list[int] | None = None
) -> dict[str, Any]:
    """How far the fast path agrees with the naive one, comment by comment.

    ``rows``: the positions in the fast results that the naive path scored (default: all).
    """
    import pandas as pd

    naive = pd.read_pickle(naive_file)
    fast = pd.read_pickle(fast_file)
    if rows is not None:
        fast = fast.iloc[rows]
    fast = fast.reset_index(drop=True)
    same_score = (naive["score"] - fast["sentiment_score"]).abs() <= SCORE_TOLERANCE
    same_label = naive["label"] == fast["sentiment_label"]
    naive_terms = naive["stemmed"].map(lambda s: frozenset(s.split()))
    fast_terms = fast["terms"].map(lambda s: frozenset((s or "").split()))
    same_terms = naive_terms == fast_terms
    return {
        "compared": int(len(naive)),
        "sentiment_agreement": float((same_score & same_label).mean()) if len(naive) else 1.0,
        "sentiment_disagreements": int((~(same_score & same_label)).sum()),
        "terms_agreement": float(same_terms.mean()) if len(naive) else 1.0,
    }
