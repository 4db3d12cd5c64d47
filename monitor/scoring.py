"""Scoring a batch of comment texts: sentiment, complaint and search terms.

This is the single entry point ingest calls (file -> parse -> normalise -> **score** -> store).

Large exports repeat themselves ("aamiin", "mantap", "terima kasih bu"), so each *distinct* text
is scored once and the results are spread back with an index; each distinct token is normalised
and stemmed once (bounded caches in ``monitor.text``). Above ``PARALLEL_MIN`` distinct texts the
work is split over a small process pool; the results are identical to the sequential path
because every text is scored independently by the same pure functions.
"""

from __future__ import annotations

import functools
import math
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from monitor import complaints, sentiment
from monitor import text as textmod

PARALLEL_MIN = 50_000  # distinct texts below which a process pool costs more than it saves
DEFAULT_WORKERS = 2
SCORE_COLUMNS = [
    "sentiment_score",
    "sentiment_label",
    "is_complaint",
    "complaint_category",
    "terms",
]

Row = tuple[float, str, bool, "str | None", str]


def _clean(t: object) -> str:
    if t is None or (isinstance(t, float) and math.isnan(t)):
        return ""
    return str(t)


def _score_distinct(texts: Sequence[str], lexicon_path: str | None) -> list[Row]:
    """Score distinct texts sequentially (also the worker function of the pool)."""
    a = sentiment.analyzer(lexicon_path)
    out: list[Row] = []
    for t in texts:
        tokens, stems = textmod.tokens_and_stems(t)
        c, label = a.score_tokens(t, tokens, stems)
        comp = complaints.classify_stems(stems, "?" in t)
        out.append((c, label, comp.is_complaint, comp.category, textmod.terms(stems)))
    return out


@functools.cache
def _pool_context():
    # Not "fork": the app server is multi-threaded, and forking a threaded process is unsafe.
    # The fork server imports the scoring modules once; each worker forks from it ready to go.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["monitor.scoring"])
        return ctx
    return multiprocessing.get_context("spawn")


def _warm_worker(lexicon_path: str | None) -> None:
    """Load data files once per worker, before its first chunk."""
    sentiment.analyzer(lexicon_path)
    complaints.rules()


def score_texts(
    texts: Sequence[str],
    *,
    lexicon_path: str | Path | None = None,
    workers: int | None = None,
    parallel_min: int = PARALLEL_MIN,
) -> pd.DataFrame:
    """One row per input text: sentiment_score, sentiment_label, is_complaint, complaint_category, terms.

    ``lexicon_path``: optional user lexicon (``word<TAB>valence``) overriding Citra's entries.
    ``workers``: process count for large batches (default 2; 1 = never use a pool).
    """
    lex = str(lexicon_path) if lexicon_path else None
    series = pd.Series([t if type(t) is str else _clean(t) for t in texts], dtype=object)
    if series.empty:
        return pd.DataFrame(
            {
                "sentiment_score": pd.Series([], dtype="float64"),
                "sentiment_label": pd.Series([], dtype=object),
                "is_complaint": pd.Series([], dtype=bool),
                "complaint_category": pd.Series([], dtype=object),
                "terms": pd.Series([], dtype=object),
            }
        )
    codes, uniques = pd.factorize(series)
    distinct = list(uniques)
    n_workers = DEFAULT_WORKERS if workers is None else max(1, int(workers))
    n_workers = min(n_workers, os.cpu_count() or 1) if workers is None else n_workers
    if n_workers > 1 and len(distinct) > parallel_min:
        n_chunks = n_workers * 4
        size = -(-len(distinct) // n_chunks)
        chunks = [distinct[i : i + size] for i in range(0, len(distinct), size)]
        rows: list[Row] = []
        with ProcessPoolExecutor(
            max_workers=n_workers,
            mp_context=_pool_context(),
            initializer=_warm_worker,
            initargs=(lex,),
        ) as pool:
            for part in pool.map(_score_distinct, chunks, [lex] * len(chunks)):
                rows.extend(part)
    else:
        rows = _score_distinct(distinct, lex)
    scores, labels, is_c, cats, terms = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "sentiment_score": np.asarray(scores, dtype="float64")[codes],
            "sentiment_label": np.asarray(labels, dtype=object)[codes],
            "is_complaint": np.asarray(is_c, dtype=bool)[codes],
            "complaint_category": pd.Series(np.asarray(cats, dtype=object)[codes], dtype=object),
            "terms": np.asarray(terms, dtype=object)[codes],
        }
    )


def explain(text: str, lexicon_path: str | Path | None = None) -> list[tuple[str, float]]:
    """Which words moved the score: (token, contribution) in text order (see monitor.sentiment)."""
    return sentiment.explain(text, lexicon_path)
