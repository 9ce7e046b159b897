"""The bounds a question sets on the products table ("库存少于200件的", "价格100块以下的", "stock under 150",
"上架超过两年的"): column, comparison and number from the question's words (data/catalog_filters.yaml), written as
SQL for the templates with `filters` and stated in the answer's heading. Numbers and ISO dates only reach the SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from copilot.calendar.months import shift_months
from copilot.yaml_data import load_yaml

_DATA = Path(__file__).resolve().parent / "data" / "catalog_filters.yaml"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SAID = re.compile(r"^(stock|price|cost|launched)(<=|>=|<|>)(\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)?)$")
_SQL_COLUMNS = {"stock": "p.stock", "price": "p.price", "cost": "p.cost", "launched": "p.launched_at"}


@dataclass(frozen=True)
class _Words:
    columns: dict[str, re.Pattern[str]]
    units: dict[str, re.Pattern[str]]
    before: dict[str, re.Pattern[str]]
    after: dict[str, re.Pattern[str]]
    labels: dict[str, dict[str, str]]


@cache
def _words() -> _Words:
    with _DATA.open(encoding="utf-8") as fh:
        raw: dict[str, Any] = load_yaml(fh)
    return _Words(
        columns={k: re.compile(v) for k, v in raw["columns"].items()},
        units={k: re.compile(rf"^\s*(?:{v})") for k, v in raw["units"].items()},
        before={op: re.compile(rf"(?:{w['before']})\s*$") for op, w in raw["compare"].items()},
        after={op: re.compile(rf"^\s*(?:{w['after']})") for op, w in raw["compare"].items()},
        labels=dict(raw["labels"]),
    )


def _comparison(before: str, after: str) -> str | None:
    """The comparison said next to a number: the longest cue before it ("不超过" over "超过"), else one after it."""
    found = [(m.end() - m.start(), op) for op, p in _words().before.items() if (m := p.search(before))]
    if found:
        return max(found)[1]
    return next((op for op, p in _words().after.items() if p.search(after)), None)


def _ago(today: date, unit: str, n: int) -> date:
    if unit in ("age_years", "age_months"):
        return shift_months(today, -n * (12 if unit == "age_years" else 1))
    return today - timedelta(days=n * (7 if unit == "age_weeks" else 1))


def _bound(norm: str, number: re.Match[str], today: date) -> str | None:
    words = _words()
    before, after = norm[max(0, number.start() - 16) : number.start()], norm[number.end() : number.end() + 12]
    units = [(m.end(), name, m) for name, p in words.units.items() if (m := p.search(after))]
    end, unit = max(units, key=lambda u: u[0])[:2] if units else (0, None)  # "3个月": months, not 3 pieces
    rest = after[end:]
    op = _comparison(before, rest)
    if op is None:
        return None
    if unit and unit.startswith("age_"):  # "上架超过2年": launched before the day that many years back
        if not words.columns["launched"].search(norm) or "." in number.group():
            return None
        day = _ago(today, unit, int(number.group()))
        return f"launched{'<' if op.startswith('>') else '>='}{day.isoformat()}"
    # the nearest column word said before the number ("库存快见底的，少于200"), unless the unit says otherwise: pieces
    # are stock, money is the price or the cost said ("成本不超过40块")
    said = [(m.start(), name) for name, p in words.columns.items() for m in p.finditer(norm[: number.start()])]
    nearest = max((s for s in said if s[1] != "launched"), default=(0, None))[1]
    column = {"stock": "stock", "price": "cost" if nearest == "cost" else "price"}.get(unit or "", nearest)
    return f"{column}{op}{number.group()}" if column else None


def said_filters(norm: str, today: date) -> str | None:
    """The bounds the question sets, as "stock<200;launched<2024-11-20" (None when it sets none)."""
    bounds = [b for n in _NUMBER.finditer(norm) if (b := _bound(norm, n, today))]
    return ";".join(dict.fromkeys(bounds)) or None


def _parsed(filters: object) -> list[tuple[str, str, str]]:
    """The bounds of a `filters` slot that are well formed (a column of the products table, a comparison, a number
    or an ISO date); anything else is dropped."""
    found = [_SAID.match(part.strip()) for part in str(filters or "").split(";")]
    return [(m.group(1), m.group(2), m.group(3)) for m in found if m]


def filters_sql(filters: object) -> str:
    """` AND p.stock < 200 AND p.launched_at < '2024-11-20'`: the bounds as SQL on `products p`."""
    parts = []
    for column, op, value in _parsed(filters):
        literal = f"'{value}'" if column == "launched" else value
        parts.append(f" AND {_SQL_COLUMNS[column]} {op} {literal}")
    return "".join(parts)


def filters_text(filters: object, lang: str) -> str:
    """The bounds as the answer states them ("库存 < 200，上架日期 < 2024-11-20")."""
    labels = _words().labels
    said = [f"{labels[c][lang]} {op.replace('<=', '≤').replace('>=', '≥')} {v}" for c, op, v in _parsed(filters)]
    return ("，" if lang == "zh" else ", ").join(said)
