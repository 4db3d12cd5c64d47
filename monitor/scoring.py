"""Scoring a batch of comment texts: sentiment, complaint and search terms.

This is the single entry point ingest calls (file -> parse -> normalise -> **score** -> store).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

_ANALYZER = SentimentIntensityAnalyzer()


def score_texts(texts: Sequence[str]) -> pd.DataFrame:
    """One row per input text: sentiment_score, sentiment_label, is_complaint, complaint_category, terms."""
    rows = []
    for t in texts:
        s = _ANALYZER.polarity_scores(t or "")["compound"]
        label = "positive" if s >= 0.05 else "negative" if s <= -0.05 else "neutral"
        rows.append((s, label, False, None, " ".join(sorted(set((t or "").lower().split())))))
    return pd.DataFrame(
        rows,
        columns=["sentiment_score", "sentiment_label", "is_complaint", "complaint_category", "terms"],
    )
