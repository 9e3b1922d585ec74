"""Alembic, configured in code: the migrations ship inside the package, no alembic.ini.

`ReviewStore.open` calls `upgrade`. Developers use this module's command line:

    python -m assistant.store.migrate revision -m "add column x"   # autogenerate a migration
    python -m assistant.store.migrate sql [--dialect postgresql]   # the DDL, for a DBA
    python -m assistant.store.migrate upgrade URL                  # migrate a database now
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from assistant.store.state import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the review store has no migrations"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema this revrec knows; a no-op when it is there."""
    with engine.begin() as connection:
        current = current_revision(connection)
        if current == head_revision():
            return
        known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
        if current is not None and current not in known:
            raise StoreError(
                f"the review store is at schema revision {current}, newer than this revrec "
                f"knows ({head_revision()}): upgrade revrec"
            )
        command.upgrade(alembic_config(connection=connection), "head")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.store.migrate")
    sub = parser.add_subparsers(dest="command", required=True)
    rev = sub.add_parser("revision", help="autogenerate a migration from models.py")
    rev.add_argument("-m", "--message", required=True)
    sql = sub.add_parser("sql", help="print the DDL of every migration (offline mode)")
    sql.add_argument("--dialect", choices=["postgresql", "sqlite"], default="postgresql")
    up = sub.add_parser("upgrade", help="migrate the database at URL to the newest schema")
    up.add_argument("url")
    args = parser.parse_args(argv)
    if args.command == "revision":
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/revision.db"
            command.upgrade(alembic_config(url), "head")
            config = alembic_config(url)
            config.set_main_option("file_template", "rev_%%(rev)s_%%(slug)s")
            next_id = f"{int(head_revision()) + 1:04d}"
            command.revision(config, message=args.message, autogenerate=True, rev_id=next_id)
    elif args.command == "sql":
        command.upgrade(alembic_config(f"{args.dialect}://"), "head", sql=True)
    else:
        from assistant.store.repository import ReviewStore

        print(f"{ReviewStore.open(args.url).url}: at revision {head_revision()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
