"""One rule decides the language of a merchant's words (copilot.i18n.language.language_of): the agent graph,
the chat service, the offline model and its period recognizers read a sentence the same way, so "GMV of 露营灯
last month" is English to all of them and "上个月的GMV" Chinese."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot import graph, service
from copilot.clock import DEMO_TODAY
from copilot.i18n.language import language_of
from copilot.offline import nlu
from copilot.offline.nlu import Catalog, parse

TEXTS = {
    "GMV of 露营灯 last month": "en",
    "上个月的GMV": "zh",
    "露营灯上个月卖了多少": "zh",
    "how many 猫粮 orders yesterday": "en",
    "top 5 products": "en",
    "双11 GMV": "zh",
    "sales of 冲锋衣 by channel last month": "en",
}
CATALOG = Catalog(products=[("p1", "露营灯", "camping lantern", "露营")], categories=["露营"], regions=[])


@pytest.mark.parametrize(("text", "lang"), TEXTS.items())
def test_every_user_reads_the_language_of_a_sentence_alike(text: str, lang: str) -> None:
    assert language_of(text) == lang
    assert graph._turn_language([HumanMessage(text), AIMessage("好的")]) == lang
    assert nlu.detect_language(text) == lang
    assert parse(text, catalog=CATALOG, today=DEMO_TODAY).lang == lang


def test_the_service_and_the_offline_model_use_the_one_rule() -> None:
    assert service.language_of is language_of
    assert graph.language_of is language_of
    assert nlu.detect_language is language_of
