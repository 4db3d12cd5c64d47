"""Phase 1, the naive baseline: Sastrawi's stemmer and one VADER call per row.

``phase_naive`` scores the texts the obvious way (``df.text.apply(stemmer.stem)``, then one
``polarity_scores`` call per row with Citra's analyser: same lexicon and normaliser, so the
scores can be compared comment by comment); ``phase_naive_ingest`` is the obvious import.
"""

from __future__ import annotations

import time
from typing import Any

from monitor.quality.bench.texts import load_texts


def naive_rows(n: int, naive_max: int) -> list[int]:
    """Evenly spaced rows the naive path runs on when ``n`` is too large to run it all."""
    if n <= naive_max:
        return list(range(n))
    return [i * n // naive_max for i in range(naive_max)]


def phase_naive(texts: str, out: str) -> dict[str, Any]:
    import pandas as pd
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from monitor.nlp import reference, sentiment

    df = pd.DataFrame({"text": load_texts(texts)})
    n = len(df)
    stemmer = StemmerFactory().create_stemmer()
    analyzer = sentiment.analyzer()
    c0, t0 = time.process_time(), time.perf_counter()
    stemmed = df.text.apply(stemmer.stem)
    scores = df.text.apply(reference.polarity_scores, a=analyzer)
    compound = [s["compound"] for s in scores]
    labels = [s.get("label") or analyzer.label(s["compound"]) for s in scores]
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    pd.DataFrame({"score": compound, "label": labels, "stemmed": stemmed}).to_pickle(out)
    return {"seconds": elapsed, "cpu_timed_self": cpu, "comments": n}


def phase_naive_ingest(path: str, db: str) -> dict[str, Any]:
    """The obvious import: read the whole file, stem and score row by row, ``to_sql``.

    (Top-level comments only: it does not even flatten the nested replies.)
    """
    import sqlite3

    import pandas as pd
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from monitor.nlp import reference, sentiment

    stemmer = StemmerFactory().create_stemmer()
    analyzer = sentiment.analyzer()
    c0, t0 = time.process_time(), time.perf_counter()
    df = pd.read_json(path)
    df["stemmed"] = df.text.apply(stemmer.stem)
    scores = df.text.apply(reference.polarity_scores, a=analyzer)
    df["sentiment_score"] = [s["compound"] for s in scores]
    df["sentiment_label"] = [s.get("label") or analyzer.label(s["compound"]) for s in scores]
    out = df[["id", "postUrl", "ownerUsername", "text", "timestamp", "likesCount", "stemmed"]]
    out = out.assign(sentiment_score=df.sentiment_score, sentiment_label=df.sentiment_label)
    con = sqlite3.connect(db.split("///", 1)[-1])
    out.to_sql("comments", con, index=False)
    con.close()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": elapsed, "cpu_timed_self": cpu, "comments": len(df)}
