"""Shopify exports: the orders export (one row per line item) and the products export (rows per variant/image).

Orders: rows of one order are adjacent and share `Name`; order-level columns (`Financial Status`, `Total`,
`Created at`, `Email`, `Currency`, `Refunded Amount`, `Cancelled at`, `Source`, ...) are read from the
order's first row only. A bad row rejects its whole order (never half an order). `partially_refunded`
orders are stored as paid, net of `Refunded Amount`; a `Cancelled at` date makes an order cancelled.

Products: rows of one product share `Handle`; the first row holds the product columns, each row with a
`Variant Price` or `Variant SKU` is a variant (one contract product per variant, titled like Shopify's
`Lineitem name`, "Title - Option / Option", when there are several); a variant's photo URL is its `Variant
Image`, else the product's first `Image Src` (image-only rows included).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, tzinfo
from decimal import Decimal
from html.parser import HTMLParser

from copilot.importers.pii import redact
from copilot.importers.records import (
    UNCATEGORIZED,
    ZERO,
    BadValue,
    OrderLine,
    OrderRecord,
    ProductRecord,
    Record,
    Rejection,
    Skip,
    contract_status,
    formats,
    image_url,
    map_channel,
    map_status,
    parse_money,
    parse_optional_money,
    parse_quantity,
    parse_timestamp,
)
from copilot.importers.tables import Columns as _Columns
from copilot.importers.tables import Table
from copilot.importers.types import ParseContext


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


LINE_COLUMNS = ("Name", "Lineitem quantity", "Lineitem price", "Lineitem discount", "Lineitem name", "Lineitem sku")
ORDER_COLUMNS = (
    "Financial Status", "Total", "Created at", "Refunded Amount", "Cancelled at", "Source", "Currency",
    "Email", "Phone", "Billing Phone", "Shipping Phone",
    "Shipping Province Name", "Shipping Province", "Billing Province Name", "Billing Province", "Shipping Country",
)  # fmt: skip


class _OrderRows:
    """The rows of one order being assembled; `error` is set by the first bad row."""

    def __init__(self, name: str, line: int, first: list[str]) -> None:
        self.name = name
        self.line = line
        self.first = first
        self.rows = 0
        self.lines: list[OrderLine] = []
        self.error: Rejection | None = None


def parse_orders(table: Table, ctx: ParseContext) -> Iterator[Record]:
    """Orders of a Shopify orders export, one record per order (or per rejected row / skipped order)."""
    spec = formats()["shopify_orders"]
    cols = _Columns(table.header)
    line_cells = cols.picker(LINE_COLUMNS)
    order_cells = cols.picker(ORDER_COLUMNS)
    source = table.path.name
    default_zone = ctx.zone(spec["default_timezone"])
    current: _OrderRows | None = None
    for line, row in table:
        name, quantity, price, discount, title, sku = line_cells(row)
        if not name:
            yield Rejection(source, line, "missing order id in Name")
            continue
        if current is not None and name != current.name:
            yield _finish(current, order_cells(current.first), spec, default_zone, ctx, source)
            current = None
        if current is None:
            current = _OrderRows(name, line, row)
        current.rows += 1
        if current.error is None:
            try:
                current.lines.append(_line(quantity, price, discount, title, sku))
            except BadValue as exc:
                current.error = Rejection(source, line, f"order {name}: {exc}")
    if current is not None:
        yield _finish(current, order_cells(current.first), spec, default_zone, ctx, source)


def _line(quantity_text: str, price: str, discount_text: str, title: str, sku: str) -> OrderLine:
    quantity = parse_quantity(quantity_text, "Lineitem quantity")
    unit = parse_money(price, "Lineitem price")
    discount = parse_optional_money(discount_text, "Lineitem discount")
    if not title and not sku:
        raise BadValue("line item without Lineitem name or Lineitem sku")
    return OrderLine(sku, title or sku, quantity, unit, max(unit * quantity - discount, ZERO))


def _finish(order: _OrderRows, cells: Sequence[str], spec: dict, default_zone: tzinfo, ctx: ParseContext,
            source: str) -> Record:  # fmt: skip
    """The record of an assembled order; `cells` are its first row's ORDER_COLUMNS, `default_zone` the zone
    of timestamps without an offset."""
    if order.error is not None:
        return Rejection(order.error.source, order.error.line, order.error.reason, rows=order.rows)
    (financial, total_text, created_text, refunded_text, cancelled_at, raw_channel, currency,
     email, phone, billing_phone, shipping_phone, *regions) = cells  # fmt: skip
    try:
        if not financial and not total_text:
            raise BadValue("missing order-level columns (Financial Status, Total) on the order's first row")
        state = map_status(spec["status"], financial, "Financial Status")
        created = parse_timestamp(created_text, "Created at", default_zone)
        total = parse_money(total_text, "Total")
        refunded = parse_optional_money(refunded_text, "Refunded Amount")
        if cancelled_at:
            parse_timestamp(cancelled_at, "Cancelled at", UTC)
    except BadValue as exc:
        return Rejection(source, order.line, f"order {order.name}: {exc}", rows=order.rows)
    if state == "pending" and not cancelled_at:
        return Skip(source, order.line, f"order {order.name}: not paid yet", rows=order.rows)
    status = "cancelled" if cancelled_at else contract_status(state, refunded)
    if status == "paid" and refunded > 0:
        total = max(total - refunded, ZERO)
    channel, mapped = map_channel(spec["channel"], spec["default_channel"], raw_channel)
    customer = ctx.pseudonymizer.customer_id(email=email, phone=phone or billing_phone or shipping_phone)
    region = next(filter(None, regions), None)
    return OrderRecord(
        source=source,
        line=order.line,
        rows=order.rows,
        external_id=order.name,
        created_at=created,
        status=status,
        channel=channel,
        unmapped_channel=None if mapped else raw_channel,
        total_amount=total,
        currency=currency.upper() or None,
        customer_id=customer,
        region=region,
        lines=tuple(order.lines),
    )


def parse_products(table: Table, ctx: ParseContext) -> Iterator[Record]:
    """Variants of a Shopify products export as products (rows grouped by Handle)."""
    cols = _Columns(table.header)
    source = table.path.name
    group: list[tuple[int, list[str]]] = []
    for line, row in table:
        handle = cols.get(row, "Handle")
        if not handle:
            yield Rejection(source, line, "missing Handle", entity="products")
            continue
        if group and cols.get(group[0][1], "Handle") != handle:
            yield from _product_variants(group, cols, source)
            group = []
        group.append((line, row))
    if group:
        yield from _product_variants(group, cols, source)


def _product_variants(group: list[tuple[int, list[str]]], cols: _Columns, source: str) -> Iterator[Record]:
    first_line, first = group[0]
    handle = cols.get(first, "Handle")
    title = cols.get(first, "Title")
    if not title:
        yield Rejection(source, first_line, f"product {handle}: missing Title", rows=len(group), entity="products")
        return
    variants = [(line, row) for line, row in group if cols.get(row, "Variant Price") or cols.get(row, "Variant SKU")]
    category_path = cols.get(first, "Product Category")
    category = cols.get(first, "Type") or category_path.rsplit(">", 1)[-1].strip() or UNCATEGORIZED
    tags = ",".join(t.strip() for t in cols.get(first, "Tags").split(",") if t.strip()) or None
    body = html_text(cols.get(first, "Body (HTML)"))
    description = redact(body) if body else None
    spec = formats()["shopify_products"]
    product_image = next((url for _, row in group if (url := image_url(cols.get(row, spec["product_image"])))), None)
    for line, row in variants:
        options = [cols.get(row, f"Option{i} Value") for i in (1, 2, 3)]
        named = [o for o in options if o and o != "Default Title"]
        variant_title = f"{title} - {' / '.join(named)}" if len(variants) > 1 and named else title
        try:
            price = parse_money(cols.get(row, "Variant Price"), "Variant Price")
            cost_text = cols.get(row, "Cost per item")
            cost = parse_money(cost_text, "Cost per item") if cost_text else None
            stock_text = cols.get(row, "Variant Inventory Qty")
            stock = int(Decimal(stock_text)) if stock_text else None
        except (BadValue, ArithmeticError) as exc:
            yield Rejection(source, line, f"product {handle}: {exc}", entity="products")
            continue
        yield ProductRecord(
            source=source,
            line=line,
            rows=1,
            sku=cols.get(row, "Variant SKU"),
            handle=handle if len(variants) == 1 else f"{handle}/{' / '.join(named) or line}",
            title=redact(variant_title),
            category=category,
            tags=tags,
            price=price,
            cost=cost,
            stock=max(stock, 0) if stock is not None else None,
            description=description,
            image_url=image_url(cols.get(row, spec["variant_image"])) or product_image,
        )


__all__ = ["html_text", "parse_orders", "parse_products"]
