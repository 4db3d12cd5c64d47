"""Re-scoring the stored comments, after the lexicon changed (Settings -> lexicon file).

Comments keep the scores they were imported with; when the analyst's lexicon changes, this
scores them again with the lexicon in force, so stored scores, new imports and the Comments
page's explanations agree. It works chunk by chunk, one transaction per chunk: the comments
whose scores changed are rewritten and the daily aggregates of their days refreshed in the
same transaction, so the store is consistent after every chunk and an interrupted run can be
run again. Imports wait for a chunk's transaction (and a chunk for an import's).

The version of the lexicon file and of the learned values (an adopted model's digest) a
complete run scored with is recorded in the settings table (``SCORED_WITH``), so the Settings
page can tell when the stored scores no longer match the lexicon and model in force
(``needs_rescore``); adopting or rolling back a model (``monitor.ops.learning``) re-scores.
Comments stored before emotions were (migration 0005) hold no emotion or confidences (NULL)
until a run scores them, so they too make a run needed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from monitor.core.canonical import SCORE_COLUMNS
from monitor.nlp import scoring, sentiment
from monitor.ops import settings as settings_mod
from monitor.store import comments as comment_store
from monitor.store import scores as scores_store
from monitor.store import settings_table
from monitor.store.aggregates import refresh_days
from monitor.store.engine import Store

CHUNK_ROWS = 50_000
SCORED_WITH = "scores_lexicon"  # settings-table key: the lexicon version of the last full run


def _lexicon_version(settings: scoring.HasLexicon) -> list | dict | None:
    """The lexicon file and model in force as a JSON value: [path, mtime_ns, size] or None for
    no lexicon file, as before models; with an adopted model ``{"lexicon": that, "model":
    its digest}``."""
    cfg = scoring.config_of(settings)
    key = sentiment.lexicon_key(cfg.lexicon_path)
    lexicon = None if key is None else list(key)
    if cfg.learned is None:
        return lexicon
    return {"lexicon": lexicon, "model": cfg.learned.digest}


def needs_rescore(store: Store, settings: scoring.HasLexicon | None = None) -> bool:
    """Stored comments exist and were last re-scored with another lexicon (or version of the
    file) than the one in ``settings`` (default: the stored settings), or some were never
    scored for emotion; imports made before the first run count as scored without one."""
    if settings is None:
        settings = settings_mod.load(store)
    if unscored_emotions(store):
        return True
    scored_with = settings_table.read_all(store).get(SCORED_WITH)
    if scored_with == _lexicon_version(settings):
        return False
    return comment_store.count_comments(store) > 0


def unscored_emotions(store: Store) -> bool:
    """Whether some comments were stored before emotions were and not re-scored since."""
    with store.connect() as conn:
        return scores_store.has_unscored(conn)


@dataclass(frozen=True)
class RescoreReport:
    scored: int  # comments scored again
    changed: int  # comments whose scores changed
    days: int  # days whose aggregates were refreshed


def _changed(stored: pd.DataFrame, new: pd.DataFrame) -> pd.Series:
    """Rows whose new scores differ from the stored ones (any column)."""
    differs = pd.Series(False, index=stored.index)
    for col in SCORE_COLUMNS:
        old, now = stored[col], new[col]
        both_missing = old.isna() & now.isna()
        differs |= ~(old.eq(now) | both_missing)
    return differs


def rescore_comments(
    store: Store,
    settings: scoring.HasLexicon | None = None,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> RescoreReport:
    """Score every stored comment again with the lexicon of ``settings`` (default: the stored
    settings); ``progress(done, total)`` after each chunk. Returns what changed."""
    if settings is None:
        settings = settings_mod.load(store)
    version = _lexicon_version(settings)
    total = comment_store.count_comments(store)
    after: tuple[str, str] | None = None
    scored = changed = 0
    days: set[date] = set()
    while True:
        with store.begin() as conn:
            comment_store.prepare_bulk(conn)  # one writer at a time, as imports are
            rows = scores_store.read_chunk(conn, after, chunk_rows)
            if rows.empty:
                break
            new = scoring.score(rows["text"].tolist(), settings)
            new.index = rows.index
            differs = _changed(rows, new)
            if differs.any():
                update = new[differs].assign(
                    platform=rows.loc[differs, "platform"],
                    comment_id=rows.loc[differs, "comment_id"],
                )
                scores_store.write_scores(conn, update)
                touched = set(rows.loc[differs, "day"])
                refresh_days(conn, touched, set(rows.loc[differs, "platform"]))
                days |= touched
        after = (str(rows["platform"].iloc[-1]), str(rows["comment_id"].iloc[-1]))
        scored += len(rows)
        changed += int(differs.sum())
        if progress:
            progress(scored, max(total, scored))
    settings_table.write(store, {SCORED_WITH: version})
    return RescoreReport(scored=scored, changed=changed, days=len(days))


@dataclass
class RescoreJob:
    """A re-scoring running in a background thread (``start_rescore``); read its fields to
    show progress."""

    total: int = 0
    done: int = 0
    report: RescoreReport | None = None
    error: BaseException | None = None
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    @property
    def fraction(self) -> float:
        if self.report is not None:
            return 1.0
        return min(self.done / self.total, 1.0) if self.total else 0.0


_JOBS: dict[str, RescoreJob] = {}
_JOBS_LOCK = threading.Lock()


def start_rescore(store: Store, settings: scoring.HasLexicon | None = None) -> RescoreJob:
    """Start ``rescore_comments`` in a background thread, or return the one already running
    on this store (one at a time per store)."""
    with _JOBS_LOCK:
        job = _JOBS.get(store.url)
        if job is not None and job.running:
            return job
        job = _JOBS[store.url] = RescoreJob(total=comment_store.count_comments(store))

        def on_progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        def run() -> None:
            try:
                job.report = rescore_comments(store, settings, progress=on_progress)
            except BaseException as exc:  # reported by whoever shows the job
                job.error = exc

        job.thread = threading.Thread(target=run, name="citra-rescore", daemon=True)
        job.thread.start()
        return job


def current_job(store: Store) -> RescoreJob | None:
    """The last re-scoring started on this store in this process (running or finished)."""
    return _JOBS.get(store.url)
