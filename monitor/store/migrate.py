"""Bringing a store's schema up to date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.store.schema import metadata

if TYPE_CHECKING:
    from monitor.store.engine import Store


def upgrade(store: Store) -> None:
    """Create missing tables. (Replaced by Alembic ``upgrade head`` once migrations exist.)"""
    metadata.create_all(store.engine)
