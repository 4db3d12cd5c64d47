"""The scoring pool: a batch's chunks of distinct texts shared with worker processes.

``monitor.nlp.scoring.submit`` cuts a batch into chunks and queues them here. Every chunk goes
through the array engine (``monitor.nlp.engine``) with the lexicon the batch was submitted
with, in a worker or in the calling process; the results are identical either way because every
text is scored independently by the same pure functions.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import multiprocessing
import os
import sys
import threading
import types
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

DEFAULT_WORKERS = 2


def _pool_context():
    """How pool workers start.

    A process with one Python thread (the CLI, the benchmark, a test) forks: the worker is
    ready in milliseconds with everything already loaded. A multi-threaded one (the app server)
    must not fork, so it uses a fork server that imports the scoring modules and loads their
    data once; each worker forks from it ready to go.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return _forkserver_context()


@functools.cache
def _forkserver_context():
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["monitor.nlp.preload"])
        return ctx
    return multiprocessing.get_context("spawn")


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed would wait for work forever: leave instead."""
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _warm_worker(lexicon_path: str | None) -> None:
    """A pool worker's start: follow its parent, load what scoring needs."""
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    load_scoring_data(lexicon_path)


def load_scoring_data(lexicon_path: str | None) -> None:
    """Load data files and libraries once per process, before its first chunk."""
    _score_chunk(["terima kasih, bantuan sudah cair?"], lexicon_path)


def _score_chunk(texts: list[str], lexicon_path: str | None, learned=None) -> tuple:
    """One chunk of distinct texts through the engine (also the pool's task).

    ``lexicon_path`` and ``learned`` (``sentiment.LearnedValues`` of an adopted model, None
    for the shipped values) travel with every chunk: a worker reads the user lexicon (each
    version of the file) and builds the analyser of a set of values the first time a chunk
    needs them.
    """
    from monitor.nlp import engine, sentiment

    s = engine.score_batch(texts, sentiment.analyzer(lexicon_path, learned))
    return (
        s.score,
        s.label,
        s.is_complaint,
        s.category,
        s.terms,
        s.emotion,
        s.emotion_confidence,
        s.sentiment_confidence,
    )


_POOL: ProcessPoolExecutor | None = None
_POOL_WORKERS = 0
_POOL_LOCK = threading.Lock()


def _pool(n_workers: int) -> ProcessPoolExecutor:
    """The process's pool, started on first use and kept: starting workers and loading the
    lexicon and stemmer dictionary in each costs about a second, and their caches stay warm."""
    global _POOL, _POOL_WORKERS
    with _POOL_LOCK:
        if _POOL is None or n_workers != _POOL_WORKERS:
            if _POOL is not None:
                _POOL.shutdown(wait=False, cancel_futures=True)
            ctx = _pool_context()
            _POOL = ProcessPoolExecutor(
                max_workers=n_workers,
                mp_context=ctx,
                initializer=_warm_worker,
                initargs=(None,),
            )
            _POOL_WORKERS = n_workers
            if ctx.get_start_method() != "fork":
                with _main_module_hidden():
                    for _ in range(n_workers):  # each submit starts a worker, now
                        _POOL.submit(int)
        return _POOL


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start workers without the parent's ``__main__``.

    A worker started by a fork server (or spawned) first imports the parent's main module.
    Under ``streamlit run`` that is the app script: it would open the store and wait on the
    write lock of the very import the worker is to score for. A bare stand-in hides it while
    the workers start (and is put back only if nobody replaced it meanwhile).
    """
    main = sys.modules.get("__main__")
    stand_in = types.ModuleType("__main__")
    sys.modules["__main__"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("__main__") is stand_in and main is not None:
            sys.modules["__main__"] = main


def shutdown_pool() -> None:
    """Stop the pool's workers (at exit, or to free their memory)."""
    global _POOL, _POOL_WORKERS
    with _POOL_LOCK:
        pool, _POOL, _POOL_WORKERS = _POOL, None, 0
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown_pool)


def _drop_broken_pool(pool: ProcessPoolExecutor) -> None:
    global _POOL, _POOL_WORKERS
    with _POOL_LOCK:
        if _POOL is pool:
            _POOL, _POOL_WORKERS = None, 0
    pool.shutdown(wait=False, cancel_futures=True)


class ScoringJob:
    """Scores of a batch under way (``submit``): chunks of distinct texts queued in the pool.

    ``result()`` makes the calling process the last worker: it scores chunks from the far end
    itself until it meets the ones the pool already took (so it works instead of waiting, and
    no core sits idle), then gathers the rest. A broken pool (a worker killed) is dropped and
    its chunks are scored here.
    """

    def __init__(
        self,
        codes: np.ndarray,
        chunks: list[list[str]],
        lex: str | None,
        futures: list[Future] | None,
        pool: ProcessPoolExecutor | None,
        learned=None,
    ) -> None:
        self._codes = codes
        self._chunks = chunks
        self._lex = lex
        self._futures = futures
        self._pool = pool
        self._learned = learned

    def _parts(self, help_out: bool) -> list[tuple]:
        chunks, lex, futures, learned = self._chunks, self._lex, self._futures, self._learned
        if futures is None:
            return [_score_chunk(c, lex, learned) for c in chunks]
        parts: list[tuple | None] = [None] * len(chunks)
        if help_out:
            for i in range(len(chunks) - 1, -1, -1):
                if not futures[i].cancel():
                    break
                parts[i] = _score_chunk(chunks[i], lex, learned)
        out: list[tuple] = []
        for i, part in enumerate(parts):
            if part is None:
                try:
                    part = futures[i].result()
                except BrokenProcessPool:
                    _drop_broken_pool(self._pool)
                    part = _score_chunk(chunks[i], lex, learned)
            out.append(part)
        return out

    def result(self, help_out: bool = True) -> pd.DataFrame:
        """One row per submitted text: ``SCORE_COLUMNS`` (the emotion columns last).

        ``help_out=False``: leave the queued chunks to the pool (a caller with other work for
        its core, such as an import's storing, would otherwise stem the same words again).
        """
        import numpy as np
        import pandas as pd

        if not self._chunks:
            return pd.DataFrame(
                {
                    "sentiment_score": pd.Series([], dtype="float64"),
                    "sentiment_label": pd.Series([], dtype=object),
                    "is_complaint": pd.Series([], dtype=bool),
                    "complaint_category": pd.Series([], dtype=object),
                    "terms": pd.Series([], dtype=object),
                    "emotion": pd.Series([], dtype=object),
                    "emotion_confidence": pd.Series([], dtype="float64"),
                    "sentiment_confidence": pd.Series([], dtype="float64"),
                }
            )
        parts = self._parts(help_out)
        codes = self._codes
        scores, labels, is_c, cats, terms, emo, emo_conf, sent_conf = (
            np.concatenate(c) for c in zip(*parts, strict=True)
        )
        return pd.DataFrame(
            {
                "sentiment_score": scores.astype("float64")[codes],
                "sentiment_label": labels.astype(object)[codes],
                "is_complaint": is_c.astype(bool)[codes],
                "complaint_category": pd.Series(cats.astype(object)[codes], dtype=object),
                "terms": terms.astype(object)[codes],
                "emotion": emo.astype(object)[codes],
                "emotion_confidence": emo_conf.astype("float64")[codes],
                "sentiment_confidence": sent_conf.astype("float64")[codes],
            }
        )


def n_workers(workers: int | None) -> int:
    """Processes that score, the caller included: as asked, or by default two if the machine
    has two cores."""
    if workers is None:
        return min(DEFAULT_WORKERS, os.cpu_count() or 1)
    return max(1, int(workers))


def prestart_pool(workers: int | None = None) -> None:
    """Start the pool now, while this process is small: a forked worker shares its memory."""
    count = n_workers(workers)
    if count > 1:
        _pool(count - 1)


def queue(
    codes: np.ndarray, chunks: list[list[str]], lex: str | None, workers: int, learned=None
) -> ScoringJob:
    """Queue the chunks in the pool of ``workers`` processes (the caller included) and return
    at once; with ``workers=1`` everything is scored by ``result()`` in this process.
    ``learned``: the adopted model's ``sentiment.LearnedValues`` (None: the shipped ones)."""
    if workers < 2:
        return ScoringJob(codes, chunks, lex, None, None, learned)
    pool = _pool(workers - 1)  # the calling process is one of the workers
    try:
        futures = [pool.submit(_score_chunk, c, lex, learned) for c in chunks]
    except (BrokenProcessPool, RuntimeError):
        _drop_broken_pool(pool)
        return ScoringJob(codes, chunks, lex, None, None, learned)
    return ScoringJob(codes, chunks, lex, futures, pool, learned)
