"""The Slack and DingTalk face, mounted by the app (`copilot.app`) as one router.

`router` carries the Slack (``/channels/slack/events``, ``/channels/slack/interactions``), DingTalk
(``/channels/dingtalk/callback``) and signed digest chart (``/channels/charts/...``) routes. Nothing here
authenticates with API keys: each route checks its channel's own signature. The digest itself (a scheduled job)
and the Slack/DingTalk clients are `copilot.messaging`.
"""

from __future__ import annotations

from fastapi import APIRouter

from copilot.channels import charts, dingtalk, slack

router = APIRouter()
router.include_router(slack.router)
router.include_router(dingtalk.router)
router.include_router(charts.router)

__all__ = ["router"]
