"""The catalog resolver's reading of a description: the product whose title, English title, category (and its
other names) and tags share the most of its words, by how few products share each; the best two when none leads."""

from __future__ import annotations

from copilot.catalog.resolve import CatalogItem, described

ITEMS = [
    CatalogItem.of("lamp_head", "强光感应头灯", "Motion-sensor LED headlamp", "头灯", "头灯,感应"),
    CatalogItem.of("lamp_camp", "充电式露营灯", "Rechargeable camping lantern", "露营灯", "露营灯,充电"),
    CatalogItem.of("dryer", "宠物智能烘干箱", "Smart pet drying box", "烘干箱", "烘干箱,pet dryer"),
    CatalogItem.of("bed", "四季通用狗窝", "All-season dog bed", "宠物窝", "狗窝,dog bed"),
    CatalogItem.of("chew", "耐咬磨牙玩具", "Durable dog chew toy", "狗玩具", "狗玩具,chew toy"),
]


def test_the_product_sharing_the_rarest_words_is_named() -> None:
    for text, product in (("戴在头上的那个灯", "lamp_head"), ("whatever blow-dries a dog", "dryer")):
        found = described(ITEMS, text)
        assert found is not None and found.clear and found.products == (product,)


def test_inflections_of_an_english_word_meet() -> None:
    found = described(ITEMS, "the one the puppies chew on")
    assert found is not None and found.clear and found.products == ("chew",)


def test_a_description_two_products_fit_as_well_gives_both() -> None:
    found = described(ITEMS, "那个灯")
    assert found is not None and not found.clear and set(found.products) == {"lamp_head", "lamp_camp"}


def test_preferred_products_go_first_and_no_shared_word_is_none() -> None:
    found = described(ITEMS, "那个灯", prefer=["lamp_camp"])
    assert found is not None and found.products[0] == "lamp_camp"
    assert described(ITEMS, "寻思") is None
