"""The offline answer for a period before the store's first order: no data, never a figure of 0 (own payloads)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from copilot.offline.nlu import Parse
from copilot.offline.sales_answer import write_sales as _write_sales
from copilot.offline.turn import TurnSoFar


def _answer(lang: str, periods: dict[str, Any], previous: float | None = None, total: float = 0.0) -> str:
    summary: dict[str, Any] = {"total": total, "unit": "currency", "currency": "CNY", "label_zh": "成交额GMV",
                               "label_en": "GMV", "before_history": {"first_order_day": "2025-10-01",
                                                                     "periods": periods}}  # fmt: skip
    if previous is not None:
        summary["total_previous"] = previous
    payload = {"columns": ["gmv"], "rows": [[0.0]], "metric": "gmv", "summary": summary,
               "period": {"label_zh": "2024年", "label_en": "2024"}}  # fmt: skip
    result = ToolMessage("ok", tool_call_id="c1", name="query_store_sales", artifact=payload)
    turn = TurnSoFar(parse=Parse("sales_query", {}, lang), calls=[], results={})
    return _write_sales(lang, {"name": "query_store_sales", "args": {}}, result, turn)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_period_wholly_before_the_first_order_has_no_data_and_no_zero(lang: str) -> None:
    answer = _answer(lang, {"period": {"from": "2024-01-01", "to": "2024-12-31", "whole": True}})
    assert ("没有数据" in answer) if lang == "zh" else answer.startswith("No data for 2024")
    assert "2025-10-01" in answer and "¥0" not in answer and " 0。" not in answer and ": 0." not in answer


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_period_partly_before_keeps_its_figure_and_a_note(lang: str) -> None:
    answer = _answer(lang, {"period": {"from": "2025-09-01", "to": "2025-10-31", "whole": False}}, total=1234.5)
    assert "1,234.50" in answer and "2025-10-01" in answer
