"""Estimates asked in chat words with a sum: simulated ("模拟", "simulate"), the numbers run ("跑一下numbers"), a
forecast asked as 预测, what effect a sum has ("投1万什么效果"); and how good the copilot's forecasts have been."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "text", "budget"),
    [
        ("m_pet", "帮我模拟下 投1.2万 下周会咋样", 12000),
        ("m_outdoor", "simulate 7k on the tents for next week", 7000),
        ("m_baby", "跑一下 4k 的 numbers 看看", 4000),
        ("m_pet", "can you run the numbers on 3k next week", 3000),
        ("m_outdoor", "出个1万的投放预测", 10000),
        ("m_baby", "下周投2万什么效果", 20000),
    ],
)
def test_a_sum_simulated_or_its_effect_asked_is_an_estimate(merchant: str, text: str, budget: int) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "estimate_promotion_effect"
    assert args.get("mode") == "plan" and args.get("budget") == budget


@pytest.mark.parametrize(
    "text", ["how well have your estimates held up here?", "How good were the predictions you gave us"]
)
def test_how_good_the_forecasts_were_is_the_track_record(text: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "estimate_promotion_effect"
    assert args.get("mode") == "track_record"
