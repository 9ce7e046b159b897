"""The scope check of the eval runner and the blind scorer's "silently changed scope" column."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from evals.blind import ArgCheck
from evals.scenario import Scope, load_scenario
from evals.scope_check import check_scope
from evals.silent_scope import silently_changed

TODAY = date(2026, 11, 20)
ASKS = re.compile(r"[?？]")


def test_a_stated_scope_passes() -> None:
    answer = "上个月（2026-10-01 .. 2026-10-31）（直播）按渠道的成交额GMV（从低到高）：\n1. 直播 — ¥1"
    scope = Scope(period="last_month", filters={"channel": "live"}, by="channel", order="asc")
    assert check_scope(scope, answer, TODAY) == []


@pytest.mark.parametrize(
    ("scope", "answer", "check"),
    [
        (Scope(period="last_month"), "近30天（2026-10-22 .. 2026-11-20）的GMV是 ¥1。", "scope.period"),
        (Scope(period="2026-07-01..2026-09-30"), "GMV for this year (2026-01-01 .. 2026-11-20): ¥1.", "scope.period"),
        (Scope(filters={"category": "冲锋衣"}), "上个月的GMV是 ¥1。", "scope.filters.category"),
        (Scope(by="channel"), "GMV for last month: ¥1.", "scope.by"),
        (Scope(order="asc"), "GMV by category, highest first: 1. a", "scope.order"),
    ],
)
def test_an_answer_for_another_scope_fails(scope: Scope, answer: str, check: str) -> None:
    failures = check_scope(scope, answer, TODAY)
    assert [f.check for f in failures] == [check]


def test_a_product_filter_may_be_stated_by_its_title() -> None:
    scope = Scope(filters={"product": "out_pole_carbon"})
    answer = "碳素登山杖 上个月的销量是 3。"
    assert check_scope(scope, answer, TODAY, {"out_pole_carbon": ("碳素登山杖",)}) == []
    assert check_scope(scope, answer, TODAY)  # without the title the id is not in the answer


def test_scenarios_without_a_scope_still_load_and_a_bad_filter_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text("id: plain\nmerchant: m\nturns:\n  - user: hi\n", encoding="utf-8")
    assert load_scenario(plain).turns[0].expect.scope is None
    scoped = tmp_path / "scoped.yaml"
    scoped.write_text(
        "id: s\nmerchant: m\nturns:\n  - user: hi\n    expect:\n      scope: {period: last_month, by: channel}\n",
        encoding="utf-8",
    )
    assert load_scenario(scoped).turns[0].expect.scope == Scope(period="last_month", by="channel")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: b\nmerchant: m\nturns:\n  - user: hi\n    expect:\n      scope: {filters: {colour: red}}\n")
    with pytest.raises(ValueError, match="colour"):
        load_scenario(bad)


def test_silently_changed_scope_is_a_mismatch_nobody_mentions() -> None:
    period = [ArgCheck("period", "2026-07-01..2026-09-30", "last_30_days", "mismatch")]
    assert silently_changed(period, "GMV for last 30 days: ¥1.", [], ASKS)
    assert not silently_changed(period, 'I could not read the time "q3", so ... GMV: ¥1.', [], ASKS)
    product = [ArgCheck("product", "kayak", None, "mismatch")]
    assert not silently_changed(product, "", ["no product matches 'kayak' in this store"], ASKS)
    assert not silently_changed([ArgCheck("metric", "aov", "gmv", "mismatch")], "GMV: ¥1.", [], ASKS)
    assert not silently_changed([ArgCheck("period", "x", "x", "match")], "GMV: ¥1.", [], ASKS)
