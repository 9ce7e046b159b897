"""What a question about a meaning asks to define: the metrics it names and the comparison ("什么叫同比",
"GMV 跟商品销售额有啥区别", "is gross margin the same as profit?"), or the figure just given ("这个数包不包括退款",
"does that count cancelled ones", "how do you decide what counts as weird?"); answered from the semantic layer
(a metric) or the defined terms (a term, or the method of the tool that gave the figure), nothing computed.

A turn answered so runs no tool: the thread's state stays the last request that ran one (`last_executed`), so
"按渠道拆一下" after "这个数怎么算的？" splits the figure explained."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from copilot.offline.findings import Findings, all_keys
from copilot.offline.lexicon import lexicon


class Said(Protocol):
    """An earlier turn's reading (nlu.Parse): its intent and slots."""

    @property
    def intent(self) -> str: ...

    @property
    def slots(self) -> dict[str, Any]: ...


Turn = TypeVar("Turn", bound=Said)

EXPLAINED = ("define_metric",)  # intents answered from a definition, with no tool run
_FIGURES = ("sales_query", "anomalies", "promotion")  # intents whose figure a meaning question may ask about


def metrics_named(norm: str) -> list[str]:
    """Every metric the words name, in the order said ("GMV 跟商品销售额有啥区别": gmv, revenue)."""
    return all_keys(lexicon().groups["metrics"], norm)


def terms_named(norm: str) -> list[str]:
    """Every defined term that is no metric (lexicon.yaml `defined_terms`: ROAS, ROI, 动销率, 售罄率, and the
    methods of the anomaly and promotion-effect tools), in the order said."""
    return all_keys(lexicon().groups["defined_terms"], norm)


def last_executed(history: Sequence[Turn]) -> Turn | None:
    """The latest request of the thread that ran a tool: what a follow-up changes, past explanation turns."""
    return next((parse for parse in reversed(history) if parse.intent not in EXPLAINED), None)


def metric_explained(history: Sequence[Said]) -> str | None:
    """The metric the thread's last turn explained, when it is not the figure the request before gave
    ("转化率怎么算的？" then "上个月是多少": the conversion asked; "这个数怎么算的" after a figure: its follow-ups
    change that request)."""
    last = history[-1] if history else None
    if last is None or last.intent not in EXPLAINED or not last.slots.get("metric"):
        return None
    said = str(last.slots["metric"][0])
    return None if said == _shown(last_executed(history)) else said


def _shown(executed: Said | None) -> str | None:
    """The metric of the figure the last request gave, if it was a sales figure."""
    if executed is None or executed.intent != "sales_query" or not executed.slots.get("metric"):
        return None
    return str(executed.slots["metric"])


def _points_back(norm: str) -> bool:
    return lexicon().single["figure_pointed"].search(norm) is not None


def defines_something(f: Findings, history: Sequence[Said]) -> bool:
    """Whether a meaning question could be about something: a metric, a comparison or a term named, or the figure
    just given pointed at ("这个数", "does that include")."""
    if f.metric is not None or f.compare is not None or terms_named(f.norm):
        return True
    executed = last_executed(history)
    return executed is not None and executed.intent in _FIGURES and _points_back(f.norm)


def asked_meaning(f: Findings, history: Sequence[Said] = ()) -> dict[str, Any]:
    """The define_metric slots: `metric` (the figure's metric when the words point at the figure just given or
    name its metric, else the metrics named, else the one read, unless only defined terms are named), `compare`
    (a comparison named) and `term` (the defined terms named, else the method of the tool that gave the figure)."""
    terms = terms_named(f.norm)
    named = metrics_named(f.norm) or ([str(f.metric)] if f.metric is not None and not terms else [])
    executed = last_executed(history)
    shown = _shown(executed)
    if shown is not None and (shown in named or (_points_back(f.norm) and not terms)):
        named = [shown]  # "这个数…退款的单算进去了没": the refunds are what is asked about the figure, not a metric
    if not named and not terms and not f.compare and executed is not None:
        terms = [executed.intent] if executed.intent in lexicon().groups["defined_terms"] else []
    return {"metric": named, "compare": [f.compare] if f.compare else [], "term": terms}
