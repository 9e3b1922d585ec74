"""The store's schema comes from its Alembic migrations, which ship inside the package; which
database `ReviewStore.open` picks; what it says when it cannot open one."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from assistant.store import ReviewStore, StoreError, default_database_url, migrate
from assistant.store.engine import parse_url
from assistant.store.migrate import head_revision
from assistant.store.models import Base
from tests.test_store import SHA_A, _postgres_admin, make_record, store, store_url  # noqa: F401


def test_migrations_create_exactly_what_the_models_describe(store: ReviewStore):  # noqa: F811
    with store._engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == head_revision()


def test_opening_again_does_not_migrate_again(store_url: str):  # noqa: F811
    with ReviewStore.open(store_url) as first:
        first.save_review(make_record(), reviewer="a", source="cli")
    with ReviewStore.open(store_url) as second:
        assert len(second.audit_log(SHA_A)) == 1


def test_a_database_from_a_newer_revrec_is_refused(store: ReviewStore, store_url: str):  # noqa: F811
    with store._engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="schema revision 9999, newer than this revrec"):
        ReviewStore.open(store_url)


def test_default_location_is_beside_the_outputs(tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    assert default_database_url(out) == f"sqlite:///{out.resolve()}/revrec.db"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_database_url() == f"sqlite:///{tmp_path.resolve()}/data/revrec/revrec.db"

    with ReviewStore.open(None, out_dir=out) as opened:
        assert opened.url == f"sqlite:///{out.resolve()}/revrec.db"
        opened.save_review(make_record(), reviewer="a", source="cli")
        # Confidential: the database and its WAL files are readable by their owner only.
        for name in ("revrec.db", "revrec.db-wal", "revrec.db-shm"):
            assert (out / name).stat().st_mode & 0o777 == 0o600, name

    monkeypatch.setenv("REVREC_DATABASE_URL", f"sqlite:///{tmp_path}/team.db")
    with ReviewStore.open(None, out_dir=out) as opened:
        assert opened.url == f"sqlite:///{tmp_path}/team.db"


def test_urls(tmp_path: Path):
    assert parse_url("postgresql://u:p@db/revrec").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u:p@db/revrec").drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match="SQLite or PostgreSQL, not mysql"):
        parse_url("mysql://u:p@db/revrec")
    with pytest.raises(StoreError, match="not a database URL"):
        parse_url("revrec.db")


def test_an_unreachable_server_is_one_line_without_the_password():
    with pytest.raises(StoreError) as err:
        ReviewStore.open("postgresql://revrec:s3cret@127.0.0.1:1/revrec?connect_timeout=2")
    message = str(err.value)
    assert message.startswith("review store postgresql+psycopg://revrec:***@127.0.0.1:1/revrec")
    assert "s3cret" not in message and "\n" not in message


def test_ddl_for_a_dba_includes_the_append_only_triggers(capsys):
    assert migrate.main(["sql"]) == 0
    ddl = capsys.readouterr().out
    assert "CREATE TABLE audit_log" in ddl
    assert "BEFORE UPDATE OR DELETE ON audit_log" in ddl
    assert "BEFORE TRUNCATE ON audit_log" in ddl


def test_an_installed_wheel_migrates_from_elsewhere(repo_root: Path, tmp_path: Path):
    """No alembic.ini, no source checkout: the migrations travel inside the package."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=repo_root,
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("revrec-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "assistant/store/migrations/env.py" in names
    assert any(n.startswith("assistant/store/migrations/versions/rev_0001") for n in names)
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
         "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import assistant.store as s, assistant.store.migrate as m;"
        "print(s.__file__);"
        f"print(s.ReviewStore.open('sqlite:///{tmp_path}/w.db').url, m.head_revision())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    location, opened = result.stdout.splitlines()
    assert location.startswith(str(site))
    assert opened == f"sqlite:///{tmp_path}/w.db {head_revision()}"
