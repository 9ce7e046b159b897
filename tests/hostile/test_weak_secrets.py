"""Weak secrets: outside development the server refuses a blank, short or placeholder COPILOT_SECRET_KEY (so a
chart link signed with a guessable key is never served), and the channels file refuses blank or placeholder
signing secrets (a signature checked against them proves nothing)."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from pydantic import ValidationError

from copilot.app import create_app
from copilot.config import Settings
from copilot.messaging.chart_links import chart_signature
from copilot.messaging.config import ChannelsConfigError, parse_channels
from tests.case_counts import CaseCount

WEAK_KEYS = ["", "   ", "CHANGE-ME", "Change_Me", "change-me", "replace-with-a-long-random-string", "s3cret", "k" * 31]
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _chart(data_dir: Path, merchant_id: str = "m_baby", name: str = "sales.png") -> str:
    """Put a chart in the merchant's folder; its path under /channels/charts/."""
    folder = data_dir / "charts" / merchant_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(PNG)
    return f"/channels/charts/{merchant_id}/{name}"


def _signed(path: str, key: str) -> str:
    merchant_id, name = path.rsplit("/", 2)[-2:]
    expires = int(time.time()) + 600
    return f"{path}?expires={expires}&sig={chart_signature(key, merchant_id, name, expires)}"


def test_weak_secret_keys_are_refused_outside_development(case_count: CaseCount):
    for key in WEAK_KEYS:
        with pytest.raises(ValidationError, match="COPILOT_SECRET_KEY") as refused:
            Settings(environment="production", secret_key=key)
        assert "input_value" not in str(refused.value)  # the key is never echoed
        case_count("weak secret")
    strong = secrets.token_urlsafe(32)
    assert Settings(environment="production", secret_key=strong).secret_key.get_secret_value() == strong
    assert Settings().secret_key.get_secret_value() == "change-me"  # development keeps its default


def test_a_production_server_with_an_empty_key_never_serves_a_keyless_chart_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case_count: CaseCount
):
    """The red team's link: another merchant's chart signed with the empty key. With COPILOT_SECRET_KEY empty the
    server does not start; with a real key the same link is a 404 and a link signed with the key is served."""
    data_dir = tmp_path / "data"
    chart = _chart(data_dir)
    monkeypatch.setenv("COPILOT_ENVIRONMENT", "production")
    monkeypatch.setenv("COPILOT_SECRET_KEY", "")
    served: list[int] = []
    with pytest.raises(ValidationError, match="COPILOT_SECRET_KEY"), TestClient(create_app()) as client:
        served.append(client.get(_signed(chart, "")).status_code)
    assert served == []
    case_count("weak secret")

    strong = secrets.token_urlsafe(32)
    settings = Settings(environment="production", secret_key=strong, data_dir=data_dir)
    with TestClient(create_app(settings)) as client:
        assert client.get(_signed(chart, "")).status_code == 404
        assert client.get(_signed(chart, strong)).content == PNG
    case_count("weak secret")


@pytest.mark.parametrize(
    ("field", "section"),
    [
        ("signing_secret", {"slack": {"signing_secret": "{}", "bot_token": "xoxb-1234567890"}}),
        ("bot_token", {"slack": {"signing_secret": "0123456789abcdef0123456789abcdef", "bot_token": "{}"}}),
        ("app_secret", {"dingtalk": {"robots": [{"robot_code": "ding1", "app_secret": "{}", "merchant": "m_baby"}]}}),
        ("client_secret", {"dingtalk": {"client_id": "ding1", "client_secret": "{}"}}),
        ("dingtalk_secret", {"merchants": {"m_baby": {"digest": {"dingtalk_secret": "{}"}}}}),
    ],
)
def test_channel_secrets_must_be_real(field: str, section: dict, case_count: CaseCount):
    for placeholder in ("", "  ", "...", "SEC...", "xoxb-...", "change-me"):
        document = yaml.safe_dump(section).replace("'{}'", repr(placeholder))
        with pytest.raises(ChannelsConfigError, match=field):
            parse_channels(document)
        case_count("weak secret")
    parse_channels(yaml.safe_dump(section).replace("'{}'", "a-real-secret-0123456789"))
