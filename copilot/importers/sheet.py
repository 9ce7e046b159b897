"""Product sheets: the cost and stock of products already in the store, which order exports do not carry.

A sheet is a CSV/XLSX with a product column (SKU, else title) and a cost and/or stock column (headers in
formats.yaml `product_sheet`, matched case-insensitively). Each row becomes a `ProductUpdate`; an empty
cell leaves that value as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from copilot.importers.records import BadValue, ProductUpdate, Record, Rejection, formats, parse_money
from copilot.importers.tables import Columns, Table
from copilot.importers.types import ParseContext


def sheet_columns(header: list[str]) -> dict[str, str]:
    """The sheet's column for each field it has (sku, title, cost, stock), by the names in formats.yaml."""
    names = {h.strip().casefold(): h.strip() for h in header if h.strip()}
    found: dict[str, str] = {}
    for field, synonyms in formats()["product_sheet"]["fields"].items():
        column = next((names[s.casefold()] for s in synonyms if s.casefold() in names), None)
        if column is not None:
            found[field] = column
    return found


def is_sheet(header: list[str]) -> bool:
    """A header naming a product (SKU or title) and a cost or stock."""
    spec = formats()["product_sheet"]
    columns = sheet_columns(header)
    return any(k in columns for k in spec["key"]) and any(v in columns for v in spec["values"])


def parse_updates(table: Table, ctx: ParseContext) -> Iterator[Record]:
    columns = sheet_columns(table.header)
    cols = Columns(table.header)
    source = table.path.name

    def cell(row: list[str], field: str) -> str:
        column = columns.get(field)
        return cols.get(row, column).strip() if column else ""

    for line, row in table:
        sku, title = cell(row, "sku"), cell(row, "title")
        if not sku and not title:
            yield Rejection(source, line, "no SKU or title", entity="products")
            continue
        try:
            cost_text, stock_text = cell(row, "cost"), cell(row, "stock")
            cost = parse_money(cost_text, columns.get("cost", "cost")) if cost_text else None
            stock = _stock(stock_text, columns.get("stock", "stock")) if stock_text else None
        except BadValue as exc:
            yield Rejection(source, line, f"product {sku or title}: {exc}", entity="products")
            continue
        if cost is not None and cost < 0:
            yield Rejection(source, line, f"product {sku or title}: negative cost", entity="products")
            continue
        yield ProductUpdate(source, line, 1, sku, title, cost, stock)


def _stock(text: str, column: str) -> int:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise BadValue(f"unparseable stock {text!r} in {column}") from exc
    if not value.is_finite() or value != value.to_integral_value():
        raise BadValue(f"stock {text!r} in {column} is not a whole number")
    return max(int(value), 0)


__all__ = ["is_sheet", "parse_updates", "sheet_columns"]
