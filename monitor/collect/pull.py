"""A pull is an import: walk an API, then hand its pages to the one import pipeline.

``run_pull`` walks one source (``instagram`` or ``youtube``) and imports what it fetched
through ``ingest.pipeline.import_file`` as a file named ``pull:<source>`` in the format that
reads those pages (``graph_api``, ``youtube``): the same canonical rows, scoring, dedup (a
second pull adds only new comments and updates like counts) and aggregates as a file of the
same comments, in one transaction, with the posts' facts (caption, link, time, counts).

How a run ends (the source's row in ``store.pull_state`` says it):

* ``done``: every post walked; the resume point is cleared.
* ``stopped``: a rate limit, the quota or a server that stayed down ended the walk early; what
  was fetched is imported, and the posts walked to the end are kept as the resume point, in the
  same transaction, so the next run walks the others first (then starts a fresh round).
* ``failed``: the credential was refused or the API refused a request: nothing is imported (no
  comment, post or import record); only the state row notes the failure, for the Upload page,
  keeping any earlier resume point. The run raises a ``PullError`` whose one line names the
  credential, never its value.

``pull_all`` runs every configured source, one failure not stopping the others. Spike alerts
after it are the command's (``commands/pull.py``): this package does not deliver messages.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from monitor.collect import instagram, youtube
from monitor.collect.base import Harvest, Progress, PullError, redact, since_start
from monitor.collect.http import Client, HttpClient
from monitor.collect.sources import PLATFORM, SourceConfig, configured_names, resolve
from monitor.core.errors import CitraError
from monitor.store import pull_state
from monitor.store.engine import Store

FORMAT = {"instagram": "graph_api", "youtube": "youtube"}
WALK_SHARE = 0.8  # of the progress bar: the walk, then the import


@dataclass(frozen=True)
class PullResult:
    """What one source's pull did, for the CLI (JSON) and the Upload page."""

    source: str
    status: str  # done | stopped | failed
    import_id: int | None = None
    comments_fetched: int = 0
    posts: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    requests: int = 0
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """One line for people (then one line per notice)."""
        line = (
            f"pull:{self.source} {self.status} - {self.comments_fetched} comments fetched from "
            f"{self.posts} posts, {self.rows_new} new, {self.rows_updated} updated"
        )
        if self.import_id is not None:
            line += f" (import {self.import_id})"
        if self.message:
            line += f": {self.message}"
        return line + "".join(f"\n  notice: {n}" for n in self.notices)


def make_client(config: SourceConfig) -> HttpClient:
    """The HTTP client of a source: the credential in a header, never in a URL."""
    if config.source == "instagram":
        headers = {"Authorization": f"Bearer {config.credential}"}
        return HttpClient(config.api_base, headers, name="Graph API")
    return HttpClient(config.api_base, {"X-Goog-Api-Key": config.credential}, name="YouTube")


def _walk(
    config: SourceConfig,
    client: Client,
    since: date | None,
    skip: frozenset[str],
    progress: Progress | None,
) -> Harvest:
    walker = instagram.pull if config.source == "instagram" else youtube.pull
    return walker(client, config.account, config.credential, since_start(since), skip, progress)


def _page(source: str, items: list[dict]) -> bytes:
    """The harvest as one page of its format's API response."""
    if source == "instagram":
        page: dict = {"data": items}
    else:
        page = {"kind": "youtube#commentThreadListResponse", "items": items}
    return json.dumps(page, ensure_ascii=False).encode("utf-8")


def _skip(store: Store, config: SourceConfig) -> frozenset[str]:
    """The posts an interrupted round of this account already walked."""
    state = pull_state.load(store, config.source)
    if state is None or state.account != config.account:
        return frozenset()
    return frozenset(str(p) for p in state.resume.get("done", []))


def run_pull(
    store: Store,
    config: SourceConfig,
    *,
    since: date | None = None,
    client: Client | None = None,
    imported_by: str = "",
    progress: Progress | None = None,
) -> PullResult:
    """Pull one source into the store (see the module docstring for how it ends); ``client``
    replaces the HTTP client (tests). Raises ``PullError`` when the pull failed."""
    from monitor.ingest.pipeline import import_file

    started, clock = pull_state.now(), time.perf_counter()
    skip = _skip(store, config)
    own = client is None
    client = client or make_client(config)
    try:
        harvest = _walk(config, client, since, skip, progress)
    except CitraError as exc:
        raise _failed(store, config, started, str(exc)) from None
    finally:
        if own:
            client.close()  # type: ignore[union-attr]
    status = "stopped" if harvest.stopped else "done"
    resume = {"done": sorted(skip | set(harvest.done))} if harvest.stopped else {}
    message = "; ".join(filter(None, [harvest.stopped, *harvest.notices]))

    def state(import_id: int | None, counts: Mapping[str, int]) -> pull_state.PullState:
        return pull_state.PullState(
            source=config.source,
            account=config.account,
            status=status,
            started_at=started,
            finished_at=pull_state.now(),
            import_id=import_id,
            rows_new=counts.get("rows_new", 0),
            rows_updated=counts.get("rows_updated", 0),
            message=redact(message, config.credential),
            resume=resume,
        )

    counts: dict[str, int] = {}
    import_id = None
    if harvest.items:
        on_import = None
        if progress:
            on_import = lambda share: progress(  # noqa: E731
                WALK_SHARE + (1 - WALK_SHARE) * share, "import"
            )
        try:
            report = import_file(
                store,
                _page(config.source, harvest.items),
                file_name=f"pull:{config.source}",
                source_format=FORMAT[config.source],
                imported_by=imported_by,
                progress=on_import,
                posts=pd.DataFrame(harvest.posts) if harvest.posts else None,
                also=lambda conn, iid, cols: pull_state.save(conn, state(iid, cols)),
            )
        except CitraError as exc:  # nothing was stored: the transaction rolled back
            raise _failed(store, config, started, str(exc)) from None
        import_id = report.import_id
        counts = {"rows_new": report.rows_new, "rows_updated": report.rows_updated}
    else:
        pull_state.save_alone(store, state(None, {}))
    if progress:
        progress(1.0, "done")
    return PullResult(
        source=config.source,
        status=status,
        import_id=import_id,
        comments_fetched=harvest.comments,
        posts=len(harvest.posts),
        rows_new=counts.get("rows_new", 0),
        rows_updated=counts.get("rows_updated", 0),
        requests=harvest.requests,
        seconds=round(time.perf_counter() - clock, 3),
        notices=list(harvest.notices),
        message=redact(harvest.stopped, config.credential),
    )


def _failed(store: Store, config: SourceConfig, started: datetime, message: str) -> PullError:
    """Note a failed run in the source's state (keeping an interrupted round's resume point)
    and return the error to raise; the credential is removed from the message."""
    message = redact(message, config.credential)
    previous = pull_state.load(store, config.source)
    pull_state.save_alone(
        store,
        pull_state.PullState(
            source=config.source,
            account=config.account,
            status="failed",
            started_at=started,
            finished_at=pull_state.now(),
            message=message,
            resume=previous.resume if previous and previous.account == config.account else {},
        ),
    )
    return PullError(message)


def pull_all(
    store: Store,
    secrets: Mapping[str, Any] | None,
    *,
    env: Mapping[str, str] | None = None,
    clients: Mapping[str, Client] | None = None,
    imported_by: str = "",
    progress: Callable[[str, float, str], None] | None = None,
) -> list[PullResult]:
    """Pull every source configured in ``secrets`` (or the environment), each on its own: a
    failing one is a ``failed`` result and the others still run. ``clients`` replaces a
    source's HTTP client (tests); ``progress(source, share, what)``."""
    results: list[PullResult] = []
    for source in configured_names(secrets, env):
        clock = time.perf_counter()
        on_progress = None
        if progress:
            on_progress = lambda share, what, s=source: progress(s, share, what)  # noqa: E731
        try:
            config = resolve(source, secrets=secrets, env=env)
            results.append(
                run_pull(
                    store,
                    config,
                    client=(clients or {}).get(source),
                    imported_by=imported_by,
                    progress=on_progress,
                )
            )
        except CitraError as exc:
            results.append(
                PullResult(
                    source=source,
                    status="failed",
                    seconds=round(time.perf_counter() - clock, 3),
                    message=str(exc),
                )
            )
    return results


__all__ = ["PLATFORM", "PullResult", "make_client", "pull_all", "run_pull"]
