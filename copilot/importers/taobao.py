"""Taobao / Tmall seller-centre exports: the order report and the order-item report (Chinese headers).

The item report (订单编号, 标题, 价格, 购买数量, 商家编码, and a photo URL when it has one of formats.yaml's
image columns) is read first into an index by order id (its size
is that of one export); the order report (订单编号, 买家会员名, 买家实际支付金额, 订单状态, 订单创建时间,
订单付款时间, 退款金额, ...) then yields one record per order. Times without an offset are Beijing time.
交易关闭 with a refund is refunded, without one cancelled; a paid order with 退款金额 is stored net of it.
The buyer is keyed by the HMAC of 买家会员名; names, phones and addresses are dropped (the province of
收货地址 is kept as the region).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from copilot.importers.records import (
    ZERO,
    BadValue,
    OrderLine,
    OrderRecord,
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

CHANNEL_COLUMNS = ("订单来源", "渠道")
_PROVINCE = re.compile(r"^(\S{2,7}?(?:省|自治区|特别行政区|市))")


def province(address: str) -> str | None:
    """The province (or municipality) an address starts with; None otherwise, so no address is ever kept."""
    match = _PROVINCE.match(address.strip())
    return match.group(1) if match else None


def load_items(table: Table, ctx: ParseContext) -> Iterator[Rejection]:
    """Index the item report's lines into `ctx.order_items`; yields the rejected rows as it goes."""
    cols = _Columns(table.header)
    source = table.path.name
    for line, row in table:
        order_id = cols.get(row, "订单编号")
        if not order_id:
            yield Rejection(source, line, "missing order id in 订单编号", entity="order_items")
            continue
        known = ctx.order_items.get(order_id)
        if isinstance(known, Rejection):
            continue
        try:
            item = _item(row, cols)
        except BadValue as exc:
            rejection = Rejection(source, line, f"order {order_id}: {exc}", entity="order_items")
            ctx.order_items[order_id] = rejection
            yield rejection
            continue
        if known is None:
            ctx.order_items[order_id] = [item]
        else:
            known.append(item)


def _item(row: list[str], cols: _Columns) -> OrderLine:
    quantity = parse_quantity(cols.get(row, "购买数量"), "购买数量")
    unit = parse_money(cols.get(row, "价格"), "价格")
    title = cols.get(row, "标题")
    sku = cols.get(row, "商家编码") or cols.get(row, "外部系统编号")
    if not title and not sku:
        raise BadValue("item without 标题 or 商家编码")
    photo = next(filter(None, (image_url(cols.get(row, c)) for c in formats()["taobao_items"]["image_columns"])), None)
    return OrderLine(sku, title or sku, quantity, unit, unit * quantity, photo)


def parse_orders(table: Table, ctx: ParseContext) -> Iterator[Record]:
    """One record per row of the order report, joined with the indexed item lines."""
    spec = formats()["taobao_orders"]
    cols = _Columns(table.header)
    source = table.path.name
    local = ctx.zone(spec["default_timezone"])
    for line, row in table:
        order_id = cols.get(row, "订单编号")
        if not order_id:
            yield Rejection(source, line, "missing order id in 订单编号")
            continue
        items = ctx.order_items.get(order_id, [])
        if isinstance(items, Rejection):
            yield Rejection(source, line, f"order {order_id}: bad item row ({items.source} line {items.line})")
            continue
        try:
            state = map_status(spec["status"], cols.get(row, "订单状态"), "订单状态")
            created = parse_timestamp(cols.get(row, "订单创建时间"), "订单创建时间", local)
            paid_text = cols.get(row, "订单付款时间")
            if paid_text:
                parse_timestamp(paid_text, "订单付款时间", local)
            total = parse_money(cols.get(row, "买家实际支付金额"), "买家实际支付金额")
            refunded = parse_optional_money(cols.get(row, "退款金额"), "退款金额")
        except BadValue as exc:
            yield Rejection(source, line, f"order {order_id}: {exc}")
            continue
        if state == "pending":
            yield Skip(source, line, f"order {order_id}: 等待买家付款 (not paid yet)")
            continue
        status = contract_status(state, refunded)
        if status == "paid" and refunded > 0:
            total = max(total - refunded, ZERO)
        raw_channel = next((cols.get(row, c) for c in CHANNEL_COLUMNS if cols.get(row, c)), "")
        channel, mapped = map_channel(spec["channel"], spec["default_channel"], raw_channel)
        yield OrderRecord(
            source=source,
            line=line,
            rows=1,
            external_id=order_id,
            created_at=created,
            status=status,
            channel=channel,
            unmapped_channel=None if mapped else raw_channel,
            total_amount=total,
            currency=spec["currency"],
            customer_id=ctx.pseudonymizer.customer_id(handle=cols.get(row, "买家会员名")),
            region=province(cols.get(row, "收货地址")),
            lines=tuple(items),
        )


__all__ = ["load_items", "parse_orders", "province"]
