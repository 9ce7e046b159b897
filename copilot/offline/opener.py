"""The words a message opens with to call the copilot or to exclaim ("丫头子，店里一共…", "亚克西！双11…"): they
name nothing asked about, so they are read as no product, period or metric."""

from __future__ import annotations

import re
from datetime import date

from copilot.i18n.language import CJK
from copilot.offline.lexicon import asks_or_names_a_figure
from copilot.offline.matching import Catalog
from copilot.offline.recognizers import time as time_recognizer
from copilot.offline.recognizers.entity import Span

_OPENING = re.compile(r"^\s*([^,!?.:;#\d]{1,12}?)\s*(!+|,)\s*")
# the rest of the message asks about the whole store, so the words before the comma are said to someone, not asked
_WHOLE_STORE = re.compile(
    r"店里|全店|整店|店铺|咱(?:家|店|们店)|我们(?:店|家)|一共|总共|整体|总体"
    r"|\b(?:the|our|my) (?:store|shop)\b|\boverall\b|\bin total\b"
)
MAX_ZH_CHARS = 5
MAX_EN_WORDS = 2


def opening_address(norm: str, catalog: Catalog, today: date) -> Span | None:
    """The span of the opening words (with their comma or exclamation mark) when they are a call or an exclamation:
    short, naming no catalog item, period or metric, and followed by an exclamation mark, or by a comma and a
    question about the whole store; None otherwise ("帐篷，上周卖了多少" names what is asked)."""
    opening = _OPENING.match(norm)
    if opening is None or not norm[opening.end() :].strip():
        return None
    said = opening.group(1).strip()
    if opening.group(2) == "," and not _WHOLE_STORE.search(norm[opening.end() :]):
        return None
    too_long = len(said) > MAX_ZH_CHARS if CJK.search(said) else len(said.split()) > MAX_EN_WORDS
    if not said or too_long:
        return None
    if asks_or_names_a_figure(said):
        return None
    found = catalog.index.match(said)
    if found.product or found.category or found.categories or found.spans:
        return None
    return None if time_recognizer.find_period(said, today) is not None else opening.span()
