"""Creatives: the kind from words declining one ("图嫑了", "文案不要", "no copy") or adding pictures ("and pictures
also"), a bare count ("make 4"), and the product from the audience question just before ("该卖给甚人", "who should
I be flogging X to")."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("texts", "kind", "count"),
    [
        (("帐篷类目做几张图，文案就不要了",), "image", 3),
        (("make 4 posters for the cat litter, no copy",), "image", 4),
        (("给猫砂写三条文案，图嫑了",), "copy", 3),
        (("write ad copy for the cat litter", "make 4, and pictures also"), "both", 4),
    ],
)
def test_the_kind_and_count_said(texts: tuple[str, ...], kind: str, count: int) -> None:
    tool, args = first_call("m_pet" if "猫" in "".join(texts) or "cat" in "".join(texts) else "m_outdoor", *texts)
    assert tool == "generate_creatives"
    assert (args["kind"], args["count"]) == (kind, count)


@pytest.mark.parametrize(
    ("merchant", "texts", "product"),
    [
        (
            "m_pet",
            ("who should we be flogging the smart litter box to", "write us 4 lines for them"),
            "pet_smart_litterbox",
        ),
        ("m_outdoor", ("新款轻量防风冲锋衣推给甚么人好", "给这些人写两条文案"), "out_shell_light_new"),
    ],
)
def test_the_audience_questions_product_is_the_creatives(merchant: str, texts: tuple[str, ...], product: str) -> None:
    tool, args = first_call(merchant, *texts)
    assert tool == "generate_creatives"
    assert args.get("product") == product
