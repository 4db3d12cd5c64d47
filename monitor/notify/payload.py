"""The digest's payload and a spike's alert record: what the reports already computed, put in
one documented shape (docs/digest.md, ``VERSION``).

Nothing is recomputed here: the figures, baseline and spikes come from
``analysis.reports.morning_summary`` (whose spikes come from ``find_spikes``, with their
drivers and linked news), the waiting complaints from ``ops.complaints.queue``. Authors and
texts are as stored, so with pseudonymisation on only pseudonyms appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from monitor.analysis import reports
from monitor.core.platforms import PLATFORMS, comment_url, label
from monitor.core.timeutil import JAKARTA
from monitor.core.urls import http_url
from monitor.ops import complaints
from monitor.ops import settings as settings_mod
from monitor.store.engine import Store
from monitor.ui import viewstate

VERSION = 1
FIGURES = ("comments", "net_index", "negative_share", "complaints", "unanswered_complaints")
WAITING_UNITS = 6  # units shown, the longest-waiting first
WAITING_PER_UNIT = 3  # complaints shown per unit, oldest first
TEXT_CHARS = 280  # a comment's text in a payload
TOP_COMMENTS = 3
TOP_POSTS = 3
TOP_TERMS = 5


def yesterday() -> date:
    """Yesterday in Asia/Jakarta: the day a morning digest summarises by default."""
    return datetime.now(JAKARTA).date() - timedelta(days=1)


def spike_key(record: dict) -> str:
    """The identity of a spike in the alert log: ``day:metric:platform`` (``all`` for the
    platforms together), the same spike on every run."""
    return f"{record['day']}:{record['metric']}:{record.get('platform') or 'all'}"


def morning_link(base_url: str, day: date | str, platforms: Sequence[str] | None = None) -> str:
    """The morning view of ``day`` at ``base_url`` (the share-link parameters of
    ``ui.viewstate``), or "" without a base URL."""
    base = http_url(base_url)
    if not base:
        return ""
    state = viewstate.ViewState(
        page="morning",
        day=date.fromisoformat(str(day)),
        platforms=tuple(p for p in PLATFORMS if p in (platforms or ())),
    )
    return base.rstrip("/") + "/" + viewstate.query_string(state)


def _clip(text: object, limit: int = TEXT_CHARS) -> str:
    value = " ".join(str(text or "").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def spike_record(spike: dict, base_url: str = "") -> dict:
    """A spike (``Spike.to_dict()``) as the payload carries it: its key, figures, the
    platforms that drove it, its driving posts, top comments, rising terms and linked news,
    and the link to the morning view of its day."""
    return {
        "key": spike_key(spike),
        "day": spike["day"],
        "metric": spike["metric"],
        "platform": spike.get("platform"),
        "observed": spike["observed"],
        "expected": spike["expected"],
        "severity": spike["severity"],
        "emotion": spike.get("emotion"),
        "coordination_share": spike.get("coordination_share"),
        "platforms": [
            {"platform": p["platform"], "share": p.get("share")}
            for p in spike.get("platforms", [])
            if p.get("share")
        ],
        "posts": [
            {
                "platform": p["platform"],
                "post_id": str(p["post_id"]),
                "count": int(p["count"]),
                "share": p.get("share"),
            }
            for p in spike.get("posts", [])[:TOP_POSTS]
        ],
        "top_comments": [
            {
                "platform": c["platform"],
                "comment_id": str(c["comment_id"]),
                "author": str(c.get("author") or ""),
                "text": _clip(c.get("text")),
                "like_count": int(c.get("like_count") or 0),
                "link": http_url(comment_url(c["platform"], c["post_id"], c["comment_id"])),
            }
            for c in spike.get("top_comments", [])[:TOP_COMMENTS]
        ],
        "top_terms": [str(t["term"]) for t in spike.get("top_terms", [])[:TOP_TERMS]],
        "events": [
            {
                "id": int(e["id"]),
                "day": str(e["day"]),
                "title": _clip(e.get("title_id") or e.get("title_en"), 200),
                "url": http_url(e.get("source_url")),
            }
            for e in spike.get("events", [])
        ],
        "link": morning_link(base_url, spike["day"]),
    }


def _figures(figures: dict) -> dict:
    return {
        name: {
            k: figures.get(name, {}).get(k) for k in ("value", "baseline", "change", "change_pct")
        }
        for name in FIGURES
    }


def waiting_by_unit(store: Store, day: date, *, platforms: Sequence[str] | None = None) -> list:
    """The open complaints made up to ``day``, by unit (the longest-waiting unit first), each
    with its count and its oldest complaints; waiting hours counted to the end of ``day``
    (Asia/Jakarta), or to now when that is earlier."""
    end = datetime.combine(day + timedelta(days=1), time(), JAKARTA).astimezone(UTC)
    now = min(end, datetime.now(UTC)).replace(tzinfo=None)
    frame = complaints.queue(store, platforms=platforms, end=day, now=now)
    if frame.empty:
        return []
    frame = frame.sort_values(["waiting_hours", "comment_id"], ascending=[False, True])
    order = frame.groupby("unit", sort=False)["waiting_hours"].max().sort_values(ascending=False)
    out = []
    for unit in order.index[:WAITING_UNITS]:
        part = frame[frame["unit"] == unit]
        out.append(
            {
                "unit": str(unit),
                "count": int(len(part)),
                "oldest": [
                    {
                        "platform": r.platform,
                        "comment_id": str(r.comment_id),
                        "author": str(r.author or ""),
                        "text": _clip(r.text),
                        "category": r.category,
                        "status": r.status,
                        "waiting_hours": float(r.waiting_hours),
                        "link": http_url(
                            comment_url(r.platform, r.post_id, r.comment_id, http_url(r.post_url))
                        ),
                    }
                    for r in part.head(WAITING_PER_UNIT).itertuples(index=False)
                ],
            }
        )
    return out


def build_digest(
    store: Store,
    day: date | None = None,
    *,
    base_url: str | None = None,
    platforms: Sequence[str] | None = None,
) -> dict:
    """The digest of ``day`` (default: yesterday in Asia/Jakarta) as the documented payload.

    ``base_url`` defaults to the Settings' ``public_base_url``. A day after the last stored one
    is summarised as it is (empty figures): the digest says what the store knows, and
    ``stale`` is False because the day was asked for.
    """
    settings = settings_mod.load(store)
    base = settings.public_base_url if base_url is None else base_url
    day = day or yesterday()
    summary = reports.morning_summary(store, day + timedelta(days=1), platforms=platforms)
    generated = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    payload = {
        "version": VERSION,
        "kind": "digest",
        "day": day.isoformat(),
        "generated_at": generated,
        "empty": bool(summary.get("empty")),
        "platforms_selected": list(platforms or ()),
        "link": morning_link(base, day, platforms),
        "baseline": None,
        "figures": _figures({}),
        "open_unanswered_complaints": 0,
        "overdue_complaints": 0,
        "platforms": {},
        "spikes": [],
        "waiting": [],
    }
    if summary.get("empty"):
        return payload
    payload.update(
        {
            "baseline": {
                "start": summary["baseline_start"],
                "end": summary["baseline_end"],
                "days_observed": int(summary["baseline_days_observed"]),
                "history": summary["history"],
            },
            "figures": _figures(summary["figures"]),
            "open_unanswered_complaints": int(summary["open_unanswered_complaints"]),
            "overdue_complaints": int(summary["overdue_complaints"]),
            "platforms": {
                code: {
                    "label": label(code),
                    "figures": _figures(part["figures"]),
                    "baseline_days_observed": int(part["baseline_days_observed"]),
                    "open_unanswered_complaints": int(part["open_unanswered_complaints"]),
                }
                for code, part in summary["platforms"].items()
            },
            "spikes": [spike_record(s, base) for s in summary["spikes"]],
            "waiting": waiting_by_unit(store, day, platforms=platforms),
        }
    )
    return payload


def recent_spikes(
    store: Store,
    days: int = 3,
    *,
    end: date | None = None,
    base_url: str = "",
    platforms: Sequence[str] | None = None,
) -> list[dict]:
    """The spikes of the last ``days`` days up to ``end`` (default: the last stored day), as
    alert records, newest first (``reports.find_spikes`` with drivers and news)."""
    from monitor.analysis.metrics import data_range

    span = data_range(store, tuple(platforms) if platforms else None)
    if span is None:
        return []
    end = end or span[1]
    start = end - timedelta(days=max(int(days), 1) - 1)
    found = reports.find_spikes(store, start, end, platforms=platforms)
    return [spike_record(s.to_dict(), base_url) for s in found]


def alert_payload(record: dict) -> dict:
    """One spike alert as the ``json`` destination receives it (docs/digest.md)."""
    generated = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    return {"version": VERSION, "kind": "spike", "generated_at": generated, "spike": record}
