"""The offline model's answer templates (prompts/offline/answers.yaml) and channel names, by language."""

from __future__ import annotations

from functools import cache
from typing import Any

from copilot.prompts import prompt_file
from copilot.yaml_data import load_yaml


@cache
def templates(lang: str) -> dict[str, Any]:
    """The templates of `lang` (English for any language without its own)."""
    every = load_yaml(prompt_file("offline", "answers.yaml").read_text(encoding="utf-8"))
    return every[lang if lang in ("zh", "en") else "en"]


def text(lang: str, key: str, **values: Any) -> str:
    return str(templates(lang)[key]).format(**values)


CHANNEL_LABEL = {"zh": {"search": "搜索", "recommend": "推荐", "live": "直播", "direct": "直接访问"}}


def channel_names(lang: str, channels: list[str]) -> str:
    return ("、" if lang == "zh" else ", ").join(CHANNEL_LABEL.get(lang, {}).get(c, c) for c in channels)


def with_history_gap(lang: str, gap: dict[str, Any], lines: list[str], **labels: str) -> list[str]:
    """The answer's lines for a period that starts before the store's first order: when the period asked lies
    wholly before it, only that there is no data for it (no figure of 0 is stated); else the figures and a note."""
    if not gap["periods"].get("period", {}).get("whole"):
        return [*lines, before_history_text(lang, gap)]
    return [text(lang, "before_history_none", first=gap["first_order_day"], **labels)]


def before_history_text(lang: str, gap: dict[str, Any]) -> str:
    """The answer's line for periods that start before the store's first order (copilot.analytics.coverage)."""
    words = templates(lang)
    parts = [
        text(
            lang,
            "before_history_part",
            role=words["before_history_role"][role],
            days=spec["from"] if spec["from"] == spec["to"] else f"{spec['from']} .. {spec['to']}",
            how=words["before_history_how"]["whole" if spec["whole"] else "partly"],
        )
        for role, spec in gap["periods"].items()
    ]
    joined = ("；" if lang == "zh" else "; ").join(parts)
    return text(lang, "before_history", first=gap["first_order_day"], parts=joined)
