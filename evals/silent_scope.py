"""A silently changed scope: the answer is for another period, filter, breakdown or direction than the one asked,
and says nothing about it (issue 18, "never silent").

A blind turn counts as one when the expected tool ran, one of its scope arguments did not match, and neither the
answer nor a tool error says why: not that the store does not sell it, not that a time or a breakdown could not be
read or done, and no question back. A refusal that names the problem is a wrong answer, not a silent one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

SCOPE_ARGS = frozenset({"period", "product", "category", "region", "channel", "by", "order", "top"})
_SAID_PLAINLY = re.compile(
    r"没能识别|无法识别|不能识别|识别不了|看不懂|不支持|做不到|无法按|不能按|没有找到|"
    r"could not read|couldn't read|cannot read|can't read|did not understand|didn't understand|not supported|"
    r"cannot break|can't break|cannot split|can't split|has no product|no product|no category",
    re.IGNORECASE,
)


def silently_changed(checks: Iterable[Any], answer: str, errors: list[str], asks: re.Pattern[str]) -> bool:
    """Whether a scope argument of `checks` (ArgCheck) mismatched while `answer` and `errors` said nothing of it;
    `asks` recognises a question back."""
    changed = any(check.status == "mismatch" and check.name in SCOPE_ARGS for check in checks)
    if not changed:
        return False
    said = [answer, *errors]
    return not any(_SAID_PLAINLY.search(text) for text in said) and not asks.search(answer)
