"""What a question about a meaning asks to define: the metrics it names and the comparison ("什么叫同比",
"GMV 跟商品销售额有啥区别", "is gross margin the same as profit?"); answered from the semantic layer, nothing
computed."""

from __future__ import annotations

from typing import Any

from copilot.offline.findings import Findings
from copilot.offline.lexicon import lexicon


def metrics_named(norm: str) -> list[str]:
    """Every metric the words name, in the order said ("GMV 跟商品销售额有啥区别": gmv, revenue)."""
    found = {}
    for name, pattern in lexicon().groups["metrics"].items():
        if (hit := pattern.search(norm)) is not None:
            found[name] = hit.start()
    return sorted(found, key=found.__getitem__)


def asked_meaning(f: Findings) -> dict[str, Any]:
    """The define_metric slots: `metric` (the metrics named, else the one read) and `compare` (a comparison named)."""
    named = metrics_named(f.norm) or ([str(f.metric)] if f.metric is not None else [])
    return {"metric": named, "compare": [f.compare] if f.compare else []}
