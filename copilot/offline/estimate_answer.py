"""The offline model's answer to a promotion estimate (estimate_promotion_effect).

In English the tool's own text is the answer. In Chinese the tool's text is a Chinese lead (what was estimated, its
figures and where they come from) followed by the English details meant for a language model; the answer keeps the
lead and says the details a merchant acts on in Chinese: why the promotion model was not used, and the best split of
the budget by channel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_core.messages import ToolMessage

from copilot.offline.answer_text import CHANNEL_LABEL, artifact, fmt_number, templates, text

if TYPE_CHECKING:
    from copilot.offline.turn import TurnSoFar


def write_estimate(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    content = str(result.content)
    payload = artifact(result)
    if lang != "zh" or not payload.get("mode"):
        return content
    lines = [content.split("\n", 1)[0]]
    state = str(payload.get("model_state") or "")
    said_state = templates(lang).get(f"promotion_model_{state}")
    if payload.get("source") != "model" and said_state:
        lines.append(text(lang, "estimate_model_state", reason=said_state))
    split = payload.get("split") or []
    if split:
        names = CHANNEL_LABEL.get(lang, {})
        items = "、".join(
            f"{names.get(s['channel'], s['channel'])} {fmt_number(s['budget'], 'money', payload.get('currency'), lang)}"
            f"（边际ROI {float(s['marginal_roi']):.2f}）"
            for s in split
        )
        lines.append(text(lang, "estimate_split", items=items))
    return "\n".join(lines)
