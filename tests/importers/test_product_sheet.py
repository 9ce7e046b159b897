"""Cost and stock that order exports do not carry: the report counts them, a product sheet supplies them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from copilot.clock import demo_clock
from copilot.importers import ImportReport, import_files
from copilot.store import Store
from tests.importers.exports import Line, ShopOrder, write_shopify_orders

M = "m_sheet"


def _import(store: Store, paths: list[Path], tmp_path: Path) -> ImportReport:
    return import_files(store, paths, merchant_id=M, secret="s", report_dir=tmp_path / "reports", clock=demo_clock())


def _products(store: Store) -> dict[str, tuple[float, int]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT title, cost, stock FROM products WHERE merchant_id = :m"), {"m": M})
        return {title: (float(cost), int(stock)) for title, cost, stock in rows}


def test_orders_only_import_says_what_is_missing_and_a_sheet_supplies_it(empty_store: Store, tmp_path: Path) -> None:
    orders = write_shopify_orders(
        tmp_path / "orders_export.csv",
        [
            ShopOrder("#1", "2026-02-20 10:00:00 -0500", "paid", "189.90",
                      [Line("SHELL-M", "Trail Shell Jacket - M", 1, "149.90"),
                       Line("POLE-1", "Carbon Trekking Pole", 2, "20.00")], email="a@example.com", currency="USD"),
            ShopOrder("#2", "2026-02-21 10:00:00 -0500", "paid", "45.50",
                      [Line("", "Sunscreen SPF50", 1, "45.50")], email="b@example.com", currency="USD"),
        ],
    )  # fmt: skip
    report = _import(empty_store, [orders], tmp_path)
    assert report.quality.products_without_cost == 3 and report.quality.products_without_stock == 3
    summary = report.summary()
    assert "Products without a cost: 3" in summary and "Products without a stock count: 3" in summary
    assert f"copilot import SHEET.csv --merchant {M}" in summary

    sheet = tmp_path / "costs.csv"
    sheet.write_text(
        "Variant SKU,Title,Cost per item,Inventory\n"
        "SHELL-M,,70.00,4\n"
        "POLE-1,,8.5,\n"
        ",Sunscreen SPF50,12,30\n"
        "NO-SUCH,,1.00,1\n",
        encoding="utf-8",
    )
    supplied = _import(empty_store, [sheet], tmp_path)
    assert [f.kind for f in supplied.files] == ["product_sheet"]
    assert supplied.counts["products"].updated == 3 and supplied.counts["products"].rejected == 1
    assert supplied.quality.rows_rejected == 1 and supplied.rejected_path is not None
    assert "no product with SKU 'NO-SUCH'" in supplied.rejected_path.read_text(encoding="utf-8")
    assert _products(empty_store) == {
        "Trail Shell Jacket - M": (70.0, 4),
        "Carbon Trekking Pole": (8.5, 0),
        "Sunscreen SPF50": (12.0, 30),
    }
    again = _import(empty_store, [sheet], tmp_path)
    assert again.counts["products"].updated == 0 and again.counts["products"].skipped == 3
