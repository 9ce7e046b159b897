"""What a question about a meaning asks to define: the metrics it names and the comparison ("什么叫同比",
"GMV 跟商品销售额有啥区别", "is gross margin the same as profit?"); answered from the semantic layer, nothing
computed."""

from __future__ import annotations

from typing import Any

from copilot.offline.findings import Findings, all_keys
from copilot.offline.lexicon import lexicon


def metrics_named(norm: str) -> list[str]:
    """Every metric the words name, in the order said ("GMV 跟商品销售额有啥区别": gmv, revenue)."""
    return all_keys(lexicon().groups["metrics"], norm)


def terms_named(norm: str) -> list[str]:
    """Every defined term that is no metric (lexicon.yaml `defined_terms`: ROAS, ROI, 动销率, 售罄率), in the
    order said."""
    return all_keys(lexicon().groups["defined_terms"], norm)


def asked_meaning(f: Findings) -> dict[str, Any]:
    """The define_metric slots: `metric` (the metrics named, else the one read, unless only defined terms are
    named), `compare` (a comparison named) and `term` (the defined terms named)."""
    terms = terms_named(f.norm)
    named = metrics_named(f.norm) or ([str(f.metric)] if f.metric is not None and not terms else [])
    return {"metric": named, "compare": [f.compare] if f.compare else [], "term": terms}
