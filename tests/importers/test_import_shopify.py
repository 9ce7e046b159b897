"""Shopify exports end to end: totals against the file, idempotence, later refunds, bad rows, atomic batches."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from copilot.clock import demo_clock
from copilot.importers import ImportFailed, import_files
from copilot.importers.writer import StoreWriter
from copilot.store import Store
from tests.importers.exports import Line, ShopOrder, ShopProduct, Variant, write_shopify_orders, write_shopify_products

SECRET = "test-secret"
M = "m_shop"


def _orders() -> list[ShopOrder]:
    return [
        ShopOrder("#1001", "2026-02-20 10:00:00 -0500", "paid", "189.90",
                  [Line("SHELL-M", "Trail Shell Jacket - M", 1, "149.90"), Line("POLE-1", "Carbon Trekking Pole", 2, "20.00")],  # noqa: E501
                  email="Jane.Doe@Example.com", phone="+1 (416) 555-0101",
                  note='Leave at door, "side gate"\nring twice, thanks'),
        ShopOrder("#1002", "2026-02-21 23:30:00 -0500", "partially_refunded", "99.00",
                  [Line("TENT-2", "Dome Tent, 2 person", 1, "99.00")], email="bob@example.org", refunded="30.00",
                  source="facebook"),
        ShopOrder("#1003", "2026-02-22 09:15:00 +0800", "refunded", "45.50",
                  [Line("", "Sunscreen SPF50", 1, "45.50")], email="carol@example.net", source="tiktok"),
        ShopOrder("#1004", "2026-02-23 12:00:00 -0500", "voided", "20.00",
                  [Line("POLE-1", "Carbon Trekking Pole", 1, "20.00")], email="dave@example.com"),
        ShopOrder("#1005", "2026-02-24 12:00:00 -0500", "pending", "20.00",
                  [Line("POLE-1", "Carbon Trekking Pole", 1, "20.00")], email="erin@example.com"),
        ShopOrder("#1006", "2026-02-25 08:00:00 -0500", "paid", "149.90",
                  [Line("SHELL-M", "Trail Shell Jacket - M", 1, "149.90")], email="jane.doe@example.com ",
                  cancelled="2026-02-25 09:00:00 -0500"),
        ShopOrder("#1007", "2026-03-02 18:45:00 -0500", "paid", "319.80",
                  [Line("SHELL-M", "Trail Shell Jacket - M", 2, "159.90", discount="0.00"),
                   Line("POLE-1", "Carbon Trekking Pole", 1, "20.00", discount="20.00")],
                  phone="416-555-0199", source="580111", street="Unit 5, 200 King St, Toronto"),
    ]  # fmt: skip


def _import(store: Store, paths: list[Path], tmp_path: Path, **kwargs) -> object:
    return import_files(store, paths, merchant_id=M, secret=SECRET, report_dir=tmp_path / "reports",
                        clock=demo_clock(), **kwargs)  # fmt: skip


def _scalar(store: Store, sql: str) -> object:
    with store.engine.connect() as conn:
        return conn.execute(text(sql), {"m": M}).scalar()


def _dump(store: Store) -> dict[str, list[tuple]]:
    with store.engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
            for t in ("merchants", "products", "customers", "orders", "order_items")
        }


def test_orders_import_matches_totals_computed_from_the_file(empty_store: Store, tmp_path: Path) -> None:
    orders = _orders()
    path = write_shopify_orders(tmp_path / "orders_export.csv", orders)
    report = _import(empty_store, [path], tmp_path)

    assert report.merchant_created and report.currency == "CAD"
    assert _scalar(empty_store, "SELECT currency FROM merchants WHERE id = :m") == "CAD"
    expected_gmv = sum(o.gmv_part() for o in orders)
    assert Decimal(str(_scalar(empty_store, "SELECT SUM(total_amount) FROM orders WHERE status = 'paid'"))) == (
        expected_gmv
    )
    with empty_store.engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id, status FROM orders")).all())
        first = conn.execute(text("SELECT created_at, channel FROM orders WHERE id = 'm_shop:#1001'")).one()
        items = conn.execute(
            text("SELECT COUNT(*), SUM(quantity) FROM order_items WHERE order_id = 'm_shop:#1007'")
        ).one()
        channels = dict(conn.execute(text("SELECT id, channel FROM orders")).all())
    assert rows == {"m_shop:#1001": "paid", "m_shop:#1002": "paid", "m_shop:#1003": "refunded",
                    "m_shop:#1004": "cancelled", "m_shop:#1006": "cancelled", "m_shop:#1007": "paid"}  # fmt: skip
    assert str(first[0]).startswith("2026-02-20 15:00:00")
    assert tuple(items) == (2, 3)
    assert channels["m_shop:#1002"] == "recommend" and channels["m_shop:#1003"] == "live"
    assert channels["m_shop:#1007"] == "direct"
    assert report.quality.unmapped_channels == {"580111": 1}
    # Jane's two orders (e-mail in other case, trailing blank) are one pseudonymous customer.
    assert _scalar(empty_store, "SELECT COUNT(DISTINCT customer_id) FROM orders") == 5
    assert report.counts["orders"].imported == 6 and report.counts["orders"].skipped == 1
    assert report.counts["order_items"].imported == 8
    assert report.quality.rows_read == 9 and report.quality.rows_rejected == 0
    assert report.quality.first_day.isoformat() == "2026-02-20"
    assert "Orders 2026-02-20 to 2026-03-02: 6 of 11 days without orders" in report.summary()


def test_importing_twice_changes_nothing(empty_store: Store, tmp_path: Path) -> None:
    path = write_shopify_orders(tmp_path / "orders_export.csv", _orders())
    _import(empty_store, [path], tmp_path)
    before = _dump(empty_store)
    again = _import(empty_store, [path], tmp_path)
    assert _dump(empty_store) == before
    for entity in ("orders", "order_items", "products", "customers"):
        counts = again.counts[entity]
        assert (counts.imported, counts.updated, counts.rejected) == (0, 0, 0), entity
    assert again.counts["orders"].skipped == 7 and not again.merchant_created


def test_a_newer_export_updates_the_orders_that_changed(empty_store: Store, tmp_path: Path) -> None:
    orders = _orders()
    _import(empty_store, [write_shopify_orders(tmp_path / "feb.csv", orders)], tmp_path)
    orders[0].status, orders[0].refunded = "refunded", "189.90"
    orders[4].status = "paid"
    later = _import(empty_store, [write_shopify_orders(tmp_path / "mar.csv", orders)], tmp_path)
    assert (later.counts["orders"].imported, later.counts["orders"].updated, later.counts["orders"].skipped) == (
        1,
        1,
        5,
    )
    assert _scalar(empty_store, "SELECT status FROM orders WHERE id = 'm_shop:#1001'") == "refunded"
    gmv = Decimal(str(_scalar(empty_store, "SELECT SUM(total_amount) FROM orders WHERE status = 'paid'")))
    assert gmv == sum(o.gmv_part() for o in orders)
    assert _scalar(empty_store, "SELECT COUNT(*) FROM order_items WHERE order_id = 'm_shop:#1001'") == 2


def _many(n: int) -> list[ShopOrder]:
    return [
        ShopOrder(f"#{5000 + i}", f"2026-03-{1 + i % 28:02d} {i % 24:02d}:10:00 +0100", "paid", f"{10 + i}.00",
                  [Line(f"SKU-{i % 7}", f"Item {i % 7}", 1, f"{10 + i}.00")]
                  + ([Line("SKU-X", "Extra", 1, "0.00")] if i % 3 == 0 else []),
                  email=f"buyer{i % 50}@example.com")
        for i in range(n)
    ]  # fmt: skip


def test_five_percent_bad_rows_are_reported_and_the_rest_imported(empty_store: Store, tmp_path: Path) -> None:
    orders = _many(200)
    bad = {
        4: {"Name": ""}, 20: {"Created at": "31/31/2026"}, 41: {"Total": "12,3x"}, 60: {"Financial Status": "on_hold"},
        77: {"Financial Status": "", "Total": ""}, 90: {"Lineitem quantity": "two"}, 111: {"Lineitem price": "abc"},
        130: {"Created at": ""}, 150: {"Financial Status": "mystery"}, 199: {"Total": "N/A"},
    }  # fmt: skip
    path = write_shopify_orders(tmp_path / "orders_export.csv", orders, bad_rows=bad)
    report = _import(empty_store, [path], tmp_path, batch_size=50)

    assert report.counts["orders"].imported == 190
    assert report.counts["orders"].rejected == 10
    assert report.rejected_path is not None
    with report.rejected_path.open(encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert len(rejected) == 10 and {r["file"] for r in rejected} == {"orders_export.csv"}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        starts, previous = {}, reader.line_num
        for row in reader:
            starts.setdefault(row[0], previous + 1)
            previous = reader.line_num
    lines = {int(r["line"]) for r in rejected}
    assert starts["#5020"] in lines and starts["#5199"] in lines
    reasons = " | ".join(r["reason"] for r in rejected)
    for fragment in ("missing order id", "unparseable date", "unparseable amount", "unknown status 'on_hold'",
                     "missing order-level columns", "unparseable quantity", "missing date"):  # fmt: skip
        assert fragment in reasons
    assert 0.04 < report.quality.rejected_share < 0.07
    good = [o for i, o in enumerate(orders) if i not in bad]
    assert Decimal(str(_scalar(empty_store, "SELECT SUM(total_amount) FROM orders"))) == sum(
        Decimal(o.total) for o in good
    )


def test_a_failure_part_way_leaves_only_whole_orders_and_a_rerun_completes(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    orders = _many(100)
    path = write_shopify_orders(tmp_path / "orders_export.csv", orders)
    real = StoreWriter.write_orders
    calls = {"n": 0}

    def failing(self: StoreWriter, records: list) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            real(self, records)  # the batch's rows are written, then the process dies before the commit
            raise RuntimeError("disk full")
        return real(self, records)

    monkeypatch.setattr(StoreWriter, "write_orders", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        _import(empty_store, [path], tmp_path, batch_size=20)
    assert _scalar(empty_store, "SELECT COUNT(*) FROM orders") == 40
    expected_lines = {f"m_shop:{o.name}": len(o.lines) for o in orders}
    with empty_store.engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT order_id, COUNT(*) FROM order_items GROUP BY order_id")).all())
    assert len(stored) == 40 and all(stored[oid] == expected_lines[oid] for oid in stored)

    monkeypatch.setattr(StoreWriter, "write_orders", real)
    rerun = _import(empty_store, [path], tmp_path, batch_size=20)
    assert (rerun.counts["orders"].imported, rerun.counts["orders"].skipped) == (60, 40)
    assert _scalar(empty_store, "SELECT COUNT(*) FROM order_items") == sum(len(o.lines) for o in orders)


def test_products_export_then_orders_match_by_sku_then_title(empty_store: Store, tmp_path: Path) -> None:
    products = [
        ShopProduct("trail-shell", "Trail Shell Jacket", "<p>Waterproof, <b>3-layer</b>. Questions: help@trailco.com</p>",  # noqa: E501
                    "Jackets", "outdoor, rain", [Variant("SHELL-S", "S", "149.90", "70.00"),
                                                 Variant("SHELL-M", "M", "149.90", "70.00", stock="4")]),
        ShopProduct("sunscreen", "Sunscreen SPF50", "<p>Call +1 416 555 0188</p>", "Skin care", "sun",
                    [Variant("", "Default Title", "45.50", "")]),
    ]  # fmt: skip
    catalog = write_shopify_products(tmp_path / "products_export.csv", products)
    orders = write_shopify_orders(tmp_path / "orders_export.csv", _orders())
    report = _import(empty_store, [orders, catalog], tmp_path)

    with empty_store.engine.connect() as conn:
        rows = {
            r[0]: r[1:]
            for r in conn.execute(text("SELECT id, title, category, cost, stock, description, tags FROM products"))
        }
        sunscreen_line = conn.execute(
            text("SELECT product_id FROM order_items WHERE order_id = 'm_shop:#1003'")
        ).scalar()
    assert rows["m_shop:sku:SHELL-M"][:4] == ("Trail Shell Jacket - M", "Jackets", 70, 4)
    assert rows["m_shop:sku:SHELL-S"][0] == "Trail Shell Jacket - S"
    assert "help@trailco.com" not in rows["m_shop:sku:SHELL-M"][4] and "3-layer" in rows["m_shop:sku:SHELL-M"][4]
    assert rows["m_shop:sku:SHELL-M"][5] == "outdoor,rain"
    assert sunscreen_line == "m_shop:handle:sunscreen"
    # Products of the catalog (3 variants) plus two only seen in orders (POLE-1, TENT-2), without a cost.
    assert report.counts["products"].imported == 5 and set(rows) >= {"m_shop:sku:POLE-1", "m_shop:sku:TENT-2"}
    assert report.quality.products_without_cost == 3


def test_a_new_merchant_needs_a_currency(empty_store: Store, tmp_path: Path) -> None:
    catalog = write_shopify_products(tmp_path / "products_export.csv",
                                     [ShopProduct("cap", "Cap", "", "Hats", "", [Variant("CAP", "Default Title", "9.00")])])  # fmt: skip  # noqa: E501
    with pytest.raises(ImportFailed, match="--currency"):
        _import(empty_store, [catalog], tmp_path)
    report = _import(empty_store, [catalog], tmp_path, currency="eur")
    assert report.currency == "EUR" and report.counts["products"].imported == 1
    orders = write_shopify_orders(tmp_path / "orders_export.csv", _orders()[:2])
    mixed = _import(empty_store, [orders], tmp_path)
    assert mixed.counts["orders"].rejected == 2 and mixed.counts["orders"].imported == 0
    with pytest.raises(ImportFailed, match="keeps its books in EUR"):
        _import(empty_store, [orders], tmp_path, currency="CAD")


def test_an_unrecognised_file_is_refused_with_a_hint(empty_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="--format csv"):
        _import(empty_store, [path], tmp_path)
