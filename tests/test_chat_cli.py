"""`copilot chat`: streamed answers, tool steps, and an approval settled inline, through the real graph."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from sqlalchemy import func, select

from copilot.chat_cli import chat_loop, render_events
from copilot.service import Copilot, TurnEvent
from copilot.store import Store
from copilot.store.models import AdLedger, Campaign
from tests.helpers import add_draft_campaign
from tools.docs import DATA_NOTICE


def _draft(store: Store) -> None:
    add_draft_campaign(
        store,
        "cmp_test",
        name="双12防晒",
        budget_total=Decimal("20000"),
        start_date=date(2026, 11, 25),
        end_date=date(2026, 12, 11),
        created_at=datetime(2026, 11, 20, tzinfo=UTC),
    )


def _run(copilot: Copilot, lines: list[str]) -> str:
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    feed = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    chat_loop(copilot, "m_outdoor", "cli-thread", console, read, approver="alice")
    return out.getvalue()


def test_chat_shows_tool_steps_and_answer(copilot: Copilot):
    output = _run(copilot, ["上个月卖得最好的3个商品是什么？", "exit"])
    assert "→ query_store_sales(" in output and "✓ query_store_sales" in output
    assert "上个月（2026-10-01 .. 2026-10-31）按商品的商品销售额" in output
    assert "✓ query_store_sales: product revenue, in CNY; period last month" in output and "SUM(" not in output
    [chart] = re.findall(r"^Chart / 图表: (\S+\.png)$", output, re.MULTILINE)
    assert Path(chart).is_absolute() and Path(chart).is_file()
    assert f"（已附图表：{Path(chart).name}）" in output


def test_tool_text_is_shown_as_text_not_rich_markup():
    out = io.StringIO()
    steps = [
        TurnEvent("tool_start", {"name": "search_merchant_docs", "id": "c1", "args": {"query": "[bold]退货[/]"}}),
        TurnEvent("tool_end", {"name": "search_merchant_docs", "id": "c1", "text": DATA_NOTICE, "payload": {}}),
    ]
    render_events(iter(steps), Console(file=out, width=300, color_system=None))
    assert '"query": "[bold]退货[/]"' in out.getvalue()
    assert "cite them as [n] when you use them" in out.getvalue()


def test_chat_settles_an_approval_inline(copilot: Copilot, demo_store: Store):
    _draft(demo_store)
    output = _run(copilot, ["提交双12防晒方案的预算", "maybe", "y", "exit"])
    assert "Approval needed" in output and "20,000.00" in output
    with demo_store.session() as session:
        assert session.scalar(select(func.count()).select_from(AdLedger)) == 1
        campaign = session.get(Campaign, "cmp_test")
        assert campaign is not None and campaign.status == "active"


def test_thread_and_pending_approval_survive_a_new_process(demo_template: Path, tmp_path: Path):
    import os
    import shutil
    import subprocess
    import sys

    db = tmp_path / "store.db"
    shutil.copyfile(demo_template, db)
    store = Store.open(f"sqlite:///{db}", migrate=False)
    _draft(store)
    env = {
        **os.environ,
        "COPILOT_DATA_DIR": str(tmp_path / "data"),
        "COPILOT_DB_URL": f"sqlite:///{db}",
        "COLUMNS": "200",
    }
    command = [
        sys.executable,
        "-m",
        "copilot.cli",
        "chat",
        "--merchant",
        "m_outdoor",
        "--thread",
        "t-restart",
        "--today",
        "2026-11-20",
        "--approver",
        "bob",
    ]
    first = subprocess.run(
        command, input="提交双12防晒方案的预算\n", text=True, capture_output=True, env=env, timeout=300
    )
    assert first.returncode == 0, first.stderr
    assert "Approval needed" in first.stdout and "Left pending" in first.stdout
    second = subprocess.run(command, input="y\n", text=True, capture_output=True, env=env, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "Approval needed" in second.stdout  # the new process found the pending approval on disk
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(AdLedger)) == 1
    store.close()
