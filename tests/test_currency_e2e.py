"""A store that keeps its books in US dollars sees dollars everywhere: answers, cards, charts; never "¥"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import update

import copilot.analytics.series
from copilot.service import Copilot, collect
from copilot.store import Store
from copilot.store.models import Merchant


@pytest.fixture
def usd_copilot(copilot: Copilot, demo_store: Store) -> Iterator[Copilot]:
    with demo_store.session() as session:
        session.execute(update(Merchant).where(Merchant.id == "m_outdoor").values(currency="USD"))
        session.commit()
    yield copilot


@pytest.fixture
def charts(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the sales tool asked to draw (the chart is still drawn)."""
    drawn: list[dict[str, Any]] = []
    real = copilot.analytics.series.chart_file

    def recording(*args: Any, **kwargs: Any) -> Any:
        drawn.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(copilot.analytics.series, "chart_file", recording)
    return drawn


def test_english_answer_and_chart_in_dollars(usd_copilot: Copilot, charts: list[dict[str, Any]]) -> None:
    result = usd_copilot.ask("m_outdoor", "t", "What was our GMV by day last month?")
    assert result.tools_called == ["query_store_sales"]
    assert "$" in result.answer and "¥" not in result.answer
    (chart,) = charts
    assert chart["currency"] == "USD" and chart["lang"] == "en"
    assert chart["title"].startswith("GMV") and not any("\u4e00" <= ch <= "\u9fff" for ch in chart["title"])


def test_chinese_answers_say_us_dollars(usd_copilot: Copilot, charts: list[dict[str, Any]]) -> None:
    sales = usd_copilot.ask("m_outdoor", "t", "最近两周每天的GMV趋势")
    assert "US$" in sales.answer and "¥" not in sales.answer
    assert charts[0]["currency"] == "USD" and charts[0]["lang"] == "zh" and "成交额" in charts[0]["title"]
    people = usd_copilot.ask("m_outdoor", "t2", "帮我给新款冲锋衣找目标人群")
    assert people.tools_called == ["find_target_segments"]
    assert "US$" in people.answer and "¥" not in people.answer
    alerts = usd_copilot.ask("m_outdoor", "t3", "最近30天有什么异常？")
    assert alerts.tools_called == ["detect_sales_anomalies"]
    assert "US$" in alerts.answer and "¥" not in alerts.answer


def test_plan_approval_card_and_submission_in_dollars(usd_copilot: Copilot) -> None:
    plan = usd_copilot.ask("m_outdoor", "t", "双12前做一个防晒品类的推广方案，预算3万")
    assert plan.tools_called == ["draft_campaign"]
    assert "US$30,000.00" in plan.answer and "¥" not in plan.answer
    submit = usd_copilot.ask("m_outdoor", "t", "提交预算")
    assert submit.approval is not None
    assert "US$30,000.00" in submit.approval.summary and "¥" not in submit.approval.summary
    done = collect(usd_copilot.decide("m_outdoor", "t", submit.approval.approval_id, approved=True, decided_by="boss"))
    assert "US$30,000.00" in done.answer and "¥" not in done.answer


def test_creatives_price_in_dollars(usd_copilot: Copilot) -> None:
    result = usd_copilot.ask("m_outdoor", "t", "帮我给冲锋衣生成2套创意")
    assert result.tools_called == ["generate_creatives"]
    (made,) = result.tool_results
    prices = [item["copy"].get("price") for item in made["payload"]["sets"]]
    assert prices and all(price and price.startswith("US$") for price in prices), prices
    assert "¥" not in result.answer and "¥" not in made["text"]


def test_promotion_estimates_in_dollars(usd_copilot: Copilot) -> None:
    for thread, question in (("p1", "What would a budget of 30,000 bring for double 12, including organic lift?"),
                             ("p2", "双12投3万推广能带来多少成交？能带动多少自然流量？")):  # fmt: skip
        result = usd_copilot.ask("m_outdoor", thread, question)
        assert result.tools_called == ["estimate_promotion_effect"]
        assert "$30,000" in result.answer and "¥" not in result.answer
