"""How the offline model's answers read: templates (prompts/offline/answers.yaml), channel names and numbers, by
language."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from copilot.i18n import format_money
from copilot.prompts import prompt_file
from copilot.yaml_data import load_yaml

if TYPE_CHECKING:
    from langchain_core.messages import ToolMessage


@cache
def templates(lang: str) -> dict[str, Any]:
    """The templates of `lang` (English for any language without its own)."""
    every = load_yaml(prompt_file("offline", "answers.yaml").read_text(encoding="utf-8"))
    return every[lang if lang in ("zh", "en") else "en"]


def text(lang: str, key: str, **values: Any) -> str:
    return str(templates(lang)[key]).format(**values)


CHANNEL_LABEL = {"zh": {"search": "搜索", "recommend": "推荐", "live": "直播", "direct": "直接访问"}}
FIELD_LABEL = {
    "zh": {"budget": "预算", "start": "开始日期", "end": "结束日期", "objective": "目标", "event": "活动",
           "category": "品类", "product": "商品", "channels": "渠道", "segments": "人群"},
    "en": {"start": "start date", "end": "end date"},
}  # fmt: skip


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


@cache
def fmt_number(value: Any, unit: str | None = None, currency: str | None = None, lang: str = "en") -> str:
    """Numbers as merchants read them: money in the store's `currency` written for `lang` (copilot.i18n),
    counts with thousands separators, ratios as percentages."""
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if unit == "ratio":
        return f"{float(value) * 100:.2f}%"
    if unit == "money":
        return format_money(value, currency, lang)
    if isinstance(value, int) or (isinstance(value, float | Decimal) and float(value).is_integer()):
        return f"{int(value):,}"
    return f"{float(value):,.2f}"


def artifact(result: ToolMessage) -> dict[str, Any]:
    """A tool result's structured artifact ({} when it has none)."""
    return result.artifact if isinstance(result.artifact, dict) else {}
