"""A month, quarter or year counted up to a day said with it ("截至…本月累计", "本年度截至…"): from its first day to
that day, never the one day (recognizers/books.closing_day); a festival said with 当天/那天 is its day, never its
season, even after the festival was named for a campaign (periods.event_on_its_day)."""

from __future__ import annotations

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import parse
from tests.offline.planned import period_read, sales_args
from tests.offline.test_nlu import demo_catalogs


def test_this_month_counted_up_to_a_day() -> None:
    assert period_read("截止到2026年11月17日本月累计退款金额") == "2026-11-01..2026-11-17"


def test_this_year_counted_up_to_a_day() -> None:
    assert period_read("本年度截至2026年11月12日的累计销售额") == "2026-01-01..2026-11-12"


def test_the_day_alone_stays_the_day() -> None:
    assert period_read("截至11月18日的订单") in ("2026-11-18", "2026-11-18..2026-11-18")


def test_a_question_counted_up_to_a_day() -> None:
    args = sales_args("m_baby", "请统计截至2026年11月18日本月累计的成交额")
    assert args["period"] == "2026-11-01..2026-11-18"


def test_the_festival_day_itself_with_a_comparison() -> None:
    args = sales_args("m_pet", "双11当天的转化率同比去年怎么样")
    assert args["period"] == "2026-11-11..2026-11-11"
    assert args["compare"] == "year_over_year"
    assert args["metric"] == "conversion"


def test_the_festival_day_after_a_campaign_was_mentioned() -> None:
    args = sales_args("m_outdoor", "双12的推广以后再聊 先帮我看去年双12那天的订单数")
    assert args["period"] == "2025-12-12..2025-12-12"


def test_since_the_launch_with_no_day_is_said_unread() -> None:
    """The launch day is not in what the model reads: the answer says so, never the default days silently."""
    for said, merchant in (
        ("新款冲锋衣自上架以来卖了多少件", "m_outdoor"),
        ("refunds of the new fountain since its launch", "m_pet"),
    ):
        parsed = parse(said, catalog=demo_catalogs()[merchant], today=DEMO_TODAY)
        assert parsed.unread_period, parsed
