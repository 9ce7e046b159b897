"""Generic CSV/XLSX order exports with a column mapping (YAML) the merchant writes once.

A mapping names the header of each contract field and lists every status value of the file explicitly:

    columns: {order_id: "Order No", created_at: "Date", status: "State", total_amount: "Total",
              customer: "Email", sku: "SKU", title: "Item", quantity: "Qty", unit_price: "Price"}
    status: {Completed: paid, Refunded: refunded, Cancelled: cancelled, Awaiting payment: pending}
    channel: {Web: direct, Live: live}        # optional; unlisted values become `direct`
    currency: EUR                             # when no `currency` column
    timezone: Europe/Berlin                   # for dates without an offset (default UTC)

Rows of one order are adjacent (one row per order line, or one row per order); order-level fields are read
from the order's first row. `suggest_mapping` proposes a mapping from a file's header and status values.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from rapidfuzz import fuzz, process

from copilot.importers.records import (
    CHANNELS,
    SOURCE_STATES,
    ZERO,
    BadValue,
    OrderLine,
    OrderRecord,
    Record,
    Rejection,
    Skip,
    contract_status,
    formats,
    map_channel,
    map_status,
    mapped_fields,
    parse_money,
    parse_optional_money,
    parse_quantity,
    parse_timestamp,
)
from copilot.importers.tables import Columns, Table, open_table
from copilot.importers.types import ParseContext
from copilot.yaml_data import load_yaml

SUGGEST_SCORE = 80
SAMPLE_ROWS = 2000


class MappingError(ValueError):
    """The mapping file is missing, unreadable, or does not fit the file's header."""


class GenericMapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[str, str]
    status: dict[str, str]
    channel: dict[str, str] = Field(default_factory=dict)
    currency: str | None = None
    timezone: str | None = None

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, str]) -> dict[str, str]:
        spec = formats()["generic"]
        return mapped_fields(columns, sorted(spec["fields"]), sorted(spec["required"]))

    @field_validator("status")
    @classmethod
    def _states(cls, status: dict[str, str]) -> dict[str, str]:
        bad = {k: v for k, v in status.items() if v not in SOURCE_STATES}
        if bad:
            raise ValueError(f"status values must map to {sorted(SOURCE_STATES)}: {bad}")
        return {str(k): v for k, v in status.items()}

    @field_validator("channel")
    @classmethod
    def _channels(cls, channel: dict[str, str]) -> dict[str, str]:
        bad = {k: v for k, v in channel.items() if v not in CHANNELS}
        if bad:
            raise ValueError(f"channel values must map to {sorted(CHANNELS)}: {bad}")
        return {str(k): v for k, v in channel.items()}

    @model_validator(mode="after")
    def _currency_known(self) -> GenericMapping:
        if self.currency is not None and len(self.currency) != 3:
            raise ValueError("currency must be a 3-letter code")
        return self


def load_mapping(path: Path) -> GenericMapping:
    """The validated mapping in `path`. Raises MappingError with the problem."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        return GenericMapping.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise MappingError(f"mapping {path}: {exc}") from exc


def check_header(mapping: GenericMapping, header: list[str], name: str) -> None:
    """Raise MappingError when a mapped column is not in the file's header."""
    columns = Columns(header)
    absent = [c for c in mapping.columns.values() if c not in columns]
    if absent:
        raise MappingError(f"{name}: columns {absent} of the mapping are not in the header")


def parse_orders(table: Table, ctx: ParseContext) -> Iterator[Record]:
    """Orders of a generic export under `ctx.mapping`; adjacent rows with the same order id are one order."""
    mapping: GenericMapping = ctx.mapping
    check_header(mapping, table.header, table.path.name)
    cols = Columns(table.header)
    source = table.path.name
    group: list[tuple[int, list[str]]] = []
    key = mapping.columns["order_id"]
    for line, row in table:
        order_id = cols.get(row, key)
        if not order_id:
            yield Rejection(source, line, f"missing order id in {key}")
            continue
        if group and cols.get(group[0][1], key) != order_id:
            yield _order(group, cols, mapping, ctx, source)
            group = []
        group.append((line, row))
    if group:
        yield _order(group, cols, mapping, ctx, source)


def _field(row: list[str], cols: Columns, mapping: GenericMapping, name: str) -> str:
    column = mapping.columns.get(name)
    return cols.get(row, column) if column else ""


def _order(group: list[tuple[int, list[str]]], cols: Columns, mapping: GenericMapping, ctx: ParseContext,
           source: str) -> Record:  # fmt: skip
    spec = formats()["generic"]
    line, first = group[0]
    order_id = _field(first, cols, mapping, "order_id")
    get = lambda name: _field(first, cols, mapping, name)  # noqa: E731
    try:
        state = map_status(mapping.status, get("status"), mapping.columns["status"])
        local = ctx.zone(mapping.timezone or spec["default_timezone"])
        created = parse_timestamp(get("created_at"), mapping.columns["created_at"], local)
        total = parse_money(get("total_amount"), mapping.columns["total_amount"])
        refunded = parse_optional_money(get("refunded_amount"), mapping.columns.get("refunded_amount", ""))
        lines = [_line(row, cols, mapping) for _, row in group if _has_line(row, cols, mapping)]
    except BadValue as exc:
        return Rejection(source, line, f"order {order_id}: {exc}", rows=len(group))
    if state == "pending":
        return Skip(source, line, f"order {order_id}: not paid yet", rows=len(group))
    status = contract_status(state, refunded)
    if status == "paid" and refunded > 0:
        total = max(total - refunded, ZERO)
    raw_channel = get("channel")
    channel, mapped = map_channel(mapping.channel, spec["default_channel"], raw_channel)
    raw_customer = get("customer")
    customer = ctx.pseudonymizer.customer_id(
        email=raw_customer if "@" in raw_customer else "",
        handle="" if "@" in raw_customer else raw_customer,
    )
    return OrderRecord(
        source=source,
        line=line,
        rows=len(group),
        external_id=order_id,
        created_at=created,
        status=status,
        channel=channel,
        unmapped_channel=None if mapped else raw_channel,
        total_amount=total,
        currency=(get("currency") or mapping.currency or "").upper() or None,
        customer_id=customer,
        region=get("region") or None,
        lines=tuple(lines),
    )


def _has_line(row: list[str], cols: Columns, mapping: GenericMapping) -> bool:
    return bool(_field(row, cols, mapping, "sku") or _field(row, cols, mapping, "title"))


def _line(row: list[str], cols: Columns, mapping: GenericMapping) -> OrderLine:
    quantity_text = _field(row, cols, mapping, "quantity") or "1"
    quantity = parse_quantity(quantity_text, mapping.columns.get("quantity", "quantity"))
    unit = parse_money(_field(row, cols, mapping, "unit_price"), mapping.columns.get("unit_price", "unit_price"))
    sku = _field(row, cols, mapping, "sku")
    title = _field(row, cols, mapping, "title") or sku
    return OrderLine(sku, title, quantity, unit, unit * quantity)


def suggest_mapping(path: Path) -> str:
    """A mapping (YAML text) proposed from the header and the status values of `path`, for the merchant to
    check: each field gets the header closest to its known names; each status value seen in the first rows
    gets its state from the built-in tables, or `FILL ME` (the import refuses values left unmapped)."""
    table = open_table(path)
    spec = formats()["generic"]
    columns: dict[str, str] = {}
    taken: set[str] = set()
    for name, synonyms in spec["fields"].items():
        best: tuple[str, float] | None = None
        for header in table.header:
            if not header or header in taken:
                continue
            match = process.extractOne(header.lower(), synonyms, scorer=fuzz.ratio)
            if match and match[1] >= SUGGEST_SCORE and (best is None or match[1] > best[1]):
                best = (header, match[1])
        if best:
            columns[name] = best[0]
            taken.add(best[0])
    statuses = _status_values(table, columns.get("status"))
    known = {k.lower(): v for f in formats().values() for k, v in f.get("status", {}).items()}
    proposal: dict[str, object] = {"columns": columns}
    proposal["status"] = {value: known.get(value.lower(), "FILL ME") for value in statuses}
    if "currency" not in columns:
        proposal["currency"] = "FILL ME"
    missing = [f for f in spec["required"] if f not in columns]
    note = f"# Not found in the header, fill in: {', '.join(missing)}\n" if missing else ""
    states = " | ".join(sorted(SOURCE_STATES))
    head = f"# Proposed mapping for {path.name}; check every line. Status states: {states}\n"
    return head + note + yaml.safe_dump(proposal, allow_unicode=True, sort_keys=False)


def _status_values(table: Table, column: str | None) -> list[str]:
    if column is None:
        return []
    cols = Columns(table.header)
    seen: dict[str, None] = {}
    for count, (_line_no, row) in enumerate(table):
        if count >= SAMPLE_ROWS:
            break
        value = cols.get(row, column)
        if value:
            seen.setdefault(value, None)
    return list(seen)


__all__ = ["GenericMapping", "MappingError", "check_header", "load_mapping", "parse_orders", "suggest_mapping"]
