"""Which links Citra stores and shows: absolute ``http(s)`` URLs only.

A ``javascript:`` or ``data:`` link in a news event would run in every viewer's browser when
clicked; links arrive from analysts' forms and from RSS feeds, so one rule checks them all.
"""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL = 2000
_SCHEMES = ("http", "https")


def http_url(value: object) -> str:
    """``value`` stripped if it is an absolute http(s) URL with a host, else ``""``."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if (
        not url
        or len(url) > MAX_URL
        or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url)
    ):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        return ""
    return url
