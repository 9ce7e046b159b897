"""The Slack bot: Events API and interactivity endpoints, replies through the Slack Web API.

- Every request is verified with Slack's v0 signature (`slack_sdk.signature.SignatureVerifier`: HMAC-SHA256 of
  ``v0:<timestamp>:<body>`` with the signing secret, timestamps older than 5 minutes refused) before anything
  else; an invalid one is a 401 and reaches nothing.
- ``url_verification`` answers the challenge. An event is acknowledged at once (200) and its turn runs as a
  background task; Slack's retries (``X-Slack-Retry-Num``) of an event already taken are dropped by the
  de-duplication on ``event_id`` in the store.
- The team (and channel) selects the merchant from the channels file; the Slack thread (channel + root ts) is
  the copilot thread ``slack:<team>:<channel>:<root ts>``.
- A spending request posts a Block Kit card whose buttons carry only an opaque token; a click is verified,
  refused unless the user is on the merchant's approver list, decided once, and the buttons are replaced by who
  decided (``chat.update``).
- Text from the model is escaped (``&``, ``<``, ``>``) so it cannot ping ``<!channel>``/``<@U…>`` or forge links.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request
from slack_sdk.signature import Clock, SignatureVerifier
from starlette.concurrency import run_in_threadpool

from copilot.channels.approvals import claim_decision, find_card, set_message_refs
from copilot.channels.common import (
    ALREADY_DECIDED,
    DECISION_FAILED,
    NOT_AN_APPROVER,
    STILL_PENDING,
    ChannelBot,
    TurnReply,
    chat_turn,
    failure_notice,
    json_object,
    utcnow,
)
from copilot.channels.dedup import claim_event
from copilot.messaging.config import ChannelsConfig, SlackConfig
from copilot.messaging.slack import SlackApi, SlackApiError
from copilot.store.text import storable
from copilot.web.deps import ChannelsDep, CopilotDep, StoreDep
from copilot.web.errors import ApiError

log = logging.getLogger("copilot.channels.slack")

router = APIRouter(prefix="/channels/slack", tags=["slack"], include_in_schema=True)

_MENTION = re.compile(r"<@[UW][A-Z0-9]+>")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_DECISIONS = {"approve": True, "reject": False}
MAX_TEXT = 3900


def escape(text: str) -> str:
    """Slack's control characters escaped, so the text cannot mention anyone or form a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """A Slack message's text as typed (its escapes undone, in the reverse order)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------------------------------------- verification


def verify_request(config: SlackConfig, body: bytes, headers: Mapping[str, str], clock: Clock | None = None) -> None:
    """Raise ApiError 401 unless the request carries a valid v0 signature within the 5-minute window."""
    verifier = SignatureVerifier(config.signing_secret.get_secret_value(), clock=clock or Clock())
    try:
        valid = verifier.is_valid(
            body=body,
            timestamp=headers.get("x-slack-request-timestamp"),
            signature=headers.get("x-slack-signature"),
        )
    except ValueError:
        valid = False
    if not valid:
        raise ApiError(401, "invalid_signature", "missing, invalid or expired Slack signature")


# ----------------------------------------------------------------------------------------------- messages


@dataclass(frozen=True)
class SlackMessage:
    """A user's message to the bot, as taken from an event callback."""

    event_id: str
    team: str
    channel: str
    user: str
    text: str
    thread_ts: str  # the root of the Slack thread the reply goes to

    @property
    def thread_id(self) -> str:
        return f"slack:{self.team}:{self.channel}:{self.thread_ts}"


def incoming_message(payload: Mapping[str, Any]) -> SlackMessage | None:
    """The user message of an ``event_callback`` (``app_mention``, or ``message`` in a DM), or None to ignore it.

    Bot messages (the bot's own replies included), edits, joins and other subtypes are ignored.
    """
    event = payload.get("event")
    if not isinstance(event, dict) or event.get("type") not in ("app_mention", "message"):
        return None
    if event.get("bot_id") or event.get("subtype"):
        return None
    if event.get("type") == "message" and event.get("channel_type") != "im":
        return None  # in channels the bot answers mentions (app_mention) only, not every message
    team = payload.get("team_id") or event.get("team")
    raw = (payload.get("event_id"), team, event.get("channel"), event.get("user"), event.get("ts"))
    fields = tuple(storable(value) if isinstance(value, str) else value for value in raw)
    if not all(isinstance(value, str) and value for value in fields):
        return None
    event_id, team, channel, user, ts = fields
    text = " ".join(_MENTION.sub(" ", unescape(storable(str(event.get("text", ""))))).split())
    if not text:
        return None
    thread_ts = storable(str(event.get("thread_ts") or "")) or ts
    return SlackMessage(str(event_id), str(team), str(channel), str(user), text, str(thread_ts))


def approval_blocks(summary: str, token: str) -> list[dict[str, Any]]:
    """The Block Kit card of a spending request's summary; both buttons carry only the opaque token."""
    return [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*需要审批 Approval needed*\n{escape(summary)}"},
        },
        {
            "type": "actions",
            "block_id": "copilot_approval",
            "elements": [
                {
                    "type": "button",
                    "action_id": "approve",
                    "style": "primary",
                    "text": {"type": "plain_text", "text": "Approve 同意"},
                    "value": token,
                },
                {
                    "type": "button",
                    "action_id": "reject",
                    "style": "danger",
                    "text": {"type": "plain_text", "text": "Reject 拒绝"},
                    "value": token,
                },
            ],
        },
    ]


def decided_blocks(summary_text: str, approved: bool, user: str) -> list[dict[str, Any]]:
    """The card once decided: its text and who decided, without buttons."""
    verdict = "✅ Approved 已同意" if approved else "❌ Rejected 已拒绝"
    who = f"<@{user}>" if _USER_ID.match(user) else escape(user)
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": summary_text}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"{verdict} · {who}"}]},
    ]


# ----------------------------------------------------------------------------------------------- the bot


class SlackBot(ChannelBot[SlackConfig]):
    """Runs turns for Slack messages and decisions for card clicks (sync: call from a worker thread)."""

    channel = "slack"

    def answer(self, message: SlackMessage, merchant_id: str) -> None:
        """Run the turn and post its answer (and approval card) in the message's thread."""
        with SlackApi(self.config) as api:
            try:
                reply = chat_turn(self.copilot, merchant_id, message.thread_id, message.text, f"slack:{message.user}")
            except Exception as exc:
                log.exception("slack turn failed for %s", message.thread_id)
                api.post_message(message.channel, failure_notice(exc), thread_ts=message.thread_ts)
                return
            self._post_reply(api, merchant_id, message.channel, message.thread_ts, message.thread_id, reply)

    def _post_reply(
        self, api: SlackApi, merchant_id: str, channel: str, thread_ts: str, thread_id: str, reply: TurnReply
    ) -> None:
        if reply.text:
            api.post_message(channel, clip(escape(reply.text)), thread_ts=thread_ts)
        if reply.approval is not None:
            token = self.open_card(merchant_id, thread_id, reply.approval)
            posted = api.post_message(
                channel,
                clip(escape(reply.approval.summary)),
                thread_ts=thread_ts,
                blocks=approval_blocks(reply.approval.summary, token),
            )
            set_message_refs(
                self.store,
                token,
                {"channel": channel, "ts": posted.get("ts"), "thread_ts": thread_ts, "summary": reply.approval.summary},
            )

    def decide(self, token: str, approved: bool, user: str) -> None:
        """Resume the card's thread with the (already claimed) decision, update the card, post the answer."""
        card = find_card(self.store, token, channel="slack")
        if card is None:
            return
        refs = card.message_refs
        channel, thread_ts = str(refs.get("channel", "")), str(refs.get("thread_ts", ""))
        with SlackApi(self.config) as api:
            summary = f"*需要审批 Approval needed*\n{escape(str(refs.get('summary', '')))}"
            if refs.get("ts"):
                api.update_message(channel, str(refs["ts"]), summary, decided_blocks(summary, approved, user))
            try:
                reply = self.resume_claimed(card, approved=approved, decided_by=f"slack:{user}")
            except Exception:
                log.exception("slack decision failed for %s", card.thread_id)
                api.post_message(channel, DECISION_FAILED, thread_ts=thread_ts)
                return
            if reply is None:
                if refs.get("ts"):
                    api.update_message(channel, str(refs["ts"]), summary, approval_blocks(str(refs["summary"]), token))
                api.post_message(channel, STILL_PENDING, thread_ts=thread_ts)
                return
            self._post_reply(api, card.merchant_id, channel, thread_ts, card.thread_id, reply)

    def notify(self, channel: str, user: str, text: str, thread_ts: str | None) -> None:
        """An ephemeral notice to one user (e.g. not an approver); failures are logged, not raised."""
        with SlackApi(self.config) as api:
            try:
                api.post_ephemeral(channel, user, text, thread_ts=thread_ts)
            except SlackApiError as exc:
                log.warning("slack ephemeral notice failed: %s", exc)


async def _verified_body(request: Request, channels: ChannelsConfig) -> tuple[SlackConfig, bytes]:
    """The Slack config and the request body once its signature checks out (404 when Slack is not configured)."""
    if channels.slack is None:
        raise ApiError(404, "not_found", "Slack is not configured on this server")
    body = await request.body()
    verify_request(channels.slack, body, request.headers)
    return channels.slack, body


def _background(function: Any, *args: Any) -> None:
    """Run a bot action; its failure is logged (Slack has had its 200 already)."""
    try:
        function(*args)
    except Exception:
        log.exception("slack background task failed")


@router.post("/events", summary="Slack Events API request URL")
async def events(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, copilot: CopilotDep, store: StoreDep
) -> dict[str, Any]:
    config, body = await _verified_body(request, channels)
    payload = json_object(body)
    if payload.get("type") == "url_verification":
        return {"challenge": str(payload.get("challenge", ""))}
    if payload.get("type") != "event_callback":
        return {"ok": True}
    message = incoming_message(payload)
    if message is None:
        return {"ok": True}
    merchant_id = config.merchant_for(message.team, message.channel)
    if merchant_id is None:
        log.warning("slack event from unmapped team/channel %s/%s ignored", message.team, message.channel)
        return {"ok": True}
    if not await run_in_threadpool(claim_event, store, "slack", message.event_id, utcnow()):
        retry = request.headers.get("x-slack-retry-num")
        log.info("slack event %s already taken (retry %s)", message.event_id, retry)
        return {"ok": True}
    bot = SlackBot(copilot, channels, config)
    background.add_task(_background, bot.answer, message, merchant_id)
    return {"ok": True}


def _member(payload: dict[str, Any], key: str) -> dict[str, Any]:
    """An object member of an interaction (user, team, channel, message); {} when absent or not an object."""
    value = payload.get(key)
    return value if isinstance(value, dict) else {}


@router.post("/interactions", summary="Slack interactivity request URL (approval buttons)")
async def interactions(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, copilot: CopilotDep, store: StoreDep
) -> dict[str, Any]:
    config, body = await _verified_body(request, channels)
    try:
        payload = json.loads(parse_qs(body.decode("utf-8"))["payload"][0])
        actions = payload["actions"] if payload.get("type") == "block_actions" else []
    except (UnicodeDecodeError, KeyError, IndexError, ValueError, AttributeError, RecursionError) as exc:
        raise ApiError(400, "bad_request", "expected a form field 'payload' holding an interaction") from exc
    action = next((a for a in actions if isinstance(a, dict) and a.get("action_id") in _DECISIONS), None)
    if action is None:
        return {"ok": True}
    user, team, channel = (storable(str(_member(payload, part).get("id", ""))) for part in ("user", "team", "channel"))
    thread_ts = _member(payload, "message").get("thread_ts")
    bot = SlackBot(copilot, channels, config)
    token = storable(str(action.get("value", "")))
    card = await run_in_threadpool(find_card, store, token, channel="slack")
    if card is None or config.merchant_for(team, channel) != card.merchant_id:
        background.add_task(bot.notify, channel, user, "这个审批卡片无效。 (Unknown approval card.)", thread_ts)
        return {"ok": True}
    if user not in channels.approvers(card.merchant_id).slack:
        log.warning("slack user %s is not an approver of %s", user, card.merchant_id)
        background.add_task(bot.notify, channel, user, NOT_AN_APPROVER, thread_ts)
        return {"ok": True}
    approved = _DECISIONS[str(action["action_id"])]
    claimed = await run_in_threadpool(
        claim_decision, store, token, approved=approved, decided_by=f"slack:{user}", now=utcnow()
    )
    if not claimed:
        background.add_task(bot.notify, channel, user, ALREADY_DECIDED, thread_ts)
        return {"ok": True}
    background.add_task(_background, bot.decide, token, approved, user)
    return {"ok": True}
