"""Ad platform daily reports: Alimama's promotion tools (万相台, 直通车) export, and any ad CSV with a mapping.

The Alimama report is found by its Chinese headers (日期 and 花费/消耗); each field is read from the first of
its headers in formats.yaml `ad_report.columns` that the file has (a unit suffix such as 花费(元) is ignored,
and so are ratio columns such as 点击率). Any other ad report is read through a mapping file:

    columns: {date: Day, spend: Cost, impressions: Impr., clicks: Clicks, attributed_orders: Conversions,
              attributed_gmv: Conv. value, campaign: Campaign, channel: Network}
    channel: {Search: search, Display: recommend, Live: live}   # the channel column's values
    currency: USD

A row's channel is its channel cell (Alimama: by keyword, 搜索/关键词 → search, 推荐/信息流/猜你喜欢 → recommend,
直播 → live), else the import's `--channel`. A missing spend or date rejects the row; an empty count or
attributed figure is read as 0 and counted for the report. Totals rows (合计, 汇总) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from copilot.importers.records import ZERO, BadValue, Rejection, Skip, formats, mapped_fields, parse_money
from copilot.importers.tables import Columns, Table, open_table
from copilot.yaml_data import load_yaml

AD_CHANNELS = ("search", "recommend", "live")
FIELDS = ("date", "spend", "impressions", "clicks", "attributed_orders", "attributed_gmv", "campaign", "plan_id",
          "channel")  # fmt: skip
REQUIRED = ("date", "spend")
ZEROABLE = ("impressions", "clicks", "attributed_orders", "attributed_gmv")
_UNIT = re.compile(r"\s*[（(][^()（）]*[)）]\s*$")
_DAY = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


class AdMappingError(ValueError):
    """The ad mapping file is missing, unreadable, or does not fit the file's header."""


@dataclass(frozen=True, slots=True)
class AdRecord:
    """One readable row of an ad report, mapped to ad_daily's fields. `plan` is the plan's name (else its id),
    `plan_key` what identifies the plan across exports: its id (stable when a plan is renamed), else its name."""

    source: str
    line: int
    day: date
    channel: str
    plan: str
    plan_key: str
    spend: Decimal
    impressions: int
    clicks: int
    attributed_orders: int
    attributed_gmv: Decimal
    zeroed: tuple[str, ...]  # the headers whose empty cell was read as 0


class AdMapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[str, str]
    channel: dict[str, str] = Field(default_factory=dict)
    currency: str | None = None

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, str]) -> dict[str, str]:
        return mapped_fields(columns, list(FIELDS), list(REQUIRED))

    @field_validator("channel")
    @classmethod
    def _channels(cls, channel: dict[str, str]) -> dict[str, str]:
        bad = {k: v for k, v in channel.items() if v not in AD_CHANNELS}
        if bad:
            raise ValueError(f"channel values must map to {list(AD_CHANNELS)}: {bad}")
        return {str(k).strip().lower(): v for k, v in channel.items()}

    @field_validator("currency")
    @classmethod
    def _currency(cls, currency: str | None) -> str | None:
        if currency is not None and len(currency) != 3:
            raise ValueError("currency must be a 3-letter code")
        return currency.upper() if currency else None


@dataclass(frozen=True)
class AdLayout:
    """Where a file's fields are (header per field), how its channel cells map, and its currency."""

    columns: dict[str, str]
    channel_of: Callable[[str], str | None]
    channel_names: str
    currency: str | None


def _spec() -> dict:
    spec: dict = formats()["ad_report"]
    return spec


def _bare(header: str) -> str:
    return _UNIT.sub("", header.strip())


def alimama_columns(header: list[str]) -> dict[str, str]:
    """The header of each field in an Alimama report (first alias present, unit suffixes ignored)."""
    bare: dict[str, str] = {}
    for name in header:
        bare.setdefault(_bare(name), name.strip())
    found = {}
    for name, aliases in _spec()["columns"].items():
        hit = next((bare[a] for a in aliases if a in bare), None)
        if hit is not None:
            found[name] = hit
    return found


def is_alimama(header: list[str]) -> bool:
    columns = alimama_columns(header)
    return all(f in columns for f in REQUIRED) and ("impressions" in columns or "clicks" in columns)


def alimama_channel(raw: str) -> str | None:
    """The contract channel of an Alimama scene/channel cell by its keywords, None when none is listed."""
    for channel, words in _spec()["channel_keywords"].items():
        if any(word in raw for word in words):
            return str(channel)
    return None


def alimama_layout(header: list[str]) -> AdLayout:
    words = "; ".join(f"{c}: {'/'.join(w)}" for c, w in _spec()["channel_keywords"].items())
    return AdLayout(alimama_columns(header), alimama_channel, words, _spec()["currency"])


def mapped_layout(mapping: AdMapping) -> AdLayout:
    def channel_of(raw: str) -> str | None:
        return mapping.channel.get(raw.strip().lower())

    names = ", ".join(sorted(mapping.channel)) or "none listed in the mapping"
    return AdLayout(dict(mapping.columns), channel_of, names, mapping.currency)


def load_ad_mapping(path: Path) -> AdMapping:
    """The validated ad mapping in `path`. Raises AdMappingError with the problem."""
    try:
        return AdMapping.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise AdMappingError(f"mapping {path}: {exc}") from exc


def check_layout(layout: AdLayout, header: list[str], name: str, channel: str | None) -> None:
    """Raise AdMappingError when a mapped column is absent, or no channel column and no `channel` option."""
    columns = Columns(header)
    absent = [c for c in layout.columns.values() if c not in columns]
    if absent:
        raise AdMappingError(f"{name}: columns {absent} of the mapping are not in the header")
    if "channel" not in layout.columns and channel is None:
        headers = "/".join(_spec()["columns"]["channel"])
        raise AdMappingError(
            f"{name}: the report has no channel column ({headers}); say which channel it is with "
            "--channel search|recommend|live (API: channel)"
        )


def parse_day(text: str, column: str) -> date:
    """A report day: 2026-11-11, 2026/11/11, 20261111, 2026年11月11日 (a time after it is ignored)."""
    match = _DAY.match(text.strip())
    if not match:
        raise BadValue(f"missing date in {column}" if not text else f"unparseable date {text!r} in {column}")
    year, month, day, compact_month, compact_day = match.groups()
    try:
        return date(int(year), int(month or compact_month), int(day or compact_day))
    except ValueError as exc:
        raise BadValue(f"unparseable date {text!r} in {column}") from exc


def parse_count(text: str, column: str) -> int:
    """A whole non-negative count, thousands separators allowed ("12,345", "12345.0")."""
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation as exc:
        raise BadValue(f"unparseable count {text!r} in {column}") from exc
    if not value.is_finite() or value != value.to_integral_value() or value < 0:
        raise BadValue(f"count {text!r} in {column} is not a whole number ≥ 0")
    return int(value)


def parse_ad_rows(table: Table, layout: AdLayout, channel: str | None) -> Iterator[AdRecord | Rejection | Skip]:
    """The rows of an ad report: a record per readable row, a rejection (line and reason) per other row."""
    cols = Columns(table.header)
    source = table.path.name
    where = layout.columns
    totals = set(_spec()["total_rows"])

    for line, row in table:
        cells = {name: cols.get(row, header) for name, header in where.items()}
        plan = cells.get("campaign") or cells.get("plan_id") or ""
        if cells["date"] in totals or plan in totals:
            yield Skip(source, line, "totals row", entity="ad_daily")
            continue
        try:
            yield _record(source, line, cells, layout, channel, plan)
        except BadValue as exc:
            yield Rejection(source, line, str(exc), entity="ad_daily")


def _record(source: str, line: int, cells: dict[str, str], layout: AdLayout, option: str | None,
            plan: str) -> AdRecord:  # fmt: skip
    where = layout.columns

    def cell(name: str) -> str:
        return cells.get(name, "")

    day = parse_day(cell("date"), where["date"])
    spend_text = cell("spend")
    if not spend_text:
        raise BadValue(f"missing spend in {where['spend']}")
    spend = parse_money(spend_text, where["spend"])
    if spend < 0:
        raise BadValue(f"negative spend {spend_text!r} in {where['spend']}")
    raw_channel = cell("channel")
    channel = layout.channel_of(raw_channel) if raw_channel else option
    if channel is None:
        if raw_channel:
            raise BadValue(f"unknown channel {raw_channel!r} in {where['channel']} ({layout.channel_names})")
        raise BadValue(f"missing channel in {where['channel']} and no --channel for the import")
    zeroed = tuple(where[name] for name in ZEROABLE if name in where and not cell(name))
    gmv_text = cell("attributed_gmv")
    gmv = parse_money(gmv_text, where["attributed_gmv"]) if gmv_text else ZERO
    if gmv < 0:
        raise BadValue(f"negative amount {gmv_text!r} in {where['attributed_gmv']}")
    counts = {name: parse_count(cell(name), where[name]) if cell(name) else 0 for name in ZEROABLE[:3]}
    return AdRecord(source, line, day, channel, plan, cell("plan_id") or plan, spend, counts["impressions"],
                    counts["clicks"], counts["attributed_orders"], gmv, zeroed)  # fmt: skip


def suggest_ad_mapping(path: Path) -> str:
    """An ad mapping (YAML text) proposed from the header of `path`: each field gets the header closest to its
    known names (Alimama's Chinese headers and common English ones), and each channel value seen a channel by
    keyword or `FILL ME`; the merchant checks every line."""
    from rapidfuzz import fuzz, process

    table = open_table(path)
    known: dict[str, list[str]] = {f: [*_spec()["columns"].get(f, []), *_spec()["english"].get(f, [])] for f in FIELDS}
    columns: dict[str, str] = {}
    taken: set[str] = set()
    for name, synonyms in known.items():
        best: tuple[str, float] | None = None
        for header in table.header:
            if not header or header in taken or not synonyms:
                continue
            match = process.extractOne(_bare(header).lower(), [s.lower() for s in synonyms], scorer=fuzz.ratio)
            if match and match[1] >= 80 and (best is None or match[1] > best[1]):
                best = (header, match[1])
        if best:
            columns[name] = best[0]
            taken.add(best[0])
    proposal: dict[str, object] = {"columns": columns}
    if "channel" in columns:
        values: dict[str, str] = {}
        cols = Columns(table.header)
        for count, (_line, row) in enumerate(table):
            value = cols.get(row, columns["channel"])
            if value and value not in values:
                values[value] = alimama_channel(value) or _english_channel(value) or "FILL ME"
            if count >= 2000:
                break
        proposal["channel"] = values
    proposal["currency"] = _spec()["currency"] if is_alimama(table.header) else "FILL ME"
    missing = [f for f in REQUIRED if f not in columns]
    head = f"# Proposed ad-report mapping for {path.name}; check every line. Channels: {' | '.join(AD_CHANNELS)}\n"
    note = f"# Not found in the header, fill in: {', '.join(missing)}\n" if missing else ""
    if "channel" not in columns:
        note += "# No channel column: import with --channel search|recommend|live\n"
    return head + note + yaml.safe_dump(proposal, allow_unicode=True, sort_keys=False)


def _english_channel(value: str) -> str | None:
    lowered = value.lower()
    for channel, words in _spec()["english_channel_keywords"].items():
        if any(word in lowered for word in words):
            return str(channel)
    return None


def is_ad_report_file(path: Path) -> bool:
    """Whether the header of `path` has a spend column and an impressions or clicks column (Chinese or English
    names): --suggest-mapping then proposes an ad-report mapping for it."""
    names = {_bare(h).lower() for h in open_table(path).header}

    def has(field: str) -> bool:
        return any(s.lower() in names for s in (*_spec()["columns"][field], *_spec()["english"][field]))

    return has("spend") and (has("impressions") or has("clicks"))


__all__ = [
    "AD_CHANNELS",
    "AdLayout",
    "AdMapping",
    "AdMappingError",
    "AdRecord",
    "alimama_layout",
    "check_layout",
    "is_ad_report_file",
    "is_alimama",
    "load_ad_mapping",
    "mapped_layout",
    "parse_ad_rows",
    "parse_day",
    "suggest_ad_mapping",
]
