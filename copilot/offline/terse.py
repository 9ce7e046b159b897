"""A terse figure asked with no metric word ("本周 vs 上周", "上周 by 品类", "last 7d vs prior"): a period set against
another or broken down is a question of the store's sales (the answer names the metric it took), not a request
too vague to route."""

from __future__ import annotations

from copilot.offline.findings import Findings

_TERSE = 16  # characters of a message that is a period and a comparison or breakdown, and little else


def terse_figure(intent: str, f: Findings) -> str:
    """`sales_query` for unrouted words that name a period with a comparison or a breakdown; `intent` otherwise."""
    if intent != "unsupported" or f.period is None or f.money or len(f.norm) > _TERSE:
        return intent  # a longer message ("帐篷推广 每天3000 从12.1到12.10") is read by its other words
    parted = f.by is not None and f.by not in ("day", "week", "month")  # "今年按月拉出来" says no figure to series
    return "sales_query" if (f.compare or f.period_against or parted) else intent
