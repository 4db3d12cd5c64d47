"""The pull phase: a pull of N comments from a local stand-in of the API into a fresh store.

``phase_pull(n, source)`` serves a generated account (``quality.fake_apis``: 100 comments a
media or video, each with one reply, so N/200 posts) on 127.0.0.1 and times ``run_pull``: every
request (paged as the real API pages), the import (parse, score, store, aggregates) and the
pull state. The server runs in the same process, so the figure includes serving the JSON; it
measures Citra's side of a pull, not the network or the platform's latency.

``python -m monitor.quality.bench.pull [--n 10000] [--source instagram|youtube]`` prints one
JSON line; ``runner.PHASES["pull"]`` runs it in a fresh process like the other phases.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from monitor.collect.pull import run_pull
from monitor.collect.sources import resolve
from monitor.quality import fake_apis

PER_POST = 100  # top-level comments a post, each with one reply


def phase_pull(n: int = 10_000, source: str = "instagram") -> dict[str, Any]:
    """Time one pull of about ``n`` comments (replies included) into a fresh SQLite store."""
    from monitor.store import open_store

    posts = max(1, round(n / (2 * PER_POST)))
    if source == "instagram":
        data: Any = fake_apis.GraphData(media=posts, comments=PER_POST, replies=1)
        prefix, credential, account = "/v21.0", fake_apis.GRAPH_TOKEN, data.account_id
    else:
        data = fake_apis.YouTubeData(videos=posts, threads=PER_POST, replies=1)
        prefix, credential, account = "/youtube/v3", fake_apis.YOUTUBE_KEY, data.channel_id
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'pull.db'}")
        try:
            with fake_apis.serve(data, prefix) as api:
                config = resolve(
                    source, credential=credential, account=account, api_base=api.base, env={}
                )
                cpu, start = time.process_time(), time.perf_counter()
                result = run_pull(store, config)
                seconds = time.perf_counter() - start
                cpu = time.process_time() - cpu
        finally:
            store.dispose()
    return {
        "phase": "pull",
        "source": source,
        "comments": result.rows_new,
        "posts": result.posts,
        "requests": result.requests,
        "seconds": round(seconds, 3),
        "cpu_timed_self": round(cpu, 3),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m monitor.quality.bench.pull", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--n", type=int, default=10_000, help="comments (default 10000)")
    parser.add_argument("--source", choices=("instagram", "youtube"), default="instagram")
    args = parser.parse_args(argv)
    print(json.dumps(phase_pull(args.n, args.source)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
