"""What the Slack and DingTalk bots share: one chat turn or decision run to its end, its notices, and the card."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from copilot.channels.approvals import Channel, PendingCard, create_card, release_decision
from copilot.messaging.config import ChannelsConfig
from copilot.service import Copilot, DecisionNotLanded, NoPendingApproval, collect
from copilot.store import Store
from copilot.store.faults import BUSY_NOTICE, is_transient, retry_transient
from copilot.web.errors import ApiError
from tools.spending import ApprovalRequest

log = logging.getLogger("copilot.channels")

NOTHING_PENDING = "这个审批已不在等待中。 (This approval is no longer pending.)"
TURN_FAILED = "抱歉，这一轮出错了。 (Sorry, the turn failed.)"
NOT_AN_APPROVER = "你不在这个商家的审批人名单上。 (You are not on this merchant's approver list.)"
ALREADY_DECIDED = "这个审批已经处理过了。 (Already decided.)"
DECISION_FAILED = "抱歉，审批处理出错了。 (Sorry, the decision failed.)"
STILL_PENDING = (
    "数据库暂时繁忙或无法连接，这次审批没有完整记录，请稍后再决定一次来完成"
    "（已提交的预算不会重复扣款，回复会说明实际结果）。 "
    "(The database is busy or unreachable, so the decision was not fully recorded; decide again in a moment to "
    "finish it. A budget already submitted is never charged twice, and the reply says what was done.)"
)

ConfigT = TypeVar("ConfigT")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TurnReply:
    """What a channel posts after a turn: the answer text (or a notice) and the approval it asks for, if any."""

    text: str
    approval: ApprovalRequest | None = None


class DecisionStuck(RuntimeError):
    """A transient database fault stopped a claimed decision and the claim could not be given back either:
    the card stays decided, so "try again" would not be true."""


def failure_notice(exc: BaseException) -> str:
    """What to post when a turn raised `exc`: the database notice for a transient fault, else TURN_FAILED."""
    if isinstance(exc, DecisionStuck):
        return DECISION_FAILED
    return BUSY_NOTICE if is_transient(exc) else TURN_FAILED


def chat_turn(copilot: Copilot, merchant_id: str, thread_id: str, text: str, actor: str) -> TurnReply:
    """Run a chat turn to its end; a thread waiting for an approval answers with its reminder and card again."""
    result = copilot.ask(merchant_id, thread_id, text, actor=actor)
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
    """A request body parsed as a JSON object; raises ApiError 400 when it is not JSON (or nested too deeply to
    parse) or not an object."""
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ApiError(400, "bad_request", "the body is not JSON") from exc
    except RecursionError as exc:
        raise ApiError(400, "bad_request", "the body is nested too deeply") from exc
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

    def resume_claimed(self, card: PendingCard, *, approved: bool, decided_by: str) -> TurnReply | None:
        """`decide_turn` for a card `decided_by` has just claimed. None when the decision did not land (a
        transient database fault, or an error the thread recorded as not landed) and the claim was given back, so
        the card can be decided again (the spend is exactly-once by its own key). Raises DecisionStuck when the
        claim could not be given back; other errors propagate."""
        try:
            return decide_turn(
                self.copilot,
                card.merchant_id,
                card.thread_id,
                card.approval_id,
                approved=approved,
                decided_by=decided_by,
            )
        except Exception as exc:
            if not (is_transient(exc) or isinstance(exc, DecisionNotLanded)):
                raise
            log.warning("%s decision of %s did not land; giving the card back", self.channel, card.thread_id)
            try:
                retry_transient(lambda: release_decision(self.store, card.token, decided_by=decided_by))
            except Exception as release_error:
                raise DecisionStuck(f"the decision of {card.thread_id} stopped and its card stays claimed") from (
                    release_error
                )
            return None

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
