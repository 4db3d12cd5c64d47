"""Throughput benchmark: Citra's pipeline against the obvious per-row one, on generated comments.

Phases (each in its own fresh Python process, so timings start cold and the peak resident
memory of one phase does not hide inside another), one module each:

1. ``naive``: Sastrawi's default stemmer over every row (``df.text.apply(stemmer.stem)``),
   then one ``polarity_scores`` call per row with Citra's analyser (same lexicon and normaliser,
   so the scores can be compared comment by comment); also the naive import.
2. ``score``: ``monitor.nlp.scoring.score_texts`` on the same texts, and the comparison of the
   two paths comment by comment.
3. ``ingest``: a generated export (Apify JSON, exportcomments CSV, tweet-harvest CSV) through the real
   ``import_file`` into a fresh SQLite store: parse, normalise, score, store, daily aggregates.
4. ``queries``: what the morning view reads at that size: the 365-day daily series, spike
   detection on it, the top complaints, the spikes of the last week with their drivers, and the
   whole morning summary.
5. ``anatomy``: the copy-paste search of a spike's anatomy on one generated day of that many
   comments, against comparing every pair on a sample.

``runner`` starts the phases (``python -m monitor.quality.bench '<json spec>'`` runs one) and
puts the sizes together, ``sampling`` measures the memory and CPU of a phase's process tree
from ``/proc``, ``report`` formats the results as text, Markdown or JSON.
"""

from monitor.quality.bench.naive import naive_rows
from monitor.quality.bench.report import format_json, format_markdown, format_report
from monitor.quality.bench.runner import (
    DEFAULT_N,
    EXPORT_FORMATS,
    NAIVE_MAX,
    SCALING_NS,
    run,
    run_anatomy,
    run_phase,
    run_size,
)
from monitor.quality.bench.sampling import own_peak_mb, tree_rss_mb
from monitor.quality.bench.score import SCORE_TOLERANCE, compare

__all__ = [
    "DEFAULT_N",
    "EXPORT_FORMATS",
    "NAIVE_MAX",
    "SCALING_NS",
    "SCORE_TOLERANCE",
    "compare",
    "format_json",
    "format_markdown",
    "format_report",
    "naive_rows",
    "own_peak_mb",
    "run",
    "run_anatomy",
    "run_phase",
    "run_size",
    "tree_rss_mb",
]
