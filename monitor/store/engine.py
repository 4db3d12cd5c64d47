"""Opening the store: a SQLAlchemy engine from a URL, SQLite by default.

The URL comes from ``--db``, else ``CITRA_DATABASE_URL``, else a SQLite file under ``var/``
in the project folder, so ``streamlit run app.py`` works with no configuration.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event

from monitor.core.errors import StoreError

ENV_VAR = "CITRA_DATABASE_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "citra.db"
_READ = "citra_read"  # execution option marking a read connection (see _sqlite_setup)


def resolve_url(url: str | None = None) -> str:
    """The store URL in force: explicit argument, then environment, then the embedded default."""
    if url:
        return url
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def read_only_sqlite_url(url: str) -> str | None:
    """For a SQLite file Citra may not write (its folder or itself read-only), a URL that
    opens it read-only and immutable; None for anything else.

    In WAL mode even a reader must create ``-wal``/``-shm`` files beside the database, which a
    read-only folder refuses ("unable to open database file"). Immutable is safe there: nobody
    can write the file through this folder while it is being read; a non-empty ``-wal`` left
    beside it (commits not yet in the file) is read plainly read-only instead.
    """
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    file = Path(path)
    if not file.is_file():
        return None
    if os.access(file.parent, os.W_OK) and os.access(file, os.W_OK):
        return None
    wal = file.with_name(file.name + "-wal")
    # immutable would ignore commits still in the write-ahead log: read through it instead
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
    return f"sqlite:///file:{quote(str(file.resolve()))}?{mode}&uri=true"


def _sqlite_setup(engine: Engine) -> None:
    """WAL for concurrent readers, a long busy timeout, BEGIN IMMEDIATE for writers only.

    pysqlite's own transaction handling starts transactions lazily, which lets two writers
    both read and then deadlock on upgrade; taking the write lock at BEGIN serialises imports.
    Reads (``Store.connect``) begin deferred and ``query_only``: under WAL they read the last
    committed state while an import holds the write lock, instead of queueing behind it.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not _is_immutable(engine):  # a read-only file keeps the journal mode it has
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised by every test
        if conn.get_execution_options().get(_READ):
            conn.exec_driver_sql("PRAGMA query_only=1")
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("PRAGMA query_only=0")
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def _is_immutable(engine: Engine) -> bool:
    return "immutable=1" in str(engine.url)


@dataclass(frozen=True)
class Store:
    """A handle on the database. Everything that touches SQL lives in ``monitor.store``."""

    engine: Engine
    url: str

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: commits on success, rolls back on any exception."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read connection: a read-only transaction that never waits for a writer."""
        with self.engine.connect() as conn:
            if self.is_sqlite:
                conn.execution_options(**{_READ: True})
            else:
                conn.execution_options(postgresql_readonly=True)
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    """A configured engine for ``url`` (no schema work)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1] if "///" in url else ""
        if path and path != ":memory:" and not path.startswith("file:"):  # URI paths as given
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})
        _sqlite_setup(engine)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # bad URL, missing driver
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc
