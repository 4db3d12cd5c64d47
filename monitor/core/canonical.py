"""The canonical comment schema every export format is normalised to."""

from __future__ import annotations

# Fields every parser produces, in this order (the ``export`` command writes them, plus ``day``).
# A comment is identified by (platform, comment_id): ids are only unique within a platform.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "comment_id",
    "platform",
    "post_id",
    "parent_id",
    "author",
    "text",
    "created_at_utc",
    "like_count",
    "is_reply",
    "is_owner_reply",
    "source_format",
    "import_id",
)

# Columns added by scoring (monitor.nlp.scoring.score) before a row is stored.
SCORE_COLUMNS: tuple[str, ...] = (
    "sentiment_score",
    "sentiment_label",
    "is_complaint",
    "complaint_category",
    "terms",
)

SENTIMENT_LABELS: tuple[str, ...] = ("positive", "neutral", "negative")
