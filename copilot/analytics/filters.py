"""A metric query's filters: product, category, region and channel words resolved to stored values."""

from __future__ import annotations

import difflib
import re

from copilot.analytics.metrics import (
    channel_value,
    definitions,
)
from copilot.analytics.runner import MAX_FILTER_MATCHES, run_query
from copilot.context import Context
from copilot.store.sales import SqlSalesRunner
from tools.result import ToolRefusal


def _like_pattern(text: str) -> str:
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def resolve_products(runner: SqlSalesRunner, ctx: Context, text: str) -> list[tuple[str, str]]:
    """(id, title) of the products named by ``text``: an exact id, else a part of the zh or en title."""
    if not text.strip():
        raise ToolRefusal("product is empty: give a product id or a part of its title")
    result = run_query(
        runner,
        ctx,
        "SELECT id, title FROM products WHERE id = :product OR lower(title) LIKE :pattern ESCAPE '\\' "
        "OR lower(title_en) LIKE :pattern ESCAPE '\\' ORDER BY id LIMIT " + str(MAX_FILTER_MATCHES),
        {"product": text.strip(), "pattern": _like_pattern(text)},
    )
    exact = [row for row in result.rows if row[0] == text.strip()]
    matches = exact or result.rows
    if not matches:
        rows = run_query(runner, ctx, "SELECT title, title_en FROM products ORDER BY title").rows
        titles = [str(row[0]) for row in rows]
        close = _close_names(text, titles, {str(row[1]).lower(): str(row[0]) for row in rows if row[1]})
        raise ToolRefusal(
            f"no product matches {text!r} in this store{_did_you_mean(close)}. Nothing was computed: answer that "
            "the store does not sell it, or use a product id or part of a title, e.g.: "
            + ", ".join(list(dict.fromkeys([*close, *titles]))[:15])
        )
    return [(str(row[0]), str(row[1])) for row in matches]


def _close_names(text: str, names: list[str], aliases: dict[str, str] | None = None) -> list[str]:
    """Up to 3 of `names` that look like `text` (spelling, or sharing a word); `aliases` maps other lower-case
    spellings (e.g. English titles) to a name."""
    wanted = text.strip().lower()
    lowered = {name.lower(): name for name in names} | (aliases or {})
    close = [lowered[key] for key in difflib.get_close_matches(wanted, list(lowered), n=3, cutoff=0.5)]
    words = [w for w in re.split(r"[\s,，、/]+", wanted) if not w.isdigit() and len(w) >= (3 if w.isascii() else 2)]
    close += [name for key, name in lowered.items() if any(word in key for word in words)]
    return list(dict.fromkeys(close))[:3]


def _did_you_mean(close: list[str]) -> str:
    return f" (did you mean {', '.join(close)}?)" if close else ""


def resolve_categories(runner: SqlSalesRunner, ctx: Context, text: str) -> list[str]:
    """The stored categories named by ``text`` (comma-separated names; each exact, case-insensitive, else
    the categories containing it)."""
    rows = run_query(runner, ctx, "SELECT DISTINCT category FROM products ORDER BY category").rows
    categories = [str(row[0]) for row in rows if row[0] is not None]
    found: list[str] = []
    for part in [part.strip() for part in re.split(r"[,，、;；]", text) if part.strip()] or [text]:
        wanted = part.lower()
        exact = [name for name in categories if name.lower() == wanted]
        partial = [name for name in categories if wanted and (wanted in name.lower() or name.lower() in wanted)]
        if not (exact or partial):
            raise ToolRefusal(
                f"no category matches {part!r} in this store{_did_you_mean(_close_names(part, categories))}. "
                f"Nothing was computed: answer that the store does not sell it, or use the store's categories: "
                f"{', '.join(categories)}"
            )
        found += [name for name in exact or partial if name not in found]
    return found


def resolve_regions(runner: SqlSalesRunner, ctx: Context, text: str) -> list[str]:
    """The stored customer regions named by ``text`` (exact, case-insensitive; else containing it)."""
    rows = run_query(runner, ctx, "SELECT DISTINCT region FROM customers ORDER BY region").rows
    regions = [str(row[0]) for row in rows if row[0] is not None]
    wanted = text.strip().lower()
    exact = [name for name in regions if name.lower() == wanted]
    partial = [name for name in regions if wanted and (wanted in name.lower() or name.lower() in wanted)]
    if exact or partial:
        return exact or partial
    raise ToolRefusal(f"no customer region matches {text!r}; the regions are: {', '.join(regions[:40])}")


def resolve_channel(text: str) -> str:
    value = channel_value(text)
    if value is None:
        raise ToolRefusal(f"unknown channel {text!r}; use one of: {', '.join(definitions()['channels'])}")
    return value
