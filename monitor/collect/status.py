"""What the Upload page shows of the pulls: each set-up source and its last run.

Pure reads over the secrets (which sources are set up, what is missing) and
``store.pull_state`` (the last run: when, in Asia/Jakarta; how many new and updated; the error
or why it stopped). Never a credential.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from monitor.collect.base import PullError
from monitor.collect.sources import configured_names, resolve
from monitor.core.timeutil import JAKARTA
from monitor.store import pull_state
from monitor.store.engine import Store


@dataclass(frozen=True)
class SourceStatus:
    """One source as the page lists it: ``problem`` says what its configuration lacks."""

    source: str
    problem: str
    last: pull_state.PullState | None

    @property
    def last_pull_jakarta(self) -> datetime | None:
        """When the last run ended, in Asia/Jakarta (naive, for display)."""
        if self.last is None:
            return None
        return jakarta(self.last.finished_at)


def jakarta(utc: datetime) -> datetime:
    """A stored (naive UTC) time in Asia/Jakarta, naive."""
    return utc.replace(tzinfo=UTC).astimezone(JAKARTA).replace(tzinfo=None)


def source_status(
    store: Store, secrets: Mapping[str, Any] | None, env: Mapping[str, str] | None = None
) -> list[SourceStatus]:
    """Every source set up in ``secrets`` (or the environment), with its last run."""
    states = pull_state.load_all(store)
    out = []
    for source in configured_names(secrets, env):
        try:
            resolve(source, secrets=secrets, env=env)
            problem = ""
        except PullError as exc:
            problem = str(exc)
        out.append(SourceStatus(source=source, problem=problem, last=states.get(source)))
    return out
