"""Alembic environment for the review store; run through `assistant.store.migrate`.

`ReviewStore.open` passes its own connection (`config.attributes["connection"]`); the
developer commands (`python -m assistant.store.migrate revision|sql`) pass a URL instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from assistant.store.models import Base

MIGRATION_LOCK = 606_10_25
"""PostgreSQL advisory lock: two pages starting at once do not both create the tables."""


def _run(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


config = context.config
if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
elif (given := config.attributes.get("connection")) is not None:
    _run(given)
else:
    with create_engine(str(config.get_main_option("sqlalchemy.url"))).begin() as connection:
        _run(connection)
