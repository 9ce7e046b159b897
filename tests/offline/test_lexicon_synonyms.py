"""The offline model names metrics and breakdowns with the semantic layer's synonyms (one place: metrics.yaml)."""

from __future__ import annotations

import pytest

from copilot.analytics.metrics import definitions
from copilot.offline.lexicon import lexicon
from copilot.offline.nlu import _earliest, normalise


def test_every_offered_metric_and_breakdown_has_synonyms_the_offline_model_reads():
    offered = [name for name, entry in definitions()["metrics"].items() if not entry.get("internal")]
    assert list(lexicon().groups["metrics"]) == offered
    assert list(lexicon().groups["by"]) == list(definitions()["dimensions"])


@pytest.mark.parametrize(
    ("text", "group", "key"),
    [
        ("上个月的客单价", "metrics", "aov"),
        ("how much per order last month", "metrics", "aov"),
        ("各渠道的退款率", "by", "channel"),
        ("sales by region", "by", "region"),
    ],
)
def test_a_synonym_in_metrics_yaml_names_its_metric_or_breakdown(text: str, group: str, key: str):
    found = _earliest(lexicon().groups[group], normalise(text))
    assert found is not None and found[0] == key
