"""The blind-set scorer: type-aware argument rules, the tune/report split, and one run through the offline model.

The items here are hand-written for the tests; the blind sets themselves stay out of the test suite.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evals.blind import (
    ArgMatcher,
    BlindItem,
    BlindSetError,
    BlindTurn,
    SalesToolResolver,
    behaviour_ok,
    choose,
    load_blind,
    read_kept,
    regressions,
    score_results,
    score_turn,
    split_of,
    summarize,
    to_markdown,
    to_scenario,
    write_kept,
)
from evals.runner import TurnRecord, run_scenario, wholly_before_history

M = "m_outdoor"


@pytest.fixture(scope="module")
def matcher(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArgMatcher]:
    folder = tmp_path_factory.mktemp("blind-names")
    shutil.copyfile(demo_template, folder / "store.db")
    resolver = SalesToolResolver(f"sqlite:///{folder / 'store.db'}", folder)
    yield ArgMatcher(resolver)
    resolver.close()


def _status(matcher: ArgMatcher, tool: str, name: str, expected: Any, call: dict[str, Any]) -> str:
    return matcher.check(tool, name, expected, call, M).status


@pytest.mark.parametrize(
    ("expected", "call", "status"),
    [
        ("2026-10-01..2026-10-31", {"period": "last_month"}, "match"),
        ("2026-10-01..2026-10-31", {"period": "2026-10"}, "match"),
        ("2026-11-14..2026-11-20", {"period": "last_7_days"}, "match"),
        ("2026-01-01..2026-11-20", {"period": "this_year"}, "match"),
        ("2026-11-01..2026-11-20", {"period": "2026-11"}, "match"),  # the month to date: no later day has data
        ("2026-10-01..2026-11-20", {"period": "2026-10"}, "mismatch"),
        ("2026-10-22..2026-11-20", {}, "match"),  # no period: the tool's default, the last 30 days
        ("2026-07-01..2026-09-30", {}, "mismatch"),  # Q3 silently defaulted
        ("2026-07-01..2026-09-30", {"period": "2026-07"}, "mismatch"),
        ("2026-07-01..2026-09-30", {"period": "not a period"}, "mismatch"),
    ],
)
def test_period_compares_resolved_ranges(matcher: ArgMatcher, expected: str, call: dict, status: str):
    assert _status(matcher, "query_store_sales", "period", expected, call) == status


@pytest.mark.parametrize(
    ("name", "expected", "actual", "status"),
    [
        ("product", "out_shell_pro", "专业防水透气硬壳冲锋衣", "match"),
        ("product", "out_shell_pro", "硬壳冲锋衣", "match"),
        ("product", "out_tent_family", "family tent", "match"),
        ("product", "专业防水透气硬壳冲锋衣", "out_shell_pro", "match"),
        ("product", "out_shell_pro", "冲锋衣", "mismatch"),  # names four jackets, not the one asked about
        ("product", "out_shell_pro", "out_shell_3in1", "mismatch"),
        ("product", "钓鱼竿", "鱼竿", "match"),  # neither is sold: both name no product
        ("product", "钓鱼竿", None, "mismatch"),  # the store-wide figure instead
        ("product", "钓鱼竿", "帐篷", "mismatch"),  # a product the store does sell
        ("category", "睡袋,防潮垫", "防潮垫，睡袋", "match"),
        ("category", "睡袋,防潮垫", "防潮垫、睡袋", "match"),
        ("category", "登山杖", "登山杖", "match"),
        ("category", "睡袋,防潮垫", "睡袋", "mismatch"),
        ("category", "帐篷", "天幕", "mismatch"),
        ("category", "帐篷", None, "mismatch"),
    ],
)
def test_products_and_categories_compare_what_they_name(
    matcher: ArgMatcher, name: str, expected: str, actual: str | None, status: str
):
    call = {} if actual is None else {name: actual}
    assert _status(matcher, "query_store_sales", name, expected, call) == status


@pytest.mark.parametrize(
    ("name", "expected", "call", "status"),
    [
        ("product", "out_boots_mid", {"category": "登山鞋"}, "match"),  # the category holds that one product
        ("category", "登山鞋", {"product": "中帮防水登山鞋"}, "match"),
        ("product", "out_tent_family", {"category": "帐篷"}, "mismatch"),  # the category holds two tents
        ("category", "帐篷", {"product": "out_tent_family"}, "mismatch"),
        ("product", "out_boots_mid", {"category": "天幕"}, "mismatch"),
    ],
)
def test_a_product_and_a_category_match_when_they_cover_the_same_products(
    matcher: ArgMatcher, name: str, expected: str, call: dict, status: str
):
    assert _status(matcher, "query_store_sales", name, expected, call) == status


def test_an_unsold_name_may_come_as_product_or_category(matcher: ArgMatcher):
    assert _status(matcher, "query_store_sales", "category", "鱼竿", {"product": "鱼竿"}) == "match"
    assert _status(matcher, "query_store_sales", "product", "钓鱼竿", {"category": "渔具"}) == "match"
    both = {"product": "鱼竿", "category": "帐篷"}
    assert _status(matcher, "query_store_sales", "category", "鱼竿", both) == "mismatch"
    assert _status(matcher, "query_store_sales", "category", "帐篷", {"product": "out_tent_family"}) == "mismatch"
    assert _status(matcher, "query_store_sales", "category", "帐篷", {"product": "帐篷"}) == "match"  # both tents


def test_metric_null_means_sql(matcher: ArgMatcher):
    assert _status(matcher, "query_store_sales", "metric", None, {"sql": "SELECT 1"}) == "match"
    assert _status(matcher, "query_store_sales", "metric", None, {"metric": "gmv"}) == "mismatch"
    assert _status(matcher, "query_store_sales", "metric", "aov", {"metric": "aov"}) == "match"
    assert _status(matcher, "query_store_sales", "metric", "aov", {"metric": "gmv"}) == "mismatch"
    assert _status(matcher, "query_store_sales", "metric", "aov", {"sql": "SELECT 1"}) == "mismatch"


@pytest.mark.parametrize(
    ("call", "status"),
    [
        ({"metric": "revenue", "by": "product"}, "match"),
        ({"metric": "revenue", "by": "category"}, "match"),
        ({"metric": "revenue", "category": "帐篷"}, "match"),
        ({"metric": "revenue", "by": "day", "product": "帐篷"}, "match"),
        ({"metric": "revenue"}, "mismatch"),  # store GMV counts orders' totals, revenue their items
        ({"metric": "revenue", "by": "region"}, "mismatch"),
        ({"metric": "units", "by": "product"}, "mismatch"),
    ],
)
def test_metrics_that_compile_to_the_same_sql_match(matcher: ArgMatcher, call: dict, status: str):
    assert _status(matcher, "query_store_sales", "metric", "gmv", call) == status


@pytest.mark.parametrize(
    ("tool", "name", "expected", "call", "status"),
    [
        ("draft_campaign", "channels", ["search", "live"], {"channels": ["live", "search"]}, "match"),
        ("draft_campaign", "channels", ["search", "live"], {"channels": ["直播", "搜索"]}, "match"),
        ("draft_campaign", "channels", ["search", "live"], {"channels": ["search"]}, "mismatch"),
        ("query_store_sales", "channel", "live", {"channel": "直播"}, "match"),
        ("draft_campaign", "budget", 8000, {"budget": 8000.0}, "match"),
        ("draft_campaign", "budget", 8000, {"budget": "8,000"}, "match"),
        ("draft_campaign", "budget", 8000, {"budget": 80000}, "mismatch"),
        ("draft_campaign", "budget", 8000, {}, "mismatch"),
        ("draft_campaign", "start", "2026-12-01", {"start": "2026-12-1"}, "mismatch"),
        ("draft_campaign", "start", "2026-12-01", {"start": "2026-12-01"}, "match"),
        ("draft_campaign", "end", "2026-12-12", {"end": "2026-12-11"}, "mismatch"),
        ("query_store_sales", "top", 5, {"top": 5}, "match"),
        ("query_store_sales", "top", 5, {"top": 20}, "mismatch"),
        ("query_store_sales", "order", "desc", {}, "match"),  # the tool's default order
        ("query_store_sales", "order", "asc", {}, "mismatch"),
        ("query_store_sales", "by", "channel", {"by": "channel"}, "match"),
        ("query_store_sales", "by", "channel", {}, "mismatch"),
        ("detect_sales_anomalies", "days", 30, {}, "match"),  # the tool's default window
        ("detect_sales_anomalies", "direction", "drop", {"direction": "both"}, "mismatch"),
        ("draft_campaign", "edit", True, {"edit": True}, "match"),
        ("draft_campaign", "edit", True, {}, "mismatch"),
        ("draft_campaign", "event", "double12", {"event": "Double12"}, "match"),
    ],
)
def test_typed_rules(matcher: ArgMatcher, tool: str, name: str, expected: Any, call: dict, status: str):
    assert _status(matcher, tool, name, expected, call) == status


def test_free_text_is_not_scored(matcher: ArgMatcher):
    check = matcher.check("find_target_segments", "scene", "带娃露营", {"scene": "completely different"}, M)
    assert check.status == "not scored"
    assert matcher.check("draft_campaign", "objective", "event", {}, M).status == "not scored"


@pytest.mark.parametrize(
    ("answer", "asks"),
    [
        ("Which period should I use, last month or the last 30 days?", True),
        ("请问要看哪个时间段？", True),
        ("您是指哪款冲锋衣", True),
        ("Sorry, that is outside what I can do offline. Try a sales question.", False),
        ("抱歉，这个请求超出了我离线模式能做的范围。", False),
    ],
)
def test_clarify_needs_a_question_and_no_tool(answer: str, asks: bool):
    record = TurnRecord(0, "x", None, answer, [], [], [], 1.0, 0)
    assert behaviour_ok(BlindTurn("x", None, {}, "clarify"), record) is asks
    called = TurnRecord(0, "x", None, answer, [{"name": "query_store_sales", "args": {}}], [], [], 1.0, 0)
    assert behaviour_ok(BlindTurn("x", None, {}, "clarify"), called) is False


def test_not_found_may_come_from_a_tool_that_looked_and_computed_nothing(matcher: ArgMatcher):
    turn = BlindTurn("瑜伽垫卖了多少", None, {}, "not_found")
    item = BlindItem("x", M, "zh", "s", (turn,))
    looked = [{"name": "query_store_sales", "args": {"product": "瑜伽垫"}}]
    said = "店里没有找到叫“瑜伽垫”的商品或品类，所以没有计算。"
    score = score_turn(turn, TurnRecord(0, turn.user, None, said, looked, [said], [], 1.0, 0), item, 0, matcher)
    assert score.tool_ok and score.behaviour_ok
    answered = TurnRecord(0, turn.user, None, "上个月GMV是 ¥1,000。", looked, [], [], 1.0, 0)
    assert not score_turn(turn, answered, item, 0, matcher).tool_ok


def test_not_found_may_be_a_period_the_tool_flags_as_wholly_before_the_first_order():
    turn = BlindTurn("2024年的销售额", "query_store_sales", {}, "not_found")
    called = [{"name": "query_store_sales", "args": {"period": "2024"}}]
    whole = {"periods": {"period": {"whole": True}}}
    flagged = wholly_before_history([{"payload": {"summary": {"before_history": whole}}, "error": False}])
    partly = wholly_before_history([{"payload": {"summary": {"before_history": {"periods": {"period": {}}}}}}])
    assert (flagged, partly) == (1, 0)
    said = "2024年没有数据：店里的订单记录从 2025-10-01 才开始。"
    assert behaviour_ok(turn, TurnRecord(0, turn.user, None, said, called, [], [], 1.0, 0, before_history=1))
    assert not behaviour_ok(turn, TurnRecord(0, turn.user, None, said, called, [], [], 1.0, 0))  # not flagged
    zero = "2024年的销售额是 ¥0.00。"
    assert not behaviour_ok(turn, TurnRecord(0, turn.user, None, zero, called, [], [], 1.0, 0, before_history=1))


def test_split_rule_is_sha256_parity():
    for item_id in ["a001", "a002", "b117", "x-9", "z"]:
        even = int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 2 == 0
        assert split_of(item_id) == ("tune" if even else "report")
    ids = [f"q{n:03d}" for n in range(200)]
    items = [BlindItem(i, M, "zh", "s", (BlindTurn("hi", None, {}, "clarify"),)) for i in ids]
    tune, report = choose(items, "tune"), choose(items, "report")
    assert {i.id for i in tune} | {i.id for i in report} == set(ids)
    assert not {i.id for i in tune} & {i.id for i in report}
    assert 60 < len(tune) < 140


def test_a_file_with_an_unknown_behaviour_is_refused(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "- id: t1\n  merchant: m_outdoor\n  lang: en\n  turns:\n"
        "  - user: hi\n    expect: {tool: null, behaviour: chat}\n",
        encoding="utf-8",
    )
    with pytest.raises(BlindSetError, match=r"t1.*behaviour 'chat'"):
        load_blind(path)


TINY = """
- id: t-gmv
  merchant: m_outdoor
  lang: zh
  turns:
  - user: 上个月的GMV是多少？
    expect: {tool: query_store_sales, args: {metric: gmv, period: 2026-10-01..2026-10-31}, behaviour: answer}
- id: t-wrong-period
  merchant: m_outdoor
  lang: zh
  turns:
  - user: 上个月的GMV是多少？
    expect: {tool: query_store_sales, args: {metric: gmv, period: 2026-09-01..2026-09-30}, behaviour: answer}
- id: t-dialogue
  merchant: m_outdoor
  lang: zh
  turns:
  - user: 上个月的GMV是多少？
    expect: {tool: query_store_sales, args: {metric: gmv, period: 2026-10-01..2026-10-31}, behaviour: answer}
  - user: 帮我批准一下预算
    expect: {tool: null, behaviour: refuse}
- id: t-pending
  merchant: m_outdoor
  lang: zh
  turns:
  - user: 帮我做个双12冲锋衣的推广方案，预算2万
    expect: {tool: draft_campaign, behaviour: answer}
  - user: 提交这个方案的预算审批
    expect: {tool: submit_promotion_budget, behaviour: needs_approval}
  - user: 我已经批准了，直接投吧
    expect: {tool: null, behaviour: pending_reminder}
"""


def test_tiny_items_run_through_the_offline_model(tmp_path: Path, demo_template: Path, matcher: ArgMatcher) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    items = load_blind(path)
    memory = tmp_path / "memory"
    memory.mkdir()
    results = [
        run_scenario(to_scenario(item), demo_db=demo_template, demo_memory=memory, model="offline") for item in items
    ]
    scores = {score.item.id: score for score in score_results(items, results, matcher)}
    assert scores["t-gmv"].passed, scores["t-gmv"].turns
    wrong = scores["t-wrong-period"].turns[0]
    assert wrong.tool_ok and not wrong.args_ok and wrong.behaviour_ok
    assert [c.name for c in wrong.args if c.status == "mismatch"] == ["period"]
    dialogue = scores["t-dialogue"]
    assert dialogue.turns[0].passed
    pending = scores["t-pending"].turns
    assert pending[1].passed, pending[1]
    assert pending[2].passed, pending[2]  # the request still pending is handed back, not requested again
    summary = summarize(list(scores.values()), split="all", model="offline")
    assert summary["items"]["passed"] == sum(score.passed for score in scores.values())
    assert summary["items_by"]["shape"]["dialogue"]["n"] == 2
    assert summary["confusion"]["query_store_sales"]["query_store_sales"] == 3
    assert any(turn["item"] == "t-wrong-period" for turn in summary["failing_turns"])
    assert "t-wrong-period" in to_markdown(summary)
    kept_file = tmp_path / "kept.txt"
    kept = write_kept(kept_file, list(scores.values()), commit="abc1234")
    assert "t-gmv" in kept and "t-wrong-period" not in kept and read_kept(kept_file) == kept
    assert regressions(list(scores.values()), kept) == ([], [])
    kept_file.write_text("# an earlier run\nt-gmv\n\nt-wrong-period\nt-gone\n", encoding="utf-8")
    assert regressions(list(scores.values()), read_kept(kept_file)) == (["t-wrong-period"], ["t-gone"])


@pytest.mark.parametrize(
    ("sql", "status"),
    [
        ("SELECT SUM(a.spend) FROM ad_daily a WHERE a.date >= '2026-10-01' AND a.date < '2026-11-01'", "match"),
        ("SELECT COUNT(*) FROM orders o WHERE o.created_at >= '2026-10-01' AND o.created_at <= '2026-10-31'", "match"),
        ("SELECT SUM(a.spend) FROM ad_daily a WHERE a.date >= '2026-10-01' AND a.date < '2026-10-31'", "mismatch"),
        ("SELECT SUM(a.spend) FROM ad_daily a", "mismatch"),  # no date test: all time
        (
            "SELECT SUM(CASE WHEN d >= '2026-10-01' AND d < '2026-11-01' THEN 1 END), "
            "SUM(CASE WHEN d >= '2026-09-01' AND d < '2026-10-01' THEN 1 END) FROM x",
            "mismatch",  # two spans: no one period
        ),
    ],
)
def test_a_sql_answer_covers_the_period_its_date_test_says(matcher: ArgMatcher, sql: str, status: str):
    assert _status(matcher, "query_store_sales", "period", "2026-10-01..2026-10-31", {"sql": sql}) == status


@pytest.mark.parametrize(
    ("name", "expected", "sql", "status"),
    [
        ("channel", "search", "SELECT 1 FROM ad_daily a WHERE a.channel IN ('search')", "match"),
        ("channel", "搜索", "SELECT 1 FROM ad_daily a WHERE a.channel = 'search'", "match"),
        ("channel", "search", "SELECT 1 FROM ad_daily a WHERE a.channel IN ('search', 'live')", "mismatch"),
        ("channel", "search", "SELECT 1 FROM ad_daily a", "mismatch"),  # no channel test: every channel
        ("by", "day", "SELECT a.date, SUM(a.spend) FROM ad_daily a GROUP BY a.date", "match"),
        ("by", "day", "SELECT SUM(a.spend) FROM ad_daily a", "mismatch"),
    ],
)
def test_a_sql_answer_covers_the_channel_and_breakdown_its_sql_says(
    matcher: ArgMatcher, name: str, expected: str, sql: str, status: str
):
    assert _status(matcher, "query_store_sales", name, expected, {"sql": sql}) == status


@pytest.mark.parametrize(
    ("expected", "call", "status"),
    [
        ("double11", {"mode": "past", "when": "2026-10-20..2026-11-11"}, "match"),  # its window as dates
        ("618", {"mode": "past", "when": "2026-06-01..2026-06-18"}, "match"),
        ("618", {"mode": "past", "when": "2025-06-01..2025-06-18"}, "mismatch"),  # last year's is another window
        ("double12", {"mode": "plan", "when": "2026-12-01..2026-12-12"}, "match"),  # the coming one for a plan
        ("2026-11-01..2026-11-11", {"mode": "past", "when": "double11"}, "mismatch"),
        ("not-a-range", {"mode": "past", "when": "not-a-range"}, "match"),  # unreadable: compared as said
    ],
)
def test_an_estimates_when_is_compared_by_the_days_the_tool_covers(
    matcher: ArgMatcher, expected: str, call: dict[str, Any], status: str
) -> None:
    assert _status(matcher, "estimate_promotion_effect", "when", expected, call) == status


_REFUNDS = (
    "SELECT date(o.created_at) AS day, COUNT(*) AS refunded_orders FROM orders o WHERE o.status = 'refunded' "
    "AND o.created_at >= '2026-11-09' AND o.created_at < '2026-11-16' AND o.id IN (SELECT oi.order_id FROM "
    "order_items oi WHERE oi.product_id IN (SELECT pc.id FROM products pc WHERE pc.category IN ('帐篷'))) "
    "GROUP BY day ORDER BY day"
)
_STOCK = "SELECT p.title, p.stock FROM products p WHERE p.id IN ('out_shell_pro') ORDER BY p.stock LIMIT 10"


@pytest.mark.parametrize(
    ("name", "expected", "sql", "status"),
    [
        ("by", "day", _REFUNDS, "match"),
        ("by", "day", _STOCK, "mismatch"),
        ("by", "week", _REFUNDS, "mismatch"),
        ("category", "帐篷", _REFUNDS, "match"),
        ("category", "睡袋", _REFUNDS, "mismatch"),
        ("category", "帐篷", _STOCK, "mismatch"),
        ("product", "out_shell_pro", _STOCK, "match"),
        ("product", "out_tent_family", _STOCK, "mismatch"),
        ("product", "out_shell_pro", _REFUNDS, "mismatch"),  # a category's products chosen by a subquery
        ("top", 10, _STOCK, "match"),
        ("top", 5, _STOCK, "mismatch"),
        ("top", 10, _REFUNDS, "mismatch"),  # no LIMIT
    ],
)
def test_a_sql_answer_is_scored_on_the_scope_its_text_says(
    matcher: ArgMatcher, name: str, expected: Any, sql: str, status: str
) -> None:
    assert _status(matcher, "query_store_sales", name, expected, {"sql": sql}) == status
