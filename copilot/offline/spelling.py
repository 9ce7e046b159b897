"""Typing slips in the English words of the semantic layer ("refnd rate", "converson", "avg ordr valu") and in month
names ("novmber"), put right before the words are read. Only a word that is no word of the vocabulary is changed,
only into one vocabulary word (of the metric and breakdown synonyms of `copilot/analytics/metrics.yaml`, and the
month names of the period words) it is a slip of: a letter or two left out, two letters swapped, or in a long word
one letter mistyped. Ordinary words that are one letter away from a metric word by another change ("older" and
"order"), and any word of the English lexicon ("send" beside "spend"), stay as they are. Shorthand of time words
("last mnth", "this yr", "wk by wk", "L30D") is written out first (`language.shorthand_en` of the lexicon).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from rapidfuzz.distance import OSA

from copilot.analytics.metrics import synonyms
from copilot.offline.lexicon import lexicon
from copilot.offline.pos import english_tags

_WORD = re.compile(r"[a-z]{4,}")
_SHORTEST = 5  # metric words shorter than this (breakdown words: one letter longer) are too close to ordinary words
_LONG = 8  # from this length a word may lose two letters or have one mistyped


@cache
def _vocabulary() -> frozenset[str]:
    words: set[str] = set()
    sections: tuple[tuple[Literal["metrics", "dimensions"], int], ...] = (
        ("metrics", _SHORTEST),
        ("dimensions", _SHORTEST + 1),
    )
    for section, shortest in sections:
        for patterns in synonyms(section).values():
            for pattern in patterns:
                plain = re.sub(r"\\[a-z]|\(\?[^)]*\)|\[[^]]*\]", " ", pattern)  # escapes, look-arounds, classes
                words.update(w for w in re.findall(r"[a-z]+", plain) if len(w) >= shortest and not w.endswith("ed"))
    words.update(m for m in lexicon().periods["month_names"] if len(m) >= _SHORTEST)  # "novmber", "septmber"
    return frozenset(words)


@cache
def _known() -> frozenset[str]:
    return _vocabulary() | frozenset(lexicon().raw["language"]["not_a_name_en"])


def _slip_of(typed: str, word: str) -> bool:
    if word == typed + "s":
        return False  # the singular is a word of its own
    if typed[0] != word[0] or not 0 < len(word) - len(typed) <= (2 if len(word) >= _LONG else 1):
        if len(typed) != len(word):
            return False
        swapped = sorted(typed) == sorted(word) and OSA.distance(typed, word) == 1
        return swapped or (len(word) >= _LONG and typed[0] == word[0] and OSA.distance(typed, word) == 1)
    return OSA.distance(typed, word) == len(word) - len(typed)  # only letters left out


def _corrected(typed: str) -> str:
    if typed in _known() or english_tags(typed):
        return typed  # a word of the vocabulary, or of English ("send" is no slip of "spend")
    slips = sorted((OSA.distance(typed, word), word) for word in _vocabulary() if _slip_of(typed, word))
    if not slips or (len(slips) > 1 and slips[1][0] == slips[0][0]):
        return typed
    return slips[0][1]


@cache
def _shorthand() -> tuple[tuple[re.Pattern[str], str], ...]:
    table = lexicon().raw["language"]["shorthand_en"]
    return tuple((re.compile(pattern), str(full)) for pattern, full in table.items())


def corrected(text: str) -> str:
    """`text` (normalised, lower case) with shorthand written out and slips in metric and breakdown words put
    right."""
    for pattern, full in _shorthand():
        text = pattern.sub(full, text)
    return _WORD.sub(lambda m: _corrected(m.group()), text)
