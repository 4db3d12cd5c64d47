"""Scoring a batch of comment texts: sentiment, complaint and search terms.

This is the single entry point ingest calls (file -> parse -> normalise -> **score** -> store).

Large exports repeat themselves ("aamiin", "mantap", "terima kasih bu"), so each *distinct* text
is scored once and the results are spread back with an index. The distinct texts are scored in
chunks by ``monitor.stream_scoring``, which works on a chunk's whole token stream with array
operations (each distinct token normalised, stemmed and looked up once); ``_score_distinct``
below is the same computation one comment at a time, kept as the reference the stream is tested
against and for the few comments the stream leaves to it. Above ``PARALLEL_MIN`` distinct texts
the chunks are shared with a small process pool; the results are identical to the sequential
path because every text is scored independently by the same pure functions.
"""

from __future__ import annotations

import atexit
import functools
import math
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from monitor import complaints, sentiment
from monitor import text as textmod

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

PARALLEL_MIN = 20_000  # distinct texts below which a process pool costs more than it saves
DEFAULT_WORKERS = 2
CHUNK = 8_192  # distinct texts per stream: arrays stay small (cache, allocation) and chunks
# spread evenly over the pool
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


_TRIGGER_KINDS = ("problem", "request", "question")
_OTHER = "\x00"  # a stem no complaint rule mentions
COMPLAINT_MEMO_SIZE = 200_000
TOKEN_INFO_SIZE = 200_000  # distinct tokens remembered per lexicon before the memo starts over


_TOKEN_INFO: dict[str | None, dict[str, tuple]] = {}
_COMPLAINT_MEMO: dict[tuple[tuple[str, ...], bool], tuple[bool, str | None]] = {}


def _complaint_key(infos: list[tuple]) -> tuple[str, ...]:
    """The part of a comment's stems the complaint rules can see.

    Stems no rule mentions only count as gap between pattern words: up to ``MAX_GAP`` of them
    are kept as placeholders, a longer run stops every pattern exactly as a clause boundary
    does, so it becomes one; the ends are dropped. Comments with different words around the same
    cues share a key, so the rules run once per key.
    """
    key: list[str] = []
    gap = 0
    max_gap = complaints.MAX_GAP
    for e in infos:
        for x in e[6]:
            if x is _OTHER:
                gap += 1
            elif x == textmod.BOUNDARY:
                gap = max_gap + 1
            else:
                if key and gap:
                    if gap > max_gap:
                        key.append(textmod.BOUNDARY)
                    else:
                        key.extend((_OTHER,) * gap)
                gap = 0
                key.append(x)
    return tuple(key)


def _token_info(
    tok: str,
    a: sentiment.IndonesianAnalyzer,
    special: frozenset[str],
    firsts: frozenset[str],
    triggers: frozenset[str],
    rule_words: frozenset[str],
) -> tuple:
    """(stem, valence, neutral weight, is a modifier, may start a complaint rule (1) or a
    triggering one (2), search terms it contributes, its stems as complaint rules see them):
    what scoring needs of one distinct token."""
    st = textmod.stem(tok)
    key, v = a.valence_of(tok, st)
    parts = (st, *(textmod.stem(w) for w in st.split("_"))) if "_" in st else (st,)
    stop = textmod.resources().stopwords
    term_parts = tuple(p for p in parts if len(p) > 1 and p not in stop and p[0].isalnum())
    rule_stems = parts[1:] if "_" in st else parts  # what complaints._expand makes of it
    if tok == textmod.BOUNDARY:  # analyse skips it: neither valence nor neutral evidence
        v, neutral = 0.0, 0.0
    else:
        neutral = a.neutral_weights.get(key, 0.0)
    return (
        st,
        v,
        neutral,
        tok in special,
        (not firsts.isdisjoint(rule_stems)) + (not triggers.isdisjoint(rule_stems)),
        term_parts,
        tuple(x if x in rule_words or x == textmod.BOUNDARY else _OTHER for x in rule_stems),
    )


@functools.cache
def _modifier_tokens() -> frozenset[str]:
    """Tokens that change other tokens' weights (a clause boundary alone changes none)."""
    return sentiment._special_tokens() - {textmod.BOUNDARY}


@functools.cache
def _rule_firsts() -> tuple[frozenset[str], frozenset[str]]:
    """First stems of all complaint rules, and of the rules that can trigger a complaint.

    Without a trigger (problem, request or question) no rule set makes a complaint; a "?" adds
    the question rules, which still need another rule to match.
    """
    idx = complaints._index()
    triggers = {k for k, rs in idx.items() if any(r.kind in _TRIGGER_KINDS for r in rs)}
    return frozenset(idx), frozenset(triggers)


@functools.cache
def _rule_words() -> frozenset[str]:
    """Every stem some complaint rule mentions."""
    return frozenset(w for r in complaints.rules() for w in r.stems)


@functools.cache
def _no_rule_result(has_question_mark: bool) -> complaints.ComplaintResult:
    return complaints.classify_stems([], has_question_mark)


def _score_distinct(texts: Sequence[str], lexicon_path: str | None) -> list[Row]:
    """Score distinct texts sequentially (also the worker function of the pool).

    Every distinct token is looked up once (stem, valence, neutral weight, flags, terms). A text
    without negators, boosters, contrast words or punctuation has every multiplier at 1, so its
    raw score is the plain sum of its valences, added in text order exactly as
    ``IndonesianAnalyzer.analyse`` adds them; only the other texts go through ``analyse``.
    Complaint rules run only on texts holding a stem some rule starts with.
    """
    a = sentiment.analyzer(lexicon_path)
    special = _modifier_tokens()
    firsts, trigger_firsts = _rule_firsts()
    rule_words = _rule_words()
    memo = _COMPLAINT_MEMO
    info = _TOKEN_INFO.setdefault(lexicon_path, {})
    normalise = textmod.normalise
    bias = a.bias
    neutral0 = a.neutral_bias + a.neutral_margin
    neutral_max = a.neutral_max
    label_from = sentiment.label_from
    compound = a.compound
    classify = complaints.classify_stems
    multipliers = sentiment.multipliers
    boundary = textmod.BOUNDARY
    out: list[Row] = []
    for t in texts:
        tokens = normalise(t)
        if not tokens:
            comp = _no_rule_result("?" in t)
            out.append(
                (0.0, label_from(0.0, 0.0, neutral_max), comp.is_complaint, comp.category, "")
            )
            continue
        if len(info) > TOKEN_INFO_SIZE:
            info.clear()
        infos = []
        parts: list[str] = []
        raw = bias
        neutral = neutral0
        modified = False
        rule = 0
        for tok in tokens:
            e = info.get(tok)
            if e is None:
                e = info[tok] = _token_info(tok, a, special, firsts, trigger_firsts, rule_words)
            infos.append(e)
            neutral += e[2]
            if e[1]:
                raw += e[1]
            if e[3]:
                modified = True
            if e[4] > rule:
                rule = e[4]
            parts.extend(e[5])
        if modified:
            # IndonesianAnalyzer.analyse's sum with the token lookups already done
            raw = bias
            for tok, e, w in zip(tokens, infos, multipliers(tokens), strict=True):
                if tok != boundary and w and e[1]:
                    raw += w * e[1]
        question = "?" in t
        if rule > 1 or (question and rule):
            ck = (_complaint_key(infos), question)
            comp = memo.get(ck)
            if comp is None:
                if len(memo) > COMPLAINT_MEMO_SIZE:
                    memo.clear()
                c = classify(ck[0], question)
                comp = memo[ck] = (c.is_complaint, c.category)
        else:
            c = _no_rule_result(question)
            comp = (c.is_complaint, c.category)
        out.append(
            (
                compound(raw, t),
                label_from(raw, neutral, neutral_max),
                comp[0],
                comp[1],
                " ".join(dict.fromkeys(parts)),
            )
        )
    return out


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
        ctx.set_forkserver_preload(["monitor.scoring_preload"])
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
    from monitor import stream_scoring

    sentiment.analyzer(lexicon_path)
    complaints.rules()
    stream_scoring.score_batch(["terima kasih, bantuan sudah cair?"], lexicon_path)


def _score_chunk(texts: list[str], lexicon_path: str | None) -> tuple:
    """One chunk of distinct texts through the stream scorer (also the pool's task)."""
    from monitor import stream_scoring

    s = stream_scoring.score_batch(texts, lexicon_path)
    return s.score, s.label, s.is_complaint, s.category, s.terms


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
            _POOL = ProcessPoolExecutor(
                max_workers=n_workers,
                mp_context=_pool_context(),
                initializer=_warm_worker,
                initargs=(None,),
            )
            _POOL_WORKERS = n_workers
        return _POOL


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
    ) -> None:
        self._codes = codes
        self._chunks = chunks
        self._lex = lex
        self._futures = futures
        self._pool = pool

    def _parts(self, help_out: bool) -> list[tuple]:
        chunks, lex, futures = self._chunks, self._lex, self._futures
        if futures is None:
            return [_score_chunk(c, lex) for c in chunks]
        parts: list[tuple | None] = [None] * len(chunks)
        if help_out:
            for i in range(len(chunks) - 1, -1, -1):
                if not futures[i].cancel():
                    break
                parts[i] = _score_chunk(chunks[i], lex)
        out: list[tuple] = []
        for i, part in enumerate(parts):
            if part is None:
                try:
                    part = futures[i].result()
                except BrokenProcessPool:
                    _drop_broken_pool(self._pool)
                    part = _score_chunk(chunks[i], lex)
            out.append(part)
        return out

    def result(self, help_out: bool = True) -> pd.DataFrame:
        """One row per submitted text, as ``score_texts`` returns them.

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
                }
            )
        parts = self._parts(help_out)
        codes = self._codes
        scores, labels, is_c, cats, terms = (np.concatenate(c) for c in zip(*parts, strict=True))
        return pd.DataFrame(
            {
                "sentiment_score": scores.astype("float64")[codes],
                "sentiment_label": labels.astype(object)[codes],
                "is_complaint": is_c.astype(bool)[codes],
                "complaint_category": pd.Series(cats.astype(object)[codes], dtype=object),
                "terms": terms.astype(object)[codes],
            }
        )


def _n_workers(workers: int | None) -> int:
    """Processes that score, the caller included: as asked, or by default two if the machine
    has two cores."""
    if workers is None:
        return min(DEFAULT_WORKERS, os.cpu_count() or 1)
    return max(1, int(workers))


def submit(
    texts: Sequence[str],
    *,
    lexicon_path: str | Path | None = None,
    workers: int | None = None,
    parallel_min: int = PARALLEL_MIN,
) -> ScoringJob:
    """Queue a batch's distinct texts in the pool and return at once; ``result()`` finishes it.

    Ingest submits one chunk and stores the previous one meanwhile. Below ``parallel_min``
    distinct texts, or with ``workers=1``, everything is scored by ``result()`` in this process.
    """
    import pandas as pd

    lex = str(lexicon_path) if lexicon_path else None
    series = pd.Series([t if type(t) is str else _clean(t) for t in texts], dtype=object)
    codes, uniques = pd.factorize(series)
    distinct = list(uniques)
    chunks = [distinct[i : i + CHUNK] for i in range(0, len(distinct), CHUNK)]
    n_workers = _n_workers(workers)
    if n_workers < 2 or len(distinct) <= parallel_min:
        return ScoringJob(codes, chunks, lex, None, None)
    pool = _pool(n_workers - 1)  # the calling process is one of the n_workers
    try:
        futures = [pool.submit(_score_chunk, c, lex) for c in chunks]
    except (BrokenProcessPool, RuntimeError):
        _drop_broken_pool(pool)
        return ScoringJob(codes, chunks, lex, None, None)
    return ScoringJob(codes, chunks, lex, futures, pool)


def score_texts(
    texts: Sequence[str],
    *,
    lexicon_path: str | Path | None = None,
    workers: int | None = None,
    parallel_min: int = PARALLEL_MIN,
) -> pd.DataFrame:
    """One row per input text: sentiment_score, sentiment_label, is_complaint, complaint_category, terms.

    ``lexicon_path``: optional user lexicon (``word<TAB>valence``) overriding Citra's entries.
    ``workers``: processes scoring a large batch, the caller included (default 2: the caller and
    one pool worker; 1 = never use a pool).
    """
    job = submit(texts, lexicon_path=lexicon_path, workers=workers, parallel_min=parallel_min)
    return job.result()


def prestart_pool(workers: int | None = None) -> None:
    """Start the pool now, while this process is small: a forked worker shares its memory."""
    n_workers = _n_workers(workers)
    if n_workers > 1:
        _pool(n_workers - 1)


def explain(text: str, lexicon_path: str | Path | None = None) -> list[tuple[str, float]]:
    """Which words moved the score: (token, contribution) in text order (see monitor.sentiment)."""
    return sentiment.explain(text, lexicon_path)
