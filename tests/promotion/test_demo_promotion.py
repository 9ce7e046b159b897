"""The demo's promotion history agrees with itself and with the demo documents: the campaign reviews' spend, GMV,
promotion GMV and ROI are the store's own figures, the ads' orders are ordinary orders, and the truth stays in
demo-only tables."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from copilot.store import Store

DOCS = Path(__file__).resolve().parents[2] / "copilot" / "demo_docs"
REVIEWS = sorted(DOCS.glob("*/review_*.md"))
_WINDOW = re.compile(r"活动时间 (\d{4}) 年 (\d+) 月 (\d+) 日至 (\d+) 月 (\d+) 日")
_SPEND = re.compile(r"实际消耗 ([\d,]+) 元")
_GMV = re.compile(r"活动期 GMV ([\d,]+) 元")
_PROMOTED = re.compile(r"推广(?:带来的)? GMV (?:为 )?([\d,]+) 元")
_ROI = re.compile(r"ROI[）)]?\s?(\d+\.\d)")


def _number(pattern: re.Pattern[str], line: str) -> float:
    found = pattern.search(line)
    assert found, (pattern.pattern, line)
    return float(found.group(1).replace(",", ""))


def _one(store: Store, sql: str, **params: object) -> float:
    with store.engine.connect() as conn:
        return float(conn.execute(text(sql), params).scalar_one() or 0)


@pytest.mark.parametrize("review", REVIEWS, ids=[f"{p.parent.name}/{p.stem}" for p in REVIEWS])
def test_a_campaign_review_quotes_the_stores_own_figures(demo_store: Store, review: Path) -> None:
    line = next(x for x in review.read_text(encoding="utf-8").splitlines() if x.startswith("活动时间"))
    year, m1, d1, m2, d2 = (int(v) for v in _WINDOW.search(line).groups())  # type: ignore[union-attr]
    first, last = date(year, m1, d1).isoformat(), date(year, m2, d2).isoformat()
    after = (date(year, m2, d2) + timedelta(days=1)).isoformat()
    merchant = review.parent.name
    window = {"m": merchant, "a": first, "b": last}
    spend = _one(demo_store, "SELECT SUM(spend) FROM ad_daily WHERE merchant_id = :m AND date BETWEEN :a AND :b",
                 **window)  # fmt: skip
    promoted = _one(demo_store, "SELECT SUM(attributed_gmv) FROM ad_daily WHERE merchant_id = :m "
                    "AND date BETWEEN :a AND :b", **window)  # fmt: skip
    gmv = _one(demo_store, "SELECT SUM(total_amount) FROM orders WHERE merchant_id = :m AND status != 'cancelled' "
               "AND created_at >= :a AND created_at < :end", m=merchant, a=first, end=after)  # fmt: skip
    assert _number(_SPEND, line) == pytest.approx(spend, abs=50.01)
    assert _number(_PROMOTED, line) == pytest.approx(promoted, abs=500.01)
    assert _number(_GMV, line) == pytest.approx(gmv, abs=500.01)
    assert _number(_ROI, line) == pytest.approx(promoted / spend, abs=0.051)


def test_the_ads_orders_are_ordinary_orders_on_their_channel(demo_store: Store) -> None:
    for merchant in ("m_outdoor", "m_baby", "m_pet"):
        for channel in ("search", "recommend", "live"):
            attributed = _one(demo_store, "SELECT SUM(attributed_orders) FROM ad_daily WHERE merchant_id = :m "
                              "AND channel = :c", m=merchant, c=channel)  # fmt: skip
            on_channel = _one(demo_store, "SELECT COUNT(*) FROM orders WHERE merchant_id = :m AND channel = :c "
                              "AND status != 'cancelled'", m=merchant, c=channel)  # fmt: skip
            assert 0 < attributed <= on_channel


def test_every_demo_merchant_has_a_planted_truth(demo_store: Store) -> None:
    for merchant in ("m_outdoor", "m_baby", "m_pet"):
        channels = _one(demo_store, "SELECT COUNT(*) FROM demo_truth_promotion_channels WHERE merchant_id = :m",
                        m=merchant)  # fmt: skip
        share = _one(demo_store, "SELECT share FROM demo_truth_promotion_halo WHERE merchant_id = :m", m=merchant)
        kinds = _one(demo_store, "SELECT COUNT(DISTINCT kind) FROM demo_truth_promotion_plans WHERE merchant_id = :m",
                     m=merchant)  # fmt: skip
        assert channels == 3 and 0.05 < share < 0.6 and kinds == 4
