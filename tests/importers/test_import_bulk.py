"""The fast paths of the importer: a bulk load with deferred indexes, and batches of only new orders."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from copilot.clock import demo_clock
from copilot.importers import import_files
from copilot.importers.records import BadValue, parse_money, parse_quantity, parse_timestamp, zone
from copilot.importers.tables import Columns
from copilot.importers.writer import StoreWriter
from copilot.store import Store
from tests.importers.exports import Line, ShopOrder, write_shopify_orders

SECRET = "test-secret"
M = "m_bulk"
BULK = 0
NEVER = 2**62


def _orders(n: int, *, first: int = 0, status: str = "paid") -> list[ShopOrder]:
    return [
        ShopOrder(f"#{7000 + i}", f"2026-04-{1 + i % 28:02d} {i % 24:02d}:05:00 -0400", status, f"{12 + i}.00",
                  [Line(f"SKU-{i % 5}", f"Item {i % 5}", 1, f"{12 + i}.00")]
                  + ([Line("", "Gift card", 1, "0.00")] if i % 4 == 0 else []),
                  email=f"buyer{i % 30}@example.com")
        for i in range(first, first + n)
    ]  # fmt: skip


def _sqlite(tmp_path: Path, name: str) -> Store:
    return Store.open(f"sqlite:///{tmp_path / name}")


def _import(store: Store, paths: list[Path], tmp_path: Path, **kwargs) -> object:
    return import_files(store, paths, merchant_id=M, secret=SECRET, report_dir=tmp_path / "reports",
                        clock=demo_clock(), batch_size=25, **kwargs)  # fmt: skip


def _indexes(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())


def _dump(store: Store) -> dict[str, list[tuple]]:
    with store.engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
            for t in ("merchants", "products", "customers", "orders", "order_items")
        }


def test_a_bulk_load_gives_the_same_store_and_every_index_back(tmp_path: Path) -> None:
    path = write_shopify_orders(tmp_path / "orders_export.csv", _orders(120))
    bulk, normal = _sqlite(tmp_path, "bulk.db"), _sqlite(tmp_path, "normal.db")
    indexes = _indexes(bulk)
    assert "ix_orders_customer_id" in indexes and "ix_order_items_product_id" in indexes
    bulk_report = _import(bulk, [path], tmp_path, bulk_min_bytes=BULK)
    normal_report = _import(normal, [path], tmp_path, bulk_min_bytes=NEVER)
    assert bulk_report.to_dict()["counts"] == normal_report.to_dict()["counts"]
    assert bulk_report.counts["orders"].imported == 120
    assert _dump(bulk) == _dump(normal)
    assert _indexes(bulk) == indexes
    again = _import(bulk, [path], tmp_path, bulk_min_bytes=BULK)
    assert (again.counts["orders"].imported, again.counts["orders"].skipped) == (0, 120)
    assert _dump(bulk) == _dump(normal) and _indexes(bulk) == indexes
    bulk.close()
    normal.close()


def test_batches_mixing_stored_and_new_orders_are_merged_not_duplicated(tmp_path: Path) -> None:
    store = _sqlite(tmp_path, "store.db")
    _import(store, [write_shopify_orders(tmp_path / "first.csv", _orders(40))], tmp_path)
    later = _orders(40, status="refunded")[:10] + _orders(40)[10:] + _orders(30, first=40)
    report = _import(store, [write_shopify_orders(tmp_path / "later.csv", later)], tmp_path)
    orders = report.counts["orders"]
    assert (orders.imported, orders.updated, orders.skipped) == (30, 10, 30)
    with store.engine.connect() as conn:
        by_status = dict(conn.execute(text("SELECT status, COUNT(*) FROM orders GROUP BY status")).all())
        lines = conn.execute(text("SELECT COUNT(*) FROM order_items")).scalar()
    assert by_status == {"paid": 60, "refunded": 10}
    assert lines == sum(len(o.lines) for o in _orders(70))
    store.close()


def test_indexes_are_not_deferred_beside_other_merchants_orders(demo_store: Store) -> None:
    if demo_store.dialect != "sqlite":
        pytest.skip("indexes are deferred on SQLite only")
    before = _indexes(demo_store)
    writer = StoreWriter(demo_store, M, demo_clock())
    try:
        assert writer.defer_indexes() is False
        assert _indexes(demo_store) == before
    finally:
        writer.close()


def test_a_failed_bulk_load_restores_its_indexes_and_keeps_whole_orders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _sqlite(tmp_path, "store.db")
    indexes = _indexes(store)
    orders = _orders(100)
    path = write_shopify_orders(tmp_path / "orders_export.csv", orders)
    real = StoreWriter.write_orders
    calls = {"n": 0}

    def failing(self: StoreWriter, records: list) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            assert _indexes(store) < indexes
            real(self, records)
            raise RuntimeError("disk full")
        return real(self, records)

    monkeypatch.setattr(StoreWriter, "write_orders", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        _import(store, [path], tmp_path, bulk_min_bytes=BULK)
    assert _indexes(store) == indexes
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM orders")).scalar() == 50
        per_order = dict(conn.execute(text("SELECT order_id, COUNT(*) FROM order_items GROUP BY order_id")).all())
    expected = {f"{M}:{o.name}": len(o.lines) for o in orders}
    assert len(per_order) == 50 and all(per_order[oid] == expected[oid] for oid in per_order)
    store.close()


def test_a_writer_restores_indexes_a_crashed_bulk_load_left_dropped(tmp_path: Path) -> None:
    store = _sqlite(tmp_path, "store.db")
    indexes = _indexes(store)
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_orders_customer_id"))
        conn.execute(text("DROP INDEX ix_customers_merchant_id"))
    StoreWriter(store, M, demo_clock()).close()
    assert _indexes(store) == indexes
    store.close()


def test_the_column_picker_reads_cells_like_get() -> None:
    cols = Columns(["Name", " Total ", "Lineitem sku"])
    names = ["Name", "Lineitem sku", "Missing", "Total"]
    pick = cols.picker(names)
    rows = (['="#1001"', " 12.50 ", "SKU-1"], ["#1002"], [], ["#1003", "", '="00042"', "extra"], ["#1004", "9"])
    for row in rows:
        assert pick(row) == [cols.get(row, name) for name in names]
    assert pick(['="#1001"', " 12.50 ", "SKU-1"]) == ["#1001", "SKU-1", "", "12.50"]
    assert Columns(["Name", "Total"]).picker(["Total"])(["#1"]) == [""]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12.5", "12.50"), (" 7 ", "7.00"), ("1,234.50", "1234.50"), ("$12", "12.00"), ("¥3.005", "3.01"),
     ("-0.5", "-0.50"), ("1e2", "100.00")],
)  # fmt: skip
def test_amounts_parse_the_same_with_or_without_noise(text: str, expected: str) -> None:
    assert str(parse_money(text, "Total")) == expected


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", "12.3.4", ""])
def test_unparseable_amounts_are_bad_values(text: str) -> None:
    with pytest.raises(BadValue, match="unparseable amount"):
        parse_money(text, "Total")


def test_quantities_and_timestamps_keep_their_rules() -> None:
    assert [parse_quantity(t, "q") for t in ("2", "2.0", "1,000")] == [2, 2, 1000]
    for bad in ("0", "-1", "1.5", "²", "x"):
        with pytest.raises(BadValue):
            parse_quantity(bad, "q")
    expected = datetime(2026, 2, 20, 15, 0, tzinfo=UTC)
    for stamp in ("2026-02-20 10:00:00 -0500", "2026-02-20 10:00:00 -05:00", "2026-02-20T10:00:00-05:00"):
        assert parse_timestamp(stamp, "Created at", UTC) == expected
    assert parse_timestamp("2026/2/20 23:00", "t", zone("Asia/Shanghai")) == datetime(2026, 2, 20, 15, 0, tzinfo=UTC)
    with pytest.raises(BadValue, match="unparseable date"):
        parse_timestamp("20/02/2026", "Created at", UTC)
