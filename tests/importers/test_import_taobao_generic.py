"""Taobao exports (GBK, UTF-8 with BOM, XLSX, ="…" ids), generic CSV with a mapping, privacy, tools, CLI."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from copilot.analytics.service import run_query_store_sales
from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.importers import import_files, suggest_mapping
from copilot.importers.pii import Pseudonymizer, redact
from copilot.store import Store
from tests.importers.exports import (
    TAOBAO_ITEM_HEADER,
    TAOBAO_ORDER_HEADER,
    Line,
    ShopOrder,
    ShopProduct,
    TaobaoItem,
    TaobaoOrder,
    Variant,
    write_shopify_orders,
    write_shopify_products,
    write_taobao,
)

SECRET = "test-secret"


def _taobao() -> list[TaobaoOrder]:
    jacket = TaobaoItem("山野 三合一冲锋衣 男款防水", "599.00", 1, "SY-JK-001")
    pole = TaobaoItem("碳素登山杖 超轻伸缩", "129.00", 2, "SY-PL-002")
    return [
        TaobaoOrder("3401234567890123456", "户外小王", "857.00", "交易成功", "2026-10-11 20:15:03", [jacket, pole]),
        TaobaoOrder("3401234567890123457", "tb_lily88", "599.00", "交易成功", "2026-10-12 09:01:00", [jacket],
                    refund="100.00", mobile="13900001111", address="上海市 浦东新区 世纪大道 100号"),
        TaobaoOrder("3401234567890123458", "户外小王", "258.00", "交易关闭", "2026-10-13 10:00:00", [pole],
                    refund="258.00"),
        TaobaoOrder("3401234567890123459", "bob_cn", "129.00", "交易关闭", "2026-10-13 11:00:00",
                    [TaobaoItem("碳素登山杖 超轻伸缩", "129.00", 1, "SY-PL-002")]),
        TaobaoOrder("3401234567890123460", "bob_cn", "599.00", "等待买家付款", "2026-10-14 11:00:00", [jacket]),
        TaobaoOrder("3401234567890123461", "新手妈妈", "258.00", "卖家已发货，等待买家确认", "2026-10-15 23:30:00",
                    [pole], address="广东省深圳市南山区科技园路1号"),
    ]  # fmt: skip


def _import(store: Store, paths: list[Path], tmp_path: Path, merchant: str = "m_tb", **kwargs) -> object:
    return import_files(store, paths, merchant_id=merchant, secret=SECRET, report_dir=tmp_path / "reports",
                        clock=demo_clock(), **kwargs)  # fmt: skip


def _gmv(store: Store, merchant: str) -> Decimal:
    with store.engine.connect() as conn:
        value = conn.execute(
            text("SELECT SUM(total_amount) FROM orders WHERE merchant_id = :m AND status = 'paid'"), {"m": merchant}
        ).scalar()
    return Decimal(str(value))


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_taobao_reports_import_with_their_encoding_and_wrapped_ids(
    empty_store: Store, tmp_path: Path, encoding: str
) -> None:
    orders = _taobao()
    order_path, item_path = write_taobao(tmp_path, orders, encoding=encoding)
    report = _import(empty_store, [order_path, item_path], tmp_path)

    assert report.currency == "CNY" and report.merchant_created
    assert _gmv(empty_store, "m_tb") == sum(o.gmv_part() for o in orders) == Decimal("1614.00")
    with empty_store.engine.connect() as conn:
        statuses = dict(conn.execute(text("SELECT id, status FROM orders")).all())
        first = conn.execute(text("SELECT created_at FROM orders WHERE id = 'm_tb:3401234567890123456'")).scalar()
        units = conn.execute(
            text("SELECT SUM(quantity) FROM order_items WHERE order_id = 'm_tb:3401234567890123456'")
        ).scalar()
        regions = {r[0] for r in conn.execute(text("SELECT region FROM customers"))}
    assert statuses["m_tb:3401234567890123458"] == "refunded" and statuses["m_tb:3401234567890123459"] == "cancelled"
    assert "m_tb:3401234567890123460" not in statuses
    assert str(first).startswith("2026-10-11 12:15:03")  # Beijing time to UTC
    assert units == 3
    assert regions == {"浙江省", "上海市", "广东省"}
    assert report.counts["customers"].imported == 4 and report.counts["orders"].skipped == 1


def test_taobao_xlsx_reports_import_like_csv(empty_store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    orders = _taobao()
    order_csv, item_csv = write_taobao(tmp_path, orders, encoding="utf-8")
    paths = []
    for source, header in ((order_csv, TAOBAO_ORDER_HEADER), (item_csv, TAOBAO_ITEM_HEADER)):
        import csv

        book = Workbook()
        sheet = book.active
        with source.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):  # XLSX keeps long ids as text: no ="…" wrapping there
                sheet.append([c[2:-1] if c.startswith('="') else c for c in row])
        target = source.with_suffix(".xlsx")
        book.save(target)
        assert header[0] == "订单编号"
        paths.append(target)
    report = _import(empty_store, paths, tmp_path)
    assert report.counts["orders"].imported == 5
    assert _gmv(empty_store, "m_tb") == sum(o.gmv_part() for o in orders)


def test_no_email_phone_or_address_is_stored_anywhere(empty_store: Store, tmp_path: Path) -> None:
    shop = [
        ShopOrder("#1", "2026-02-20 10:00:00 -0500", "paid", "30.00", [Line("A", "Cap", 1, "30.00")],
                  email="Private.Person@mail.example", phone="+1 416 555 0142", note="call me at 416-555-0142",
                  street="77 Secret Lane, Unit 9"),
        ShopOrder("#2", "2026-02-21 10:00:00 -0500", "paid", "30.00", [Line("", "Cap", 1, "30.00")],
                  phone="(647) 555-0177"),
    ]  # fmt: skip
    catalog = [ShopProduct("cap", "Cap", "<p>Write to owner@capshop.example or call +1 647 555 0100</p>",
                           "Hats", "", [Variant("A", "Default Title", "30.00", "12.00")])]  # fmt: skip
    _import(empty_store, [write_shopify_orders(tmp_path / "o.csv", shop),
                          write_shopify_products(tmp_path / "p.csv", catalog)], tmp_path, merchant="m_shop")  # fmt: skip  # noqa: E501
    _import(empty_store, list(write_taobao(tmp_path, _taobao(), encoding="gbk")), tmp_path)

    secrets = ["private.person", "416 555 0142", "4165550142", "416-555-0142", "647", "Secret Lane",
               "Jane Q. Public", "Toronto", "M5V", "owner@capshop", "13812345678", "13900001111", "张三",
               "文三路", "世纪大道", "科技园", "户外小王", "tb_lily88", "138****5678"]  # fmt: skip
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    phone = re.compile(r"(?<!\d)(?:\d{3}[\s-]\d{3}[\s-]\d{4}|1[3-9]\d{9})(?!\d)")
    inspector = inspect(empty_store.engine)
    scanned = 0
    with empty_store.engine.connect() as conn:
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                if column["type"].python_type not in (str, dict):
                    continue
                for (value,) in conn.execute(text(f'SELECT "{column["name"]}" FROM "{table}"')):
                    if value is None:
                        continue
                    cell = str(value)
                    scanned += 1
                    assert not email.search(cell), (table, column["name"], cell)
                    assert not phone.search(cell), (table, column["name"], cell)
                    assert not any(s.lower() in cell.lower() for s in secrets), (table, column["name"], cell)
    assert scanned > 50


def test_pseudonymous_ids_are_stable_per_install_and_merchant() -> None:
    a = Pseudonymizer("secret-a", "m1")
    assert a.customer_id(email=" Jane@Example.COM") == a.customer_id(email="jane@example.com")
    assert a.customer_id(phone="+86 138-1234-5678") == a.customer_id(phone="008613812345678")
    assert a.customer_id(email="jane@example.com") != Pseudonymizer("secret-b", "m1").customer_id(
        email="jane@example.com"
    )
    assert a.customer_id(email="jane@example.com") != Pseudonymizer("secret-a", "m2").customer_id(
        email="jane@example.com"
    )
    assert a.customer_id() is None and a.customer_id(email="not-an-email", phone="12") is None
    assert redact("mail a@b.io or +1 (416) 555-0101, size 42") == "mail [redacted] or [redacted], size 42"


MAPPING = """
columns: {order_id: Order No, created_at: Date, status: State, total_amount: Total, customer: Buyer,
          sku: SKU, title: Item, quantity: Qty, unit_price: Price, channel: Channel}
status: {Completed: paid, Returned: refunded, Cancelled: cancelled, Awaiting payment: pending}
channel: {Live: live, Web: direct}
currency: EUR
timezone: Europe/Berlin
"""


def _generic_file(path: Path) -> Path:
    path.write_text(
        "Order No,Date,State,Total,Buyer,SKU,Item,Qty,Price,Channel\n"
        "A-1,2026-05-01 10:00,Completed,40.00,anna@example.de,S1,Socks,2,10.00,Web\n"
        "A-1,2026-05-01 10:00,Completed,40.00,anna@example.de,S2,Hat,1,20.00,Web\n"
        "A-2,2026-05-02 11:00,Returned,20.00,ben@example.de,S2,Hat,1,20.00,Live\n"
        "A-3,2026-05-03 12:00,Completed,15.50,ben@example.de,S3,Scarf,1,15.50,Live\n"
        "A-4,2026-05-04 12:00,On hold,9.00,ben@example.de,S3,Scarf,1,9.00,Live\n",
        encoding="utf-8",
    )
    return path


def test_generic_csv_with_a_mapping_and_the_suggested_mapping(empty_store: Store, tmp_path: Path) -> None:
    path = _generic_file(tmp_path / "sales.csv")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    report = _import(empty_store, [path], tmp_path, merchant="m_eu", fmt="csv", mapping=mapping)
    assert report.currency == "EUR"
    assert report.counts["orders"].imported == 3 and report.counts["orders"].rejected == 1
    assert _gmv(empty_store, "m_eu") == Decimal("55.50")
    with empty_store.engine.connect() as conn:
        at = conn.execute(text("SELECT created_at, channel FROM orders WHERE id = 'm_eu:A-3'")).one()
    assert str(at[0]).startswith("2026-05-03 10:00:00") and at[1] == "live"

    proposal = suggest_mapping(path)
    assert "order_id: Order No" in proposal and "total_amount: Total" in proposal and "quantity: Qty" in proposal
    assert "Completed: FILL ME" in proposal or "Completed:" in proposal


def test_tools_answer_from_the_imported_store(empty_store: Store, tmp_path: Path) -> None:
    orders = _taobao()
    _import(empty_store, list(write_taobao(tmp_path, orders, encoding="gbk")), tmp_path)
    ctx = Context(merchant_id="m_tb", store=empty_store, settings=Settings(data_dir=tmp_path / "data"),
                  clock=demo_clock())  # fmt: skip
    out = run_query_store_sales(ctx, sql="SELECT SUM(total_amount) AS gmv FROM orders WHERE status = 'paid'")
    assert "1614" in out.text.replace(",", "")


def test_cli_import_prints_the_summary_and_suggests_mappings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from copilot.cli import app

    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    order_path, item_path = write_taobao(tmp_path, _taobao(), encoding="gbk")
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(order_path), str(item_path), "--merchant", "m_cli"])
    assert result.exit_code == 0, result.output
    assert "Imported into m_cli (new merchant), currency CNY" in result.output
    assert "Rows rejected: 0 of" in result.output
    again = runner.invoke(app, ["import", str(order_path), str(item_path), "--merchant", "m_cli"])
    assert "0 imported" in again.output and again.exit_code == 0
    suggestion = runner.invoke(app, ["import", "--suggest-mapping", str(_generic_file(tmp_path / "g.csv"))])
    assert suggestion.exit_code == 0 and "order_id: Order No" in suggestion.output
    bad = runner.invoke(app, ["import", str(tmp_path / "g.csv"), "--merchant", "m_cli"])
    assert bad.exit_code == 1 and "--format csv" in bad.output


@pytest.mark.postgres
def test_shopify_import_on_postgresql_is_idempotent(pg_empty_url: str, tmp_path: Path) -> None:
    store = Store.open(pg_empty_url, migrate=False)
    try:
        shop = [ShopOrder(f"#{i}", f"2026-02-{1 + i:02d} 10:00:00 -0500", "paid", "30.00",
                          [Line("A", "Cap", 1, "30.00")], email=f"p{i}@example.com") for i in range(5)]  # fmt: skip
        path = write_shopify_orders(tmp_path / "o.csv", shop)
        first = _import(store, [path], tmp_path, merchant="m_pg")
        again = _import(store, [path], tmp_path, merchant="m_pg")
        assert first.counts["orders"].imported == 5
        assert (again.counts["orders"].imported, again.counts["orders"].updated, again.counts["orders"].skipped) == (
            0,
            0,
            5,
        )
        assert _gmv(store, "m_pg") == Decimal("150.00")
    finally:
        store.close()
