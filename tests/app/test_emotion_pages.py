"""Emotions and confidence on the pages: the timeline's emotion view, the Comments page's
emotion filter, confidences and "least certain first" order, each kept in the share link, and
the dominant emotion of a spike on the Morning view."""

from __future__ import annotations

import json

from sqlalchemy import update

from monitor.store import open_store
from monitor.store.schema import comments
from tests.app.test_pages import assert_clean, open_page, results_count, start

RANGE = {"from": "2020-10-20", "to": "2021-01-02"}


def _charts(at) -> str:
    return json.dumps([json.loads(c.proto.spec) for c in at.get("vega_lite_chart")])


def _link(at) -> dict[str, str]:
    return {k: at.query_params.get(k) for k in at.query_params}


def _percents(column) -> list[int]:
    return [int(v.rstrip("%")) for v in column]


def test_timeline_emotion_view_is_in_the_link_and_reproduced_by_it(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page("app_pages/view_timeline.py", {"from": "2020-12-01", "to": "2020-12-10"})
    assert '"marah"' not in _charts(at)  # the sentiment view by default
    at.segmented_control(key="vs_metric").set_value("emotion").run()
    assert_clean(at)
    assert at.query_params.get("metric") == "emotion"
    drawn = _charts(at)
    for name in ("marah", "sedih", "takut", "senang", "cinta"):
        assert f'"{name}"' in drawn, name
    assert any("Komentar per emosi" in c.value for c in at.caption)
    shared = open_page("app_pages/view_timeline.py", _link(at))  # a new visit from the link
    assert_clean(shared)
    assert shared.segmented_control(key="vs_metric").value == "emotion"
    assert _charts(shared) == drawn
    english = open_page("app_pages/view_timeline.py", {**_link(at), "lang": "en"})
    assert '"anger"' in _charts(english) and '"happiness"' in _charts(english)


def test_comments_emotion_filter_and_least_certain_order_live_in_the_link(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page("app_pages/view_comments.py", RANGE)
    assert_clean(at)
    everything = results_count(at)
    table = at.dataframe[0].value
    assert {"Emosi", "Keyakinan emosi", "Keyakinan sentimen"} <= set(table.columns)
    at.pills(key="vs_emotions").set_value(["anger"]).run()
    assert_clean(at)
    angry = results_count(at)
    assert 0 < angry < everything
    assert at.query_params.get("emo") == "anger"
    assert set(at.dataframe[0].value["Emosi"]) == {"marah"}
    at.segmented_control(key="vs_order").set_value("uncertain").run()
    assert_clean(at)
    assert at.query_params.get("order") == "uncertain"
    assert results_count(at) == angry  # the order changes no count
    certainty = _percents(at.dataframe[0].value["Keyakinan sentimen"])
    assert certainty == sorted(certainty)  # least certain first
    shared = open_page("app_pages/view_comments.py", _link(at))
    assert_clean(shared)
    assert shared.pills(key="vs_emotions").value == ["anger"]
    assert shared.segmented_control(key="vs_order").value == "uncertain"
    assert shared.dataframe[0].value.equals(at.dataframe[0].value)
    at.pills(key="vs_emotions").set_value([]).run()
    assert "emo" not in at.query_params and results_count(at) == everything
    uncertain = _percents(at.dataframe[0].value["Keyakinan sentimen"])
    newest = _percents(
        open_page("app_pages/view_comments.py", RANGE).dataframe[0].value["Keyakinan sentimen"]
    )
    assert uncertain == sorted(uncertain) and uncertain != newest
    assert uncertain[0] < max(newest)


def test_comment_details_show_the_emotion_and_both_confidences(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page("app_pages/view_comments.py", {**RANGE, "emo": "anger"})
    at.selectbox(key="comment_pick").set_value(at.selectbox(key="comment_pick").options[0]).run()
    assert_clean(at)
    captions = " ".join(c.value for c in at.caption)
    assert "Emosi: marah" in captions
    assert "Keyakinan emosi: " in captions and "Keyakinan sentimen: " in captions


def test_comments_stored_before_emotions_show_as_not_scored(app_env, seeded_db):
    url = app_env(seeded_db)
    store = open_store(url)
    with store.begin() as conn:
        conn.execute(
            update(comments).values(
                emotion=None, emotion_confidence=None, sentiment_confidence=None
            )
        )
    store.dispose()
    at = open_page("app_pages/view_comments.py", RANGE)
    assert_clean(at)
    table = at.dataframe[0].value
    assert set(table["Emosi"]) == {"belum dinilai"}
    assert set(table["Keyakinan sentimen"]) == {"–"}
    settings = open_page("app_pages/manage_settings.py")
    assert any("sebelum Citra menilai emosi" in i.value for i in settings.info)


def test_spike_card_says_the_dominant_emotion(app_env, seeded_db):
    app_env(seeded_db)
    at = start({"day": "2020-12-07"})
    assert_clean(at)
    assert any("sebagian besar marah" in m.value for m in at.markdown)
    english = start({"day": "2020-12-07", "lang": "en"})
    assert any("mostly anger" in m.value for m in english.markdown)
