"""Emotion and confidences in the store: written at import, by re-scoring, counted per day."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import update

from monitor.core.canonical import EMOTION_COLUMNS
from monitor.ingest import pipeline
from monitor.nlp import scoring
from monitor.nlp.scoring import ScoringConfig
from monitor.ops import rescore
from monitor.store import comments as comment_store
from monitor.store.schema import comments

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
