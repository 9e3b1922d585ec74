"""Which database, and how to connect to it: SQLite by default, PostgreSQL for a team."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from assistant.store.state import StoreError

DB_FILE = "revrec.db"
WRITE = "revrec_write"
"""Execution option of the store's writing sessions: on SQLite they take the write lock at
BEGIN, so two writers queue instead of one failing half-way with `database is locked`."""


def default_database_url(out_dir: Path | None = None) -> str:
    """`<out_dir>/revrec.db` beside the outputs; without an output folder, the user's data
    folder (`$XDG_DATA_HOME/revrec/revrec.db`, by default `~/.local/share/revrec/`)."""
    if out_dir is not None:
        path = out_dir / DB_FILE
    else:
        data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(data) / "revrec" / DB_FILE
    return f"sqlite:///{path.resolve()}"


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL; `postgresql://` and `postgres://` mean psycopg 3, the driver the
    `postgres` extra installs (SQLAlchemy's own default would be psycopg2)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            "REVREC_DATABASE_URL is not a database URL (e.g. sqlite:///path/revrec.db or "
            "postgresql://user:password@host/dbname)"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"the review store runs on SQLite or PostgreSQL, not {backend}")
    return parsed


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "postgresql":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise StoreError(
                "PostgreSQL needs the psycopg driver: pip install 'revrec[postgres]'"
            ) from None
        return create_engine(url, pool_pre_ping=True)
    memory = url.database in (None, "", ":memory:")
    if not memory:
        path = Path(str(url.database))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # Contracts are confidential: the file (and the WAL files SQLite derives from its
            # mode) readable by its owner only. An empty file is an empty database.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    engine = create_engine(
        url,
        connect_args={"timeout": 30},
        # One shared connection for an in-memory database, else each one is a new, empty db.
        **({"poolclass": StaticPool} if memory else {}),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # BEGIN is ours (below), not pysqlite's
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory:
            # Readers (the page) go on while a batch writes.
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
