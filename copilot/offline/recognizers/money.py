"""Amounts of money in merchants' words: "8,000", "¥8000", "1.5万", "8k", "12,500 yuan", "RMB 5,000", "八千块".

An amount is a number with a unit (万/千/w/k/元/块/yuan/rmb/cny) or a currency sign before it, or a bare number
right after a money cue ("预算8000", "budget of 8000"). Thousands separators ("8,000", "10 000") are read as
part of the number. The text is normalised first (`nlu.normalise`: Chinese numerals already in digits).
"""

from __future__ import annotations

import re
from functools import cache

from copilot.offline.lexicon import lexicon
from copilot.offline.recognizers.entity import Entity

_NUMBER = r"(?P<n>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?![\d.])|\d+(?:\.\d+)?)"
_UNIT = r"\s*(?P<unit>万元?|千元?|元|块钱?|w(?![a-z])|k(?![a-z])|rmb\b|cny\b|yuan\b|dollars?\b)?"
_SIGN = r"(?P<sign>[¥￥$]|\brmb\s*|\bcny\s*)?"
_AMOUNT = re.compile(r"(?<![\d.,])" + _SIGN + _NUMBER + _UNIT)
_MULTIPLIERS = {"万": 10000, "w": 10000, "千": 1000, "k": 1000}


@cache
def _cues() -> tuple[str, ...]:
    return tuple(str(cue) for cue in lexicon().raw["money_cues"])


def _value(number: str, unit: str | None) -> int | float:
    amount = float(re.sub(r"[,， ]", "", number)) * _MULTIPLIERS.get((unit or "")[:1], 1)
    return int(amount) if amount.is_integer() else round(amount, 2)


def find_money(text: str) -> list[Entity]:
    """Every amount of money in the normalised text, in order (negative amounts kept as said)."""
    found: list[Entity] = []
    for match in _AMOUNT.finditer(text):
        unit, sign = match.group("unit"), match.group("sign")
        before = text[: match.start()].rstrip("-−负").rstrip(" :：是为了")
        if unit is None and sign is None and not before.endswith(_cues()):
            continue
        value = _value(match.group("n"), unit)
        negative = text[: match.start()].endswith(("-", "−", "负"))
        found.append(Entity("money", -value if negative else value, (match.start(), match.end())))
    return found
