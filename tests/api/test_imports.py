"""POST /v1/imports: the merchant's own export files into the merchant's own store, through real HTTP."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from tests.api.conftest import ApiServer, assert_error
from tests.importers.exports import Line, ShopOrder, write_shopify_orders


def _orders() -> list[ShopOrder]:
    return [
        ShopOrder("#9001", "2026-11-10 10:00:00 -0500", "paid", "189.90",
                  [Line("API-SHELL", "API Shell Jacket", 1, "189.90")], email="a.buyer@example.com", currency="CNY"),
        ShopOrder("#9002", "2026-11-11 11:00:00 +0800", "refunded", "45.50",
                  [Line("API-POLE", "API Trekking Pole", 1, "45.50")], email="b.buyer@example.com", currency="CNY"),
    ]  # fmt: skip


def test_import_into_the_callers_store_is_idempotent(api: ApiServer, tmp_path: Path):
    export = write_shopify_orders(tmp_path / "orders_export.csv", _orders())
    with api.client("baby") as client:
        first = client.post("/v1/imports", files=[("files", ("orders_export.csv", export.read_bytes(), "text/csv"))])
        assert first.status_code == 201, first.text
        report = first.json()
        assert report["merchant_id"] == "m_baby" and report["counts"]["orders"]["imported"] == 2
        again = client.post("/v1/imports", files=[("files", ("orders_export.csv", export.read_bytes(), "text/csv"))])
        assert again.status_code == 201 and again.json()["counts"]["orders"]["imported"] == 0
    with api.store.engine.connect() as conn:
        rows = conn.execute(text("SELECT merchant_id, status, total_amount FROM orders WHERE id LIKE '%#900%'")).all()
        emails = conn.execute(text("SELECT COUNT(*) FROM customers WHERE id LIKE '%example.com%'")).scalar()
    assert {r.merchant_id for r in rows} == {"m_baby"}
    assert sum(Decimal(str(r.total_amount)) for r in rows if r.status == "paid") == Decimal("189.90")
    assert emails == 0


def test_import_refuses_bad_files_and_anonymous_callers(api: ApiServer):
    with api.client("baby") as client:
        assert_error(client.post("/v1/imports", files=[("files", ("notes.pdf", b"%PDF-1.4", "application/pdf"))]), 415)
    with api.client(None) as client:
        assert_error(client.post("/v1/imports", files=[("files", ("o.csv", b"Name\n", "text/csv"))]), 401)


def test_import_answers_and_errors_name_no_server_path(api: ApiServer, tmp_path: Path):
    bad_row = {1: {"Created at": "31/31/2026"}}
    export = write_shopify_orders(tmp_path / "orders_export.csv", _orders(), bad_rows=bad_row)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with api.client("baby") as client:
        imported = client.post("/v1/imports", files=[("files", ("orders_export.csv", export.read_bytes(), "text/csv"))])
        empty = client.post("/v1/imports", files=[("files", ("empty.csv", b"", "text/csv"))])
        broken = client.post("/v1/imports", files=[("files", ("sheet.xlsx", b"not a workbook", xlsx))])
        for response in (imported, empty, broken):
            assert "copilot-import-" not in response.text and tempfile.gettempdir() not in response.text, response.text
            assert str(api.settings.data_dir.resolve()) not in response.text
        assert imported.status_code == 201, imported.text
        report = imported.json()
        assert [f["name"] for f in report["files"]] == ["orders_export.csv"]
        assert report["rejected_report_url"] == f"/v1/imports/reports/{report['rejected_report']}"
        rejected = client.get(report["rejected_report_url"])
    with api.client() as other:
        assert_error(other.get(report["rejected_report_url"]), 404, "not_found")
    assert rejected.status_code == 200 and rejected.headers["content-type"].startswith("text/csv")
    assert "orders_export.csv" in rejected.text and "Created at" in rejected.text
    assert "empty.csv" in assert_error(empty, 422, "import_failed")["message"]
    assert "sheet.xlsx" in assert_error(broken, 422, "import_failed")["message"]
