"""Chinese typed word by word with spaces, as voice transcripts and some phones write it, is read as if typed
together; a few spaces between longer chunks keep their boundary."""

from __future__ import annotations

from copilot.offline.nlu import normalise
from tests.offline.planned import sales_args


def test_a_measure_word_counts_units_when_each_word_is_spaced() -> None:
    args = sales_args("m_pet", "嗯 猫砂 这个月 一共 卖了 多少袋")
    assert args["metric"] == "units"
    assert args["period"] == "this_month"


def test_a_channel_asked_word_by_word_is_read() -> None:
    args = sales_args("m_outdoor", "嗯 搜索 那边 上周 卖了 多少 钱")
    assert args["channel"] == "search"


def test_a_few_spaces_between_chunks_stay() -> None:
    assert normalise("品类 排名 本月") == "品类 排名 本月"
    assert " " in normalise("帮我看下 上个月卖得最好的 几款帐篷")
