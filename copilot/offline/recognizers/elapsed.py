"""Time said to have gone by, as a preface to the question ("双十一都过去一个礼拜了 还是这样, 最近一个月哪些掉了",
"都过去半个月了, 上个月卖了多少", "it's been two weeks since the sale, what dropped last month"): how long ago
something happened, not the period asked about when the message names another one."""

from __future__ import annotations

import re
from datetime import date

from copilot.offline.recognizers.entity import Span, mask
from copilot.offline.recognizers.time import find_period

# A clause "(X) 都/已经/早就 过去 <a stretch> 了" or "<a stretch> 都/已经 过去了", and the English "it's been
# <a stretch> (since X)": the clause ends at a comma, a full stop or the end of the text.
_ELAPSED = re.compile(
    r"[^,，。;；!！?？\s]{0,8}?(?:都|已经|早就|早都|眼看)(?:快|要)?过去了?[^,，。;；!！?？\s]{1,8}?了"
    r"|[^,，。;；!！?？\s]{1,8}?(?:都|已经|早就)(?:快|要)?过去了"
    r"|\b(?:it'?s|it has|it'?s already|already) been (?:about |almost |over |more than )?"
    r"(?:a|an|one|two|three|\d+|a few|several) (?:days?|weeks?|months?)(?: since [^,.;!?]{1,30})?"
)


def elapsed_preface(text: str, today: date) -> list[Span]:
    """The spans of the clauses of `text` that say how long ago something happened, when the rest of the text
    names a period of its own; empty otherwise (then the elapsed time may be all the period there is)."""
    spans = [m.span() for m in _ELAPSED.finditer(text)]
    if not spans or find_period(mask(text, spans), today) is None:
        return []
    return spans
