"""Stated preferences -> constraints the other tools respect (rules in data/constraints.yaml).

`parse_constraints(preferences)` reads the preferences oldest first and returns only the keys it found:
    daily_budget_cap: Decimal      ("单日预算不超过5000", "daily budget under 3,000", "每天最多花5千")
    brand_color: str               ("品牌主色是墨绿", "brand colour is forest green")
    blackout_hours: list[int]      hours 0-23 with no ads ("凌晨0点到6点不投放" -> [0, 1, 2, 3, 4, 5])
    banned_words: list[str]        ("禁用词：最便宜、第一", "never use the words 'cheapest', 'best'")
    excluded_channels: list[str]   channels never planned ("推广一律不投直播", "live is not to be used"); a later
                                   "直播又可以投了" / "live is fine again" takes one off
A later amount or colour replaces an earlier one; hours, words and channels accumulate without duplicates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

from copilot.analytics.metrics import channel_value, definitions
from copilot.campaigns.config import load_config
from copilot.yaml_data import load_yaml

_QUOTED = re.compile(r"[“\"'「『‘《]([^”\"'」』’》]{1,40})[”\"'」』’》]")
_HOUR_PLACEHOLDER = re.compile(r"\{HOUR:(\w+)\}")
_CHINESE_AMOUNT = re.compile(
    r"(?<![\d.])(?=[零〇一二两三四五六七八九十百千万]*[十百千万])[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万]*"
)
# numerals of formal writing (cheques, notices: "贰仟元") read as the everyday ones
_FORMAL_NUMERALS = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟萬", "一二三四五六七八九十百千万")
_EDGE_PUNCTUATION = " \t。.!！?？:：\"'“”‘’「」『』《》()（）"


@dataclass(frozen=True)
class _Rule:
    key: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Rules:
    rules: tuple[_Rule, ...]
    units: dict[str, Decimal]
    separators: re.Pattern[str]
    trailers: re.Pattern[str]
    channel_names: re.Pattern[str]


def _expand(pattern: str, number: str, currency: str, channels: str) -> str:
    expanded = pattern.replace("{NUM}", number).replace("{CUR}", currency).replace("{CHANNELS}", channels)
    return _HOUR_PLACEHOLDER.sub(
        lambda m: rf"(?P<{m.group(1)}>[01]?\d|2[0-4])(?::00)?\s*(?P<{m.group(1)}_ampm>am|pm|a\.m\.|p\.m\.)?",
        expanded,
    )


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw: dict[str, Any] = load_yaml(
        resources.files("copilot.memory").joinpath("data/constraints.yaml").read_text("utf-8")
    )
    units = {str(name).lower(): Decimal(str(value)) for name, value in raw["units"].items()}
    unit_alternatives = "|".join(re.escape(name) for name in sorted(units, key=len, reverse=True))
    paid = load_config().platform
    said = (str(n) for c, ns in definitions()["channels"].items() if c in paid for n in ns)
    names = sorted(said, key=len, reverse=True)
    name = "|".join(re.escape(n) for n in names)
    channels = rf"(?P<list>(?:{name})(?:\s*(?:[、,，/&+]|和|与|跟|及|或|\band\b|\bor\b)\s*(?:{name}))*)"
    number = rf"(?P<amount>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>{unit_alternatives})?"
    rules = tuple(
        _Rule(
            key=key,
            kind=spec["kind"],
            patterns=tuple(
                re.compile(_expand(p, number, raw["currency"], channels), re.IGNORECASE) for p in spec["patterns"]
            ),
        )
        for key, spec in raw["constraints"].items()
    )
    return _Rules(
        rules=rules,
        units=units,
        separators=re.compile(raw["word_separators"], re.IGNORECASE),
        trailers=re.compile(raw["word_trailers"], re.IGNORECASE),
        channel_names=re.compile(name, re.IGNORECASE),
    )


def _amount(match: re.Match[str], units: dict[str, Decimal]) -> Decimal | None:
    try:
        value = Decimal(match.group("amount").replace(",", ""))
    except InvalidOperation:
        return None
    unit = match.group("unit")
    if unit:
        value *= units[unit.lower()]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _in_digits(text: str) -> str:
    """Amounts said in Chinese numerals, everyday or formal, written in digits ("不超过两千", "不得超过贰仟" ->
    2000), for the amount rules."""
    import cn2an

    def digits(match: re.Match[str]) -> str:
        try:
            value = cn2an.cn2an(match.group(), "smart")
        except (ValueError, KeyError, IndexError):
            return match.group()
        return str(int(value)) if float(value).is_integer() else str(value)

    return _CHINESE_AMOUNT.sub(digits, text.translate(_FORMAL_NUMERALS))


def _hour(value: str, ampm: str | None) -> int:
    hour = int(value)
    marker = (ampm or "").lower().replace(".", "")
    if marker == "pm" and hour < 12:
        hour += 12
    elif marker == "am" and hour == 12:
        hour = 0
    return hour % 24


def _hours(match: re.Match[str]) -> list[int]:
    start = _hour(match.group("start"), match.group("start_ampm"))
    end = _hour(match.group("end"), match.group("end_ampm"))
    span = (end - start) % 24 or 24
    return sorted((start + offset) % 24 for offset in range(span))


def _words(match: re.Match[str], rules: _Rules) -> list[str]:
    listed = match.group("list")
    quoted = _QUOTED.findall(listed)
    candidates = quoted or rules.separators.split(listed)
    words: list[str] = []
    for candidate in candidates:
        word = rules.trailers.sub("", candidate.strip(_EDGE_PUNCTUATION)).strip(_EDGE_PUNCTUATION)
        if word and word not in words:
            words.append(word)
    return words


def _channels(rule: _Rule, said: str, rules: _Rules) -> list[str]:
    """Every channel the rule's patterns name anywhere in `said` ("不做推荐，也不要用搜索": both)."""
    lists = (m.group("list") for pattern in rule.patterns for m in pattern.finditer(said))
    named = (channel_value(name) for listed in lists for name in rules.channel_names.findall(listed))
    return list(dict.fromkeys(key for key in named if key is not None))


def parse_constraints(preferences: list[str]) -> dict[str, Any]:
    """Constraints found in `preferences` (oldest first), per the module contract."""
    rules = _rules()
    found: dict[str, Any] = {}
    for preference in preferences:
        names_channels = False
        for rule in rules.rules:
            if rule.kind == "words" and names_channels:
                continue
            said = _in_digits(preference) if rule.kind == "amount" else preference
            match = next((m for p in rule.patterns if (m := p.search(said))), None)
            if match is None:
                continue
            if rule.kind == "amount":
                amount = _amount(match, rules.units)
                if amount is not None and amount > 0:
                    found[rule.key] = amount
            elif rule.kind == "text":
                found[rule.key] = match.group("value").strip()
            elif rule.kind == "hours":
                found[rule.key] = sorted(set(found.get(rule.key, [])) | set(_hours(match)))
            elif rule.kind == "channels":
                names_channels = True
                kept = list(found.get(rule.key, []))
                found[rule.key] = kept + [c for c in _channels(rule, said, rules) if c not in kept]
            elif rule.kind == "channels_lifted":
                names_channels = True
                lifted = _channels(rule, said, rules)
                found["excluded_channels"] = [c for c in found.get("excluded_channels", []) if c not in lifted]
            elif rule.kind == "words":
                merged = list(found.get(rule.key, []))
                merged.extend(w for w in _words(match, rules) if w not in merged)
                found[rule.key] = merged
            else:
                raise ValueError(f"constraints.yaml: unknown kind {rule.kind!r} for {rule.key}")
    return found
