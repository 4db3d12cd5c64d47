"""The store: schema, engine and every read and write of Citra's data.

Nothing outside this package writes SQL. The engine comes from ``CITRA_DATABASE_URL`` (SQLite
by default, PostgreSQL for teams); ``migrate`` keeps the schema at Alembic's head.
May import ``monitor.core`` and ``monitor.nlp`` (search terms are stemmed like stored terms).
"""

from __future__ import annotations

from monitor.store import aggregate_tables as aggregate_tables  # noqa: F401  (registers tables)
from monitor.store.engine import ENV_VAR, Store, make_engine, read_only_sqlite_url, resolve_url
from monitor.store.schema import metadata

__all__ = ["ENV_VAR", "Store", "open_store", "resolve_url", "metadata"]


def open_store(url: str | None = None, *, create: bool = True, read_only: bool = False) -> Store:
    """Open (and by default create or upgrade) the store at ``url``.

    ``url`` falls back to ``CITRA_DATABASE_URL`` and then to the embedded SQLite file.
    ``read_only``: the caller only reads (``export``, ``daily``, ...). A SQLite file that cannot
    be written (a read-only folder or file, a read-only mount) is then opened as it is, without
    upgrading or seeding it, rather than failing on the journal files SQLite cannot create;
    a store older than this version of Citra is refused with what to do.
    """
    resolved = resolve_url(url)
    frozen = read_only_sqlite_url(resolved) if read_only else None
    if frozen is not None:
        from monitor.store.migrate import require_current

        store = Store(engine=make_engine(frozen), url=resolved)
        require_current(store)
        return store
    engine = make_engine(resolved)
    store = Store(engine=engine, url=resolved)
    if create:
        from monitor.store.migrate import upgrade
        from monitor.store.timeline import ensure_seeded

        upgrade(store)
        ensure_seeded(store)
    return store
