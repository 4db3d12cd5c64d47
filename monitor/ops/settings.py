"""Citra's settings: typed, with defaults, stored in the database so every instance agrees."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from monitor.store import settings_table as settings_store
from monitor.store.engine import Store

SENSITIVITIES = ("fewer", "balanced", "more")


@dataclass(frozen=True)
class Settings:
    """What an analyst can change on the Settings page."""

    account: str = "kemensosri"  # monitored account handle: its comments are owner replies
    assume_tz: str = ""  # zone for naive export timestamps; "" = each format's documented default
    sensitivity: str = "balanced"  # spike detection: fewer | balanced | more
    lexicon_path: str = (
        ""  # optional user lexicon TSV (word<TAB>valence) overriding the shipped one
    )
    pseudonymise_authors: bool = False  # keyed hash of usernames at import (UU PDP)
    retention_months: int = 0  # 0 = keep comments forever
    event_window_before: int = 2  # days before a spike in which news counts as its likely cause
    event_window_after: int = 1
    max_upload_mb: int = 200
    max_rows_per_import: int = 2_000_000
    max_cell_chars: int = 20_000


def load(store: Store) -> Settings:
    """Stored settings over the defaults; unknown keys and wrong types are ignored."""
    stored = settings_store.read_all(store)
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    defaults = Settings()
    for key, value in stored.items():
        if key in known and isinstance(value, type(getattr(defaults, key))):
            values[key] = value
    return replace(defaults, **values)


def save(store: Store, new: Settings) -> None:
    """Store every field of ``new``."""
    if new.sensitivity not in SENSITIVITIES:
        raise ValueError(f"sensitivity must be one of {', '.join(SENSITIVITIES)}")
    settings_store.write(store, asdict(new))
