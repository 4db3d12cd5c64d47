"""Only http(s) links are stored or shown (hardening: no javascript: links in the timeline)."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from monitor.analysis import events, news
from monitor.analysis.events import EventError
from monitor.core.urls import http_url
from monitor.store import events_table
from monitor.store.schema import events as events_schema

HOSTILE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "http://",
    "https:///path-only",
    "http://exa mple.com/",
    "http://example.com/\x00",
    "https://example.com/" + "a" * 3000,
    None,
    42,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_links_are_refused(value):
    assert http_url(value) == ""


@pytest.mark.parametrize(
    "value",
    ["https://www.kompas.com/a?b=1#c", "http://news.detik.com/x", "HTTPS://Example.com/Path"],
)
def test_http_links_are_kept(value):
    assert http_url(f"  {value} ") == value


def test_an_analysts_javascript_link_is_refused_with_a_clear_message(store):
    with pytest.raises(EventError, match="http:// or https://"):
        events.add_event(
            store, "2020-12-06", "KPK tetapkan Mensos", source_url="javascript:alert(1)"
        )
    good = events.add_event(
        store, "2020-12-06", "KPK tetapkan Mensos", source_url="https://kpk.go.id/"
    )
    with pytest.raises(EventError, match="http:// or https://"):
        events.edit_event(store, good, source_url="data:text/html,x")
    assert events_table.get_event(store, good)["source_url"] == "https://kpk.go.id/"


def test_a_feeds_javascript_link_is_not_stored(store):
    from datetime import date

    article = news.Article(day=date(2020, 12, 6), title="Berita", url="javascript:alert(1)")
    news.import_articles(store, [article], "rss")
    listed = events_table.list_events(store)
    assert listed.loc[listed["title_id"] == "Berita", "source_url"].tolist() == [""]


def test_a_link_stored_before_the_rule_is_never_handed_out(store):
    from datetime import UTC, date, datetime

    with store.begin() as conn:
        conn.execute(
            insert(events_schema).values(
                day=date(2020, 12, 7),
                title_id="lama",
                title_en="",
                category="other",
                source_url="javascript:alert(1)",
                origin="manual",
                created_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
    listed = events_table.list_events(store)
    assert "javascript:alert(1)" not in listed["source_url"].tolist()
