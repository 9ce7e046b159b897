"""Chinese words typed in toneless pinyin inside other text ("zuotian xiaoshou e how much", "tuikuan lü by channel",
"kucun naiping still how many"), written back in characters before the text is read.

Contracts:
- The words are those the offline model already reads: every plain literal of two or more CJK characters among the
  metric and breakdown synonyms (copilot/analytics/metrics.yaml), the period words (periods.yaml), the lexicon and
  intent words (channels, actions: 预算, 提交, 广告, 客户, 库存, …) and the catalog's category names and aliases
  (copilot/catalog/aliases.yaml). Regular expressions are not words and are left out. Their sounds come from the
  catalog's pinyin tables (`copilot.catalog.sounds`), once per process: a turn costs one scan of its Latin words.
- A run of one to four Latin words is rewritten only when, joined, it spells one of those words of two or more
  syllables exactly ("xiaoshou e", "xiaoshoue", "tuikuan lü", "tuikuanlv", "tuikuanlu"). One syllable is never
  enough ("ma", "can", "long" stay), and a run made only of English words ("women", "panda", "he men") stays.
- "ka", "na", "la", "lah" said at the end of a clause ("how many ka", "Zhejiang na?") are courtesy, dropped.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from copilot.yaml_data import load_yaml

_LATIN = re.compile(r"[a-zü]+")
_LONGEST = 4  # Latin words in one run
_FILLER = re.compile(r"(?<=\S)[ \t]+(?:ka|na|lah|la)\b(?=\s*(?:$|[?？,，.。!！;；:]))")


def _literals(node: Any, found: dict[str, None]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _literals(key, found)
            _literals(value, found)
    elif isinstance(node, list):
        for value in node:
            _literals(value, found)
    elif isinstance(node, str):
        for word in _runs(node):
            found.setdefault(word)


def _runs(pattern: str) -> list[str]:
    """The literal runs of two or more CJK characters of a synonym (a plain word, or the fixed parts of a regular
    expression: 订单 of '多少订单|[订定]单量', never the letters of a class nor a character made optional)."""
    runs: list[str] = []
    depth, run, escaped = 0, "", False
    for ch in pattern + " ":
        if "\u4e00" <= ch <= "\u9fff" and not depth and not escaped:
            run += ch
            continue
        if ch in "?*{" and run:
            run = run[:-1]
        if len(run) >= 2:
            runs.append(run)
        run = ""
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
    return [r for r in runs if len(r) <= 6]


def _yaml(package: str, name: str) -> Any:
    return load_yaml(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


@cache
def known_words() -> tuple[str, ...]:
    """The Chinese words of two or more characters the model reads (plain literals of its vocabulary files)."""
    found: dict[str, None] = {}
    for package, name in (
        ("copilot.analytics", "metrics.yaml"),
        ("copilot.offline.data", "periods.yaml"),
        ("copilot.offline.data", "lexicon.yaml"),
        ("copilot.offline.data", "intents.yaml"),
        ("copilot.catalog", "aliases.yaml"),
    ):
        data = _yaml(package, name)
        for place in ("regions", "region_groups"):  # read by their own names; "shanxi" is 山西 or 陕西
            data.pop(place, None)
        _literals(data, found)
    return tuple(found)


@cache
def _spelled() -> tuple[dict[str, str], frozenset[str]]:
    """Joined toneless pinyin ("tuikuanlv", "tuikuanlu") -> the word, and every beginning of those spellings."""
    from copilot.catalog.sounds import name_sounds

    table: dict[str, str] = {}
    for word, sounds in name_sounds(known_words()).items():
        if len(sounds) < 2 or not all(s.isascii() and s.isalpha() for s in sounds):
            continue
        joined = "".join(sounds)
        for key in (joined, joined.replace("v", "u")):
            table.setdefault(key, word)  # one spelling of two words (订单, 定单): the first file's word
    return table, frozenset(key[:n] for key in table for n in range(1, len(key) + 1))


def _english(word: str) -> bool:
    from copilot.offline.pos import english_tags

    return bool(english_tags(word))


def _spelling_at(text: str, words: list[re.Match[str]], i: int) -> tuple[int, str] | None:
    """The longest run of Latin words from the `i`th that spells a known word: (its length in words, the word)."""
    table, beginnings = _spelled()
    joined, ends = "", []
    for n in range(i, min(i + _LONGEST, len(words))):
        if n > i and not text[words[n - 1].end() : words[n].start()].isspace():
            break  # only words parted by spaces make one run
        joined += words[n].group().replace("ü", "v")
        if joined not in beginnings:
            break
        if joined in table:
            ends.append((n, table[joined]))
    start = words[i].start()
    for n, word in reversed(ends):
        end = words[n].end()
        if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue  # "3ka", "lv2": part of a longer token
        if not all(_english(m.group()) for m in words[i : n + 1]):
            return n + 1 - i, word
    return None


def rewritten(text: str) -> str:
    """`text` (lower case) with the pinyin spellings of known Chinese words in characters and end-of-clause
    courtesy fillers dropped."""
    text = _FILLER.sub("", text)
    words = list(_LATIN.finditer(text))
    out: list[str] = []
    last = i = 0
    while i < len(words):
        found = _spelling_at(text, words, i)
        if found is None:
            i += 1
            continue
        size, word = found
        out.append(text[last : words[i].start()])
        out.append(word)
        last = words[i + size - 1].end()
        i += size
    out.append(text[last:])
    return "".join(out)
