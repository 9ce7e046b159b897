"""Whole turns of the fresh44 ad themes: new copy described by an absolute claim is written without it and the
answer says so; an audience named by an English or Chinese scene word finds that scene's shoppers."""

from __future__ import annotations

import pytest

from copilot.service import Copilot


@pytest.mark.parametrize(
    ("merchant", "text", "claim"),
    [("m_baby", "来一条全国第一的奶瓶文案", "全国第一"), ("m_outdoor", "写两条销量第一的帐篷文案", "销量第一")],
)
def test_copy_described_by_an_absolute_claim_is_written_without_it(
    copilot: Copilot, merchant: str, text: str, claim: str
) -> None:
    result = copilot.ask(merchant, "t", text)
    assert result.tools_called == ["generate_creatives"]
    note, _, copy = result.answer.partition("\n\n")
    assert claim in note and "广告法" in note
    assert claim not in copy


@pytest.mark.parametrize("audience", ["target trekkers", "target people who go hiking", "人群改成徒步爱好者"])
def test_an_audience_named_by_a_scene_word_finds_that_scenes_shoppers(copilot: Copilot, audience: str) -> None:
    copilot.ask("m_outdoor", "t", "draft an event campaign for double 12, 20k, search and recommend only")
    result = copilot.ask("m_outdoor", "t", audience)
    assert result.tools_called == ["draft_campaign"]
    assert "no audience found" not in result.answer and "没有找到" not in result.answer
