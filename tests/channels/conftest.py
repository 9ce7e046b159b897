"""The app with its Slack/DingTalk routes under uvicorn on loopback, beside fake Slack and DingTalk API servers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from fastapi import FastAPI, Request

from copilot.app import create_app
from copilot.channels.common import TURN_FAILED
from copilot.clock import DEMO_TODAY
from copilot.config import Settings
from copilot.store import Store
from copilot.store.faults import BUSY_NOTICE
from copilot.web.deps import get_copilot
from tests.helpers import add_draft_campaign, serve

SLACK_SECRET = "slack-signing-secret"
ROBOT_SECRET = "dingtalk-app-secret"
TEAM, CHANNEL, OTHER_CHANNEL = "T0SHOP", "C0OUTDOOR", "C0BABY"
APPROVER, STRANGER = "U0BOSS", "U0INTERN"
ROBOT = "dingrobot1"
DT_APPROVER, DT_STRANGER = "staff_boss", "staff_intern"


@dataclass
class Recorded:
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeApi:
    """A loopback HTTP server that records every POST and answers like Slack's Web API / DingTalk's webhooks."""

    base_url: str = ""
    calls: list[Recorded] = field(default_factory=list)

    def app(self) -> FastAPI:
        fake = FastAPI()

        @fake.post("/{path:path}")
        async def record(path: str, request: Request) -> Any:
            call = Recorded("/" + path, request.url.query, dict(request.headers), await request.body())
            self.calls.append(call)
            method = path.rsplit("/", 1)[-1]
            if method == "files.getUploadURLExternal":
                return {"ok": True, "upload_url": f"{self.base_url}/upload/F0CHART", "file_id": "F0CHART"}
            if method == "chat.postMessage":
                return {"ok": True, "channel": call.json()["channel"], "ts": f"{len(self.calls)}.000100"}
            if path.startswith("api/"):
                return {"ok": True}
            return {"errcode": 0, "errmsg": "ok"}

        return fake

    def named(self, suffix: str) -> list[Recorded]:
        return [call for call in self.calls if call.path.endswith(suffix)]

    def wait_for(self, predicate: Callable[[Recorded], bool], count: int = 1, timeout: float = 60.0) -> list[Recorded]:
        """The recorded calls matching `predicate`, once there are at least `count` (fails after `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [call for call in list(self.calls) if predicate(call)]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"expected {count} matching calls, got: {[c.path for c in self.calls]}")


def _recording_server() -> Iterator[FakeApi]:
    """A FakeApi served on loopback for as long as the generator is open."""
    fake = FakeApi()
    served = serve(fake.app())
    fake.base_url = served.base_url
    yield fake
    served.stop(timeout=10)


@pytest.fixture(scope="module")
def fake_api() -> Iterator[FakeApi]:
    yield from _recording_server()


@pytest.fixture(scope="module")
def evil_api() -> Iterator[FakeApi]:
    """Another loopback server: a sessionWebhook pointing here must never be posted to."""
    yield from _recording_server()


def channels_document(fake: FakeApi) -> dict[str, Any]:
    return {
        "public_base_url": "http://127.0.0.1:1",  # replaced once the app's port is known
        "slack": {
            "api_base_url": f"{fake.base_url}/api",
            "signing_secret": SLACK_SECRET,
            "bot_token": "xoxb-test",
            "routes": [
                {"team": TEAM, "channel": CHANNEL, "merchant": "m_outdoor"},
                {"team": TEAM, "merchant": "m_baby"},
            ],
        },
        "dingtalk": {
            "webhook_base_url": fake.base_url,
            "robots": [{"robot_code": ROBOT, "app_secret": ROBOT_SECRET, "merchant": "m_baby"}],
        },
        "merchants": {
            "m_outdoor": {
                "approvers": {"slack": [APPROVER]},
                "digest": {
                    "slack_channel": CHANNEL,
                    "dingtalk_webhook": f"{fake.base_url}/robot/send?access_token=digest",
                    "dingtalk_secret": "SECdigest",
                    "days": 30,
                },
            },
            "m_baby": {"approvers": {"slack": [APPROVER], "dingtalk": [DT_APPROVER]}},
        },
    }


@dataclass
class ChannelsServer:
    base_url: str
    app: FastAPI
    settings: Settings
    store: Store
    channels_file: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30.0)


@pytest.fixture(scope="module")
def server(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory, fake_api: FakeApi
) -> Iterator[ChannelsServer]:
    root = tmp_path_factory.mktemp("channels")
    db = root / "store.db"
    shutil.copyfile(demo_template, db)
    store = Store.open(f"sqlite:///{db}")
    add_draft_campaign(store, "c_slack_draft", "m_outdoor", name="双12推广")
    add_draft_campaign(store, "c_dingtalk_draft", "m_baby", name="双12推广")
    channels_file = root / "channels.yaml"
    document = channels_document(fake_api)
    channels_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    settings = Settings(
        data_dir=root / "data", db_url=f"sqlite:///{db}", model="offline", today=DEMO_TODAY, channels_file=channels_file
    )
    app = create_app(settings)
    served = serve(app)
    document["public_base_url"] = served.base_url
    channels_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    yield ChannelsServer(served.base_url, app, settings, store, channels_file)
    served.stop()
    store.close()


def slack_headers(body: bytes, *, timestamp: int | None = None, secret: str = SLACK_SECRET) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


_last_timestamp_ms = 0


def dingtalk_headers(*, timestamp_ms: int | None = None, secret: str = ROBOT_SECRET) -> dict[str, str]:
    """DingTalk's callback headers, signed with `secret`; by default a timestamp of now that no earlier call had
    (a (timestamp, sign) pair is accepted once)."""
    global _last_timestamp_ms
    if timestamp_ms is None:
        timestamp_ms = _last_timestamp_ms = max(int(time.time() * 1000), _last_timestamp_ms + 1)
    ts = str(timestamp_ms)
    digest = hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    return {"timestamp": ts, "sign": base64.b64encode(digest).decode()}


def message(msg_id: str, text: str, webhook: str, sender: str = DT_APPROVER, conversation: str = "cid_baby") -> dict:
    """A DingTalk robot callback body: a text message from `sender` answered through `webhook`."""
    return {
        "msgId": msg_id,
        "msgtype": "text",
        "text": {"content": text},
        "robotCode": ROBOT,
        "conversationId": conversation,
        "conversationType": "2",
        "senderStaffId": sender,
        "senderNick": sender,
        "sessionWebhook": webhook,
    }


def post(server: ChannelsServer, body: dict, headers: dict[str, str]) -> httpx.Response:
    """POST a DingTalk callback body to the server's HTTP callback with `headers`."""
    with server.client() as client:
        return client.post("/channels/dingtalk/callback", content=json.dumps(body, ensure_ascii=False), headers=headers)


def hooked(fake: FakeApi, session: str) -> list[Recorded]:
    """The posts to one DingTalk sessionWebhook."""
    return [c for c in fake.calls if c.path == f"/robot/sendBySession/{session}"]


def locked_database_error(tmp_path: Path) -> sqlite3.OperationalError:
    """The error a write meets on a SQLite file another connection holds with BEGIN EXCLUSIVE (a real lock)."""
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    writer = sqlite3.connect(path, timeout=0.05)
    try:
        writer.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        writer.close()
        holder.close()
    raise AssertionError("the write did not meet the lock")


class FailingCopilot:
    """A copilot whose turn raises `error` (wrapped the way SQLAlchemy wraps a driver's error)."""

    def __init__(self, store: Store, error: BaseException) -> None:
        self.store, self.error = store, error

    def ask(self, merchant_id: str, thread_id: str, text: str, *, actor: str) -> Any:
        raise RuntimeError("the turn stopped") from self.error


def failed_turns(tmp_path: Path) -> list[tuple[str, BaseException, str]]:
    """(name, error, the notice the bot must post) of a turn stopped by a database fault and by a plain bug."""
    return [
        ("locked", locked_database_error(tmp_path), BUSY_NOTICE),
        ("broken", ValueError("bug in a tool"), TURN_FAILED),
    ]


@contextmanager
def turns_failing_with(server: ChannelsServer, error: BaseException) -> Iterator[None]:
    """The app's copilot replaced by a FailingCopilot raising `error`, for the duration of the block."""
    server.app.dependency_overrides[get_copilot] = lambda: FailingCopilot(server.store, error)
    try:
        yield
    finally:
        server.app.dependency_overrides.clear()
