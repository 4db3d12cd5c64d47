"""Table definitions: the one place Citra's schema is written down.

Aggregate tables live in ``monitor.store.aggregate_tables`` on the same ``metadata``.
Schema changes after the first release go through Alembic migrations (``monitor/migrations``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from monitor.core.platforms import DEFAULT as DEFAULT_PLATFORM

metadata = MetaData()


def platform_column(*, primary_key: bool = False) -> Column:
    """The platform a row belongs to (``core.platforms``); rows from before platforms are
    Instagram's."""
    return Column(
        "platform",
        String(16),
        primary_key=primary_key,
        nullable=False,
        default=DEFAULT_PLATFORM,
        server_default=DEFAULT_PLATFORM,
    )


imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_name", String(512), nullable=False),
    Column("source_format", String(32), nullable=False),
    platform_column(),  # one file, one platform
    Column("sha256", String(64), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("rows_new", Integer, nullable=False, default=0),
    Column("rows_updated", Integer, nullable=False, default=0),
    Column("rows_duplicate", Integer, nullable=False, default=0),
    Column("rows_rejected", Integer, nullable=False, default=0),
    Column("imported_by", String(256), nullable=False, default=""),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String(16), nullable=False, default="done"),  # done | undone
    Column("is_demo", Boolean, nullable=False, default=False),
    Column("details", Text),  # JSON: rejected rows (first N), options used
)

# A comment is (platform, comment_id): X and TikTok ids are both 19-digit numbers. Its parent
# (``parent_id``) is a comment of the same platform.
comments = Table(
    "comments",
    metadata,
    Column("comment_id", String(160), nullable=False),
    Column("post_id", String(160), nullable=False, default=""),
    Column("parent_id", String(160)),
    Column("author", String(256), nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("created_at_utc", DateTime, nullable=False),  # naive, UTC by convention
    Column("day", Date, nullable=False),  # calendar day in Asia/Jakarta
    Column("like_count", Integer, nullable=False, default=0),
    Column("is_reply", Boolean, nullable=False, default=False),
    Column("is_owner_reply", Boolean, nullable=False, default=False),
    Column("source_format", String(32), nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id"), nullable=False),
    Column("sentiment_score", Float, nullable=False, default=0.0),
    Column("sentiment_label", String(8), nullable=False, default="neutral"),
    Column("corrected_label", String(8)),  # analyst correction; always wins over the model
    Column("is_complaint", Boolean, nullable=False, default=False),
    Column("complaint_category", String(32)),
    Column("terms", Text, nullable=False, default=""),  # space-separated distinct stems
    Column("first_reply_at", DateTime),  # first owner reply to this top-level comment (UTC)
    platform_column(),
    # The model's emotion (core.canonical.EMOTION_LABELS, "" for none) and the confidences
    # (0..1) of the emotion and of the sentiment label. NULL: stored before emotions were
    # (migration 0005) and not re-scored since; views show such a comment as "not scored".
    Column("emotion", String(8)),
    Column("emotion_confidence", Float),
    Column("sentiment_confidence", Float),
    PrimaryKeyConstraint("platform", "comment_id"),
)
Index("ix_comments_day", comments.c.day)
Index("ix_comments_post_day", comments.c.post_id, comments.c.day)
Index("ix_comments_parent", comments.c.parent_id)
Index("ix_comments_import", comments.c.import_id)
Index("ix_comments_complaint_day", comments.c.is_complaint, comments.c.day)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("comment_id", String(160), nullable=False, index=True),
    platform_column(),
    Column("previous_label", String(8)),
    Column("label", String(8), nullable=False),
    Column("corrected_by", String(256), nullable=False, default=""),
    Column("corrected_at", DateTime, nullable=False),
)

# The posts comments are under, as the exports describe them: one row per (platform, post id),
# written by ingest (``monitor.store.posts``). Counts only move upwards, and a value a file lacks
# never overwrites a known one.
posts = Table(
    "posts",
    metadata,
    Column("platform", String(16), primary_key=True),
    Column("post_id", String(160), primary_key=True),
    Column("url", Text, nullable=False, default=""),
    Column("title", Text),  # caption, tweet text or video title, when the export carries it
    Column("published_at", DateTime),  # naive, UTC by convention
    Column("like_count", Integer),
    Column("comment_count", Integer),
    Column("view_count", Integer),
    Column("caption", Text),  # the post's own words (Instagram caption, video description)
    Column("media_type", String(40)),  # image, video, carousel, reel, tweet ... (lower case)
    Column("hashtags", Text),  # space-separated, lower case, without '#'
    # content types an analyst set by hand (comma-separated; '' = none): they win over the rules
    Column("manual_types", Text),
    Column("first_seen_import_id", Integer, ForeignKey("imports.id")),
    Column("updated_at", DateTime, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False, index=True),
    Column("title_id", Text, nullable=False),
    Column("title_en", Text, nullable=False, default=""),
    Column("category", String(32), nullable=False, default="other"),
    Column("source_url", Text, nullable=False, default=""),
    Column("origin", String(16), nullable=False, default="manual"),  # seed | manual | gdelt | rss
    Column(
        "seed_key", String(64), unique=True
    ),  # stable key of shipped events, so seeding is idempotent
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
    Column("updated_at", DateTime, nullable=False),
)

mappings = Table(
    "mappings",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("mapping", Text, nullable=False),  # JSON: canonical field -> source column
    Column("created_at", DateTime, nullable=False),
)

# One row per password sign-in attempt: the lockout counts failures per account and per client
# address across browser sessions and server processes (hardening: no unlimited guessing).
sign_ins = Table(
    "sign_ins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),  # UTC
    Column("account", String(64), nullable=False),  # what was tried: "password:analyst", ...
    Column("client", String(64), nullable=False, default=""),  # client address when known
    Column("ok", Boolean, nullable=False),
)
Index("ix_sign_ins_account_at", sign_ins.c.account, sign_ins.c.at)
Index("ix_sign_ins_client_at", sign_ins.c.client, sign_ins.c.at)

# Who did what that matters for security: sign-ins, failures, lockouts.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),  # UTC
    Column("actor", String(256), nullable=False, default=""),
    Column("action", String(32), nullable=False),
    Column("detail", Text, nullable=False, default=""),
)

# Sentiment models re-fitted on the analysts' corrections (``monitor.store.sentiment_models``):
# every candidate, the one in force (status "active"; none active = the shipped values) and
# the ones in force before it. Rows are never deleted, so every adopted model can come back.
sentiment_models = Table(
    "sentiment_models",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # candidate | active | retired (replaced) | rolled_back | discarded
    Column("status", String(16), nullable=False),
    Column("digest", String(64), nullable=False),  # names the values (sentiment.LearnedValues)
    Column("weights", Text, nullable=False),  # JSON: the learned values
    Column("metrics", Text, nullable=False),  # JSON: held-out figures, example counts, settings
    Column("fit_examples", Integer, nullable=False),
    Column("held_out_examples", Integer, nullable=False),
    Column("before_macro_f1", Float),  # the model in force when fitted, on the held-out part
    Column("after_macro_f1", Float),  # this model, on the same corrections
    Column("created_by", String(256), nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),  # UTC
    Column("adopted_by", String(256)),  # the last adoption
    Column("adopted_at", DateTime),
    Column("changed_by", String(256)),  # the last change of status
    Column("changed_at", DateTime),
)
Index("ix_sentiment_models_status", sentiment_models.c.status)

# The triage queue (``monitor.store.complaint_status``): one row per complaint whose status has
# been set (a complaint without a row is "new", version 0). ``version`` counts its changes, so
# a change made on a stale view is refused instead of silently overwriting another analyst's.
# No foreign key to ``comments``: retention and undo delete comments, the handling stays known.
complaint_status = Table(
    "complaint_status",
    metadata,
    Column("platform", String(16), nullable=False),
    Column("comment_id", String(160), nullable=False),
    Column("status", String(16), nullable=False),  # new | forwarded | answered | closed
    Column("unit", String(120)),  # the unit it was forwarded to
    Column("version", Integer, nullable=False),
    Column("changed_by", String(256), nullable=False, default=""),
    Column("changed_at", DateTime, nullable=False),  # UTC
    PrimaryKeyConstraint("platform", "comment_id"),
)
Index("ix_complaint_status_status", complaint_status.c.status)

# Every change of a complaint's status, never updated or deleted: the audit trail.
complaint_status_log = Table(
    "complaint_status_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(16), nullable=False),
    Column("comment_id", String(160), nullable=False),
    Column("from_status", String(16), nullable=False),
    Column("to_status", String(16), nullable=False),
    Column("from_unit", String(120)),
    Column("unit", String(120)),
    Column("version", Integer, nullable=False),  # the version this change made
    Column("changed_by", String(256), nullable=False, default=""),
    Column("changed_at", DateTime, nullable=False),  # UTC
)
Index(
    "ix_complaint_status_log_comment",
    complaint_status_log.c.platform,
    complaint_status_log.c.comment_id,
)

# Where each API pull (``monitor.collect``) stands: its last run and, when it stopped early
# (rate limit, quota), where the next run resumes. One row per source; never a credential.
pull_state = Table(
    "pull_state",
    metadata,
    Column("source", String(32), primary_key=True),  # instagram | youtube
    Column("account", String(160), nullable=False, default=""),  # IG user id, channel id
    Column("status", String(16), nullable=False),  # done | stopped | failed
    Column("started_at", DateTime, nullable=False),  # UTC
    Column("finished_at", DateTime, nullable=False),  # UTC
    Column("import_id", Integer),  # the import the run stored (None: nothing stored)
    Column("rows_new", Integer, nullable=False, default=0),
    Column("rows_updated", Integer, nullable=False, default=0),
    Column("message", Text),  # why it stopped or failed; the notices of skipped posts
    Column("resume", Text),  # JSON: the posts already walked in the interrupted round
)

# Every digest and spike alert delivered (``monitor.store.alert_log``), so none is sent twice to
# one destination. ``destination`` is a digest of the destination (never its URL: a webhook
# URL or a bot token is a secret); ``destination_label`` the redacted form people can read.
alert_log = Table(
    "alert_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # digest | spike
    Column("alert_key", String(200), nullable=False),  # the digest's day, or the spike's key
    Column("destination", String(64), nullable=False),
    Column("destination_label", String(300), nullable=False, default=""),
    Column("forced", Boolean, nullable=False, default=False),  # sent again with --force
    Column("sent_at", DateTime, nullable=False),  # UTC
)
Index("ix_alert_log_lookup", alert_log.c.destination, alert_log.c.kind, alert_log.c.alert_key)
