"""The Slack Web API client: the few methods the bot and the digest call, over httpx with explicit timeouts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from copilot.messaging.config import SlackConfig


class SlackApiError(RuntimeError):
    """A Slack Web API call failed: transport error, HTTP error, or ``"ok": false`` (the method and error)."""


class SlackApi:
    """A few Slack Web API methods over httpx (explicit timeouts), against the configured base URL."""

    def __init__(self, config: SlackConfig, client: httpx.Client | None = None) -> None:
        self.base_url = config.api_base_url
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(config.timeout_s, connect=min(5.0, config.timeout_s)),
            headers={"Authorization": f"Bearer {config.bot_token.get_secret_value()}"},
        )

    def __enter__(self) -> SlackApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def call(self, method: str, *, json_body: dict[str, Any] | None = None, form: dict[str, Any] | None = None) -> dict:
        """POST a Web API method; the decoded answer. Raises SlackApiError unless Slack says ``ok``."""
        try:
            response = self._client.post(f"{self.base_url}/{method}", json=json_body, data=form)
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SlackApiError(f"{method}: {type(exc).__name__}: {exc}") from exc
        if not isinstance(answer, dict) or not answer.get("ok"):
            error = answer.get("error", "unknown_error") if isinstance(answer, dict) else "malformed_answer"
            raise SlackApiError(f"{method}: {error}")
        return answer

    def post_message(
        self, channel: str, text: str, *, thread_ts: str | None = None, blocks: list[dict] | None = None
    ) -> dict:
        body: dict[str, Any] = {"channel": channel, "text": text, "parse": "none", "link_names": False}
        if thread_ts:
            body["thread_ts"] = thread_ts
        if blocks is not None:
            body["blocks"] = blocks
        return self.call("chat.postMessage", json_body=body)

    def update_message(self, channel: str, ts: str, text: str, blocks: list[dict]) -> dict:
        return self.call("chat.update", json_body={"channel": channel, "ts": ts, "text": text, "blocks": blocks})

    def post_ephemeral(self, channel: str, user: str, text: str, *, thread_ts: str | None = None) -> dict:
        body: dict[str, Any] = {"channel": channel, "user": user, "text": text}
        if thread_ts:
            body["thread_ts"] = thread_ts
        return self.call("chat.postEphemeral", json_body=body)

    def upload_file(self, channel: str, path: Path, *, title: str, comment: str) -> str:
        """Upload a file with Slack's external upload flow and share it in `channel`; returns the file id."""
        content = path.read_bytes()
        ticket = self.call("files.getUploadURLExternal", form={"filename": path.name, "length": len(content)})
        try:
            uploaded = self._client.post(ticket["upload_url"], files={"file": (path.name, content, "image/png")})
            uploaded.raise_for_status()
        except httpx.HTTPError as exc:
            raise SlackApiError(f"file upload: {type(exc).__name__}: {exc}") from exc
        self.call(
            "files.completeUploadExternal",
            json_body={
                "files": [{"id": ticket["file_id"], "title": title}],
                "channel_id": channel,
                "initial_comment": comment,
            },
        )
        return str(ticket["file_id"])
