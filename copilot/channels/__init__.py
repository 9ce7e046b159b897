"""The Slack and DingTalk faces and the proactive anomaly digest, mounted by the app as one router.

`router` carries the Slack (``/channels/slack/events``, ``/channels/slack/interactions``), DingTalk
(``/channels/dingtalk/callback``) and signed chart (``/channels/charts/...``) routes, and the digest schedule as
its lifespan. Nothing here authenticates with API keys: each route checks its channel's own signature.
"""

from __future__ import annotations

from fastapi import APIRouter

from copilot.channels import digest, dingtalk, slack

router = APIRouter(lifespan=digest.digest_schedule)
router.include_router(slack.router)
router.include_router(dingtalk.router)
router.include_router(digest.router)

__all__ = ["router"]
