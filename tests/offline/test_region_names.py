"""Every region the store's customers come from is read by its English (pinyin) name too, and the two provinces
whose names differ by one letter stay apart: Shanxi is 山西, Shaanxi is 陕西."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from tests.offline.planned import first_call


def _demo_regions() -> list[str]:
    population = yaml.safe_load(resources.files("copilot.demo.data").joinpath("population.yaml").read_text("utf-8"))
    return list(population["regions"])


def test_every_demo_region_has_an_english_name() -> None:
    aliases = yaml.safe_load(resources.files("copilot.catalog").joinpath("aliases.yaml").read_text("utf-8"))
    assert [region for region in _demo_regions() if not aliases["regions"].get(region)] == []


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("GMV from Shanxi in October", "山西"),
        ("Shaanxi orders last week", "陕西"),
        ("how are we doing in Inner Mongolia this year", "内蒙古"),
        ("refund rate for Guangxi customers last month", "广西"),
        ("sales to Tibet this year", "西藏"),
    ],
)
def test_a_province_named_in_english_filters_the_sales(text: str, region: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert (tool, args["region"]) == ("query_store_sales", region)
