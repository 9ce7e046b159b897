"""The language a merchant wrote in, which is the language of what is shown back (answers, charts)."""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["zh", "en"]

CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[a-zA-Z]+")


def language_of(text: str) -> Lang:
    """ "zh" when the text has at least as many CJK characters as Latin words ("GMV of 露营灯 last month" is
    English, "上个月的GMV" Chinese), else "en"."""
    cjk = len(CJK.findall(text))
    return "zh" if cjk and cjk >= len(_LATIN_WORD.findall(text)) else "en"


def has_cjk(text: str) -> bool:
    """Whether the text has a CJK character (its script, not the language of a sentence: see language_of)."""
    return CJK.search(text) is not None


def cjk_language(*texts: str) -> Lang:
    """ "zh" when any of the texts has a CJK character (a merchant's or product's name), else "en"."""
    return "zh" if any(has_cjk(text) for text in texts) else "en"
