"""Scoring a batch of comment texts: sentiment, complaint, search terms, emotion, confidences.

The one entry point: import (file -> parse -> normalise -> **score** -> store), re-scoring of
stored comments, evaluation, the benchmark and the Comments page's explanation all call
``score`` / ``submit`` / ``explain`` with the settings in force, so they all score with the
same lexicon and learned values. ``settings`` is anything with a ``lexicon_path`` and
optionally ``learned`` (``monitor.ops.settings.Settings``, whose ``learned`` is the adopted
model's values, or a ``ScoringConfig``).

Large exports repeat themselves ("aamiin", "mantap", "terima kasih bu"), so each *distinct* text
is scored once and the results are spread back with an index. The distinct texts are scored in
chunks by the array engine (``monitor.nlp.engine``), which works on a chunk's whole token
stream (each distinct token normalised, stemmed and looked up once); above
``PARALLEL_MIN`` distinct texts the chunks are shared with a small process pool
(``monitor.nlp.pool``). ``explain`` and ``explain_emotion`` walk one comment through the per-comment
reference (``monitor.nlp.reference``) the engine is tested against.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from monitor.core.canonical import EMOTION_COLUMNS, SCORE_COLUMNS
from monitor.nlp import pool, reference, sentiment

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "EMOTION_COLUMNS",
    "SCORE_COLUMNS",
    "HasLexicon",
    "ScoringConfig",
    "ScoringJob",
    "config_of",
    "explain",
    "explain_emotion",
    "likeliest_emotions",
    "prestart_pool",
    "score",
    "submit",
]
ScoringJob = pool.ScoringJob
prestart_pool = pool.prestart_pool  # start the workers early, while this process is small

PARALLEL_MIN = 20_000  # distinct texts below which a process pool costs more than it saves
CHUNK = 8_192  # distinct texts per stream: arrays stay small (cache, allocation) and chunks
# spread evenly over the pool


class HasLexicon(Protocol):
    """What scoring reads of the settings (``monitor.ops.settings.Settings`` has it)."""

    @property
    def lexicon_path(self) -> str: ...


@dataclass(frozen=True)
class ScoringConfig:
    """Scoring's own settings.

    ``lexicon_path``: optional user lexicon (``word<TAB>valence``) overriding Citra's entries.
    ``learned``: the learned word values in force (an adopted model's), None for the shipped
    ones. ``workers``: processes scoring a large batch, the caller included (default 2: the caller and
    one pool worker; 1 = never use a pool). ``parallel_min``: distinct texts from which the pool
    is used.
    """

    lexicon_path: str = ""
    learned: sentiment.LearnedValues | None = None
    workers: int | None = None
    parallel_min: int = PARALLEL_MIN


def config_of(settings: HasLexicon) -> ScoringConfig:
    """The scoring configuration of ``settings`` (a ``ScoringConfig`` is its own)."""
    if isinstance(settings, ScoringConfig):
        return settings
    return ScoringConfig(
        lexicon_path=str(settings.lexicon_path or ""), learned=getattr(settings, "learned", None)
    )


def _clean(t: object) -> str:
    if t is None or (isinstance(t, float) and math.isnan(t)):
        return ""
    return str(t)


def submit(texts: Sequence[str], settings: HasLexicon) -> pool.ScoringJob:
    """Queue a batch's distinct texts in the pool and return at once; ``result()`` finishes it.

    Ingest submits one chunk and stores the previous one meanwhile. Below ``parallel_min``
    distinct texts, or with ``workers=1``, everything is scored by ``result()`` in this process.
    """
    import pandas as pd

    cfg = config_of(settings)
    lex = cfg.lexicon_path or None
    if lex:
        sentiment.analyzer(lex, cfg.learned)  # an unreadable lexicon fails here, not in a worker
    series = pd.Series([t if type(t) is str else _clean(t) for t in texts], dtype=object)
    codes, uniques = pd.factorize(series)
    distinct = list(uniques)
    chunks = [distinct[i : i + CHUNK] for i in range(0, len(distinct), CHUNK)]
    workers = pool.n_workers(cfg.workers)
    if len(distinct) <= cfg.parallel_min:
        workers = 1
    return pool.queue(codes, chunks, lex, workers, cfg.learned)


def score(texts: Sequence[str], settings: HasLexicon) -> pd.DataFrame:
    """One row per input text, the ``SCORE_COLUMNS``: sentiment_score, sentiment_label,
    is_complaint, complaint_category, terms, then emotion ("" for none), emotion_confidence
    and sentiment_confidence (``EMOTION_COLUMNS``)."""
    return submit(texts, settings).result()


def likeliest_emotions(texts: Sequence[str], settings: HasLexicon) -> list[str]:
    """The likeliest emotion of each text even where ``score`` stores none ("" only for a
    text without features): what an evaluation against data without "none" compares."""
    from monitor.nlp import engine

    cfg = config_of(settings)
    a = sentiment.analyzer(cfg.lexicon_path or None, cfg.learned)
    clean = [t if type(t) is str else _clean(t) for t in texts]
    distinct = list(dict.fromkeys(clean))
    top: dict[str, str] = {}
    for i in range(0, len(distinct), CHUNK):
        chunk = distinct[i : i + CHUNK]
        top.update(zip(chunk, engine.score_batch(chunk, a).top_emotion.tolist(), strict=True))
    return [top[t] for t in clean]


def explain(text: str, settings: HasLexicon) -> list[tuple[str, float]]:
    """Which words moved the score: (token, contribution to the raw score) in text order.

    Contributions include negation, boosters and contrast; they sum (with the model's constant
    ``bias``) to the raw score whose VADER normalisation is ``sentiment_score``.
    """
    cfg = config_of(settings)
    return reference.explain(text or "", sentiment.analyzer(cfg.lexicon_path or None, cfg.learned))


def explain_emotion(text: str, settings: HasLexicon) -> tuple[str, float, list[tuple[str, float]]]:
    """(emotion or "" for none, its confidence, [(token, contribution)] in text order): the
    words that drove the likeliest emotion, each with how far it raised that emotion's logit
    above the others' average (negative: it spoke for another emotion)."""
    cfg = config_of(settings)
    a = sentiment.analyzer(cfg.lexicon_path or None, cfg.learned)
    return reference.explain_emotion(text or "", a)
