"""The anomaly digest: posted once to Slack (PNG upload) and DingTalk (Markdown with a signed chart link)."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from copilot.app import create_app
from copilot.cli import app as cli
from copilot.messaging import digest
from copilot.messaging.config import channels_of
from copilot.messaging.digest import run_digest
from copilot.store.models import DigestPost
from tests.channels.conftest import CHANNEL, ChannelsServer, FakeApi


def test_digest_posts_each_alert_once_with_a_chart(server: ChannelsServer, fake_api: FakeApi):
    channels = channels_of(server.settings)
    first = run_digest(server.settings, server.store, channels, server.settings.clock())
    [outcome] = first
    assert outcome.merchant_id == "m_outdoor" and outcome.error is None
    assert outcome.found >= 1 and len(outcome.posted) == outcome.found
    assert outcome.targets == [f"slack:{CHANNEL}", "dingtalk"]

    [ticket] = fake_api.named("files.getUploadURLExternal")
    assert ticket.headers["authorization"] == "Bearer xoxb-test" and b"filename=" in ticket.body
    [upload] = [c for c in fake_api.calls if c.path == "/upload/F0CHART"]
    [complete] = fake_api.named("files.completeUploadExternal")
    assert b"\x89PNG" in upload.body
    assert complete.json()["channel_id"] == CHANNEL and "Sales alerts" in complete.json()["initial_comment"]
    assert complete.json()["files"][0]["id"] == "F0CHART"

    [robot] = [c for c in fake_api.calls if c.path == "/robot/send"]
    assert "access_token=digest" in robot.query and "sign=" in robot.query and "timestamp=" in robot.query
    text = robot.json()["markdown"]["text"]
    link = re.search(r"!\[chart\]\((\S+)\)", text)
    assert link and link.group(1).startswith(server.base_url + "/channels/charts/m_outdoor/")
    with server.client() as client:
        image = client.get(link.group(1))
        assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
        forged = client.get(link.group(1).replace("sig=", "sig=0"))
        assert forged.status_code == 404
        other = client.get(link.group(1).replace("/m_outdoor/", "/m_baby/"))
        assert other.status_code == 404

    with server.store.session() as session:
        keys = session.scalars(select(DigestPost.alert_key).where(DigestPost.merchant_id == "m_outdoor")).all()
    assert sorted(keys) == sorted(outcome.posted)
    assert all(re.fullmatch(r"m_outdoor:[^:]+:(drop|spike):\d{4}-\d{2}-\d{2}", key) for key in keys)

    calls_before = len(fake_api.calls)
    [again] = run_digest(server.settings, server.store, channels, server.settings.clock())
    assert again.posted == [] and again.skipped == outcome.found and again.error is None
    assert len(fake_api.calls) == calls_before


def test_watch_once_and_dingtalk_stream_need_configuration(server: ChannelsServer, tmp_path: Path, monkeypatch):
    runner = CliRunner()
    monkeypatch.setenv("COPILOT_DB_URL", server.settings.database_url)
    monkeypatch.setenv("COPILOT_TODAY", "2026-11-20")
    unconfigured = runner.invoke(cli, ["watch", "--once"])
    assert unconfigured.exit_code == 2 and "COPILOT_CHANNELS_FILE" in unconfigured.output
    stream = runner.invoke(cli, ["dingtalk-stream"])
    assert stream.exit_code == 2 and "not configured" in stream.output

    monkeypatch.setenv("COPILOT_CHANNELS_FILE", str(server.channels_file))
    watched = runner.invoke(cli, ["watch", "--once"])
    assert watched.exit_code == 0, watched.output
    assert re.search(r"m_outdoor: \d+ alerts, \d+ posted, \d+ already posted", watched.output)
    no_stream_app = runner.invoke(cli, ["dingtalk-stream"])
    assert no_stream_app.exit_code == 2 and "client_id" in no_stream_app.output


def test_the_app_runs_the_digest_round_on_its_schedule_only_when_one_is_set(
    server: ChannelsServer, monkeypatch: pytest.MonkeyPatch
):
    periods: list[float] = []
    rounds: list[tuple[Any, ...]] = []
    ran = threading.Event()

    async def every(seconds: float, job: Callable[[], None]) -> None:
        periods.append(seconds)
        await anyio.to_thread.run_sync(job)
        await asyncio.Event().wait()

    def record(*args: Any) -> list[digest.DigestOutcome]:
        rounds.append(args)
        ran.set()
        return []

    monkeypatch.setattr(digest, "_every", every)
    monkeypatch.setattr(digest, "run_digest", record)
    with TestClient(create_app(server.settings)):
        pass
    assert periods == [] and rounds == []

    scheduled = server.settings.model_copy(update={"digest_interval_minutes": 2})
    with TestClient(create_app(scheduled)):
        assert ran.wait(timeout=60)
    [(settings, store, channels, _clock)] = rounds
    assert periods == [120.0]
    assert settings is scheduled and store.engine.url.database == server.store.engine.url.database
    assert set(channels.merchants) == set(channels_of(server.settings).merchants)
