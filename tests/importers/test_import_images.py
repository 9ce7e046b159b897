"""Photo URLs of exports: Shopify's `Image Src` / `Variant Image` and a Taobao item report's image column."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import text

from copilot.clock import demo_clock
from copilot.importers import import_files
from copilot.store import Store
from tests.importers.exports import ShopProduct, TaobaoItem, TaobaoOrder, Variant, write_shopify_products, write_taobao


def _import(store: Store, paths: list[Path], tmp_path: Path, merchant: str, currency: str | None = None) -> None:
    import_files(store, paths, merchant_id=merchant, secret="s", report_dir=tmp_path / "reports",
                 clock=demo_clock(), currency=currency)  # fmt: skip


def _urls(store: Store, merchant: str) -> dict[str, str | None]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, image_url FROM products WHERE merchant_id = :m"), {"m": merchant})
        return {row[0]: row[1] for row in rows}


def test_shopify_products_take_the_variant_image_else_the_products_first_image_src(empty_store: Store, tmp_path: Path):
    products = [
        ShopProduct("trail-shell", "Trail Shell Jacket", "", "Jackets", "",
                    [Variant("SHELL-S", "S", "149.90"), Variant("SHELL-M", "M", "149.90")]),
        ShopProduct("cap", "Cap", "", "Hats", "", [Variant("CAP", "Default Title", "9.00")], images=0),
    ]  # fmt: skip
    path = write_shopify_products(tmp_path / "products_export.csv", products)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[1]["Variant Image"] = "https://cdn.example.com/trail-shell-medium.jpg"
    rows[-1]["Image Src"] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    _import(empty_store, [path], tmp_path, "m_shop", "USD")

    assert _urls(empty_store, "m_shop") == {
        "m_shop:sku:SHELL-S": "https://cdn.example.com/trail-shell-0.jpg",
        "m_shop:sku:SHELL-M": "https://cdn.example.com/trail-shell-medium.jpg",
        "m_shop:sku:CAP": None,
    }


def test_a_taobao_item_report_with_an_image_column_gives_its_products_a_photo_url(empty_store: Store, tmp_path: Path):
    items = [TaobaoItem("碳素登山杖 超轻伸缩", "129.00", 1, "SY-PL-002"), TaobaoItem("遮阳帽", "59.00", 1, "SY-HAT")]
    order = TaobaoOrder("3401234567890123456", "户外小王", "188.00", "交易成功", "2026-10-11 20:15:03", items)
    orders, item_report = write_taobao(tmp_path, [order], encoding="utf-8-sig")
    with item_report.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    table[0].append("商品图片")
    table[1].append("//img.alicdn.com/imgextra/pole.jpg")
    table[2].append("not a url")
    with item_report.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(table)

    _import(empty_store, [orders, item_report], tmp_path, "m_tb")

    assert _urls(empty_store, "m_tb") == {
        "m_tb:sku:SY-PL-002": "https://img.alicdn.com/imgextra/pole.jpg",
        "m_tb:sku:SY-HAT": None,
    }
