"""Reading and writing the ``alert_log`` table: which digests and spike alerts went where.

A destination is named by a digest of its address (``monitor.notify.deliver.Destination.key``),
never by the address itself, since a webhook URL or a bot token is a secret. Only deliveries
that succeeded are written, so a failed one is tried again next time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import insert, select

from monitor.store.engine import Store
from monitor.store.schema import alert_log

KINDS = ("digest", "spike")


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"alert kind {kind!r}: expected one of {', '.join(KINDS)}")


def sent_keys(store: Store, destination: str, kind: str, keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` already delivered to ``destination`` as ``kind``."""
    _check_kind(kind)
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    found: set[str] = set()
    with store.connect() as conn:
        for i in range(0, len(wanted), 500):  # bounded IN lists
            rows = conn.execute(
                select(alert_log.c.alert_key).where(
                    alert_log.c.destination == destination,
                    alert_log.c.kind == kind,
                    alert_log.c.alert_key.in_(wanted[i : i + 500]),
                )
            )
            found.update(r[0] for r in rows)
    return found


def record_sent(
    store: Store,
    destination: str,
    label: str,
    kind: str,
    keys: Iterable[str],
    *,
    forced: bool = False,
    at: datetime | None = None,
) -> None:
    """Write that ``keys`` were delivered to ``destination`` (one transaction)."""
    _check_kind(kind)
    now = at or datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {
            "kind": kind,
            "alert_key": key,
            "destination": destination,
            "destination_label": label[:300],
            "forced": forced,
            "sent_at": now,
        }
        for key in dict.fromkeys(keys)
    ]
    if not rows:
        return
    with store.begin() as conn:
        conn.execute(insert(alert_log), rows)


def read_log(store: Store, limit: int = 100) -> pd.DataFrame:
    """The latest deliveries, newest first (``kind``, ``alert_key``, ``destination_label``,
    ``forced``, ``sent_at``)."""
    cols = ["kind", "alert_key", "destination_label", "forced", "sent_at"]
    with store.connect() as conn:
        rows = conn.execute(
            select(*(alert_log.c[c] for c in cols))
            .order_by(alert_log.c.sent_at.desc(), alert_log.c.id.desc())
            .limit(int(limit))
        ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=cols)
