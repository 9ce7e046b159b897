"""The language a merchant wrote in, which is the language of what is shown back (answers, charts)."""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["zh", "en"]

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[a-zA-Z]+")


def language_of(text: str) -> Lang:
    """ "zh" when the text has at least as many CJK characters as Latin words ("GMV of 露营灯 last month" is
    English, "上个月的GMV" Chinese), else "en"."""
    cjk = len(_CJK.findall(text))
    return "zh" if cjk and cjk >= len(_LATIN_WORD.findall(text)) else "en"


def cjk_language(*texts: str) -> Lang:
    """ "zh" when any of the texts has a CJK character (a merchant's or product's name), else "en"."""
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for text in texts for ch in text) else "en"
