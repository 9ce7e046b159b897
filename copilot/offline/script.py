"""Traditional characters and dialect words (Cantonese, Wu, Northeastern, Sichuan, Taiwan) read as the simplified
Mandarin the offline model's vocabulary is written in (data/cantonese.yaml; the character table is jionlp's, read
from its wheel without importing jionlp)."""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from copilot.i18n.language import CJK as _CJK
from copilot.yaml_data import load_yaml

_ONLY_DIGITS = re.compile(r"[\d\s?？!！.。,，]*")


@cache
def _spec() -> dict[str, Any]:
    data = resources.files("copilot.offline").joinpath("data", "cantonese.yaml").read_text(encoding="utf-8")
    return dict(load_yaml(data))


@cache
def _tables() -> tuple[re.Pattern[str], dict[str, str], dict[int, str], re.Pattern[str], dict[str, str]]:
    spec = _spec()
    char_to: dict[str, str] = {}
    always = {char for char, target in spec["chars"].items() if not isinstance(target, dict)}
    char_parts = [_guarded(char, target, char_to) for char, target in spec["chars"].items()]
    found = importlib.util.find_spec("jionlp")
    table: dict[int, str] = {}
    if found is not None and found.origin is not None:
        path = Path(found.origin).parent / "dictionary" / "tra2sim_char.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            traditional, _, simplified = line.partition("\t")
            if len(traditional) == 1 and len(simplified) == 1 and traditional not in always:
                table[ord(traditional)] = simplified
    words: dict[str, str] = {}
    word_parts = [_guarded(word, spec["words"][word], words) for word in sorted(spec["words"], key=len, reverse=True)]
    return re.compile("|".join(char_parts)), char_to, table, re.compile("|".join(word_parts)), words


@cache
def _initials() -> tuple[re.Pattern[str], dict[str, str]]:
    spec = _spec()
    to: dict[str, str] = {}
    parts = [
        f"(?<![A-Za-z]){_guarded(key, spec['initials'][key], to)}(?![A-Za-z])"
        for key in sorted(spec["initials"], key=len, reverse=True)
    ]
    return re.compile("|".join(parts)), to


def _guarded(said: str, target: str | dict[str, str], to: dict[str, str]) -> str:
    """The pattern of one dialect character or word, kept out of the standard words it is part of: `after_not`
    (characters right before it: 砍伐, 销售额) and `before_not` (right after it: 额度, 阿拉伯); `after_only` and
    `before_only` (or the end of the text) keep it to those neighbours."""
    if isinstance(target, str):
        to[said] = target
        return re.escape(said)
    to[said] = target["to"]
    before = f"(?<![{re.escape(target['after_not'])}])" if "after_not" in target else ""
    after = f"(?![{re.escape(target['before_not'])}])" if "before_not" in target else ""
    if "after_only" in target:
        before += f"(?<=[{re.escape(target['after_only'])}])"
    if "before_only" in target:
        after += f"(?=[{re.escape(target['before_only'])}]|$)"
    return f"{before}{re.escape(said)}{after}"


def mainland(text: str) -> str:
    """`text` with Cantonese characters, traditional characters, Cantonese words and lower-case pinyin initials
    (whole tokens, in a Chinese message) in simplified Mandarin; text without them is returned unchanged."""
    chars, char_to, table, words, word_to = _tables()
    text = chars.sub(lambda m: char_to[m.group()], text).translate(table)
    text = words.sub(lambda m: word_to[m.group()], text)
    initials, initial_to = _initials()
    if _CJK.search(text) or _ONLY_DIGITS.fullmatch(initials.sub("", text)):
        text = initials.sub(lambda m: initial_to[m.group()], text)
    return text
