"""A comment is (platform, comment id): the same id on two platforms is two comments, in every
write and lookup of the store (upserts, replies, corrections, retention, re-scoring)."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import insert, select

from monitor.ops import rescore
from monitor.store import comments as comment_store
from monitor.store import corrections, purge, scores
from monitor.store.schema import comments
from monitor.store.schema import corrections as corrections_table
from tests.analytics_helpers import add_comments, row

DAY = date(2021, 3, 1)
ID = "1330000000000000001"  # an X id and a TikTok id alike: 19 digits


def chunk(platform: str, likes: int = 1, text: str = "halo", cid: str = ID) -> pd.DataFrame:
    """A scored canonical chunk of one comment, as the pipeline writes it."""
    created = pd.Timestamp("2021-03-01 03:00:00")
    return pd.DataFrame(
        {
            "comment_id": [cid],
            "platform": [platform],
            "post_id": ["P1"],
            "parent_id": [None],
            "author": ["budi"],
            "text": [text],
            "created_at_utc": [created],
            "day": [created.normalize()],
            "like_count": [likes],
            "is_reply": [False],
            "is_owner_reply": [False],
            "source_format": ["test"],
            "import_id": [1],
            "sentiment_score": [0.0],
            "sentiment_label": ["neutral"],
            "is_complaint": [False],
            "complaint_category": [None],
            "terms": ["halo"],
        }
    )


def import_record(store, platform: str = "instagram") -> int:
    with store.begin() as conn:
        return comment_store.create_import(
            conn, file_name="f", source_format="test", sha256="", platform=platform
        )


def stored(store) -> dict[tuple[str, str], int]:
    with store.connect() as conn:
        rows = conn.execute(
            select(comments.c.platform, comments.c.comment_id, comments.c.like_count)
        )
        return {(p, c): likes for p, c, likes in rows}


def test_the_same_id_on_two_platforms_is_two_comments(store):
    import_record(store)
    with store.begin() as conn:
        assert comment_store.upsert_comments(conn, chunk("x", likes=3)) == (1, 0, 0)
        # the Instagram comment with the same id is new, not a duplicate of the X one
        assert comment_store.upsert_comments(conn, chunk("instagram", likes=9, text="lain")) == (
            1,
            0,
            0,
        )
    assert stored(store) == {("x", ID): 3, ("instagram", ID): 9}


def test_like_counts_move_per_platform(store):
    import_record(store)
    with store.begin() as conn:
        comment_store.upsert_comments(conn, chunk("x", likes=3))
        comment_store.upsert_comments(conn, chunk("tiktok", likes=5))
    with store.begin() as conn:
        assert comment_store.upsert_comments(conn, chunk("x", likes=8)) == (0, 1, 0)
        assert comment_store.upsert_comments(conn, chunk("tiktok", likes=2)) == (0, 0, 1)
    assert stored(store) == {("x", ID): 8, ("tiktok", ID): 5}


def test_existing_looks_up_one_platform(store):
    import_record(store)
    with store.begin() as conn:
        comment_store.upsert_comments(conn, chunk("x", likes=3, text="dari x"))
    with store.connect() as conn:
        assert comment_store.existing(conn, [ID], "x") == {ID: (3, "dari x")}
        assert comment_store.existing(conn, [ID], "youtube") == {}
        assert comment_store.existing(conn, [ID]) == {}  # Instagram by default


def test_pending_rows_of_another_platform_are_not_stored_rows(store):
    import_record(store)
    pending = comment_store.PendingRows(chunk("x", likes=3))
    with store.connect() as conn:
        result = comment_store.classify(conn, chunk("youtube", likes=3), pending)
    assert (result.new, result.duplicate) == (1, 0)


def test_a_chunk_mixing_platforms_is_refused():
    mixed = pd.concat([chunk("x"), chunk("tiktok", cid="2")], ignore_index=True)
    with pytest.raises(ValueError, match="one platform"):
        comment_store.platform_of(mixed)


def test_an_owner_reply_answers_its_parent_on_its_own_platform(store):
    """A reply's parent id names a comment of the reply's platform, never another one's."""
    add_comments(
        store,
        [
            row(DAY, comment_id=ID, platform="instagram", complaint=True),
            row(DAY, comment_id=ID, platform="x", complaint=True),
            row(DAY, hour=9, comment_id="r1", platform="x", owner=True, parent_id=ID),
        ],
    )
    with store.begin() as conn:
        import_id = conn.execute(select(comments.c.import_id).limit(1)).scalar_one()
        comment_store.refresh_first_replies(conn, import_id, [ID], "x")
    with store.connect() as conn:
        answered = dict(
            conn.execute(
                select(comments.c.platform, comments.c.first_reply_at).where(
                    comments.c.comment_id == ID
                )
            ).all()
        )
    assert answered["x"] is not None
    assert answered["instagram"] is None


def test_a_parent_arriving_after_its_reply_is_answered_on_its_own_platform_only(store):
    """An owner reply stored by an earlier import answers a parent that arrives later, on the
    reply's platform; the same id arriving on another platform stays unanswered."""
    earlier = import_record(store, "x")
    reply = row(DAY, hour=9, comment_id="r1", platform="x", owner=True, parent_id=ID)
    with store.begin() as conn:
        conn.execute(insert(comments), [{**reply, "import_id": earlier}])
    for platform in ("instagram", "x"):
        later = import_record(store, platform)
        parent = row(DAY, comment_id=ID, platform=platform, complaint=True)
        with store.begin() as conn:
            conn.execute(insert(comments), [{**parent, "import_id": later}])
            days = comment_store.refresh_first_replies(conn, later, [], platform)
        assert days == ({DAY} if platform == "x" else set())
    with store.connect() as conn:
        answered = dict(
            conn.execute(
                select(comments.c.platform, comments.c.first_reply_at).where(
                    comments.c.comment_id == ID
                )
            ).all()
        )
    assert answered["x"] is not None and answered["instagram"] is None


def test_a_correction_names_the_platform(store):
    add_comments(
        store,
        [
            row(DAY, comment_id=ID, platform="instagram", label="negative"),
            row(DAY, comment_id=ID, platform="youtube", label="negative"),
        ],
    )
    previous = corrections.correct_label(
        store, ID, "positive", platform="youtube", corrected_by="ana"
    )
    assert previous == "negative"
    with store.connect() as conn:
        labels = dict(conn.execute(select(comments.c.platform, comments.c.corrected_label)).all())
    assert labels == {"instagram": None, "youtube": "positive"}
    assert [h["platform"] for h in corrections.correction_history(store, ID, "youtube")] == [
        "youtube"
    ]
    assert corrections.correction_history(store, ID) == []
    with pytest.raises(Exception, match="facebook"):
        corrections.correct_label(store, ID, "positive", platform="facebook")


def test_retention_deletes_the_corrections_of_deleted_comments_only(store):
    old, recent = date(2020, 1, 1), date(2021, 9, 1)
    add_comments(
        store,
        [
            row(old, comment_id=ID, platform="instagram"),
            row(recent, comment_id=ID, platform="x"),
        ],
    )
    corrections.correct_label(store, ID, "negative", platform="instagram")
    corrections.correct_label(store, ID, "negative", platform="x")
    assert purge.delete_before(store, date(2021, 1, 1)) == 1
    with store.connect() as conn:
        left = conn.execute(select(corrections_table.c.platform)).scalars().all()
    assert left == ["x"]
    assert set(stored(store)) == {("x", ID)}


def test_rescore_chunks_follow_the_platform_and_id_key(store):
    add_comments(
        store,
        [
            row(DAY, comment_id="a", platform="x", text="bagus sekali"),
            row(DAY, comment_id="a", platform="instagram", text="buruk sekali"),
            row(DAY, comment_id="b", platform="instagram", text="bagus"),
        ],
    )
    seen = []
    after = None
    with store.connect() as conn:
        while not (part := scores.read_chunk(conn, after, 1)).empty:
            after = (part["platform"].iat[0], part["comment_id"].iat[0])
            seen.append(after)
    assert seen == [("instagram", "a"), ("instagram", "b"), ("x", "a")]
    report = rescore.rescore_comments(store, chunk_rows=1)
    assert report.scored == 3
    with store.connect() as conn:
        labels = {
            (p, c): label
            for p, c, label in conn.execute(
                select(comments.c.platform, comments.c.comment_id, comments.c.sentiment_label)
            )
        }
    # each text got its own score back, not the other platform's comment with the same id
    assert labels[("x", "a")] == "positive"
    assert labels[("instagram", "a")] == "negative"


def test_undo_removes_only_the_import_of_its_platform(store):
    x_import = import_record(store, "x")
    with store.begin() as conn:
        comment_store.upsert_comments(conn, chunk("x").assign(import_id=x_import))
    ig_import = import_record(store, "instagram")
    with store.begin() as conn:
        comment_store.upsert_comments(conn, chunk("instagram").assign(import_id=ig_import))
    assert comment_store.undo_import(store, x_import) == 1
    assert set(stored(store)) == {("instagram", ID)}
    imports = comment_store.list_imports(store).set_index("id")
    assert imports.loc[x_import, "platform"] == "x"
    assert imports.loc[x_import, "status"] == "undone"


def test_export_rows_carry_the_platform(store):
    add_comments(
        store,
        [row(DAY, comment_id=ID, platform="x"), row(DAY, comment_id=ID, platform="tiktok")],
    )
    rows = pd.concat(list(comment_store.iter_export(store)))
    assert sorted(rows["platform"]) == ["tiktok", "x"]
    only = pd.concat(list(comment_store.iter_export(store, platforms=("tiktok",))))
    assert only["platform"].tolist() == ["tiktok"]
