"""What a thread waiting for an approval answers to a new message: a reminder of what waits and how to decide."""

from __future__ import annotations

from functools import cache
from typing import Any

from copilot.prompts import prompt_file
from copilot.yaml_data import load_yaml
from tools.spending import ApprovalRequest


@cache
def _notices() -> dict[str, dict[str, Any]]:
    return load_yaml(prompt_file("notices.yaml").read_text(encoding="utf-8"))


def pending_reminder(pending: ApprovalRequest, lang: str) -> str:
    """The reminder in the message's language; it never decides anything."""
    notices = _notices()
    return str(notices.get(lang, notices["en"])["pending_reminder"]).format(summary=pending.summary)
