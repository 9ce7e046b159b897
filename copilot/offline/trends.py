"""Which tool a rise or fall is for when the words ask it of a breakdown or against another period.

The anomaly scan finds the items whose sales moved unusually over the last days; it has no channels or regions,
no series by day, week or month and compares no two periods. A fall asked of those ("哪个渠道掉得最狠",
"跟上周比哪个品类跌得最多", "是不是越来越差？从6月开始按月看", "10月比9月少了的品类") is a sales question: the
breakdown, the series or the two periods compared. Without them a steady fall ("哪些商品越来越差了", "trending down
the most, by category") is the scan, in the direction it names.
"""

from __future__ import annotations

from copilot.offline.findings import Findings
from copilot.offline.lexicon import lexicon
from copilot.offline.why_and_figure import asks_why

SERIES = ("day", "week", "month")  # breakdowns that are a time series


def said_trend(f: Findings) -> bool:
    """Whether the words say a steady rise or fall ("越来越差", "一直在降", "trending down")."""
    return any(pattern.search(f.rest) for pattern in lexicon().groups["trend"].values())


def intent_of_breakdown(intent: str, f: Findings) -> str:
    """`intent`, or the sales question when a fall or rise is asked of a breakdown the scan has none of, of a series
    by day, week or month (a named figure's series, no why: "orders by day, I think there was a dip"), or against
    another period ("this week vs last week", "上周比上上周卖少了的商品")."""
    compared = f.compare is not None and (f.by is not None or f.period is not None)  # "this week vs last week"
    compared = compared and not lexicon().single["attributed_drop"].search(f.norm)  # "做个归因": the items, causes
    if intent == "anomalies" and (f.by in ("channel", "region") or compared):
        return "sales_query"
    if intent == "anomalies" and f.by in SERIES and said_trend(f):  # "持续下滑吗？按月看": the series, month by month
        return "sales_query"
    if intent == "anomalies" and f.by in SERIES and f.metric is not None and not asks_why(f.norm):  # "orders by day"
        return "sales_query"
    if intent == "unsupported" and f.compare is not None and f.by is not None:  # "10月比9月少了的品类": by category
        return "sales_query"
    return intent
