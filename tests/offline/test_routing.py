"""Intent routing by nearest exemplars: requests the word rules leave unsupported still reach their tool."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import Catalog, Parse
from copilot.offline.routing import ask_which, understand

CATALOG = Catalog(
    products=[("p_tent", "双人帐篷", "two-person tent", "帐篷"), ("p_lamp", "露营灯", "camping lantern", "灯具")],
    categories=["帐篷", "灯具"],
    regions=["浙江"],
)


def _understand(text: str, history: list[Parse] | None = None) -> Parse:
    return understand(text, catalog=CATALOG, today=DEMO_TODAY, history=history or [])


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("给双人帐篷做个推广，预算一万二", "campaign"),
        ("店里最近买卖咋样", "sales_query"),
        ("how's business been lately", "sales_query"),
        ("露营灯写几句吸引人的话，再配两张图", "creatives"),
        ("what rules did I tell you to keep", "preferences"),
    ],
)
def test_unruled_wording_is_routed(text: str, intent: str) -> None:
    understood = _understand(text)
    assert understood.intent == intent


def test_a_routed_campaign_keeps_its_slots() -> None:
    understood = _understand("给双人帐篷做个推广，预算一万二")
    assert understood.slots["product"] == "p_tent"
    assert understood.slots["budget"] == 12000
    assert understood.missing == []


def test_out_of_scope_stays_unsupported() -> None:
    assert _understand("帮我订一张去成都的火车票").intent == "unsupported"


def test_the_question_names_both_readings() -> None:
    question = ask_which(Parse(intent="clarify", slots={"readings": ["campaign", "budget"]}, lang="en"))
    assert "draft a campaign plan" in question
    assert "submit the promotion budget" in question


def test_exemplar_vectors_are_cached_in_the_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from copilot.offline import routing

    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(routing, "_embed", lambda texts: np.ones((len(texts), 4), dtype=np.float32))
    routing._exemplar_vectors(["a fresh exemplar", "another"])
    assert len(list((tmp_path / "data" / "cache" / "routing").glob("exemplars-*.npy"))) == 1
    assert not home.exists()
