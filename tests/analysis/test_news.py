"""News importers against a local HTTP server serving responses in GDELT's and feeds' real formats.

Nothing here touches the internet: every URL points at 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from monitor.analysis import events, news
from monitor.core.errors import NewsImportError

# Shapes as returned by https://api.gdeltproject.org/api/v2/doc/doc (format=json).
GDELT_ARTLIST = {
    "articles": [
        {
            "url": "https://news.example.id/2021/08/23/vonis-juliari",
            "url_mobile": "",
            "title": "Juliari Divonis 12 Tahun Penjara\u0007",
            "seendate": "20210823T091500Z",
            "socialimage": "https://news.example.id/img.jpg",
            "domain": "news.example.id",
            "language": "Indonesian",
            "sourcecountry": "Indonesia",
        },
        {
            "url": "https://news.example.id/2021/08/23/hakim-cacian",
            "url_mobile": "",
            "title": "Hakim: terdakwa sudah cukup menderita dicerca masyarakat",
            "seendate": "20210823T183000Z",  # 01:30 on 24 August in Jakarta
            "socialimage": "",
            "domain": "news.example.id",
            "language": "Indonesian",
            "sourcecountry": "Indonesia",
        },
    ]
}
GDELT_TIMELINE = {
    "query_details": {"title": "juliari", "date_resolution": "15m"},
    "timeline": [
        {
            "series": "Article Count",
            "data": [
                {"date": "20210822T000000Z", "value": 3, "norm": 1000},
                {"date": "20210823T000000Z", "value": 40, "norm": 1200},
                {"date": "20210823T120000Z", "value": 10, "norm": 800},
                {"date": "20210823T180000Z", "value": 5, "norm": 500},  # next day in Jakarta
            ],
        }
    ],
}

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel>
  <title>Berita Nasional</title>
  <link>https://news.example.id/</link>
  <description>Berita</description>
  <item>
   <title>Mensos Risma dilantik</title>
   <link>https://news.example.id/risma-dilantik</link>
   <pubDate>Wed, 23 Dec 2020 09:00:00 +0700</pubDate>
   <guid>https://news.example.id/risma-dilantik</guid>
  </item>
  <item>
   <title>Bansos tunai 2021 diluncurkan</title>
   <link>https://news.example.id/bst-2021</link>
   <pubDate>Sun, 03 Jan 2021 20:00:00 GMT</pubDate>
  </item>
  <item>
   <title>Tanpa tanggal</title>
   <guid>https://news.example.id/tanpa-tanggal</guid>
  </item>
 </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
 <title>Kanal Hukum</title>
 <id>urn:example:hukum</id>
 <updated>2021-08-23T10:00:00Z</updated>
 <entry>
  <title type="html">Jaksa tuntut 11 tahun</title>
  <link rel="alternate" href="https://hukum.example.id/tuntutan"/>
  <id>urn:example:1</id>
  <published>2021-07-28T14:00:00+07:00</published>
  <updated>2021-07-28T15:00:00+07:00</updated>
 </entry>
 <entry>
  <title>Pleidoi minta bebas</title>
  <link rel="self" href="https://hukum.example.id/self/2"/>
  <link href="https://hukum.example.id/pleidoi"/>
  <id>urn:example:2</id>
  <updated>2021-08-09T02:00:00Z</updated>
 </entry>
</feed>
"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="https://rdf.example.id/"><title>RDF</title></channel>
 <item rdf:about="https://rdf.example.id/a"><title>Item A</title>
  <link>https://rdf.example.id/a</link><dc:date>2021-09-30T08:00:00+08:00</dc:date></item>
</rdf:RDF>
"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>&lol2;</title></channel></rss>
"""


class _Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: str, ctype: str, headers: dict | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 - http.server API
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        _Handler.hits[url.path] = _Handler.hits.get(url.path, 0) + 1
        self.server.last_query = q  # type: ignore[attr-defined]
        n = _Handler.hits[url.path]
        if url.path == "/api/v2/doc/doc":
            if q.get("query") == "empty":
                return self._send(200, "{}", "application/json; charset=utf-8")
            if q.get("query") == "bad":
                return self._send(
                    200,
                    "Your search contained a keyword that was too short or too common.",
                    "text/html",
                )
            body = GDELT_ARTLIST if q.get("mode") == "ArtList" else GDELT_TIMELINE
            return self._send(200, json.dumps(body), "application/json; charset=utf-8")
        if url.path == "/rss":
            return self._send(200, RSS, "application/rss+xml")
        if url.path == "/atom":
            return self._send(200, ATOM, "application/atom+xml")
        if url.path == "/rdf":
            return self._send(200, RDF, "application/rdf+xml")
        if url.path == "/bomb":
            return self._send(200, BOMB, "application/rss+xml")
        if url.path == "/html":
            return self._send(200, "<html><body>not a feed</body></html>", "text/html")
        if url.path == "/truncated":
            return self._send(200, '{"articles": [{"url": "x"', "application/json")
        if url.path == "/ratelimited":
            return self._send(429, "Please limit requests", "text/plain", {"Retry-After": "0"})
        if url.path == "/flaky":
            if n == 1:
                return self._send(503, "busy", "text/plain")
            return self._send(200, RSS, "application/rss+xml")
        if url.path == "/slow":
            time.sleep(1.0)
            return self._send(200, RSS, "application/rss+xml")
        return self._send(404, "no such page", "text/plain")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server):
    _Handler.hits = {}
    return f"http://127.0.0.1:{server.server_address[1]}"


FAST = {"backoff": 0.0, "timeout": 0.5}


def test_gdelt_artlist(server, base):
    got = news.gdelt_articles(
        "juliari", date(2021, 8, 20), date(2021, 8, 24), base_url=f"{base}/api/v2/doc/doc", **FAST
    )
    q = server.last_query
    assert (q["mode"], q["format"], q["startdatetime"], q["enddatetime"]) == (
        "ArtList",
        "json",
        "20210820000000",
        "20210824235959",
    )
    assert [a.day for a in got] == [date(2021, 8, 23), date(2021, 8, 24)]
    assert got[0].title.startswith("Juliari Divonis") and got[0].source == "news.example.id"
    assert got[0].published_utc == datetime(2021, 8, 23, 9, 15)


def test_gdelt_no_match_and_refused_query(base):
    url = f"{base}/api/v2/doc/doc"
    assert (
        news.gdelt_articles("empty", date(2021, 1, 1), date(2021, 1, 2), base_url=url, **FAST) == []
    )
    with pytest.raises(NewsImportError, match="GDELT refused the query: Your search"):
        news.gdelt_articles("bad", date(2021, 1, 1), date(2021, 1, 2), base_url=url, **FAST)


def test_gdelt_timeline_volume_per_jakarta_day(server, base):
    vol = news.gdelt_volume(
        "juliari", date(2021, 8, 22), date(2021, 8, 23), base_url=f"{base}/api/v2/doc/doc", **FAST
    )
    assert server.last_query["mode"] == "TimelineVolRaw"
    assert vol["day"].tolist() == [date(2021, 8, 22), date(2021, 8, 23), date(2021, 8, 24)]
    assert vol["articles"].tolist() == [3, 50, 5]
    assert vol["all_articles"].tolist() == [1000, 2000, 500]
    assert vol["share"].tolist() == pytest.approx([0.003, 0.025, 0.01])


def test_rss_feed(base):
    items = news.fetch_feed(f"{base}/rss", **FAST)
    assert [i.title for i in items] == [
        "Mensos Risma dilantik",
        "Bansos tunai 2021 diluncurkan",
        "Tanpa tanggal",
    ]
    assert items[0].day == date(2020, 12, 23)
    assert items[0].published_utc == datetime(2020, 12, 23, 2, 0)
    assert items[1].day == date(2021, 1, 4)  # 20:00 GMT is 03:00 next day in Jakarta
    assert items[2].url == "https://news.example.id/tanpa-tanggal"
    assert items[2].published_utc is None
    assert items[0].source == "Berita Nasional"


def test_atom_and_rdf_feeds(base):
    atom = news.fetch_feed(f"{base}/atom", **FAST)
    assert [(a.title, a.url, a.day) for a in atom] == [
        ("Jaksa tuntut 11 tahun", "https://hukum.example.id/tuntutan", date(2021, 7, 28)),
        ("Pleidoi minta bebas", "https://hukum.example.id/pleidoi", date(2021, 8, 9)),
    ]
    rdf = news.fetch_feed(f"{base}/rdf", **FAST)
    assert [(a.title, a.day) for a in rdf] == [("Item A", date(2021, 9, 30))]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/html", "not an RSS or Atom feed"),
        ("/bomb", "entities"),
        ("/missing", "HTTP 404"),
    ],
)
def test_bad_feeds_give_clear_errors(base, path, message):
    with pytest.raises(NewsImportError, match=message):
        news.fetch_feed(f"{base}{path}", **FAST)


def test_malformed_gdelt_json(base):
    with pytest.raises(NewsImportError, match="malformed JSON"):
        news.gdelt_articles(
            "x", date(2021, 1, 1), date(2021, 1, 1), base_url=f"{base}/truncated", **FAST
        )


def test_rate_limit_is_retried_then_reported(base):
    waits: list[float] = []
    with pytest.raises(NewsImportError, match="rate-limiting.*HTTP 429.*3 attempts"):
        news.fetch(f"{base}/ratelimited", retries=2, backoff=0.5, sleep=waits.append, timeout=0.5)
    assert waits == [0.5, 1.0]  # exponential backoff between the three attempts
    assert _Handler.hits["/ratelimited"] == 3


def test_server_error_is_retried_and_recovers(base):
    items = news.fetch_feed(f"{base}/flaky", **FAST)
    assert len(items) == 3
    assert _Handler.hits["/flaky"] == 2


def test_timeout_is_reported(base):
    with pytest.raises(NewsImportError, match="did not answer within the time limit"):
        news.fetch(f"{base}/slow", retries=1, backoff=0.0, timeout=0.2)


def test_offline_is_reported():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here any more
    with pytest.raises(NewsImportError, match="cannot connect to 127.0.0.1"):
        news.fetch(f"http://127.0.0.1:{port}/rss", retries=1, backoff=0.0, timeout=0.5)


def test_parse_feed_rejects_non_xml_and_bad_urls():
    with pytest.raises(NewsImportError, match="well-formed"):
        news.parse_feed(b"<rss><channel>")
    with pytest.raises(NewsImportError, match="http"):
        news.fetch_feed("file:///etc/passwd")


def test_import_into_timeline_is_idempotent(store, base):
    first = news.import_feed(store, f"{base}/rss", **FAST)
    again = news.import_feed(store, f"{base}/rss", **FAST)
    assert first == {"new": 3, "existing": 0}
    assert again == {"new": 0, "existing": 3}
    got = news.import_gdelt(
        store,
        "juliari",
        date(2021, 8, 20),
        date(2021, 8, 24),
        base_url=f"{base}/api/v2/doc/doc",
        **FAST,
    )
    assert got == {"new": 2, "existing": 0}
    stored = events.list_events(store)
    stored = stored[stored["origin"] != "seed"]  # the shipped timeline every store carries
    assert set(stored["origin"]) == {"rss", "gdelt"}
    assert set(stored["category"]) == {"news"}
    # a deleted news item stays deleted when the feed is imported again
    events.delete_event(store, int(stored["id"].iloc[0]))
    assert news.import_feed(store, f"{base}/rss", **FAST) == {"new": 0, "existing": 3}
    near = events.events_near(store, date(2021, 8, 23))
    assert {e["title_id"] for e in near} >= {
        "Hakim: terdakwa sudah cukup menderita dicerca masyarakat"
    }
