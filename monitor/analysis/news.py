"""Importing news into the timeline: the GDELT DOC 2.0 API and any RSS or Atom feed.

* GDELT DOC 2.0 (``https://api.gdeltproject.org/api/v2/doc/doc``): ``mode=ArtList`` returns
  matching articles (JSON ``{"articles": [{"url", "title", "seendate", "domain", "language",
  "sourcecountry", ...}]}``) and ``mode=TimelineVolRaw`` the number of matching articles per
  time step (``{"timeline": [{"series": ..., "data": [{"date", "value", "norm"}]}]}``, where
  ``norm`` is the number of all articles monitored in that step). The DOC API searches a
  rolling window of recent months only, which is why the 2020-2021 case ships as a file.
* RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with the standard library's
  ``xml.etree.ElementTree``: feeds are small, and documents declaring entities (the only
  route to entity-expansion attacks) are refused before parsing, so ``feedparser`` or
  ``defusedxml`` would add a dependency without adding safety here.

Network access goes through ``fetch``: timeouts, a few retries with exponential backoff on
connection errors, HTTP 429 and 5xx, and one readable ``NewsImportError`` when it gives up.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

import pandas as pd
import requests

from monitor.core.errors import NewsImportError
from monitor.core.timeutil import JAKARTA
from monitor.core.urls import http_url
from monitor.store import events_table as events_store

GDELT_URL = "https://api.gdeltproject.org/api/v2/doc/doc"
USER_AGENT = "Citra/0.1 (news timeline import)"
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
MAX_FEED_BYTES = 10 * 1024 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Article:
    """One news item, whatever its source."""

    day: date  # Asia/Jakarta day of publication (or of first sight, for GDELT)
    title: str
    url: str
    source: str = ""  # domain or feed title
    language: str = ""
    published_utc: datetime | None = None

    def to_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "language": self.language,
            "published_utc": self.published_utc.isoformat() if self.published_utc else None,
        }


# --------------------------------------------------------------------------- HTTP


def fetch(
    url: str,
    params: dict | None = None,
    *,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    retries: int = 3,
    backoff: float = 1.0,
    max_wait: float = 30.0,
    session: requests.Session | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> requests.Response:
    """GET ``url`` with retries; a NewsImportError saying what went wrong when it gives up.

    Retried: connection errors, timeouts, HTTP 429 (honouring ``Retry-After`` up to
    ``max_wait`` seconds) and 5xx. Other HTTP errors fail at once: retrying a 404 helps nobody.
    """
    host = urlparse(url).netloc or url
    http = session or requests
    last_problem = ""
    for attempt in range(retries + 1):
        wait = backoff * (2**attempt)
        try:
            response = http.get(
                url, params=params, timeout=timeout, headers={"User-Agent": USER_AGENT}
            )
        except requests.Timeout:
            last_problem = f"{host} did not answer within the time limit"
        except requests.ConnectionError:
            last_problem = f"cannot connect to {host}: check the internet connection"
        except requests.RequestException as exc:
            raise NewsImportError(f"request to {host} failed: {exc}") from exc
        else:
            if response.status_code < 400:
                return response
            if response.status_code not in RETRY_STATUSES:
                raise NewsImportError(
                    f"{host} answered HTTP {response.status_code}: {_snippet(response.text)}"
                )
            if response.status_code == 429:
                last_problem = (
                    f"{host} is rate-limiting requests (HTTP 429): try again in a few minutes"
                )
                wait = max(wait, _retry_after(response))
            else:
                last_problem = f"{host} had a server error (HTTP {response.status_code})"
        if attempt < retries:
            sleep(min(wait, max_wait))
    raise NewsImportError(f"{last_problem} (gave up after {retries + 1} attempts)")


def _retry_after(response: requests.Response) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return 0.0


def _snippet(text: str, n: int = 200) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text[:n] + ("..." if len(text) > n else "")


# --------------------------------------------------------------------------- GDELT


def _gdelt_params(query: str, mode: str, start: date, end: date, **extra) -> dict:
    if not query.strip():
        raise NewsImportError("a GDELT query cannot be empty")
    if end < start:
        raise NewsImportError(f"GDELT end day {end} is before start day {start}")
    return {
        "query": query,
        "mode": mode,
        "format": "json",
        "startdatetime": start.strftime("%Y%m%d") + "000000",
        "enddatetime": end.strftime("%Y%m%d") + "235959",
        **extra,
    }


def _gdelt_json(response: requests.Response) -> dict:
    """GDELT answers errors as text/html with status 200; valid answers as JSON."""
    ctype = response.headers.get("Content-Type", "")
    text = response.text
    if "html" in ctype or not text.strip().startswith(("{", "[")):
        raise NewsImportError(f"GDELT refused the query: {_snippet(text) or 'empty answer'}")
    try:
        data = json.loads(text, strict=False)  # GDELT titles sometimes carry control characters
    except json.JSONDecodeError as exc:
        raise NewsImportError(f"GDELT sent malformed JSON ({exc.msg} at char {exc.pos})") from exc
    if not isinstance(data, dict):
        raise NewsImportError("GDELT sent JSON of an unexpected shape (expected an object)")
    return data


def _gdelt_time(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ")
    except (TypeError, ValueError):
        raise NewsImportError(f"GDELT date {value!r} is not in the YYYYMMDDTHHMMSSZ form") from None


def _jakarta_day(utc: datetime) -> date:
    return utc.replace(tzinfo=UTC).astimezone(JAKARTA).date()


def parse_gdelt_articles(data: dict) -> list[Article]:
    """Articles from a parsed ``mode=ArtList`` answer (no match: ``{}`` or no ``articles``)."""
    items = data.get("articles", [])
    if not isinstance(items, list):
        raise NewsImportError("GDELT 'articles' is not a list")
    out = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not item.get("url") or not item.get("seendate"):
            raise NewsImportError(f"GDELT article {n} lacks a url or seendate")
        seen = _gdelt_time(item["seendate"])
        out.append(
            Article(
                day=_jakarta_day(seen),
                title=(item.get("title") or item["url"]).strip(),
                url=item["url"],
                source=item.get("domain", ""),
                language=item.get("language", ""),
                published_utc=seen,
            )
        )
    return out


def parse_gdelt_volume(data: dict) -> pd.DataFrame:
    """Daily article counts from a parsed ``mode=TimelineVolRaw`` answer.

    Columns: day (Asia/Jakarta), articles (matching), all_articles (``norm``: everything GDELT
    monitored), share. Sub-daily steps (GDELT uses 15 minutes for short ranges) are summed.
    """
    timeline = data.get("timeline", [])
    columns = ["day", "articles", "all_articles", "share"]
    if not isinstance(timeline, list):
        raise NewsImportError("GDELT 'timeline' is not a list")
    if not timeline:
        return pd.DataFrame(columns=columns)
    points = timeline[0].get("data") if isinstance(timeline[0], dict) else None
    if not isinstance(points, list):
        raise NewsImportError("GDELT timeline series has no 'data' list")
    rows = []
    for n, p in enumerate(points, start=1):
        try:
            rows.append(
                (_jakarta_day(_gdelt_time(p["date"])), int(p["value"]), int(p.get("norm", 0)))
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise NewsImportError(f"GDELT timeline point {n} is malformed ({exc})") from exc
    frame = pd.DataFrame(rows, columns=["day", "articles", "all_articles"])
    frame = frame.groupby("day", as_index=False).sum().sort_values("day")
    frame["share"] = frame["articles"] / frame["all_articles"].where(frame["all_articles"] > 0)
    return frame.reset_index(drop=True)[columns]


def gdelt_articles(
    query: str,
    start: date,
    end: date,
    *,
    max_records: int = 250,
    base_url: str = GDELT_URL,
    **fetch_options,
) -> list[Article]:
    """Articles matching ``query`` seen from ``start`` to ``end`` (GDELT's cap: 250 per call)."""
    params = _gdelt_params(
        query, "ArtList", start, end, maxrecords=min(max(1, max_records), 250), sort="DateDesc"
    )
    return parse_gdelt_articles(_gdelt_json(fetch(base_url, params, **fetch_options)))


def gdelt_volume(
    query: str, start: date, end: date, *, base_url: str = GDELT_URL, **fetch_options
) -> pd.DataFrame:
    """Daily number of articles matching ``query`` (for a news-volume line under the comments)."""
    params = _gdelt_params(query, "TimelineVolRaw", start, end)
    return parse_gdelt_volume(_gdelt_json(fetch(base_url, params, **fetch_options)))


# --------------------------------------------------------------------------- RSS / Atom

_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _text(el: ET.Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _parse_date(value: str) -> datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core) to naive UTC; None when unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(tzinfo=None)


def parse_feed(content: bytes | str, *, today: date | None = None) -> list[Article]:
    """Items of an RSS 2.0, RSS 1.0 or Atom document. Items without a date get ``today``."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    if _ENTITY.search(raw[:4096]):
        raise NewsImportError("the feed declares XML entities, which Citra refuses for safety")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise NewsImportError(f"the feed is not well-formed XML ({exc})") from exc
    fallback = today or datetime.now(JAKARTA).date()
    if root.tag == f"{_ATOM}feed":
        source = _text(root.find(f"{_ATOM}title"))
        entries = [
            (
                _text(e.find(f"{_ATOM}title")),
                _atom_link(e),
                _text(e.find(f"{_ATOM}published")) or _text(e.find(f"{_ATOM}updated")),
            )
            for e in root.iter(f"{_ATOM}entry")
        ]
    elif root.tag == "rss":
        channel = root.find("channel")
        source = _text(channel.find("title")) if channel is not None else ""
        entries = [
            (
                _text(i.find("title")),
                _text(i.find("link")) or _text(i.find("guid")),
                _text(i.find("pubDate")) or _text(i.find(f"{_DC}date")),
            )
            for i in root.iter("item")
        ]
    elif root.tag.endswith("RDF"):
        channel = root.find(f"{_RSS1}channel")
        source = _text(channel.find(f"{_RSS1}title")) if channel is not None else ""
        entries = [
            (
                _text(i.find(f"{_RSS1}title")),
                _text(i.find(f"{_RSS1}link")),
                _text(i.find(f"{_DC}date")),
            )
            for i in root.iter(f"{_RSS1}item")
        ]
    else:
        raise NewsImportError(f"not an RSS or Atom feed (root element {root.tag!r})")
    out = []
    for title, link, when in entries:
        if not title and not link:
            continue
        published = _parse_date(when)
        day = _jakarta_day(published) if published else fallback
        out.append(Article(day, title or link, link, source, "", published))
    return out


def _atom_link(entry: ET.Element) -> str:
    links = entry.findall(f"{_ATOM}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "")
    return links[0].get("href", "") if links else ""


def fetch_feed(url: str, **fetch_options) -> list[Article]:
    """Download and parse an RSS/Atom feed."""
    if not url.startswith(("http://", "https://")):
        raise NewsImportError(f"feed address {url!r} must start with http:// or https://")
    response = fetch(url, **fetch_options)
    if len(response.content) > MAX_FEED_BYTES:
        raise NewsImportError(f"the feed at {url} is larger than {MAX_FEED_BYTES // 2**20} MB")
    return parse_feed(response.content)


# --------------------------------------------------------------------------- into the timeline


def article_key(origin: str, url: str) -> str:
    """Stable key of an imported article, so importing the same feed twice adds nothing."""
    return f"{origin}:{hashlib.sha1(url.encode('utf-8')).hexdigest()[:32]}"


def import_articles(
    store,
    articles: Iterable[Article],
    origin: str,
    *,
    since: date | None = None,
    until: date | None = None,
) -> dict:
    """Add articles to the events table as category 'news'; returns counts (new, existing)."""
    if origin not in ("gdelt", "rss"):
        raise ValueError("origin must be 'gdelt' or 'rss'")
    rows = []
    for a in articles:
        if (since and a.day < since) or (until and a.day > until):
            continue
        rows.append(
            {
                "day": a.day,
                "title_id": a.title[:1000],
                "title_en": "",
                "category": "news",
                "source_url": http_url(a.url),  # a feed's javascript: link is not kept
                "origin": origin,
                "seed_key": article_key(origin, a.url or a.title),
            }
        )
    new, existing = events_store.insert_missing(store, rows)
    return {"new": new, "existing": existing}


def import_gdelt(store, query: str, start: date, end: date, **options) -> dict:
    """Fetch GDELT articles for ``query`` and add them to the timeline."""
    return import_articles(store, gdelt_articles(query, start, end, **options), "gdelt")


def import_feed(store, url: str, *, days: int | None = None, **options) -> dict:
    """Fetch a feed and add its items (optionally only the last ``days`` days) to the timeline."""
    since = datetime.now(JAKARTA).date() - timedelta(days=days) if days else None
    return import_articles(store, fetch_feed(url, **options), "rss", since=since)
