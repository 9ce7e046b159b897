"""A product's Chinese title said word for word up to its bracket (four characters or more) names that product,
even when its words are also category names ("推车" and "遮阳棚"); a head two titles share names neither."""

from __future__ import annotations

from copilot.offline.matching import Catalog
from tests.offline.planned import first_call


def test_a_title_said_in_full_is_the_product_not_the_categories_of_its_words() -> None:
    tool, args = first_call("m_baby", "推车遮阳棚这周的销量")
    assert tool == "query_store_sales"
    assert (args.get("product"), args.get("category")) == ("baby_stroller_sunshade", None), args


def test_a_title_head_two_products_share_names_no_one_product() -> None:
    catalog = Catalog(
        products=[
            ("bed_l", "冬季保暖猫窝 大号", None, "宠物窝"),
            ("bed_s", "冬季保暖猫窝 小号", None, "宠物窝"),
            ("lamp", "户外露营灯（可充电）", None, "露营灯"),
        ],
        categories=["宠物窝", "露营灯"],
    )
    assert catalog.index.match("冬季保暖猫窝卖了多少").product is None
    assert catalog.index.match("户外露营灯卖了多少").product == "lamp"
