"""Shared bits of the pull tests: configurations against the local fake APIs, store dumps."""

from __future__ import annotations

from sqlalchemy import select

from monitor.collect.sources import SourceConfig, resolve
from monitor.quality.fake_apis import GRAPH_TOKEN, YOUTUBE_KEY, FakeApi
from monitor.store.schema import comments, metadata

GRAPH_PREFIX = "/v21.0"
YOUTUBE_PREFIX = "/youtube/v3"


def graph_config(api: FakeApi, account: str, token: str = GRAPH_TOKEN) -> SourceConfig:
    return resolve("instagram", credential=token, account=account, api_base=api.base, env={})


def youtube_config(api: FakeApi, channel: str, key: str = YOUTUBE_KEY) -> SourceConfig:
    return resolve("youtube", credential=key, account=channel, api_base=api.base, env={})


def dump(store) -> str:
    """Every row of every table as text (to look for a credential in)."""
    out = []
    with store.connect() as conn:
        for table in metadata.sorted_tables:
            out.extend(repr(tuple(r)) for r in conn.execute(select(table)))
    return "\n".join(out)


def comment_ids(store, platform: str) -> list[str]:
    with store.connect() as conn:
        rows = conn.execute(select(comments.c.comment_id).where(comments.c.platform == platform))
        return sorted(r[0] for r in rows)


def likes(store, platform: str) -> dict[str, int]:
    with store.connect() as conn:
        rows = conn.execute(
            select(comments.c.comment_id, comments.c.like_count).where(
                comments.c.platform == platform
            )
        )
        return {r[0]: r[1] for r in rows}


def asked(api: FakeApi, path: str) -> int:
    """How many requests ``path`` got."""
    return sum(1 for p, _, _ in api.requests if p == path)
