"""The advertising-law checker: banned words (ad_law.yaml plus the merchant's own) found, reported, scrubbed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from copilot.creatives.config import ad_law_rules
from copilot.i18n.language import CJK


@dataclass(frozen=True)
class Violation:
    """A banned word found in a text: the word as written, its character offset, and the rule it breaks."""

    word: str
    position: int
    rule: str


class AdLawChecker:
    """Finds banned words: ad_law.yaml plus ``extra_words`` (the merchant's own, rule ``merchant``).

    Chinese words match anywhere; Latin words match whole words, case-insensitively. At one position the
    longest word wins, and matches do not overlap.
    """

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        rules: dict[str, str] = {}
        for rule_id, (article, words) in ad_law_rules().items():
            for word in words:
                rules.setdefault(word.casefold(), f"{rule_id}: {article}")
        for word in extra_words:
            word = word.strip()
            if word:
                rules.setdefault(word.casefold(), "merchant: the merchant's own banned word")
        self._rules = rules
        alternatives = [word_pattern(word) for word in sorted(rules, key=len, reverse=True)]
        self._pattern = re.compile("|".join(alternatives), re.IGNORECASE)

    def check(self, text: str) -> list[Violation]:
        return [
            Violation(match.group(), match.start(), self._rules[match.group().casefold()])
            for match in self._pattern.finditer(text)
        ]

    def scrub(self, text: str) -> str:
        """``text`` with every banned word deleted (repeated until nothing banned is left) and tidied."""
        for _ in range(8):
            if not self.check(text):
                break
            text = self._pattern.sub("", text)
        text = re.sub(r"\s{2,}", " ", text)
        text = re.sub(r"^[\s，。、；：！？,.;:!?|｜-]+|[\s，、；：,;:|｜-]+$", "", text)
        if self.check(text):
            raise RuntimeError(f"could not remove banned words from {text!r}")
        return text


def word_pattern(word: str) -> str:
    escaped = re.escape(word)
    if CJK.search(word):
        return escaped
    return rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])"


@lru_cache(maxsize=64)
def cached_checker(extra_words: tuple[str, ...] = ()) -> AdLawChecker:
    return AdLawChecker(extra_words)


def check_ad_copy(text: str, extra_words: Iterable[str] = ()) -> list[Violation]:
    """The banned words of the PRC Advertising Law (ad_law.yaml) and of ``extra_words`` in ``text``,
    in order, each with its position and rule. [] means the text is clean."""
    return cached_checker(tuple(sorted(set(extra_words)))).check(text)


@dataclass(frozen=True)
class InputViolation:
    """Merchant-supplied text that was kept out of the creatives because of banned words."""

    source: str
    text: str
    violations: tuple[Violation, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "text": self.text,
            "violations": [{"word": v.word, "position": v.position, "rule": v.rule} for v in self.violations],
        }
