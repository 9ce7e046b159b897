"""The main job from the README: `copilot demo` builds the store and answers real questions offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from copilot.cli import app
from copilot.store import Store


@pytest.mark.usefixtures("demo_memory_template")  # the demo passages' vectors come from the run's memo
def test_demo_builds_the_store_and_answers(tmp_path: Path):
    result = CliRunner().invoke(app, ["demo", "--orders", "5000"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    store = Store.open(f"sqlite:///{tmp_path / 'data' / 'copilot.db'}", migrate=False)
    with store.engine.connect() as conn:
        gmv = conn.execute(
            text(
                "SELECT SUM(total_amount) FROM orders WHERE merchant_id = 'm_outdoor' AND status = 'paid' "
                "AND created_at >= '2026-10-01' AND created_at < '2026-11-01'"
            )
        ).scalar()
    store.close()
    assert f"¥{gmv:,.2f}" in result.output  # last month's GMV, as the store has it
    assert "tools: query_store_sales" in result.output
    assert "tools: search_merchant_docs" in result.output and "7 天无理由退货" in result.output  # the quoted sentence
    assert "Return Policy" in result.output
    assert "copilot chat --merchant m_outdoor" in result.output


def test_migrate_creates_the_schema(tmp_path: Path):
    result = CliRunner().invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "copilot.db").exists()
