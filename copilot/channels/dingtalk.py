"""The DingTalk bot: the enterprise robot's HTTP callback, replies through the message's sessionWebhook.

- A callback is verified before its body is even read: headers ``timestamp`` (ms) and ``sign`` =
  base64(HMAC-SHA256(key=appSecret, msg="<timestamp>\\n<appSecret>")) of a configured robot, the timestamp within
  one hour of now; then the (timestamp, sign) pair is taken once in the store (a replayed pair is a 401, whatever
  body it carries), the body is parsed (a nesting too deep is a 400) and must name a robot that sign is of. The sign
  does not cover the body, so every ``msgId`` is also taken once: a replayed message reaches nothing.
- Replies go to the message's ``sessionWebhook`` only when it is on the configured DingTalk webhook origin; a body
  naming any other URL is refused (400) and nothing is posted.
- Answers are Markdown messages; a spending request is an ActionCard whose buttons send the reply command
  "同意 <code>" / "拒绝 <code>" from the clicker's own account (``dtmd://dingtalkclient/sendMessage``); only
  approvers of the merchant may decide; typing the command works the same. Each card is decided once.
- Only a message whose sender DingTalk vouches for may approve spending: Stream mode's (the connection is
  authenticated). Over the HTTP callback nothing proves the body's sender (the sign covers only the timestamp), so
  there a card can only be rejected and "同意" is refused with a notice pointing to the web chat and Stream mode.
- `stream_client` runs the same handling over DingTalk's Stream mode (the official ``dingtalk-stream`` SDK) for
  deployments without a public endpoint.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Request
from starlette.concurrency import run_in_threadpool

from copilot.channels.approvals import claim_decision, find_card
from copilot.channels.common import (
    ALREADY_DECIDED,
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
from copilot.messaging.config import DingTalkConfig
from copilot.messaging.dingtalk import DingTalkApi, markdown_message, sanitize, sign
from copilot.store.text import storable
from copilot.web.deps import ChannelsDep, CopilotDep, StoreDep
from copilot.web.errors import ApiError
from tools.spending import ApprovalRequest

log = logging.getLogger("copilot.channels.dingtalk")

router = APIRouter(prefix="/channels/dingtalk", tags=["dingtalk"])

SIGN_WINDOW_MS = 3600 * 1000
SIGN_SOURCE = "dingtalk-sign"  # channel_events source of the (timestamp, sign) pairs already used
_COMMAND = re.compile(r"^\s*(同意|拒绝|approve|reject)\s+([A-Za-z0-9]{4,64})\s*$", re.IGNORECASE)
_APPROVE_WORDS = {"同意", "approve"}
MAX_TEXT = 5000


HTTP_APPROVAL_REFUSED = (
    "钉钉 HTTP 回调模式下不能用消息同意花钱的请求：回调的签名不覆盖消息内容，无法证明是谁发的。"
    "请在网页聊天中提交并审批这笔预算，或请管理员改用 Stream 模式（copilot dingtalk-stream）；在这里仍可拒绝。 "
    "(Spending cannot be approved by a message over DingTalk's HTTP callback: its sign does not cover the message, "
    "so nothing proves who sent it. Ask for and approve this budget in the web chat, or have the operator run the "
    "robot in Stream mode (`copilot dingtalk-stream`); rejecting still works here.)"
)


def valid_sign(timestamp: str | None, signature: str | None, secret: str, now_ms: int) -> bool:
    """True when `signature` is the robot's sign of `timestamp` and the timestamp is within one hour of now."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs(now_ms - int(timestamp)) > SIGN_WINDOW_MS:
        return False
    return hmac.compare_digest(sign(timestamp, secret).encode(), signature.encode())


def signing_robots(config: DingTalkConfig, timestamp: str | None, signature: str | None, now_ms: int) -> list[str]:
    """The codes of the configured robots whose app secret made `signature` of `timestamp` (within the window)."""
    return [
        robot.robot_code
        for robot in config.robots
        if valid_sign(timestamp, signature, robot.app_secret.get_secret_value(), now_ms)
    ]


def clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def command_link(command: str) -> str:
    """A link that, clicked in DingTalk, sends `command` as a message from the clicker."""
    return "dtmd://dingtalkclient/sendMessage?content=" + quote(command, safe="")


def approval_card(request: ApprovalRequest, code: str, *, can_approve: bool) -> dict[str, Any]:
    """The ActionCard of a spending request: its summary and buttons sending the reply command (reject only when
    replies cannot approve, i.e. over the HTTP callback)."""
    reject = {"title": "拒绝 Reject", "actionURL": command_link(f"拒绝 {code}")}
    if can_approve:
        how = f"点击按钮，或回复 **同意 {code}** / **拒绝 {code}**（仅限审批人）。"
        buttons = [{"title": "同意 Approve", "actionURL": command_link(f"同意 {code}")}, reject]
    else:
        how = (
            f"这里只能拒绝（回复 **拒绝 {code}**，仅限审批人）；同意请在网页聊天中提交并审批。 "
            "(Only rejecting works here; approve in the web chat.)"
        )
        buttons = [reject]
    return {
        "msgtype": "actionCard",
        "actionCard": {
            "title": "需要审批 Approval needed",
            "text": f"### 需要审批 Approval needed\n\n{sanitize(request.summary)}\n\n{how}",
            "btnOrientation": "1",
            "btns": buttons,
        },
    }


@dataclass(frozen=True)
class DingTalkMessage:
    """A user's text message to the robot. `sender_verified`: DingTalk vouches for the whole message, sender
    included (Stream mode); False over the HTTP callback, whose sign does not cover the body."""

    msg_id: str
    robot_code: str
    conversation_id: str
    sender: str  # senderStaffId (the approver lists name staff ids)
    text: str
    session_webhook: str
    sender_verified: bool

    @property
    def thread_id(self) -> str:
        return f"dingtalk:{self.robot_code}:{self.conversation_id}"


def parse_message(payload: dict[str, Any], *, sender_verified: bool) -> DingTalkMessage | None:
    """The text message of a robot callback, or None when it is not one (other types, missing fields)."""
    text = (payload.get("text") or {}).get("content") if isinstance(payload.get("text"), dict) else None
    raw = (
        payload.get("msgId"),
        payload.get("robotCode"),
        payload.get("conversationId"),
        payload.get("senderStaffId") or payload.get("senderId"),
        text,
        payload.get("sessionWebhook"),
    )
    fields = tuple(storable(v) if isinstance(v, str) else v for v in raw)
    if payload.get("msgtype", "text") != "text" or not all(isinstance(v, str) and v.strip() for v in fields):
        return None
    msg_id, robot_code, conversation_id, sender, content, webhook = (str(v) for v in fields)
    text = " ".join(content.split())
    return DingTalkMessage(msg_id, robot_code, conversation_id, sender, text, webhook, sender_verified)


class DingTalkBot(ChannelBot[DingTalkConfig]):
    """Runs turns and reply commands for DingTalk messages (sync: call from a worker thread)."""

    channel = "dingtalk"

    def handle(self, message: DingTalkMessage, merchant_id: str) -> None:
        """Answer the message in its conversation: a reply command decides a card, anything else is a turn."""
        with DingTalkApi(self.config) as api:
            command = _COMMAND.match(message.text)
            try:
                if command:
                    approved = command.group(1).lower() in _APPROVE_WORDS
                    reply = self._decide(message, merchant_id, command.group(2).upper(), approved)
                else:
                    reply = chat_turn(
                        self.copilot, merchant_id, message.thread_id, message.text, f"dingtalk:{message.sender}"
                    )
            except Exception as exc:
                log.exception("dingtalk turn failed for %s", message.thread_id)
                reply = TurnReply(failure_notice(exc))
            self._post_reply(api, message, merchant_id, reply)

    def _decide(self, message: DingTalkMessage, merchant_id: str, code: str, approved: bool) -> TurnReply:
        card = find_card(self.store, code, channel="dingtalk", merchant_id=merchant_id)
        if card is None:
            return TurnReply(f"没有审批码为 {code} 的审批。 (No approval with that code.)")
        if approved and not message.sender_verified:
            log.warning("dingtalk approval of %s by %s over the HTTP callback refused", code, message.sender)
            return TurnReply(HTTP_APPROVAL_REFUSED)
        if message.sender not in self.channels.approvers(merchant_id).dingtalk:
            log.warning("dingtalk user %s is not an approver of %s", message.sender, merchant_id)
            return TurnReply(NOT_AN_APPROVER)
        decided_by = f"dingtalk:{message.sender}"
        if not claim_decision(self.store, code, approved=approved, decided_by=decided_by, now=utcnow()):
            return TurnReply(ALREADY_DECIDED)
        verdict = "已同意 approved" if approved else "已拒绝 rejected"
        reply = self.resume_claimed(card, approved=approved, decided_by=decided_by)
        if reply is None:
            return TurnReply(STILL_PENDING)
        return TurnReply(f"审批 {code} {verdict}。\n\n{reply.text}", reply.approval)

    def _post_reply(self, api: DingTalkApi, message: DingTalkMessage, merchant_id: str, reply: TurnReply) -> None:
        if reply.text:
            api.post(message.session_webhook, markdown_message("Merchant Copilot", clip(sanitize(reply.text))))
        if reply.approval is not None:
            code = self.open_card(merchant_id, message.thread_id, reply.approval)
            card = approval_card(reply.approval, code, can_approve=message.sender_verified)
            api.post(message.session_webhook, card)


@dataclass(frozen=True)
class Accepted:
    """A message to handle, with its merchant."""

    message: DingTalkMessage
    merchant_id: str


def accept(config: DingTalkConfig, payload: dict[str, Any], *, sender_verified: bool) -> Accepted | None:
    """Check a (verified) robot message: None to ignore it; raises ApiError 400 for a foreign sessionWebhook."""
    message = parse_message(payload, sender_verified=sender_verified)
    if message is None:
        return None
    robot = config.robot(message.robot_code)
    if robot is None or not robot.serves(message.conversation_id):
        log.warning("dingtalk message for unmapped robot/conversation %s ignored", message.robot_code)
        return None
    if not config.allows_webhook(message.session_webhook):
        raise ApiError(400, "bad_request", "sessionWebhook is not on the configured DingTalk host")
    return Accepted(message, robot.merchant)


def _background(bot: DingTalkBot, accepted: Accepted) -> None:
    try:
        bot.handle(accepted.message, accepted.merchant_id)
    except Exception:
        log.exception("dingtalk background task failed")


@router.post("/callback", summary="DingTalk enterprise robot message callback (HTTP mode)")
async def callback(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, copilot: CopilotDep, store: StoreDep
) -> dict[str, Any]:
    if channels.dingtalk is None:
        raise ApiError(404, "not_found", "DingTalk is not configured on this server")
    config = channels.dingtalk
    timestamp, signature = request.headers.get("timestamp"), request.headers.get("sign")
    signers = signing_robots(config, timestamp, signature, int(time.time() * 1000))
    if not signers:
        raise ApiError(401, "invalid_signature", "missing, invalid or expired DingTalk sign")
    if not await run_in_threadpool(claim_event, store, SIGN_SOURCE, f"{timestamp}:{signature}", utcnow()):
        log.warning("dingtalk sign of %s replayed", timestamp)
        raise ApiError(401, "invalid_signature", "this DingTalk sign was already used")
    payload = json_object(await request.body())
    if payload.get("robotCode") not in signers:
        raise ApiError(401, "invalid_signature", "the DingTalk sign is not of the robot the message names")
    accepted = accept(config, payload, sender_verified=False)
    if accepted is None:
        return {"ok": True}
    if not await run_in_threadpool(claim_event, store, "dingtalk", accepted.message.msg_id, utcnow()):
        log.info("dingtalk message %s already taken", accepted.message.msg_id)
        return {"ok": True}
    background.add_task(_background, DingTalkBot(copilot, channels, config), accepted)
    return {"ok": True}


# ----------------------------------------------------------------------------------------------- Stream mode


def stream_handler(bot: DingTalkBot) -> Any:
    """A `dingtalk_stream` chatbot handler feeding Stream-mode messages through the same checks and handling.

    Stream mode is authenticated by the app's client id/secret on the connection, so there is no sign to check
    and DingTalk vouches for the sender (approvals are accepted); the msgId de-duplication and the sessionWebhook
    host check apply as over HTTP.
    """
    import dingtalk_stream

    class CopilotHandler(dingtalk_stream.AsyncChatbotHandler):
        def process(self, callback: Any) -> tuple[int, str]:
            payload = callback.data if isinstance(callback.data, dict) else {}
            try:
                accepted = accept(bot.config, payload, sender_verified=True)
            except ApiError as exc:
                log.warning("dingtalk stream message refused: %s", exc.message)
                return dingtalk_stream.AckMessage.STATUS_OK, "refused"
            if accepted is None or not claim_event(bot.store, "dingtalk", accepted.message.msg_id, utcnow()):
                return dingtalk_stream.AckMessage.STATUS_OK, "ignored"
            bot.handle(accepted.message, accepted.merchant_id)
            return dingtalk_stream.AckMessage.STATUS_OK, "ok"

    return CopilotHandler()


def stream_client(bot: DingTalkBot) -> Any:
    """A DingTalk Stream-mode client (official SDK) for the configured app; raises ValueError when unconfigured."""
    import dingtalk_stream

    config = bot.config
    if not config.client_id or config.client_secret is None:
        raise ValueError("dingtalk.client_id and dingtalk.client_secret must be set in the channels file")
    client = dingtalk_stream.DingTalkStreamClient(
        dingtalk_stream.Credential(config.client_id, config.client_secret.get_secret_value())
    )
    client.register_callback_handler(dingtalk_stream.ChatbotMessage.TOPIC, stream_handler(bot))
    return client
