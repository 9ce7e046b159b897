"""What the Slack and DingTalk faces share: the channels file as a dependency, and one chat turn run to its end."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from fastapi import Depends

from copilot.api.deps import SettingsDep
from copilot.api.errors import ApiError
from copilot.channels.approvals import Channel, create_card
from copilot.channels.config import ChannelsConfig, ChannelsConfigError, load_channels
from copilot.config import Settings
from copilot.service import Copilot, NoPendingApproval, PendingApprovalExists, collect
from copilot.store import Store
from copilot.store.faults import BUSY_NOTICE, is_transient
from tools.spending import ApprovalRequest

log = logging.getLogger("copilot.channels")

WAITING = "这个对话正在等待审批，请先处理上面的审批卡片。 (This thread is waiting for an approval decision.)"
NOTHING_PENDING = "这个审批已不在等待中。 (This approval is no longer pending.)"
TURN_FAILED = "抱歉，这一轮出错了。 (Sorry, the turn failed.)"
NOT_AN_APPROVER = "你不在这个商家的审批人名单上。 (You are not on this merchant's approver list.)"
ALREADY_DECIDED = "这个审批已经处理过了。 (Already decided.)"

ConfigT = TypeVar("ConfigT")


def utcnow() -> datetime:
    return datetime.now(UTC)


def channels_of(settings: Settings) -> ChannelsConfig:
    """The configured channels; raises ChannelsConfigError when `channels_file` is unset or invalid."""
    if settings.channels_file is None:
        raise ChannelsConfigError("COPILOT_CHANNELS_FILE is not set")
    return load_channels(settings.channels_file)


def get_channels(settings: SettingsDep) -> ChannelsConfig:
    """The channels file of the running app: 404 when the bots are not configured, 503 when it is invalid."""
    if settings.channels_file is None:
        raise ApiError(404, "not_found", "Slack and DingTalk are not configured on this server")
    try:
        return load_channels(settings.channels_file)
    except ChannelsConfigError as exc:
        log.error("channels file unusable: %s", exc)
        raise ApiError(503, "unavailable", "the channels configuration is invalid; see the server log") from exc


ChannelsDep = Annotated[ChannelsConfig, Depends(get_channels)]


@dataclass(frozen=True)
class TurnReply:
    """What a channel posts after a turn: the answer text (or a notice) and the approval it asks for, if any."""

    text: str
    approval: ApprovalRequest | None = None


def failure_notice(exc: BaseException) -> str:
    """What to post when a turn raised `exc`: the database notice for a transient fault, else TURN_FAILED."""
    return BUSY_NOTICE if is_transient(exc) else TURN_FAILED


def chat_turn(copilot: Copilot, merchant_id: str, thread_id: str, text: str, actor: str) -> TurnReply:
    """Run a chat turn to its end; a thread waiting for an approval answers with a notice instead of running."""
    try:
        result = copilot.ask(merchant_id, thread_id, text, actor=actor)
    except PendingApprovalExists:
        return TurnReply(WAITING)
    return TurnReply(result.answer, result.approval)


def decide_turn(
    copilot: Copilot, merchant_id: str, thread_id: str, approval_id: str, *, approved: bool, decided_by: str
) -> TurnReply:
    """Resume a thread with a decision; a request no longer pending answers with a notice."""
    try:
        result = collect(copilot.decide(merchant_id, thread_id, approval_id, approved=approved, decided_by=decided_by))
    except NoPendingApproval:
        return TurnReply(NOTHING_PENDING)
    return TurnReply(result.answer, result.approval)


def json_object(body: bytes) -> dict[str, Any]:
    """A request body parsed as a JSON object; raises ApiError 400 when it is not JSON or not an object."""
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ApiError(400, "bad_request", "the body is not JSON") from exc
    if not isinstance(payload, dict):
        raise ApiError(400, "bad_request", "the body is not a JSON object")
    return payload


class ChannelBot(Generic[ConfigT]):
    """What a Slack or DingTalk bot holds: the copilot, its store, the channels file and the face's own config."""

    channel: ClassVar[Channel]

    def __init__(self, copilot: Copilot, channels: ChannelsConfig, config: ConfigT) -> None:
        self.copilot = copilot
        self.store: Store = copilot.store
        self.channels = channels
        self.config = config

    def open_card(self, merchant_id: str, thread_id: str, approval: ApprovalRequest) -> str:
        """Record an approval card of this channel for the thread's pending approval; returns its token/code."""
        return create_card(
            self.store,
            channel=self.channel,
            merchant_id=merchant_id,
            thread_id=thread_id,
            approval_id=approval.approval_id,
            now=utcnow(),
        )
