"""The creatives' vocabulary, templates and layout (creatives.yaml) and the advertising-law words (ad_law.yaml)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Literal

from copilot.yaml_data import load_yaml

Kind = Literal["copy", "image", "both"]
Lang = Literal["zh", "en"]
RGB = tuple[int, int, int]
ProgressFn = Callable[[int, int, str], None]

HERE = Path(__file__).resolve().parent
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
PARENS = re.compile(r"[（(][^）)]*[）)]")


# ------------------------------------------------------------------------------------------ configuration


@cache
def creatives_config() -> dict[str, Any]:
    with (HERE / "creatives.yaml").open(encoding="utf-8") as fh:
        return dict(load_yaml(fh))


@cache
def ad_law_rules() -> dict[str, tuple[str, tuple[str, ...]]]:
    """rule id -> (article, words) from ad_law.yaml."""
    with (HERE / "ad_law.yaml").open(encoding="utf-8") as fh:
        raw = load_yaml(fh)
    return {
        rule_id: (str(spec["article"]), tuple(str(w) for lang in ("zh", "en") for w in spec["words"].get(lang, [])))
        for rule_id, spec in raw["rules"].items()
    }
