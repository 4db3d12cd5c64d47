"""What a walk of an API gives back, and how it ends when it cannot go on.

A walker (``instagram``, ``youtube``) fills a ``Harvest`` as it goes, so when a rate limit or
quota stops it (``Stop``) what was fetched is still there to import. ``CredentialError`` (the
token or key is refused) and ``PullError`` (anything else the API refuses) end a pull with
nothing stored. Every message is built here from the API's error, never from a URL or a
request, and ``redact`` removes the credential from anything an API echoes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Protocol

from monitor.core.errors import CitraError
from monitor.core.timeutil import JAKARTA

Progress = Callable[[float, str], None]  # (share done, what is being done)


class PullError(CitraError):
    """A pull could not be done (the API refused a request, an answer was not JSON)."""


class CredentialError(PullError):
    """The token or API key was refused: nothing was stored."""


class Stop(PullError):
    """A rate limit or quota (or a server that stayed down) ended the walk early; what was
    fetched is kept and the next pull resumes."""


def redact(text: str, secret: str) -> str:
    """``text`` without ``secret`` (an API may echo a request back)."""
    return text.replace(secret, "***") if secret else text


@dataclass
class Harvest:
    """What a walk fetched: the comment items in the shape of their format's pages, the posts'
    facts (``post_id`` + ``store.posts.FACT_COLUMNS``), the posts walked to the end (``done``),
    notices (a post skipped) and, when it stopped early, why."""

    items: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    stopped: str = ""
    requests: int = 0

    @property
    def comments(self) -> int:
        """Comments and replies fetched."""
        return sum(1 + len(_replies(item)) for item in self.items)


class Walk(Protocol):
    """A walker: ``run`` fills ``harvest`` and raises ``Stop`` when the API says stop."""

    harvest: Harvest

    def run(self, skip: frozenset[str], progress: Progress | None) -> Harvest: ...


def walk_to_stop(walk: Walk, skip: frozenset[str], progress: Progress | None) -> Harvest:
    """Run ``walk``; a ``Stop`` leaves what was fetched in the harvest, ``stopped`` saying why."""
    try:
        return walk.run(skip, progress)
    except Stop as exc:
        walk.harvest.stopped = str(exc)
        return walk.harvest


def _replies(item: dict) -> list:
    replies = item.get("replies")
    if isinstance(replies, dict):
        replies = replies.get("data", replies.get("comments"))
    return replies if isinstance(replies, list) else []


def since_start(since: date | None) -> datetime | None:
    """The first moment of ``since`` in Asia/Jakarta (aware), the bound of a pull."""
    return datetime.combine(since, time(0), JAKARTA) if since else None


def parse_time(value: object) -> datetime | None:
    """An API time (``2020-12-06T02:15:33+0000``, ``2020-12-06T02:15:33Z``) as an aware
    datetime, None when unreadable."""
    if not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":  # +0000 -> +00:00
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        out = datetime.fromisoformat(text)
    except ValueError:
        return None
    return out if out.tzinfo is not None else None


def before(value: object, start: datetime | None) -> bool:
    """Whether an API time is known to be before ``start`` (no bound: never)."""
    if start is None:
        return False
    when = parse_time(value)
    return when is not None and when < start


def naive_utc(value: object) -> datetime | None:
    """An API time as the store keeps times (naive UTC), None when unreadable."""
    when = parse_time(value)
    return when.astimezone(UTC).replace(tzinfo=None) if when else None
