from __future__ import annotations

from pathlib import Path

import pytest

from evals.checks import numbers_in, value_in_answer
from evals.scenario import ScenarioError, load_scenario, load_scenarios


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("GMV 是 ¥1,234,567.89", 1234567.89),
        ("约 123.5万 元", 1235000),
        ("约 3千", 3000),
        ("total $12,345", 12345),
        ("退款率 5.23%", 0.0523),
        ("refund rate 5.23％", 5.23),
        ("30k budget", 30000),
        ("change -1,200.5", -1200.5),
    ],
)
def test_numbers_in_answers(answer: str, value: float):
    assert value_in_answer(value, answer, 0.005)


def test_numbers_outside_tolerance_do_not_match():
    assert not value_in_answer(1000, "GMV 1,100", 0.005)
    assert not value_in_answer(0.0523, "5.5%", 0.005)
    assert numbers_in("a1b2") == []  # digits glued to words are not numbers


def test_text_values_match_case_insensitively():
    assert value_in_answer("Carbon Trekking Poles", "1. carbon trekking poles — ¥3", 0)
    assert not value_in_answer("帐篷", "冲锋衣", 0)


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_invalid_scenario_names_file_and_field(tmp_path: Path):
    path = _write(tmp_path, "bad.yaml", "id: x\nmerchant: m\nturns:\n  - user: hi\n    expect: {toolz: [a]}\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert "bad.yaml" in str(err.value) and "turns.0.expect.toolz" in str(err.value)


def test_turn_needs_exactly_one_action(tmp_path: Path):
    path = _write(tmp_path, "two.yaml", "id: x\nmerchant: m\nturns:\n  - user: hi\n    approve: true\n")
    with pytest.raises(ScenarioError, match="exactly one of `user` or `approve`"):
        load_scenario(path)


def test_duplicate_ids_are_refused(tmp_path: Path):
    body = "id: same\nmerchant: m\nturns:\n  - user: hi\n"
    _write(tmp_path, "a.yaml", body)
    _write(tmp_path, "b.yaml", body)
    with pytest.raises(ScenarioError, match="also used by"):
        load_scenarios([tmp_path])


def test_shipped_scenarios_are_valid():
    scenarios = load_scenarios([Path(__file__).resolve().parents[2] / "evals" / "scenarios"])
    assert scenarios and all(s.turns for s in scenarios)
