"""Order files parsed in a child process: the same store, report, rejections and progress as in-process."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from copilot.clock import demo_clock
from copilot.importers import base, import_files, parser_process, shopify
from copilot.importers.records import OrderLine, OrderRecord, Rejection, Skip
from copilot.importers.writer import StoreWriter
from copilot.store import Store
from tests.importers.exports import Line, ShopOrder, TaobaoItem, TaobaoOrder, write_shopify_orders, write_taobao

SECRET = "test-secret"
M = "m_child"

pytestmark = pytest.mark.skipif(not parser_process.available(), reason="this process cannot fork a parser")


def _orders(n: int) -> list[ShopOrder]:
    return [
        ShopOrder(f"#{9000 + i}", f"2026-05-{1 + i % 28:02d} {i % 24:02d}:10:00 -0400",
                  ("paid", "paid", "refunded", "pending", "partially_refunded")[i % 5], f"{20 + i}.00",
                  [Line(f"SKU-{i % 7}", f"Item {i % 7}", 1 + i % 3, f"{20 + i}.00")]
                  + ([Line("", "Gift wrap", 1, "0.00")] if i % 6 == 0 else []),
                  email=f"buyer{i % 40}@example.com", refunded="5.00" if i % 5 == 4 else "",
                  note="call first\nback door" if i % 9 == 0 else "")
        for i in range(n)
    ]  # fmt: skip


BAD = {3: {"Name": ""}, 17: {"Created at": "31/31/2026"}, 40: {"Total": "12,3x"}, 66: {"Lineitem quantity": "two"}}


def _import(store: Store, paths: list[Path], folder: Path, child: bool | None, **kwargs) -> base.ImportReport:
    return import_files(store, paths, merchant_id=M, secret=SECRET, report_dir=folder, clock=demo_clock(),
                        batch_size=30, parse_in_child=child, **kwargs)  # fmt: skip


def _dump(store: Store) -> dict[str, list[tuple]]:
    with store.engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
            for t in ("merchants", "products", "customers", "orders", "order_items")
        }


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = parser_process.parsed_in_child

    def spy(parse: parser_process.Parse, table: base.Table) -> object:
        parsed.append(table.path.name)
        return real(parse, table)

    monkeypatch.setattr(parser_process, "parsed_in_child", spy)
    return parsed


def test_a_child_parse_gives_the_same_store_report_rejections_and_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_shopify_orders(tmp_path / "orders_export.csv", _orders(150), bad_rows=BAD)
    parsed = _spy(monkeypatch)
    results = {}
    for child in (False, True):
        store = Store.open(f"sqlite:///{tmp_path / f'{child}.db'}")
        calls: list[tuple[str, int, int]] = []
        report = _import(store, [path], tmp_path / f"reports-{child}", child,
                         progress=lambda *call, calls=calls: calls.append(call))  # fmt: skip
        assert report.rejected_path is not None
        results[child] = (_dump(store), report.to_dict() | {"seconds": 0, "rejected_report": None},
                          report.rejected_path.read_text(encoding="utf-8"), calls[0], calls[-1])  # fmt: skip
        store.close()
    assert parsed == ["orders_export.csv"]
    assert results[True] == results[False]
    _, summary, rejected, first, last = results[True]
    assert summary["counts"]["orders"]["rejected"] == len(BAD)
    assert rejected.count("orders_export.csv") == len(BAD)
    size = path.stat().st_size
    assert first == ("orders_export.csv", 0, size) and last == ("orders_export.csv", size, size)


def test_taobao_orders_parsed_in_a_child_see_the_item_report_read_before(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pole = TaobaoItem("碳素登山杖 超轻伸缩", "129.00", 2, "SY-PL-002")
    orders = [TaobaoOrder(f"34012345678901{n:05d}", f"buyer{n % 4}", "258.00", "交易成功",
                          f"2026-10-{1 + n % 28:02d} 20:15:03", [pole]) for n in range(40)]  # fmt: skip
    paths = list(write_taobao(tmp_path, orders, encoding="gb18030"))
    parsed = _spy(monkeypatch)
    report = _import(empty_store, paths, tmp_path / "reports", True)
    assert len(parsed) == 1
    assert (report.counts["orders"].imported, report.counts["order_items"].imported) == (40, 40)
    again = _import(empty_store, paths, tmp_path / "reports", True)
    assert (again.counts["orders"].imported, again.counts["orders"].skipped) == (0, 40)


def test_a_parser_error_in_the_child_is_raised_in_the_parent(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_shopify_orders(tmp_path / "orders_export.csv", _orders(100))
    real = shopify.parse_orders

    def breaking(table: base.Table, ctx: object) -> object:
        for n, record in enumerate(real(table, ctx)):
            if n == 50:
                raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
            yield record

    monkeypatch.setattr(shopify, "parse_orders", breaking)
    with pytest.raises(UnicodeDecodeError) as raised:
        _import(empty_store, [path], tmp_path / "reports", True)
    assert any("parser process" in note for note in raised.value.__notes__)
    with empty_store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM orders")).scalar() % 30 == 0
    assert multiprocessing.active_children() == []


def test_a_writer_failure_stops_the_child_and_keeps_whole_orders(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    orders = _orders(100)
    path = write_shopify_orders(tmp_path / "orders_export.csv", orders)
    real = StoreWriter.write_orders
    calls = {"n": 0}

    def failing(self: StoreWriter, records: list) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(self, records)

    monkeypatch.setattr(StoreWriter, "write_orders", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        _import(empty_store, [path], tmp_path / "reports", True)
    assert multiprocessing.active_children() == []
    monkeypatch.setattr(StoreWriter, "write_orders", real)
    rerun = _import(empty_store, [path], tmp_path / "reports", True)
    counts = rerun.counts["orders"]
    assert counts.skipped == 30 + sum(o.status == "pending" for o in orders)
    assert counts.imported + counts.skipped == len(orders)


def test_records_cross_the_pipe_unchanged() -> None:
    order = OrderRecord("f.csv", 2, 2, "#1", datetime(2026, 5, 1, 14, 10, 0, 123, tzinfo=UTC), "paid", "search",
                        "", Decimal("12.50"), "USD", "cu_1", None,
                        (OrderLine("S", "T", 2, Decimal("6.25"), Decimal("12.50")),))  # fmt: skip
    others = [Rejection("f.csv", 9, "order #2: bad", rows=3), Skip("f.csv", 12, "order #3: not paid yet")]
    for record in (order, *others):
        back = parser_process._decode(parser_process._encode(record))
        assert back == record and type(back) is type(record)
    assert str(parser_process._decode(parser_process._encode(order)).total_amount) == "12.50"


@pytest.mark.parametrize("idle", [True, False])
def test_by_default_a_large_file_is_parsed_in_a_child_only_while_a_cpu_is_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, idle: bool
) -> None:
    path = write_shopify_orders(tmp_path / "orders_export.csv", _orders(40))
    parsed = _spy(monkeypatch)
    monkeypatch.setattr(parser_process, "idle_cpu", lambda: idle)
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    _import(store, [path], tmp_path / "reports", None)
    assert parsed == []
    monkeypatch.setattr(base, "CHILD_PARSE_MIN_BYTES", 0)
    _import(store, [path], tmp_path / "reports", None)
    assert parsed == (["orders_export.csv"] if idle else [])
    store.close()
