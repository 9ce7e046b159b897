"""`copilot ingest PATH --merchant ID` writes into the data folder's memory and reports the documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.config import Settings
from copilot.memory import MemoryStore


def test_ingest_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "cli_data"
    monkeypatch.setenv("COPILOT_DATA_DIR", str(data_dir))
    doc = tmp_path / "shipping.md"
    doc.write_text("# 发货说明\n\n## 时效\n\n所有订单 48 小时内从杭州仓发货。", "utf-8")
    runner = CliRunner()

    result = runner.invoke(app, ["ingest", str(doc), "--merchant", "m_cli"])
    assert result.exit_code == 0, result.output
    assert "1 chunks ingested" in result.output and "发货说明" in result.output
    memory = MemoryStore.open(Settings(data_dir=data_dir))
    assert memory.search("m_cli", "多久发货", k=1)[0].title == "发货说明"

    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope.md"), "--merchant", "m_cli"])
    assert missing.exit_code == 1 and "Ingest failed" in missing.output


def test_a_folder_with_an_unreadable_file_keeps_the_files_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "cli_data"
    monkeypatch.setenv("COPILOT_DATA_DIR", str(data_dir))
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text("# 发货说明\n\n所有订单 48 小时内从杭州仓发货。", "utf-8")
    (folder / "b.md").write_text("# 发票说明\n\n电子发票在确认收货后 3 天内开具。", "utf-8")
    (folder / "c.md").write_text("   \n", "utf-8")
    (folder / "d.md").write_text("# 保修说明\n\n帐篷质保两年。", "utf-8")

    result = CliRunner().invoke(app, ["ingest", str(folder), "--merchant", "m_cli"])
    assert result.exit_code == 1
    assert "c.md: no text could be extracted" in result.output and "2 files before it are stored" in result.output
    memory = MemoryStore.open(Settings(data_dir=data_dir))
    assert sorted(d["title"] for d in memory.documents("m_cli")) == ["发票说明", "发货说明"]
