"""Schema migrations: replaying them yields exactly the schema in monitor/store, on both backends.

If this fails after a table change, add a migration:
``CITRA_DATABASE_URL=sqlite:///var/dev.db .venv/bin/alembic -c alembic.ini revision --autogenerate -m "..."``.
"""

import subprocess
import sys
from datetime import UTC, date, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, Table, insert, inspect, select, text

from monitor.store import metadata, migrate, open_store
from monitor.store.engine import make_engine
from monitor.store.schema import settings as settings_table


def schema_diff(conn):
    context = MigrationContext.configure(
        conn, opts={"compare_type": True, "compare_server_default": True}
    )
    return compare_metadata(context, metadata)


def test_replaying_migrations_matches_the_tables(store_url):
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "head")
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert schema_diff(conn) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_back(store_url):
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "head")
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {migrate.VERSION_TABLE}
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "head")
        with engine.connect() as conn:
            assert schema_diff(conn) == []
    finally:
        engine.dispose()


def test_new_store_is_stamped_at_head_and_matches(store):
    with store.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert schema_diff(conn) == []


def test_drift_is_detected(store):
    """The comparison the first test relies on does notice a table the migrations lack."""
    extra = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(extra)
    Table("not_migrated", extra, Column("id", Integer, primary_key=True))
    with store.connect() as conn:
        context = MigrationContext.configure(conn)
        diffs = compare_metadata(context, extra)
    assert [d[0] for d in diffs] == ["add_table"]


def test_store_made_before_migrations_is_adopted(store_url):
    engine = make_engine(store_url)
    metadata.create_all(engine)
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(insert(settings_table).values(key="account", value='"x"', updated_at=now))
        assert not inspect(conn).has_table(migrate.VERSION_TABLE)
    engine.dispose()
    store = open_store(store_url)
    try:
        with store.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert conn.execute(select(settings_table.c.value)).scalar_one() == '"x"'
    finally:
        store.dispose()


def test_reopening_is_a_no_op(store_url):
    for _ in range(3):
        s = open_store(store_url)
        with s.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
        s.dispose()


def test_instances_starting_together_all_succeed(store_url):
    code = "import sys; from monitor.store import open_store; open_store(sys.argv[1]).dispose()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, store_url], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    s = open_store(store_url)
    with s.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    s.dispose()


def _seed_previous_schema(conn) -> None:
    """A store as revision 0003 wrote it: a comment, an owner reply that answered it, a label
    correction, and aggregates (one day's comments already gone to retention)."""
    conn.execute(
        text(
            "INSERT INTO imports (id, file_name, source_format, sha256, rows_read, rows_new, "
            "rows_updated, rows_duplicate, rows_rejected, imported_by, started_at, status, is_demo) "
            "VALUES (1, 'a.json', 'apify', 'ab', 2, 2, 0, 0, 0, '', '2020-12-06 09:00:00', "
            "'done', false)"
        )
    )
    columns = (
        "comment_id, post_id, parent_id, author, text, created_at_utc, day, like_count, "
        "is_reply, is_owner_reply, source_format, import_id, sentiment_score, sentiment_label, "
        "corrected_label, is_complaint, complaint_category, terms, first_reply_at"
    )
    conn.execute(
        text(
            f"INSERT INTO comments ({columns}) VALUES "
            "('c1', 'CIabc', NULL, 'budi', 'bansos belum cair', '2020-12-06 01:00:00', "
            "'2020-12-06', 7, false, false, 'apify', 1, -0.5, 'negative', 'neutral', true, "
            "'pencairan', 'bansos cair', '2020-12-06 02:00:00'), "
            "('c2', 'CIabc', 'c1', 'kemensosri', 'mohon DM', '2020-12-06 02:00:00', "
            "'2020-12-06', 0, true, true, 'apify', 1, 0.0, 'neutral', NULL, false, NULL, "
            "'mohon', NULL)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO corrections (comment_id, previous_label, label, corrected_by, "
            "corrected_at) VALUES ('c1', 'negative', 'neutral', 'ana', '2020-12-07 00:00:00')"
        )
    )
    for day, n in (("2020-11-01", 40), ("2020-12-06", 1)):  # 1 Nov: comments purged
        conn.execute(
            text(
                "INSERT INTO daily_post (day, post_id, comments, owner_replies, positive, "
                "neutral, negative, score_sum, complaints, complaints_answered, likes, "
                "owner_positive, owner_neutral, owner_negative, owner_score_sum) VALUES "
                f"('{day}', 'CIabc', {n}, 1, 0, {n}, 0, 0, 1, 1, 7, 0, 1, 0, 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO daily_category (day, post_id, category, complaints) VALUES "
                f"('{day}', 'CIabc', 'pencairan', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO daily_category_total (day, category, complaints) VALUES "
                f"('{day}', 'pencairan', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO daily_total (day, commenters, owner_active, reply_median_minutes, "
                "comments, owner_replies, positive, neutral, negative, score_sum, complaints, "
                "complaints_answered, likes, owner_positive, owner_neutral, owner_negative, "
                f"owner_score_sum) VALUES ('{day}', {n}, 1, 60, {n}, 1, 0, {n}, 0, 0, 1, 1, 7, "
                "0, 1, 0, 0)"
            )
        )


def _counts(conn) -> dict[str, int]:
    names = ("imports", "comments", "corrections", *AGGREGATES)
    return {n: conn.execute(text(f"SELECT COUNT(*) FROM {n}")).scalar_one() for n in names}


AGGREGATES = ("daily_post", "daily_category", "daily_total", "daily_category_total")


def test_store_of_the_previous_schema_becomes_instagram(store_url):
    """A store made at 0003 upgrades in place: every row is kept and becomes Instagram's, the
    keys carry the platform, posts are filled, and the schema is the current one."""
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0003")
        with engine.begin() as conn:
            _seed_previous_schema(conn)
        with engine.connect() as conn:
            before = _counts(conn)
    finally:
        engine.dispose()
    store = open_store(store_url)  # what a new version does on its first start
    try:
        with store.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert schema_diff(conn) == []
            assert _counts(conn) == before
            for name in ("imports", "comments", "corrections", *AGGREGATES):
                platforms = conn.execute(text(f"SELECT DISTINCT platform FROM {name}")).scalars()
                assert list(platforms) == ["instagram"], name
            keys = {
                n: inspect(conn).get_pk_constraint(n)["constrained_columns"] for n in AGGREGATES
            }
            assert inspect(conn).get_pk_constraint("comments")["constrained_columns"] == [
                "platform",
                "comment_id",
            ]
            assert keys == {
                "daily_post": ["day", "platform", "post_id"],
                "daily_category": ["day", "platform", "post_id", "category"],
                "daily_total": ["day", "platform"],
                "daily_category_total": ["day", "platform", "category"],
            }
            stored = conn.execute(
                text("SELECT platform, post_id, url, first_seen_import_id FROM posts")
            ).all()
            assert [tuple(r) for r in stored] == [
                ("instagram", "CIabc", "https://www.instagram.com/p/CIabc/", 1)
            ]
            first_reply, label = conn.execute(
                text("SELECT first_reply_at, corrected_label FROM comments WHERE comment_id='c1'")
            ).one()
            assert label == "neutral" and first_reply is not None
        # the purged day keeps its figures, read through the new platform dimension
        from monitor.store import aggregates

        nov = date(2020, 11, 1)
        assert aggregates.read_daily_post(store, nov, nov)["comments"].tolist() == [40]
        kept = aggregates.read_daily_post(store, nov, nov, platforms=("instagram",))
        assert kept["comments"].tolist() == [40]
        assert aggregates.read_daily_post(store, nov, nov, platforms=("x",)).empty
        assert aggregates.read_daily_total(store, nov, nov)["reply_median_minutes"].tolist() == [60]
        # and the same id can now arrive from another platform as another comment
        from monitor.store import comments as comment_store

        assert comment_store.find_comments(store, ["c1"], platform="x").empty
        assert len(comment_store.find_comments(store, ["c1"])) == 1
    finally:
        store.dispose()


def test_downgrade_to_the_previous_schema_keeps_instagram_rows(store_url):
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0003")
        with engine.begin() as conn:
            _seed_previous_schema(conn)
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "head")
            before = _counts(conn)
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0003")
        with engine.connect() as conn:
            assert _counts(conn) == before
            assert inspect(conn).get_pk_constraint("comments")["constrained_columns"] == [
                "comment_id"
            ]
            assert not inspect(conn).has_table("posts")
            assert "platform" not in {c["name"] for c in inspect(conn).get_columns("imports")}
    finally:
        engine.dispose()


def _seed_0004(conn) -> None:
    """A store as revision 0004 wrote it: one X comment with its aggregates."""
    conn.execute(
        text(
            "INSERT INTO imports (id, file_name, source_format, platform, sha256, rows_read, "
            "rows_new, rows_updated, rows_duplicate, rows_rejected, imported_by, started_at, "
            "status, is_demo) VALUES (1, 'x.json', 'x_api', 'x', 'ab', 1, 1, 0, 0, 0, '', "
            "'2020-12-06 09:00:00', 'done', false)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO comments (platform, comment_id, post_id, parent_id, author, text, "
            "created_at_utc, day, like_count, is_reply, is_owner_reply, source_format, "
            "import_id, sentiment_score, sentiment_label, is_complaint, terms) VALUES "
            "('x', '1', '9', NULL, 'budi', 'saya marah sekali, korupsi terus', "
            "'2020-12-06 01:00:00', '2020-12-06', 0, false, false, 'x_api', 1, -0.6, "
            "'negative', false, 'marah korupsi')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO daily_total (day, platform, commenters, owner_active, comments, "
            "negative) VALUES ('2020-12-06', 'x', 1, 0, 1, 1)"
        )
    )


def test_store_of_0004_gains_emotions_unscored_until_rescored(store_url):
    """A store made at 0004 upgrades in place: its comments hold NULL emotion and confidences
    (not scored yet, told apart from "" = no emotion), daily_emotion exists and is empty, and
    re-scoring fills both."""
    from monitor.nlp.scoring import ScoringConfig
    from monitor.ops import rescore
    from monitor.store.aggregate_tables import daily_emotion

    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0004")
        with engine.begin() as conn:
            _seed_0004(conn)
    finally:
        engine.dispose()
    store = open_store(store_url)
    try:
        with store.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert schema_diff(conn) == []
            stored = conn.execute(
                text("SELECT emotion, emotion_confidence, sentiment_confidence FROM comments")
            ).all()
            assert [tuple(r) for r in stored] == [(None, None, None)]
            assert conn.execute(select(daily_emotion)).all() == []
            daily = conn.execute(text("SELECT comments, negative FROM daily_total")).one()
            assert tuple(daily) == (1, 1)  # the aggregates are kept as they were
        assert rescore.unscored_emotions(store)
        assert rescore.needs_rescore(store, ScoringConfig())
        report = rescore.rescore_comments(store, ScoringConfig())
        assert report.changed == 1
        assert not rescore.unscored_emotions(store)
        assert not rescore.needs_rescore(store, ScoringConfig())
        with store.connect() as conn:
            emotion, conf, sent_conf = conn.execute(
                text("SELECT emotion, emotion_confidence, sentiment_confidence FROM comments")
            ).one()
        assert emotion == "anger"
        assert 0 < conf <= 1 and 0 < sent_conf <= 1
    finally:
        store.dispose()


def test_downgrade_to_0004_drops_the_emotions_and_keeps_the_comments(store_url):
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0004")
        with engine.begin() as conn:
            _seed_0004(conn)
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0005")
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0004")
        with engine.connect() as conn:
            assert not inspect(conn).has_table("daily_emotion")
            names = {c["name"] for c in inspect(conn).get_columns("comments")}
            assert names.isdisjoint({"emotion", "emotion_confidence", "sentiment_confidence"})
            assert conn.execute(text("SELECT COUNT(*) FROM comments")).scalar_one() == 1
    finally:
        engine.dispose()
