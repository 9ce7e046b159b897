"""One pydantic-settings class reads the whole environment; the HTTP app's limits are its `api` section."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import ValidationError

from copilot.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def _settings_classes() -> list[str]:
    found = []
    for path in sorted((ROOT / "copilot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                (isinstance(base, ast.Name) and base.id == "BaseSettings")
                or (isinstance(base, ast.Attribute) and base.attr == "BaseSettings")
                for base in node.bases
            ):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{node.name}")
    return found


def test_the_package_has_one_settings_class():
    assert _settings_classes() == ["copilot/config.py:Settings"]


def test_the_api_limits_keep_their_environment_names(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COPILOT_API_MAX_JSON_BYTES", "5000")
    monkeypatch.setenv("COPILOT_API_RATE_PER_MINUTE", "9.5")
    monkeypatch.setenv("COPILOT_API_KEY", "sk-model-key")
    monkeypatch.setenv("COPILOT_SQL_ROW_CAP", "7")
    settings = Settings()
    assert (settings.api.max_json_bytes, settings.api.rate_per_minute) == (5000, 9.5)
    assert settings.api.max_upload_bytes == 20_000_000
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "sk-model-key"
    assert settings.sql_row_cap == 7


def test_a_heartbeat_longer_than_half_the_lease_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COPILOT_API_RUN_HEARTBEAT_S", "20")
    with pytest.raises(ValidationError, match="COPILOT_API_RUN_HEARTBEAT_S"):
        Settings()
