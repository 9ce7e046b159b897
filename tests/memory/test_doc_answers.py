"""Questions about the demo documents through the graph with the offline model: the answer quotes the sentence
that answers with its document's title, leaves out retrieved passages that do not answer, and says plainly when
nothing in the documents answers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.clock import DEMO_TODAY
from copilot.config import Settings
from copilot.service import Copilot, open_copilot


@pytest.fixture
def copilot(demo_template: Path, demo_memory_settings: Settings) -> Iterator[Copilot]:
    data_dir = demo_memory_settings.data_dir
    db = data_dir / "store.db"
    shutil.copyfile(demo_template, db)
    settings = Settings(data_dir=data_dir, db_url=f"sqlite:///{db}", model="offline", today=DEMO_TODAY)
    with open_copilot(settings) as opened:
        yield opened


def _quoted_lines(answer: str) -> list[str]:
    return [line for line in answer.splitlines() if line.startswith("- ")]


def test_a_chinese_question_is_answered_with_the_sentence_and_its_document(copilot: Copilot) -> None:
    result = copilot.ask("m_baby", "docs-zh", "退货运费谁出？")
    assert result.tools_called == ["search_merchant_docs"]
    retrieved = {p["title"] for p in result.tool_results[0]["payload"]["passages"]}
    assert "双11 2025 推广复盘 Double 11 2025 Campaign Review" in retrieved
    assert _quoted_lines(result.answer) == [
        "- “无理由退货：退货运费由买家承担，运费险最高赔付 15 元。”——《小贝壳退换货政策 Return Policy》"
    ]
    assert "段" not in result.answer and "双11" not in result.answer


def test_an_english_question_is_answered_with_the_sentence_and_its_document(copilot: Copilot) -> None:
    result = copilot.ask("m_outdoor", "docs-en", "who pays return shipping?")
    assert result.tools_called == ["search_merchant_docs"]
    assert result.answer.startswith("Your documents say:")
    quoted = _quoted_lines(result.answer)
    assert len(quoted) == 1
    assert "the buyer pays return shipping unless the item is defective" in quoted[0]
    assert quoted[0].endswith("— 山野行退换货政策 Return Policy")
    assert "§" not in result.answer and "618" not in result.answer


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("does the return policy say anything about gift cards?", "Nothing in your documents answers"),
        ("退货政策里关于发票怎么说？", "您的文档里没有能回答"),
    ],
)
def test_a_question_the_documents_do_not_answer_is_told_so(copilot: Copilot, question: str, plain: str) -> None:
    result = copilot.ask("m_outdoor", "docs-none", question)
    assert result.tools_called == ["search_merchant_docs"]
    assert result.tool_results[0]["payload"]["passages"]
    assert result.answer.startswith(plain)
    assert not _quoted_lines(result.answer)
