"""The offline model names metrics and breakdowns with the semantic layer's synonyms (one place: metrics.yaml)."""

from __future__ import annotations

import pytest

from copilot.analytics.metrics import definitions
from copilot.offline.lexicon import lexicon
from copilot.offline.reader import earliest, normalise


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
        ("gm% for strollers in september", "metrics", "gross_margin"),
        ("本月top 5 SKU by GMV", "by", "product"),
        ("猫砂GMV今年按month看", "by", "month"),
        ("按week看猫砂的销量", "by", "week"),
    ],
)
def test_a_synonym_in_metrics_yaml_names_its_metric_or_breakdown(text: str, group: str, key: str):
    found = earliest(lexicon().groups[group], normalise(text))
    assert found is not None and found[0] == key


@pytest.mark.parametrize("text", ["上个月的gmv", "gmv by month", "skull candy", "top 5 by monthly gmv"])
def test_words_that_only_contain_a_synonym_name_no_margin_or_product_breakdown(text: str):
    assert earliest({"gross_margin": lexicon().groups["metrics"]["gross_margin"]}, normalise(text)) is None
    by = earliest(lexicon().groups["by"], normalise(text))
    assert by is None or by[0] != "product"
