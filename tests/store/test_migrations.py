"""Migrations create exactly the models' schema and upgrade an existing store in place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, insert, inspect, select

from copilot.demo.truth import DemoTruthAnomaly, DemoTruthBase, DemoTruthScene
from copilot.store import Store
from copilot.store.anchor import demo_today
from copilot.store.db import upgrade
from copilot.store.models import Base, Creative, Merchant


def _first_revision_truth_tables(url: str) -> None:
    """The demo truth tables the first revision used to create in every database (scenes and anomalies; the
    promotion truth tables came later and only with the demo builder)."""
    engine = create_engine(url)
    DemoTruthBase.metadata.create_all(engine, tables=[DemoTruthScene.__table__, DemoTruthAnomaly.__table__])
    engine.dispose()


def _diff(url: str) -> list:
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    return diff


def test_migrations_match_models_on_sqlite(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    assert _diff(url) == []


def test_migrations_match_models_on_postgres(pg_empty_url: str):
    assert _diff(pg_empty_url) == []


def test_existing_store_upgrades_in_place(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(Merchant).values(
                id="m1",
                name="Old shop",
                currency="CNY",
                daily_budget_cap=100,
                created_at=datetime(2025, 1, 1, tzinfo=UTC),
            )
        )
    upgrade(url)
    with engine.connect() as conn:
        assert conn.execute(select(Merchant.name)).scalar_one() == "Old shop"
    engine.dispose()
    assert _diff(url) == []


def test_creative_paths_written_before_0019_become_relative_to_the_data_folder(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0018")
    engine = create_engine(url)
    at = datetime(2026, 11, 20, tzinfo=UTC)
    stored = {
        "cr_cwd": "data/creatives/m1/cr_cwd_main.png",
        "cr_abs": "/srv/copilot/data/creatives/m1/cr_abs_banner.png",
        "cr_copy": None,
    }
    with engine.begin() as conn:
        conn.execute(insert(Merchant).values(id="m1", name="Shop", currency="CNY", daily_budget_cap=1, created_at=at))
        for creative_id, path in stored.items():
            conn.execute(
                insert(Creative).values(
                    id=creative_id, merchant_id="m1", kind="image", text="", image_path=path, created_at=at
                )
            )
    upgrade(url)
    with engine.connect() as conn:
        paths = {row.id: row.image_path for row in conn.execute(select(Creative.id, Creative.image_path))}
    engine.dispose()
    assert paths == {
        "cr_cwd": "creatives/m1/cr_cwd_main.png",
        "cr_abs": "creatives/m1/cr_abs_banner.png",
        "cr_copy": None,
    }


def test_a_demo_store_built_before_0020_gets_its_anchor_date(tmp_path: Path):
    demo, other = f"sqlite:///{tmp_path / 'demo.db'}", f"sqlite:///{tmp_path / 'shop.db'}"
    for url in (demo, other):
        upgrade(url, "0019")
    _first_revision_truth_tables(demo)  # a demo store built before 0021 has them from the first revision
    engine = create_engine(demo)
    with engine.begin() as conn:
        for anomaly_id, end in (("a1", date(2026, 11, 20)), ("a2", date(2026, 10, 6))):
            conn.execute(
                insert(DemoTruthAnomaly).values(
                    id=anomaly_id, merchant_id="m1", product_id="p1", kind="drop", cause="stock_out",
                    start_date=date(2026, 9, 1), end_date=end,
                )
            )  # fmt: skip
    engine.dispose()
    anchors = []
    for url in (demo, other):
        upgrade(url)
        store = Store.open(url, migrate=False)
        anchors.append(demo_today(store))
        store.close()
    assert anchors == [date(2026, 11, 20), None]


def test_migrate_creates_no_demo_truth_table_and_drops_only_empty_ones(tmp_path: Path):
    """A merchant's database has no demo ground truth; a demo store migrated from before 0021 keeps its truth."""
    fresh, shop, demo = (f"sqlite:///{tmp_path / name}.db" for name in ("fresh", "shop", "demo"))
    upgrade(fresh)
    for url in (shop, demo):
        upgrade(url, "0020")
        _first_revision_truth_tables(url)
    engine = create_engine(demo)
    with engine.begin() as conn:
        conn.execute(
            insert(DemoTruthAnomaly).values(
                id="a1", merchant_id="m1", product_id="p1", kind="drop", cause="stock_out",
                start_date=date(2026, 9, 1), end_date=date(2026, 11, 20),
            )
        )  # fmt: skip
    engine.dispose()
    tables = {}
    for url in (fresh, shop, demo):
        upgrade(url)
        engine = create_engine(url)
        tables[url] = {name for name in inspect(engine).get_table_names() if name.startswith("demo_truth")}
        engine.dispose()
    assert tables == {fresh: set(), shop: set(), demo: {"demo_truth_anomalies"}}
