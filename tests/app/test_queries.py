"""Comment search for the Comments page: filters, stem search, paging and Excel-safe rows."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from analytics_helpers import add_comments, row

from monitor.analysis import metrics
from monitor.store import queries
from monitor.store.corrections import correct_label, correction_history
from monitor.store.schema import comments

D1, D2 = date(2021, 1, 4), date(2021, 1, 5)


@pytest.fixture
def filled(store):
    rows = [
        row(
            D1,
            text="Terima kasih, sangat membantu",
            terms="terima kasih bantu",
            label="positive",
            score=0.6,
            comment_id="a",
            post_id="P1",
            emotion="happy",
            emotion_confidence=0.7,
            sentiment_confidence=0.9,
        ),
        row(
            D1,
            text="Bantuan belum cair pak",
            terms="bantu belum cair",
            label="negative",
            score=-0.4,
            complaint=True,
            category="bantuan_belum_cair",
            comment_id="b",
            post_id="P1",
            reply_minutes=30,
            emotion="sadness",
            emotion_confidence=0.5,
            sentiment_confidence=0.55,
        ),
        row(
            D2,
            text='=HYPERLINK("http://x")',
            terms="hyperlink",
            label="neutral",
            comment_id="c",
            post_id="P2",
        ),
        row(
            D2,
            text="Data DTKS saya hilang",
            terms="data dtks hilang",
            label="negative",
            score=-0.3,
            complaint=True,
            category="data_penerima",
            comment_id="d",
            post_id="P2",
            emotion="",  # scored: no emotion
            emotion_confidence=0.3,
            sentiment_confidence=0.4,
        ),
        row(D2, text="Mohon kirim NIK via DM", owner=True, comment_id="e", post_id="P2"),
    ]
    add_comments(store, rows)
    return store


def ids(store, **kw) -> list[str]:
    frame, total = queries.search_comments(store, queries.CommentFilter(**kw), limit=100)
    assert total == len(frame)
    return sorted(frame["comment_id"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a", "b", "c", "d"]),
        ({"include_owner": True}, ["a", "b", "c", "d", "e"]),
        ({"start": D2}, ["c", "d"]),
        ({"end": D1}, ["a", "b"]),
        ({"posts": ("P1",)}, ["a", "b"]),
        ({"sentiments": ("negative",)}, ["b", "d"]),
        ({"categories": ("data_penerima",)}, ["d"]),
        ({"complaints_only": True}, ["b", "d"]),
        ({"answered": "answered"}, ["b"]),
        ({"answered": "unanswered"}, ["a", "c", "d"]),
        ({"search": "bantu"}, ["a", "b"]),  # stem: membantu, bantuan
        ({"search": "bantuan"}, ["a", "b"]),  # the query is stemmed too
        ({"search": "dtks hilang"}, ["d"]),
        ({"search": "100%_"}, []),  # LIKE wildcards are literal
        ({"emotions": ("sadness",)}, ["b"]),
        ({"emotions": ("happy", "sadness")}, ["a", "b"]),
        ({"emotions": ("none",)}, ["d"]),  # scored without an emotion; c is not scored yet
        ({"emotions": ("anger",)}, []),
    ],
)
def test_filters(filled, filters, expected):
    assert ids(filled, **filters) == expected


def test_least_certain_first_puts_corrected_and_unscored_last(filled):
    def order(**kw) -> list[str]:
        frame, _ = queries.search_comments(
            filled, queries.CommentFilter(**kw), **{"order": "uncertain"}
        )
        return frame["comment_id"].tolist()

    assert order() == ["d", "b", "a", "c"]  # 0.4, 0.55, 0.9, then not scored
    assert order(start=D2) == ["d", "c"]  # within the period
    newest, _ = queries.search_comments(filled, queries.CommentFilter())
    assert newest["comment_id"].tolist()[-1] in {"a", "b"}  # the default is unchanged: by time
    correct_label(filled, "d", "neutral", corrected_by="ana")
    assert order() == ["b", "a", "c", "d"]  # a corrected label is certain
    frame, _ = queries.search_comments(filled, queries.CommentFilter(), order="uncertain")
    first = frame.iloc[0]
    assert first["emotion"] == "sadness" and first["sentiment_confidence"] == 0.55
    assert first["emotion_confidence"] == 0.5
    with pytest.raises(ValueError, match="unknown comment order 'oldest'"):
        queries.search_comments(filled, queries.CommentFilter(), order="oldest")


def test_paging_is_stable_and_counts_all(filled):
    flt = queries.CommentFilter()
    first, total = queries.search_comments(filled, flt, limit=3, offset=0)
    second, _ = queries.search_comments(filled, flt, limit=3, offset=3)
    assert total == 4
    assert len(first) == 3 and len(second) == 1
    assert set(first["comment_id"]).isdisjoint(second["comment_id"])


def test_export_is_excel_safe(filled):
    data = queries.to_csv_bytes(queries.export_rows(filled, queries.CommentFilter()))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    texts = {r["comment_id"]: r["text"] for r in rows}
    assert texts["c"].startswith("'=")
    assert texts["a"] == "Terima kasih, sangat membantu"
    scores = {r["comment_id"]: r["sentiment_score"] for r in rows}
    assert scores["b"] == "-0.4"  # numbers are left alone


def test_correction_wins_is_audited_and_refreshes_the_day(filled):
    from monitor.store.aggregates import read_daily_post

    before = read_daily_post(filled, D2, D2)
    old = correct_label(filled, "d", "positive", corrected_by="ana")
    assert old == "negative"
    assert ids(filled, sentiments=("positive",)) == ["a", "d"]
    after = read_daily_post(filled, D2, D2)
    assert int(after["negative"].sum()) == int(before["negative"].sum()) - 1
    assert int(after["positive"].sum()) == int(before["positive"].sum()) + 1
    history = correction_history(filled, "d")
    assert [(h["previous_label"], h["label"], h["corrected_by"]) for h in history] == [
        ("negative", "positive", "ana")
    ]
    with filled.connect() as conn:
        assert (
            conn.execute(comments.select().where(comments.c.comment_id == "d"))
            .mappings()
            .one()["sentiment_label"]
            == "negative"
        )  # the model's label is kept


@pytest.mark.parametrize(("comment_id", "label"), [("zzz", "positive"), ("a", "angry")])
def test_correction_refuses_bad_input(filled, comment_id, label):
    from monitor.core.errors import StoreError

    with pytest.raises(StoreError):
        correct_label(filled, comment_id, label)


def test_helpers_and_data_version(filled):
    assert queries.data_bounds(filled) == (D1, D2)
    assert queries.comment_count(filled) == 5
    assert list(queries.list_posts(filled)["post_id"]) == ["P1", "P2"]
    assert queries.list_categories(filled) == ["bantuan_belum_cair", "data_penerima"]
    waiting = metrics.oldest_unanswered_complaints(filled, limit=200, by_category=False)
    assert list(waiting["comment_id"]) == ["d"]
    version = queries.data_version(filled)
    correct_label(filled, "a", "neutral")
    assert queries.data_version(filled) != version


def test_the_links_orders_and_emotions_are_the_ones_queries_know():
    from monitor.core.canonical import EMOTION_LABELS
    from monitor.ui import viewstate

    assert viewstate.ORDERS == queries.ORDERS
    assert (*EMOTION_LABELS, queries.NO_EMOTION) == viewstate.EMOTIONS
