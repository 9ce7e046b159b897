"""A name said with a variant (a size, a formula stage, how many a tent sleeps, a volume, a weight) narrows the
products to that variant, and a variant the store does not carry is no product, never its neighbour."""

from __future__ import annotations

from functools import cache
from importlib import resources

import pytest
import yaml

from copilot.catalog import variants
from copilot.catalog.resolve import CatalogItem, Resolution, Unresolved, resolve


@cache
def _items(merchant: str) -> list[CatalogItem]:
    catalog = yaml.safe_load(resources.files("copilot.demo.data").joinpath("catalog.yaml").read_text("utf-8"))
    [products] = [m["products"] for m in catalog["merchants"] if m["id"] == merchant]
    return [CatalogItem.of(p["id"], p["title"], p.get("title_en"), p["category"], p.get("tags")) for p in products]


@pytest.mark.parametrize(
    ("text", "kind", "values"),
    [
        ("全自动速开家庭帐篷（3-4人）", "persons", {"3", "4"}),
        ("instant pop-up family tent (3-4 persons)", "persons", {"3", "4"}),
        ("双人帐篷", "persons", {"2"}),
        ("a two-person tent", "persons", {"2"}),
        ("二段奶粉", "stage", {"2"}),
        ("stage 3 formula", "stage", {"3"}),
        ("xl码的拉拉裤", "size", {"xl"}),
        ("40l专业登山背包", "litres", {"40"}),
        ("冻干双拼猫粮 1.5kg", "grams", {"1500"}),
        ("玻璃防胀气奶瓶 160ml", "millilitres", {"160"}),
    ],
)
def test_the_variant_a_title_or_a_question_names(text: str, kind: str, values: set[str]) -> None:
    assert set(variants.variants(text)[kind].values) == values


@pytest.mark.parametrize(
    "text", ["过一段时间再看奶粉", "家人们帐篷卖得咋样", "人均消费多少", "3000人买过帐篷", "3-in-1 jacket"]
)
def test_words_that_only_look_like_a_variant_name_none(text: str) -> None:
    assert variants.variants(text).get("stage") is None and variants.variants(text).get("persons") is None


@pytest.mark.parametrize(
    ("merchant", "text", "products"),
    [
        ("m_outdoor", "三人帐篷", ("out_tent_family",)),
        ("m_outdoor", "2 person tent", ("out_tent_2p",)),
        ("m_outdoor", "40L背包", ("out_pack_40l",)),
        ("m_baby", "M码纸尿裤", ("baby_diapers_m",)),
        ("m_baby", "1段奶粉", ("baby_formula_stage1",)),
        ("m_pet", "10kg猫砂", ("pet_litter_mixed",)),
    ],
)
def test_a_variant_said_narrows_the_family_to_its_products(merchant: str, text: str, products: tuple[str]) -> None:
    assert resolve(_items(merchant), text) == Resolution(products)


@pytest.mark.parametrize(
    ("merchant", "text", "offered"),
    [
        ("m_baby", "2段奶粉", "婴儿配方奶粉 1段 800g"),
        ("m_baby", "stage 2 formula", "婴儿配方奶粉 1段 800g"),
        ("m_baby", "S码纸尿裤", "婴儿纸尿裤 M码 84片"),
        ("m_outdoor", "单人帐篷", "双人双层防暴雨帐篷"),
        ("m_outdoor", "30 litre backpack", "40L 专业登山背包"),
        ("m_pet", "5kg猫粮", "冻干双拼猫粮 1.5kg"),
        ("m_pet", "狗罐头", "主食猫罐头 85g×24罐"),
        ("m_pet", "dog dewormer", "猫用体内外驱虫滴剂"),
    ],
)
def test_a_variant_the_store_does_not_carry_is_no_product(merchant: str, text: str, offered: str) -> None:
    with pytest.raises(Unresolved) as raised:
        resolve(_items(merchant), text)
    assert offered in raised.value.close


def test_a_name_without_a_variant_still_names_the_whole_family() -> None:
    assert resolve(_items("m_outdoor"), "帐篷").categories == ("帐篷",)
