"""The offline model's language understanding: the labelled set, numbers, periods, follow-ups, language."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import Catalog, Parse, detect_language, normalise, parse
from copilot.offline.numbers import money_amounts
from copilot.offline.recognizers.schedule_days import find_schedule
from copilot.offline.recognizers.time import find_period

DEMO_DATA = Path(__file__).resolve().parents[2] / "copilot" / "demo" / "data"
TEXT_SLOTS = {"sales_sql": "question", "docs": "query"}


@cache
def demo_catalogs() -> dict[str, Catalog]:
    """The demo store's catalogs, one per merchant, as the planner would load them from the store."""
    catalog = yaml.safe_load((DEMO_DATA / "catalog.yaml").read_text(encoding="utf-8"))
    regions = list(yaml.safe_load((DEMO_DATA / "population.yaml").read_text(encoding="utf-8"))["regions"])
    return {
        merchant["id"]: Catalog(
            products=[
                (p["id"], p["title"], p.get("title_en"), p["category"], tuple(p.get("tags", [])), p.get("price"))
                for p in merchant["products"]
            ],
            categories=sorted({p["category"] for p in merchant["products"]}),
            regions=regions,
            merchant_id=merchant["id"],
            name=merchant["name"],
        )
        for merchant in catalog["merchants"]
    }


def labelled() -> list[dict[str, Any]]:
    text = resources.files("copilot.offline").joinpath("data", "utterances.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def run(item: dict[str, Any]) -> Parse:
    catalog = demo_catalogs()[item.get("merchant", "m_outdoor")]
    history: list[Parse] = []
    for earlier in item.get("history", []):
        history.append(parse(earlier, catalog=catalog, today=DEMO_TODAY, history=list(history)))
    return parse(item["text"], catalog=catalog, today=DEMO_TODAY, history=history)


def expected_slots(item: dict[str, Any]) -> dict[str, Any]:
    slots = dict(item.get("slots") or {})
    text_slot = TEXT_SLOTS.get(item["intent"])
    if text_slot and text_slot not in slots:
        slots[text_slot] = item["text"].strip()
    return slots


def test_labelled_set_is_big_and_bilingual() -> None:
    items = labelled()
    zh = sum(1 for item in items if detect_language(item["text"]) == "zh")
    assert len(items) >= 220
    assert 0.35 <= zh / len(items) <= 0.65
    assert len({item["text"] + str(item.get("history")) for item in items}) == len(items)


def test_labelled_set_accuracy() -> None:
    """Intent accuracy >= 95% and exact slot match >= 90% (slots compared as whole dicts)."""
    items = labelled()
    intent_ok = slots_ok = 0
    failures = []
    for item in items:
        got = run(item)
        want = expected_slots(item)
        intent_hit = got.intent == item["intent"]
        slot_hit = intent_hit and got.slots == want and got.missing == item.get("missing", got.missing)
        intent_ok += intent_hit
        slots_ok += slot_hit
        if not slot_hit:
            failures.append(
                f"{item['text']!r}: want {item['intent']} {want}, got {got.intent} {got.slots} {got.missing}"
            )
    intent_acc, slot_acc = intent_ok / len(items), slots_ok / len(items)
    print(f"\nNLU labelled set: {len(items)} utterances, intent accuracy {intent_acc:.1%}, exact slots {slot_acc:.1%}")
    print("\n".join(failures))
    assert intent_acc >= 0.95
    assert slot_acc >= 0.90


def test_missing_slots_are_reported() -> None:
    catalog = demo_catalogs()["m_outdoor"]
    assert parse("做一个推广方案", catalog=catalog, today=DEMO_TODAY).missing == ["budget"]
    assert parse("帮我找目标人群", catalog=catalog, today=DEMO_TODAY).missing == ["scene"]
    assert parse("双12前给帐篷做个方案，预算2万", catalog=catalog, today=DEMO_TODAY).missing == []


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("预算3万", [30000]),
        ("预算三万五", [35000]),
        ("预算1.5万", [15000]),
        ("预算5千", [5000]),
        ("预算两万五", [25000]),
        ("budget 30k", [30000]),
        ("budget 2.5w", [25000]),
        ("预算叁万", [30000]),
        ("预算十二万", [120000]),
        ("a budget of 8000", [8000]),
        ("把预算改成1万5", [15000]),
        ("预算1万5千", [15000]),
        ("预算3千5", [3500]),
        ("预算1万2000", [12000]),
        ("预算2万，日预算3000", [20000, 3000]),
        ("最近30天的GMV", []),
    ],
)
def test_money(text: str, amounts: list[int]) -> None:
    assert money_amounts(normalise(text)) == amounts


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("前三个商品", "前3个商品"),
        ("最近两个月", "最近2个月"),
        ("十二月", "12月"),
        ("双十一", "双11"),
        ("看一下", "看一下"),
        ("万一卖不动", "万一卖不动"),
        ("last two weeks", "last 2 weeks"),
    ],
)
def test_numerals(text: str, normal: str) -> None:
    assert normalise(text) == normal


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("上个月", "last_month"),
        ("上上个月", "2026-09"),
        ("最近30天", "last_30_days"),
        ("过去一个月", "last_30_days"),
        ("最近一周", "last_7_days"),
        ("过去7天", "last_7_days"),
        ("本周", "this_week"),
        ("今年", "this_year"),
        ("去年双11", "2025-10-20..2025-11-11"),
        ("去年双11期间", "2025-10-20..2025-11-11"),
        ("双12", "double12"),
        ("10月", "2026-10"),
        ("12月", "2025-12"),
        ("october", "2026-10"),
        ("3月到5月", "2026-03-01..2026-05-31"),
        ("11月到2月", "2025-11-01..2026-02-28"),
        ("2025年", "2025"),
        ("2025年3月", "2025-03"),
        ("last 3 months", "last_3_months"),
        ("last 2 weeks", "last_2_weeks"),
        ("2026-11-01..2026-11-10", "2026-11-01..2026-11-10"),
        ("11月11日", "2026-11-11"),
        ("yesterday", "yesterday"),
    ],
)
def test_periods(text: str, period: str) -> None:
    found = find_period(normalise(text), DEMO_TODAY)
    assert found is not None
    assert found.value == period


def test_campaign_schedule() -> None:
    before = find_schedule(normalise("双12前"), DEMO_TODAY)
    assert (before.start, before.end) == (date(2026, 11, 21), date(2026, 12, 11))
    during = find_schedule(normalise("双12期间"), DEMO_TODAY)
    assert (during.start, during.end) == (date(2026, 12, 1), date(2026, 12, 12))
    next_week = find_schedule(normalise("下周"), DEMO_TODAY)
    assert (next_week.start, next_week.end) == (date(2026, 11, 23), date(2026, 11, 29))
    double11 = find_schedule(normalise("双11前"), DEMO_TODAY)
    assert double11.end == date(2027, 11, 10)


def test_follow_up_chain_changes_only_what_the_words_say() -> None:
    catalog = demo_catalogs()["m_outdoor"]
    history: list[Parse] = []
    for text in ("上个月卖得最好的3个商品是什么？", "那上上个月呢？", "换成销量", "按品类看"):
        history.append(parse(text, catalog=catalog, today=DEMO_TODAY, history=list(history)))
    assert [p.intent for p in history] == ["sales_query"] * 4
    assert history[1].slots["period"] == "2026-09"
    assert history[2].slots == {"metric": "units", "by": "product", "period": "2026-09", "top": 3, "order": "desc"}
    assert history[3].slots["by"] == "category"
    assert history[3].slots["metric"] == "units"


def test_a_new_question_is_not_a_follow_up() -> None:
    catalog = demo_catalogs()["m_outdoor"]
    first = parse("上个月卖得最好的3个商品是什么？", catalog=catalog, today=DEMO_TODAY)
    second = parse("退货政策是什么", catalog=catalog, today=DEMO_TODAY, history=[first])
    assert second.intent == "docs"
    third = parse("帮我给新款冲锋衣找目标人群", catalog=catalog, today=DEMO_TODAY, history=[first])
    assert third.intent == "segments"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("上个月GMV多少", "zh"),
        ("帮我查下last month的GMV", "zh"),
        ("GMV last month", "en"),
        ("show me sales of 登山杖 last month", "en"),
        ("ok", "en"),
        ("好的", "zh"),
    ],
)
def test_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang
