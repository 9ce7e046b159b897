"""Traditional characters and Cantonese words read as the simplified Mandarin the offline model's vocabulary is
written in (data/cantonese.yaml; the character table is jionlp's, read from its wheel without importing jionlp)."""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from importlib import resources
from pathlib import Path

from copilot.yaml_data import load_yaml


@cache
def _tables() -> tuple[re.Pattern[str], dict[str, str], dict[int, str], re.Pattern[str], dict[str, str]]:
    spec = load_yaml(resources.files("copilot.offline").joinpath("data", "cantonese.yaml").read_text(encoding="utf-8"))
    char_to: dict[str, str] = {}
    always: set[str] = set()
    char_parts = []
    for char, target in spec["chars"].items():
        if isinstance(target, dict):
            char_parts.append(f"(?<![{re.escape(target['after_not'])}]){re.escape(char)}")
            char_to[char] = target["to"]
        else:
            char_parts.append(re.escape(char))
            char_to[char] = target
            always.add(char)
    found = importlib.util.find_spec("jionlp")
    table: dict[int, str] = {}
    if found is not None and found.origin is not None:
        path = Path(found.origin).parent / "dictionary" / "tra2sim_char.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            traditional, _, simplified = line.partition("\t")
            if len(traditional) == 1 and len(simplified) == 1 and traditional not in always:
                table[ord(traditional)] = simplified
    words: dict[str, str] = spec["words"]
    word_pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    return re.compile("|".join(char_parts)), char_to, table, word_pattern, words


def mainland(text: str) -> str:
    """`text` with Cantonese characters, traditional characters and Cantonese words in simplified Mandarin; text
    without them is returned unchanged."""
    chars, char_to, table, words, word_to = _tables()
    text = chars.sub(lambda m: char_to[m.group()], text).translate(table)
    return words.sub(lambda m: word_to[m.group()], text)
