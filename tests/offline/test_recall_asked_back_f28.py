"""The kept preferences asked back in passing, with a reason or a plan around them: recall_preferences — never a new
preference kept, never a draft, never a sales query."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    "text",
    [
        "i said summat about spend limits ages ago, what was it",
        "I tell you max 2000 yuan one time for the ads, you remember?",
        "Which limits have we given you so far? need to check before I do the spring plan",
        "our old manager put in a cap on daily spend once, which rules are saved now?",
        "what preferences are stored, I'm new here",
    ],
)
def test_preferences_asked_back_are_recalled(text: str) -> None:
    assert first_call("m_pet", text) == ("recall_preferences", {})
