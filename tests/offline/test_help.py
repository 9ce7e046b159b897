"""`help` lists every capability the copilot was given: one line per tool of the toolset, in both languages."""

from __future__ import annotations

import pytest

from copilot.offline import answers
from copilot.service import Copilot
from copilot.toolset import default_toolset


@pytest.mark.parametrize(("question", "lang"), [("你能做什么？", "zh"), ("what can you do?", "en")])
def test_help_lists_every_tool_of_the_toolset(copilot: Copilot, question: str, lang: str):
    tools = [tool.name for tool in default_toolset().model_tools]
    answer = copilot.ask("m_outdoor", f"help-{lang}", question).answer
    bullets = [line for line in answer.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(tools) == 10
    for tool, bullet in zip(tools, bullets, strict=True):
        line = answers.help_text(lang, [tool]).splitlines()[1]
        assert bullet[:-1] == line[:-1] and tool not in bullet
