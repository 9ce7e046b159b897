"""What the format parsers produce, and the value parsing they share (money, quantities, timestamps).

Parsers turn export rows into `OrderRecord`, `ProductRecord`, `ProductUpdate` (a product sheet's cost and
stock for a product already in the store), `Rejection` (a bad row, with its file, line and reason) or `Skip`
(a well-formed row that is not a sale yet, e.g. awaiting payment). Every record has already been mapped to the
data contract: UTC timestamps, decimal money, contract status and channel, and a pseudonymous customer id. Raw
personal data never leaves a parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from copilot.yaml_data import load_yaml

FORMATS_FILE = Path(__file__).with_name("formats.yaml")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
CONTRACT_STATES = frozenset({"paid", "refunded", "cancelled"})
SOURCE_STATES = CONTRACT_STATES | {"pending", "closed"}
CHANNELS = frozenset({"search", "recommend", "live", "direct"})
UNCATEGORIZED = "uncategorized"
IMAGE_URL_LIMIT = 2048

_OFFSET = re.compile(r"^(.*\d)\s*([+-])(\d{2}):?(\d{2})$")
_LOOSE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(\.\d+)?)?)?$")
_MONEY_NOISE = re.compile(r"[\s,¥￥$€£]|^(?:CN|US|HK|CA|AU)?\$|RMB|CNY|USD|EUR")


class BadValue(ValueError):
    """A cell that cannot be mapped to the contract; the message is the reason written to the report."""


@dataclass(frozen=True, slots=True)
class OrderLine:
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    amount: Decimal
    image_url: str | None = None


@dataclass(frozen=True, slots=True)
class OrderRecord:
    source: str
    line: int
    rows: int
    external_id: str
    created_at: datetime
    status: str
    channel: str
    unmapped_channel: str | None  # the export's value when the channel table did not list it ("" if none)
    total_amount: Decimal
    currency: str | None
    customer_id: str | None
    region: str | None
    lines: tuple[OrderLine, ...]


@dataclass(frozen=True, slots=True)
class ProductRecord:
    source: str
    line: int
    rows: int
    sku: str
    handle: str
    title: str
    category: str
    tags: str | None
    price: Decimal
    cost: Decimal | None
    stock: int | None
    description: str | None
    image_url: str | None = None


@dataclass(frozen=True, slots=True)
class ProductUpdate:
    """The cost and/or stock a merchant supplies for a product already in the store (None: not given)."""

    source: str
    line: int
    rows: int
    sku: str
    title: str
    cost: Decimal | None
    stock: int | None


@dataclass(frozen=True, slots=True)
class Rejection:
    source: str
    line: int
    reason: str
    rows: int = 1
    entity: str = "orders"


@dataclass(frozen=True, slots=True)
class Skip:
    source: str
    line: int
    reason: str
    rows: int = 1
    entity: str = "orders"


Record = OrderRecord | ProductRecord | ProductUpdate | Rejection | Skip


@cache
def formats() -> dict[str, Any]:
    """formats.yaml: per format its header signature, status and channel tables, defaults."""
    data: dict[str, Any] = load_yaml(FORMATS_FILE.read_text(encoding="utf-8"))
    for name, spec in data.items():
        unknown = set(spec.get("status", {}).values()) - SOURCE_STATES
        if unknown:
            raise ValueError(f"formats.yaml {name}: unknown order states {sorted(unknown)}")
        if not set(spec.get("channel", {}).values()) <= CHANNELS:
            raise ValueError(f"formats.yaml {name}: channels must be among {sorted(CHANNELS)}")
    return data


def mapped_fields(columns: dict[str, str], fields: list[str], required: list[str]) -> dict[str, str]:
    """A mapping's `columns` (field -> file column) when it names only known fields and every required one."""
    unknown = set(columns) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}; known: {list(fields)}")
    missing = [f for f in required if f not in columns]
    if missing:
        raise ValueError(f"missing required fields {missing}")
    return columns


def zone(name: str) -> tzinfo:
    """The IANA time zone `name`. Raises ValueError for an unknown zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def parse_money(text: str, column: str) -> Decimal:
    """A decimal amount rounded to cents; currency signs and thousands separators are ignored."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        try:
            value = Decimal(_MONEY_NOISE.sub("", text))
        except InvalidOperation as exc:
            raise BadValue(f"unparseable amount {text!r} in {column}") from exc
    if not value.is_finite():
        raise BadValue(f"unparseable amount {text!r} in {column}")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_optional_money(text: str, column: str) -> Decimal:
    return parse_money(text, column) if text else ZERO


def parse_quantity(text: str, column: str) -> int:
    """A positive whole quantity ("2", "2.0")."""
    if text.isdigit() and text.isascii():
        quantity = int(text)
        if quantity > 0:
            return quantity
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise BadValue(f"unparseable quantity {text!r} in {column}") from exc
    if not value.is_finite() or value != value.to_integral_value() or value <= 0:
        raise BadValue(f"quantity {text!r} in {column} is not a positive whole number")
    return int(value)


def parse_timestamp(text: str, column: str, default_zone: tzinfo) -> datetime:
    """An aware UTC datetime from ISO-8601, `2026-02-20 10:00:00 -0500` or `2026/2/20 10:00` (local time
    in `default_zone` when the text carries no offset)."""
    if not text:
        raise BadValue(f"missing date in {column}")
    value = text.strip()
    try:
        parsed = _shopify_timestamp(value) or datetime.fromisoformat(value)
    except ValueError:
        parsed = _offset_timestamp(value, text, column)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_zone)
    return parsed.astimezone(UTC)


def _shopify_timestamp(value: str) -> datetime | None:
    """`YYYY-MM-DD HH:MM:SS -HHMM` (Shopify's export format) parsed without a detour through the regular
    expressions; None for any other shape. Raises ValueError when the shape matches but the values do not."""
    if len(value) == 25 and value[19] == " " and value[20] in "+-" and value[13] == ":":
        return datetime.fromisoformat(value[:19] + value[20:])
    return None


def _offset_timestamp(value: str, text: str, column: str) -> datetime:
    """`value` with an offset written `-0500` or ` -05:00` after the time, else a loose local timestamp."""
    offset = _OFFSET.match(value)
    if offset and ":" in offset.group(1):
        head, sign, hours, minutes = offset.groups()
        value = f"{head}{sign}{hours}:{minutes}"
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return _loose_timestamp(value, text, column)


def _loose_timestamp(value: str, text: str, column: str) -> datetime:
    loose = _LOOSE.match(value)
    if not loose:
        raise BadValue(f"unparseable date {text!r} in {column}")
    year, month, day, hour, minute, second, _fraction = loose.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError as exc:
        raise BadValue(f"unparseable date {text!r} in {column}") from exc


def image_url(text: str) -> str | None:
    """An export's image cell as an http(s) URL (protocol-relative `//img…` as https), else None."""
    value = text.strip()
    if value.startswith("//"):
        value = "https:" + value
    return value if value.startswith(("http://", "https://")) and len(value) <= IMAGE_URL_LIMIT else None


def map_status(table: dict[str, str], raw: str, column: str) -> str:
    """The source state (paid | refunded | cancelled | pending | closed) of `raw`; BadValue if not listed."""
    state = table.get(raw.strip()) or table.get(raw.strip().lower())
    if state is None:
        raise BadValue(f"unknown status {raw!r} in {column}" if raw else f"missing status in {column}")
    return state


def map_channel(table: dict[str, str], default: str, raw: str) -> tuple[str, bool]:
    """The contract channel of `raw` and whether the table listed it (else `default`, and False)."""
    key = raw.strip()
    channel = table.get(key) or table.get(key.lower())
    return (channel, True) if channel else (default, False)


def contract_status(state: str, refunded: Decimal) -> str:
    """A source state as a contract status: `closed` is refunded when money went back, else cancelled."""
    if state == "closed":
        return "refunded" if refunded > 0 else "cancelled"
    return state


__all__ = [
    "CONTRACT_STATES",
    "UNCATEGORIZED",
    "ZERO",
    "BadValue",
    "OrderLine",
    "OrderRecord",
    "ProductRecord",
    "ProductUpdate",
    "Record",
    "Rejection",
    "Skip",
    "contract_status",
    "formats",
    "image_url",
    "map_channel",
    "map_status",
    "parse_money",
    "parse_quantity",
    "parse_timestamp",
]
