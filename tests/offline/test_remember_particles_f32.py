"""A rule told with a particle after 记住/记下 ("记住嘛，…", Hainan and Sichuan speech) is remembered — was read as
"do you remember?" and recalled, so a spending cap the merchant stated was never kept (fresh32). Asked with 你/还/了
it stays a question."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("记住嘛，投广告一天别超过两千五", "投广告一天别超过两千五"),
        ("记下嘛 以后直播不要投了", "以后直播不要投了"),
    ],
)
def test_a_rule_told_with_a_particle_is_remembered(said: str, kept: str) -> None:
    assert first_call("m_baby", said) == ("remember_preference", {"text": kept})


@pytest.mark.parametrize("asked", ["你还记得嘛，我定的每天上限", "记住了嘛我上回说的规矩"])
def test_asked_whether_it_remembers_it_recalls(asked: str) -> None:
    assert first_call("m_baby", asked)[0] == "recall_preferences"
