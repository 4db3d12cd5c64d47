"""Emotion and confidences in the store: written at import, by re-scoring, counted per day."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
from sqlalchemy import delete, select, update

from monitor.analysis import metrics
from monitor.core.canonical import EMOTION_COLUMNS
from monitor.ingest import pipeline
from monitor.nlp import scoring
from monitor.nlp.scoring import ScoringConfig
from monitor.ops import rescore
from monitor.store import aggregate_tables as agg
from monitor.store import aggregates
from monitor.store import comments as comment_store
from monitor.store.aggregates import refresh_days
from monitor.store.schema import comments
from tests.analytics_helpers import add_comments, row

D1, D2, D3 = date(2021, 8, 23), date(2021, 8, 24), date(2021, 8, 25)

TEXTS = [
    "saya marah sekali, korupsi terus pak",
    "sedih sekali bansos belum cair, anak saya lapar",
    "terima kasih bu, senang sekali bantuannya sudah cair",
    "rapat koordinasi penyaluran",
]
IDS = [str(7000 + i) for i in range(len(TEXTS))]


def _items(texts: list[str], *, day: int = 1) -> bytes:
    base = {
        "postUrl": "https://www.instagram.com/p/CGWnalPSeRu/",
        "ownerUsername": "warga",
        "likesCount": 0,
        "replies": [],
    }
    return json.dumps(
        [
            dict(base, id=str(7000 + i), text=t, timestamp=f"2021-01-0{day}T03:00:00.000Z")
            for i, t in enumerate(texts)
        ]
    ).encode()


def _stored(store) -> pd.DataFrame:
    return comment_store.find_comments(store, IDS).set_index("comment_id").loc[IDS]


def test_import_stores_the_emotion_and_both_confidences(store):
    pipeline.import_file(store, _items(TEXTS), file_name="emo.json")
    stored = _stored(store)
    expected = scoring.score(TEXTS, ScoringConfig())
    assert stored["emotion"].tolist() == expected["emotion"].tolist()
    assert stored["emotion"].iloc[0] == "anger"
    for col in ("emotion_confidence", "sentiment_confidence"):
        assert stored[col].astype(float).tolist() == expected[col].tolist(), col
    assert stored["sentiment_confidence"].between(0, 1).all()


def test_rescoring_fills_comments_stored_without_emotions(store):
    pipeline.import_file(store, _items(TEXTS), file_name="emo.json")
    scored = _stored(store)
    with store.begin() as conn:  # as a store from before emotions holds them
        conn.execute(
            update(comments).values(
                emotion=None, emotion_confidence=None, sentiment_confidence=None
            )
        )
    assert rescore.needs_rescore(store)
    report = rescore.rescore_comments(store, chunk_rows=3)
    assert report.changed == len(TEXTS)
    after = _stored(store)
    for col in EMOTION_COLUMNS:
        assert after[col].tolist() == scored[col].tolist(), col
    assert rescore.rescore_comments(store).changed == 0


def _emotion_rows(store) -> list[tuple]:
    with store.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(agg.daily_emotion)))


def test_daily_emotion_counts_the_publics_scored_comments_per_day_platform_post(store):
    add_comments(
        store,
        [
            row(D1, emotion="anger"),
            row(D1, emotion="anger"),
            row(D1, emotion="anger", post_id="P2"),
            row(D1, emotion="sadness"),
            row(D1, emotion=""),  # scored, no emotion
            row(D1, emotion=None),  # not scored for emotion yet: not counted
            row(D1, emotion="love", owner=True),  # the account's own reply: not counted
            row(D1, emotion="fear", platform="x"),
            row(D2, emotion="happy"),
        ],
    )
    assert _emotion_rows(store) == [
        (D1, "instagram", "P1", "", 1),
        (D1, "instagram", "P1", "anger", 2),
        (D1, "instagram", "P1", "sadness", 1),
        (D1, "instagram", "P2", "anger", 1),
        (D1, "x", "P1", "fear", 1),
        (D2, "instagram", "P1", "happy", 1),
    ]
    read = aggregates.read_daily_emotion(store, D1, D2)
    assert [tuple(r) for r in read.itertuples(index=False)] == [
        (D1, "", 1),
        (D1, "anger", 3),
        (D1, "fear", 1),
        (D1, "sadness", 1),
        (D2, "happy", 1),
    ]
    only_x = aggregates.read_daily_emotion(store, D1, D2, platforms=("x",))
    assert only_x["comments"].tolist() == [1]
    on_p2 = aggregates.read_daily_emotion(store, D1, D2, posts=["P2"])
    assert [tuple(r) for r in on_p2.itertuples(index=False)] == [(D1, "anger", 1)]


def test_daily_emotion_equals_a_recomputation_after_changes(store):
    add_comments(store, [row(D1, emotion=e) for e in ("anger", "anger", "fear", "")])
    with store.begin() as conn:
        conn.execute(update(comments).where(comments.c.emotion == "fear").values(emotion="sadness"))
        conn.execute(delete(comments).where(comments.c.emotion == ""))
        refresh_days(conn, [D1])
    after = _emotion_rows(store)
    assert after == [(D1, "instagram", "P1", "anger", 2), (D1, "instagram", "P1", "sadness", 1)]
    with store.begin() as conn:
        conn.execute(delete(agg.daily_emotion))
        refresh_days(conn, [D1, D2])
    assert _emotion_rows(store) == after
    with store.begin() as conn:  # a day asked for without comments left loses its rows
        conn.execute(delete(comments))
        refresh_days(conn, [D1])
    assert _emotion_rows(store) == []


def test_daily_emotions_series_has_every_day_and_emotion(store):
    add_comments(
        store,
        [row(D1, emotion="anger"), row(D1, emotion=""), row(D3, emotion="love", platform="x")],
    )
    series = metrics.daily_emotions(store, D1, D3)
    assert list(series.columns) == ["day", "anger", "sadness", "fear", "happy", "love", "none"]
    assert series["day"].tolist() == [D1, D2, D3]
    assert series["anger"].tolist() == [1, 0, 0]
    assert series["none"].tolist() == [1, 0, 0]
    assert series["love"].tolist() == [0, 0, 1]
    per = metrics.daily_emotions(store, D1, D3, by_platform=True)
    assert list(per.columns[:2]) == ["platform", "day"]
    assert per["platform"].tolist() == ["instagram"] * 3 + ["x"] * 3
    summed = per.groupby("day")[list(metrics.EMOTION_SERIES_COLUMNS)].sum().reset_index()
    pd.testing.assert_frame_equal(summed, series, check_dtype=False)
    assert metrics.daily_emotions(store, D2, D2)["anger"].tolist() == [0]
