"""The analyst's lexicon (Settings -> lexicon file) reaches every score: imports, the pool's
workers, re-scoring of stored comments and explanations agree with it."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pandas as pd
from sqlalchemy import select

from monitor.ingest import pipeline
from monitor.nlp import scoring
from monitor.nlp.scoring import ScoringConfig
from monitor.ops import rescore
from monitor.ops import settings as settings_mod
from monitor.store import aggregate_tables as agg
from monitor.store import comments as comment_store
from monitor.store.aggregates import refresh_days

TEXT = "pelayanan bagus sekali"
TEXTS = [
    TEXT,
    "bagus, terima kasih bu",
    "PKH saya belum cair min, tolong",
    "rapat koordinasi penyaluran",
    "aamiin",
]
IDS = [str(9000 + i) for i in range(len(TEXTS))]


def _items(texts: list[str]) -> bytes:
    base = {
        "postUrl": "https://www.instagram.com/p/CGWnalPSeRu/",
        "ownerUsername": "warga",
        "likesCount": 0,
        "replies": [],
    }
    return json.dumps(
        [
            dict(base, id=str(9000 + i), text=t, timestamp=f"2021-01-0{1 + i % 3}T03:00:00.000Z")
            for i, t in enumerate(texts)
        ]
    ).encode()


def _use_lexicon(store, tmp_path, content: str) -> settings_mod.Settings:
    lex = tmp_path / "lexicon.tsv"
    lex.write_text(content, encoding="utf-8")
    new = replace(settings_mod.load(store), lexicon_path=str(lex))
    settings_mod.save(store, new)
    return new


def _stored(store) -> pd.DataFrame:
    return comment_store.find_comments(store, IDS).set_index("comment_id")


def _values(column: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in column.tolist()]


def _aggregates(store) -> dict[str, list[tuple]]:
    with store.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t)))
            for t in (agg.daily_post, agg.daily_category, agg.daily_total, agg.daily_emotion)
        }


def test_import_scores_with_the_lexicon_override_as_explain_does(store, tmp_path):
    current = _use_lexicon(store, tmp_path, "bagus\t-4\n")
    pipeline.import_file(store, _items([TEXT]), file_name="lex.json")
    row = comment_store.find_comments(store, ["9000"]).iloc[0]
    words = dict(scoring.explain(TEXT, current))
    assert words["bagus"] < 0
    assert row["sentiment_label"] == "negative"
    assert row["sentiment_score"] < 0


def test_pool_workers_score_with_the_lexicon(tmp_path):
    lex = tmp_path / "lexicon.tsv"
    lex.write_text("bagus\t-4\n", encoding="utf-8")
    texts = [f"{t} {i}" for i in range(50) for t in TEXTS]
    one = scoring.score(texts, ScoringConfig(lexicon_path=str(lex), workers=1))
    pooled = scoring.score(texts, ScoringConfig(lexicon_path=str(lex), workers=2, parallel_min=0))
    pd.testing.assert_frame_equal(one, pooled)
    assert one.loc[0, "sentiment_label"] == "negative"


def test_an_edited_lexicon_file_is_read_again(tmp_path):
    lex = tmp_path / "lexicon.tsv"
    lex.write_text("bagus\t-4\n", encoding="utf-8")
    cfg = ScoringConfig(lexicon_path=str(lex))
    assert scoring.score([TEXT], cfg).loc[0, "sentiment_label"] == "negative"
    lex.write_text("bagus\t4\n", encoding="utf-8")
    os.utime(lex, ns=(1, 1))  # another version, whatever the file system's clock
    assert scoring.score([TEXT], cfg).loc[0, "sentiment_label"] == "positive"
    assert dict(scoring.explain(TEXT, cfg))["bagus"] > 0


def test_rescoring_applies_a_changed_lexicon_to_stored_comments(store, tmp_path):
    pipeline.import_file(store, _items(TEXTS), file_name="plain.json")
    before = _stored(store)
    assert before.loc["9000", "sentiment_label"] == "positive"
    aggregates_before = _aggregates(store)
    current = _use_lexicon(store, tmp_path, "bagus\t-4\n")
    seen = []
    report = rescore.rescore_comments(
        store, chunk_rows=2, progress=lambda done, total: seen.append((done, total))
    )
    after = _stored(store)
    expected = scoring.score(TEXTS, current).set_index(pd.Index(IDS))
    for col in scoring.SCORE_COLUMNS:
        assert _values(after[col]) == _values(expected[col]), col
    assert after.loc["9000", "sentiment_label"] == "negative"
    assert report.scored == len(TEXTS)
    assert report.changed == 2  # the two comments with "bagus"
    assert report.days == 2
    assert seen == [(2, 5), (4, 5), (5, 5)]  # one chunk (one transaction) at a time
    # the aggregates follow the new scores: the same as refreshing every day from scratch
    refreshed = _aggregates(store)
    assert refreshed != aggregates_before
    with store.begin() as conn:
        refresh_days(conn, set(after["day"]))
    assert _aggregates(store) == refreshed


def test_rescoring_twice_changes_nothing_the_second_time(store, tmp_path):
    assert not rescore.needs_rescore(store)  # nothing stored
    pipeline.import_file(store, _items(TEXTS), file_name="plain.json")
    assert not rescore.needs_rescore(store)  # scored without a lexicon, none set
    current = _use_lexicon(store, tmp_path, "bagus\t-4\n")
    assert rescore.needs_rescore(store)
    assert rescore.rescore_comments(store).changed == 2
    assert not rescore.needs_rescore(store)
    assert rescore.rescore_comments(store) == rescore.RescoreReport(
        scored=len(TEXTS), changed=0, days=0
    )
    os.utime(current.lexicon_path, ns=(1, 1))  # the file edited in place
    assert rescore.needs_rescore(store)


def test_rescoring_in_the_background_reports_progress(store, tmp_path):
    pipeline.import_file(store, _items(TEXTS), file_name="plain.json")
    current = _use_lexicon(store, tmp_path, "bagus\t-4\n")
    job = rescore.start_rescore(store, current)
    job.thread.join(timeout=120)
    assert not job.running and job.error is None
    assert job.report.changed == 2 and job.fraction == 1.0
    assert rescore.current_job(store) is job
    assert _stored(store).loc["9000", "sentiment_label"] == "negative"
