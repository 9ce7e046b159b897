"""DingTalk's outgoing side: robot signatures, inert Markdown messages and the webhook client (configured host only)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any
from urllib.parse import urlencode

import httpx

from copilot.messaging.config import DingTalkConfig


class DingTalkApiError(RuntimeError):
    """A post to DingTalk failed (transport, HTTP, or a non-zero ``errcode``), or its URL was not allowed."""


def sign(timestamp: str, secret: str) -> str:
    """DingTalk's robot signature: base64(HMAC-SHA256(secret, "<timestamp>\\n<secret>"))."""
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def sanitize(text: str) -> str:
    """Model text made inert in DingTalk Markdown: no links (so no forged ``dtmd://`` commands) and no HTML."""
    return text.replace("](", "] (").replace("<", "&lt;").replace(">", "&gt;")


def markdown_message(title: str, text: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


class DingTalkApi:
    """Posts messages to DingTalk webhooks on the configured origin only (httpx, explicit timeouts)."""

    def __init__(self, config: DingTalkConfig, client: httpx.Client | None = None) -> None:
        self.config = config
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(config.timeout_s, connect=min(5.0, config.timeout_s))
        )

    def __enter__(self) -> DingTalkApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def post(self, url: str, message: dict[str, Any], *, secret: str | None = None) -> dict[str, Any]:
        """POST `message` to a webhook (signed with a custom robot's `secret` when given). Raises DingTalkApiError."""
        if not self.config.allows_webhook(url):
            raise DingTalkApiError("refusing to post outside the configured DingTalk host")
        if secret:
            timestamp = str(int(time.time() * 1000))
            url += ("&" if "?" in url else "?") + urlencode({"timestamp": timestamp, "sign": sign(timestamp, secret)})
        try:
            response = self._client.post(url, json=message)
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise DingTalkApiError(f"post failed: {type(exc).__name__}") from exc
        if not isinstance(answer, dict) or answer.get("errcode", 0) != 0:
            raise DingTalkApiError(f"DingTalk refused the message: {answer!r:.200}")
        return answer
