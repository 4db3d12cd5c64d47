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

# Columns scoring adds beside the sentiment: the emotion (one of EMOTION_LABELS, "" for none)
# and the calibrated confidences (0..1) of the emotion and of the sentiment label. Stored in
# the comments table since migration 0005; rows stored before it hold NULL in all three until
# they are re-scored (``monitor.ops.rescore``), which is how a view tells "not scored for
# emotion yet" from "no emotion".
EMOTION_COLUMNS: tuple[str, ...] = (
    "emotion",
    "emotion_confidence",
    "sentiment_confidence",
)

# Columns added by scoring (monitor.nlp.scoring.score) before a row is stored, in this order:
# what ingest writes, re-scoring rewrites and compares.
SCORE_COLUMNS: tuple[str, ...] = (
    "sentiment_score",
    "sentiment_label",
    "is_complaint",
    "complaint_category",
    "terms",
    *EMOTION_COLUMNS,
)

SENTIMENT_LABELS: tuple[str, ...] = ("positive", "neutral", "negative")
# Emotion codes (EmoT's label names); names in two languages in monitor.nlp.emotion.EMOTIONS.
EMOTION_LABELS: tuple[str, ...] = ("anger", "sadness", "fear", "happy", "love")

# The triage queue's statuses of a complaint (``store.complaint_status``), in their usual order.
COMPLAINT_STATUSES: tuple[str, ...] = ("new", "forwarded", "answered", "closed")
