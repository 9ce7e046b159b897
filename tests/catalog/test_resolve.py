"""One word, one answer: every domain resolves the demo catalogs' words like the one catalog resolver."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from types import SimpleNamespace

import pytest
import yaml

from copilot.analytics import filters
from copilot.anomalies.queries import ProductInfo
from copilot.anomalies.service import resolve_category
from copilot.campaigns.products import ProductRow, choose_products
from copilot.campaigns.request import CampaignRequest
from copilot.catalog.resolve import CatalogItem, Unresolved, resolve
from copilot.creatives import targets
from copilot.offline.matching import Catalog
from copilot.offline.nlu import normalise
from copilot.segments.matching import resolve_categories, resolve_products
from tools.result import ToolRefusal

# (merchant, word, expected): a category name, "a,b" for several categories, a product id prefixed "=",
# or None for a word no catalog has.
TABLE = [
    ("m_outdoor", "冲锋衣", "冲锋衣"),
    ("m_outdoor", "冲锋衣和羽绒服", "冲锋衣,羽绒服"),
    ("m_outdoor", "羽绒睡袋", "=out_sleeping_bag"),
    ("m_outdoor", "shell jackets", "冲锋衣"),
    ("m_outdoor", "Shell Jacket", "冲锋衣"),
    ("m_outdoor", "冲峰衣", "冲锋衣"),
    ("m_outdoor", "冲锋依", "冲锋衣"),
    ("m_outdoor", "tents", "帐篷"),
    ("m_outdoor", "帐篷", "帐篷"),
    ("m_outdoor", "所有帐篷", "帐篷"),
    ("m_outdoor", "tents and tarps", "帐篷,天幕"),
    ("m_outdoor", "露营灯", "露营灯"),
    ("m_outdoor", "sunscren", "防晒霜"),
    ("m_outdoor", "防晒霜", "防晒霜"),
    ("m_outdoor", "防晒霜、防晒衣", "防晒霜,防晒衣"),
    ("m_outdoor", "防晒", "防晒霜,防晒衣,遮阳帽,防晒袖套"),
    ("m_outdoor", "out_tent_2p", "=out_tent_2p"),
    ("m_outdoor", "hardshell", "=out_shell_pro"),  # as 硬壳冲锋衣: the one hardshell (the category has a softshell)
    ("m_outdoor", "硬壳冲锋衣", "=out_shell_pro"),
    ("m_outdoor", "登山杖", "登山杖"),
    ("m_outdoor", "trekking poles", "登山杖"),
    ("m_outdoor", "登山仗", "登山杖"),
    ("m_outdoor", "羽绒服", "羽绒服"),
    ("m_outdoor", "down jackets", "羽绒服"),
    ("m_outdoor", "headlamps", "头灯"),
    ("m_outdoor", "月亮椅", "折叠桌椅"),
    ("m_outdoor", "GPS watch", "户外手表"),
    ("m_outdoor", "背包", "背包"),
    ("m_outdoor", "40L 专业登山背包", "=out_pack_40l"),
    ("m_outdoor", "trail running shoes", "越野跑鞋"),
    ("m_outdoor", "登山鞋", "登山鞋"),
    ("m_outdoor", "Sleeping Bag", "睡袋"),
    ("m_outdoor", "游艇", None),
    ("m_outdoor", "yacht", None),
    ("m_outdoor", "猫粮", None),
    ("m_pet", "猫粮", "猫粮"),
    ("m_pet", "猫梁", "猫粮"),
    ("m_pet", "cat food", "猫粮"),
    ("m_pet", "猫砂", "猫砂"),
    ("m_pet", "cat litter", "猫砂"),
    ("m_pet", "猫砂盆", "猫砂盆"),
    ("m_pet", "litter boxes", "猫砂盆"),
    ("m_pet", "冻干猫粮", "=pet_catfood_freezedried"),
    ("m_pet", "狗粮", "狗粮"),
    ("m_pet", "猫条", "猫零食"),
    ("m_pet", "饮水机", "饮水机"),
    ("m_pet", "water fountains", "饮水机"),
    ("m_pet", "逗猫棒", "猫玩具"),
    ("m_pet", "cat scratcher", "猫抓板"),
    ("m_pet", "主粮", "猫粮,猫罐头"),
    ("m_pet", "罐头", "猫罐头"),
    ("m_pet", "冲锋衣", None),
    ("m_baby", "婴儿推车", "婴儿推车"),
    ("m_baby", "strollers", "婴儿推车"),
    ("m_baby", "推车", "婴儿推车"),
    ("m_baby", "stroler", "婴儿推车"),
    ("m_baby", "溜娃神器", "=baby_stroller_fold_new"),
    ("m_baby", "纸尿裤", "纸尿裤"),
    ("m_baby", "diapers", "纸尿裤"),
    ("m_baby", "尿不湿", "纸尿裤"),
    ("m_baby", "baby bottles", "奶瓶"),
    ("m_baby", "奶份", "奶粉"),
    ("m_baby", "breast pump", "吸奶器"),
    ("m_baby", "car seat", "安全座椅"),
    ("m_baby", "羽绒睡袋", None),
]


@cache
def _products(merchant: str) -> tuple[dict[str, object], ...]:
    with open("copilot/demo/data/catalog.yaml", encoding="utf-8") as f:
        catalog = yaml.safe_load(f)
    merchants = {m["id"]: m["products"] for m in catalog["merchants"]}
    return tuple(merchants[merchant])


def _expected(merchant: str, expected: str) -> tuple[set[str], tuple[str, ...]]:
    products = _products(merchant)
    if expected.startswith("="):
        return {expected[1:]}, ()
    categories = tuple(expected.split(","))
    return {str(p["id"]) for p in products if p["category"] in categories}, categories


def _campaign(merchant: str, word: str, slot: str) -> set[str]:
    rows = [
        ProductRow(p["id"], p["title"], p["title_en"], p["category"], ",".join(p["tags"]), date(2026, 1, 1), 1)
        for p in _products(merchant)
    ]
    request = CampaignRequest(
        objective="sales",
        event=None,
        category=word if slot == "category" else None,
        product=word if slot == "product" else None,
        budget=Decimal(1000),
        start=None,
        end=None,
        channels=None,
        segments=None,
    )
    chosen, _ = choose_products(None, None, request, rows, date(2026, 12, 1))  # type: ignore[arg-type]
    return {p.id for p in chosen}


def _creatives(merchant: str, word: str, slot: str) -> set[str]:
    products = [SimpleNamespace(**{**p, "tags": ",".join(p["tags"])}) for p in _products(merchant)]
    return {p.id for p in targets._resolved(products, word, slot)}  # type: ignore[arg-type]


def _segments(merchant: str) -> SimpleNamespace:
    products = [SimpleNamespace(**{**p, "tags": ",".join(p["tags"])}) for p in _products(merchant)]
    return SimpleNamespace(products=products, categories=sorted({p.category for p in products}))


def _anomalies(merchant: str) -> list[ProductInfo]:
    return [
        ProductInfo(p["id"], p["title"], p["category"], 1, 1.0, None, p["title_en"], ",".join(p["tags"]))
        for p in _products(merchant)
    ]


# Words the offline model's sentence matcher reads otherwise: it does not read product ids in a sentence, its
# English typo tolerance is for 5+ letter alias words of one category, and it takes 睡袋 out of 羽绒睡袋.
OFFLINE_DIFFERS = {("m_outdoor", "out_tent_2p"), ("m_baby", "stroler"), ("m_baby", "羽绒睡袋")}


@cache
def _offline(merchant: str) -> Catalog:
    products = [(p["id"], p["title"], p["title_en"], p["category"]) for p in _products(merchant)]
    return Catalog(products, sorted({str(p[3]) for p in products}))


@pytest.mark.parametrize(("merchant", "word", "expected"), [t for t in TABLE if t[:2] not in OFFLINE_DIFFERS])
def test_the_offline_model_reads_a_word_alike(merchant: str, word: str, expected: str | None) -> None:
    found = _offline(merchant).index.match(normalise(word))
    if expected is None:
        assert (found.product, found.category, found.categories) == (None, None, ())
        return
    ids, categories = _expected(merchant, expected)
    if found.product:
        assert ({found.product}, ()) == (ids, categories)
    else:
        assert (found.categories or (found.category,)) == categories


@pytest.mark.parametrize(("merchant", "word", "expected"), TABLE)
def test_every_domain_resolves_a_word_alike(
    merchant: str, word: str, expected: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [CatalogItem.of(p["id"], p["title"], p["title_en"], p["category"], p["tags"]) for p in _products(merchant)]
    monkeypatch.setattr(filters, "_catalog", lambda _ctx: items)
    data = _segments(merchant)
    if expected is None:
        with pytest.raises(Unresolved):
            resolve(items, word)
        for call in (
            lambda: _campaign(merchant, word, "product"),
            lambda: _creatives(merchant, word, "product"),
            lambda: resolve_products(data, word),  # type: ignore[arg-type]
            lambda: resolve_category(_anomalies(merchant), word),
            lambda: filters.resolve_products(None, None, word),  # type: ignore[arg-type]
        ):
            with pytest.raises(ToolRefusal):
                call()
        return
    ids, categories = _expected(merchant, expected)
    found = resolve(items, word)
    assert (set(found.products), found.categories) == (ids, categories)
    for slot in ("product", "category"):
        assert _campaign(merchant, word, slot) == ids, ("campaign", slot)
        assert _creatives(merchant, word, slot) == ids, ("creatives", slot)
    assert {data.products[i].id for i in resolve_products(data, word)} == ids  # type: ignore[arg-type]
    assert {pid for pid, _ in filters.resolve_products(None, None, word)} == ids  # type: ignore[arg-type]
    if categories:
        assert tuple(resolve_categories(data, word)) == categories  # type: ignore[arg-type]
        assert tuple(filters.resolve_categories(None, None, word)) == categories  # type: ignore[arg-type]
    if len(categories) == 1:
        assert resolve_category(_anomalies(merchant), word) == categories[0]
    else:
        with pytest.raises(ToolRefusal):
            resolve_category(_anomalies(merchant), word)


def test_the_table_is_large_and_mixed() -> None:
    assert len(TABLE) >= 60
    assert sum(1 for _, _, e in TABLE if e is None) >= 3
    assert sum(1 for _, w, _ in TABLE if w.isascii()) >= 20
