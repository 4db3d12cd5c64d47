"""Reading and writing the ``settings`` table (JSON values by key)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from monitor.store.engine import Store
from monitor.store.schema import settings as settings_table


def read_all(store: Store) -> dict[str, Any]:
    """Every stored setting, decoded."""
    with store.connect() as conn:
        rows = conn.execute(select(settings_table.c.key, settings_table.c.value)).all()
    return {key: json.loads(value) for key, value in rows}


def write(store: Store, values: dict[str, Any]) -> None:
    """Upsert several settings in one transaction."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.begin() as conn:
        for key, value in values.items():
            encoded = json.dumps(value)
            updated = conn.execute(
                settings_table.update()
                .where(settings_table.c.key == key)
                .values(value=encoded, updated_at=now)
            )
            if updated.rowcount == 0:
                conn.execute(settings_table.insert().values(key=key, value=encoded, updated_at=now))
