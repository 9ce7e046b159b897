"""The terminal face (`copilot chat`) meeting a database fault: a real lock on its checkpoint file."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from sqlalchemy import func, select

from copilot.chat_cli import chat_loop
from copilot.service import Copilot
from copilot.store import Store
from copilot.store.faults import BUSY_NOTICE
from copilot.store.models import AdLedger
from tests.case_counts import CaseCount
from tests.helpers import add_draft_campaign, impatient_copilot

ANSWER = "上个月（2026-10-01 .. 2026-10-31）按商品的商品销售额"
QUESTION = "上个月卖得最好的3个商品是什么？"


def chat(copilot: Copilot, thread: str, lines: list[str], before_read: Callable[[int], None]) -> str:
    """The chat loop fed `lines`; `before_read(n)` runs before the n-th line (from 1) is returned."""
    feed = iter(lines)
    asked = 0

    def read(prompt: str) -> str:
        nonlocal asked
        asked += 1
        before_read(asked)
        return next(feed)

    out = io.StringIO()
    chat_loop(copilot, "m_outdoor", thread, Console(file=out, width=200, color_system=None), read, "alice")
    return out.getvalue()


def test_a_locked_checkpoint_file_is_one_clear_line_and_the_chat_goes_on(
    demo_store: Store, tmp_path: Path, case_count: CaseCount
):
    """A real lock on the checkpoint file outlasting the busy timeout: the turn ends with the notice, no
    traceback, and the next message (after the lock is gone) is answered."""
    with impatient_copilot(demo_store, tmp_path) as (copilot, path):
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            output = chat(copilot, "cli-locked", [QUESTION, QUESTION, "exit"], lambda n: n == 2 and holder.commit())
        finally:
            holder.close()
    case_count("SQLite lock")
    assert output.count(BUSY_NOTICE) == 1, output
    assert "Traceback" not in output and "OperationalError" not in output
    assert output.index(BUSY_NOTICE) < output.index(ANSWER)


def test_a_lock_during_an_approval_leaves_it_pending_and_it_is_asked_again(
    demo_store: Store, tmp_path: Path, case_count: CaseCount
):
    add_draft_campaign(demo_store, "cmp_cli_fault", name="双12防晒", budget_total=Decimal("20000"))
    holder: sqlite3.Connection | None = None

    def lock_around_the_first_yes(n: int) -> None:
        nonlocal holder
        if n == 2:
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
        elif n == 3 and holder is not None:
            holder.execute("COMMIT")
            holder.close()

    with impatient_copilot(demo_store, tmp_path) as (copilot, path):
        output = chat(copilot, "cli-approval", ["提交双12防晒方案的预算", "y", "y", "exit"], lock_around_the_first_yes)
    case_count("SQLite lock")
    assert output.count(BUSY_NOTICE) == 1 and "still pending" in output, output
    assert output.count("Approval needed") == 1
    with demo_store.session() as session:
        assert session.scalar(select(func.count()).select_from(AdLedger)) == 1
