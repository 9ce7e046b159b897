"""A store at the newest migration opens without alembic; any other store is upgraded when opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from copilot.store import Store, db
from copilot.store.db import alembic_config, newest_revision, upgrade


def _version(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]
    engine.dispose()
    return rows


def test_the_newest_revision_is_alembics_head(tmp_path: Path) -> None:
    script = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 's.db'}"))
    assert [newest_revision()] == list(script.get_heads())


def test_a_store_at_the_newest_migration_opens_without_upgrading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade(url)

    def refuse(*_: object) -> None:
        raise AssertionError("upgraded a store already at the newest migration")

    monkeypatch.setattr(db, "upgrade", refuse)
    Store.open(url).close()


def test_a_new_or_older_store_is_upgraded_when_opened(tmp_path: Path) -> None:
    new = f"sqlite:///{tmp_path / 'new.db'}"
    Store.open(new).close()
    old = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(old, "0001")
    Store.open(old).close()
    assert _version(new) == _version(old) == [newest_revision()]
