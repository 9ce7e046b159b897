"""The spending action behind `submit_promotion_budget`: the only tool that spends money, and only after a
human approves.

The graph runs it as a SpendingAction (tools/spending.py) in two steps:

- `prepare` (before the pause) validates the request and, in one transaction, records a `budget_requests` row
  in `pending_approval`, moves the campaign to `pending_approval` and writes `budget.requested` to the audit
  log. It is idempotent on the key: a re-run finds the same row. Nothing is spent.
- `execute` (after the human decision) moves the request out of `pending_approval` exactly once, whoever
  calls it and however often: the decision is claimed with a conditional UPDATE; an approval re-checks every
  cap server-side (an approval never lifts a cap), submits to the ad platform with the request's idempotency
  key (a repeat of the submission is a replay on the platform, never a second spend) and then marks the
  request `submitted` and the campaign `active`; a rejection marks `rejected` and puts the campaign back in
  `draft`; a refusal or platform failure marks `failed` with the reason. A decision for a request already
  decided changes nothing and returns the recorded outcome. Every decision and submission is audited.

Request states: `pending_approval` with `decided_at` empty (undecided), `pending_approval` with `decided_at`
set (approved, submission under way: a repeat of the approval finishes it with the same key), then
`submitted`, `rejected` or `failed` (final).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from langchain_core.tools import BaseTool
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from copilot.adplatform import AdPlatform, LedgerPlatform, PlatformError, Submission, money
from copilot.budget.card import approval_card
from copilot.budget.checks import (
    PENDING,
    Plan,
    campaign_refusal,
    check_plan,
    parse_amount,
    parse_args,
    remembered_cap,
    storage_key,
)
from copilot.budget.commitments import commitments
from copilot.context import Context
from copilot.i18n import format_money
from copilot.promotion.track_record import record_submitted_forecast
from copilot.store.models import AuditLog, BudgetRequest, Campaign, Merchant
from tools.lookup import latest_draft_of_thread, merchant_campaign, named_campaign, which_campaign
from tools.result import ToolOutput, ToolRefusal
from tools.spending import ApprovalRequest, Decision

TOOL_NAME = "submit_promotion_budget"


@dataclass(frozen=True)
class Landed:
    """An approval spent and recorded: what the platform holds and the plan it was paced by."""

    submission: Submission
    plan: Plan
    platform: str


def _rowcount(session: Session, statement: Any) -> int:
    """How many rows a conditional UPDATE changed: the caller that changed one is the one that transitioned it."""
    result = session.execute(statement)
    return int(cast(CursorResult[Any], result).rowcount)


def _audit(session: Session, ctx: Context, actor: str, action: str, detail: dict[str, Any]) -> None:
    session.add(
        AuditLog(merchant_id=ctx.merchant_id, actor=actor, action=action, detail=detail, created_at=ctx.clock.now())
    )


def _platform(ctx: Context) -> AdPlatform:
    return ctx.ad_platform if ctx.ad_platform is not None else LedgerPlatform(ctx.store, ctx.clock)


class SubmitPromotionBudget:
    """The SpendingAction behind `submit_promotion_budget` (see the module docstring for its contract)."""

    def __init__(self, tool: BaseTool) -> None:
        self._tool = tool

    @property
    def tool(self) -> BaseTool:
        return self._tool

    # -------------------------------------------------------- prepare

    def prepare(self, ctx: Context, args: dict[str, Any], *, key: str, tool_call_id: str) -> ApprovalRequest:
        """Validate and record the request (idempotent for `key`); raise ToolRefusal to refuse. Spends nothing."""
        parsed = parse_args(self.tool, args)
        key = storage_key(key)
        with ctx.store.session() as session:
            merchant = session.get(Merchant, ctx.merchant_id)
            if merchant is None:
                raise ToolRefusal("this store has no merchant record; budgets cannot be submitted")
            existing = session.scalar(
                select(BudgetRequest).where(
                    BudgetRequest.merchant_id == ctx.merchant_id, BudgetRequest.idempotency_key == key
                )
            )
            campaign = self._campaign(session, ctx, parsed.campaign_id, existing)
            committed = commitments(session, ctx.merchant_id, ctx.clock.now().date())
        amount = parse_amount(parsed.amount) if parsed.amount is not None else money(campaign.budget_total)
        if existing is not None:
            self._check_same_request(existing, campaign, amount)
        elif campaign.status != "draft":
            raise ToolRefusal(campaign_refusal(campaign))
        plan = check_plan(ctx, merchant, campaign, amount, committed, remembered_cap(ctx))
        dry_run = self._dry_run(ctx, plan, key)
        request = existing or self._record(ctx, plan, key, dry_run)
        return ApprovalRequest(
            approval_id=request.id,
            tool=TOOL_NAME,
            tool_call_id=tool_call_id,
            summary=approval_card(plan, dry_run),
            amount=str(plan.amount),
            currency=plan.currency,
            details={
                "budget_request_id": request.id,
                "campaign_id": plan.campaign_id,
                "campaign_name": plan.campaign_name,
                "start_date": plan.start.isoformat(),
                "end_date": plan.end.isoformat(),
                "days": plan.days,
                "daily_pacing": str(plan.pacing),
                "daily_cap": str(plan.daily_cap),
                "daily_cap_source": plan.cap_source,
                "daily_committed_elsewhere": str(plan.committed),
                "total_cap": str(plan.total_cap),
                "dry_run": dry_run,
            },
        )

    @staticmethod
    def _campaign(session: Session, ctx: Context, campaign_id: str | None, existing: BudgetRequest | None) -> Campaign:
        """The request's own campaign (a re-run); else the one it names (id or name); else the latest draft of
        this conversation. A draft of another conversation is never taken: with none here, the merchant is asked."""
        if campaign_id is None and existing is not None:
            return merchant_campaign(session, ctx.merchant_id, existing.campaign_id)
        if campaign_id is not None:
            return named_campaign(session, ctx.merchant_id, campaign_id, ctx.thread)
        campaign = latest_draft_of_thread(session, ctx.merchant_id, ctx.thread)
        if campaign is None:
            raise ToolRefusal(which_campaign(session, ctx.merchant_id))
        return campaign

    @staticmethod
    def _check_same_request(existing: BudgetRequest, campaign: Campaign, amount: Decimal) -> None:
        if existing.campaign_id != campaign.id or money(existing.amount) != amount:
            raise ToolRefusal(
                f"this request was already recorded as {money(existing.amount)} for campaign "
                f"{existing.campaign_id}; the same request cannot change its amount or campaign"
            )
        if existing.status != PENDING or existing.decided_at is not None:
            raise ToolRefusal(f"budget request {existing.id} was already decided ({existing.status})")

    @staticmethod
    def _dry_run(ctx: Context, plan: Plan, key: str) -> dict[str, Any]:
        platform = _platform(ctx)
        try:
            result = platform.validate(plan.merchant_id, plan.campaign_id, plan.amount, key)
        except PlatformError as exc:
            return {"ok": None, "message": str(exc), "backend": platform.name}
        if not result.ok:
            raise ToolRefusal(f"the ad platform's dry run refused this budget: {result.message}")
        return {"ok": True, "message": result.message, "backend": platform.name, **result.details}

    @staticmethod
    def _record(ctx: Context, plan: Plan, key: str, dry_run: dict[str, Any]) -> BudgetRequest:
        """Insert the request, move the campaign to pending_approval and audit it, in one transaction."""
        request = BudgetRequest(
            id=f"br_{uuid.uuid4().hex[:16]}",
            merchant_id=ctx.merchant_id,
            campaign_id=plan.campaign_id,
            amount=plan.amount,
            idempotency_key=key,
            status=PENDING,
            created_at=ctx.clock.now(),
        )
        try:
            with ctx.store.session() as session:
                session.add(request)
                session.flush()
                moved = _rowcount(
                    session,
                    update(Campaign)
                    .where(
                        Campaign.id == plan.campaign_id,
                        Campaign.merchant_id == ctx.merchant_id,
                        Campaign.status == "draft",
                    )
                    .values(status=PENDING)
                    .execution_options(synchronize_session=False),
                )
                if moved != 1:
                    raise ToolRefusal(f"campaign {plan.campaign_id} stopped being a draft; try again")
                record_submitted_forecast(session, session.get_one(Campaign, plan.campaign_id), request.created_at)
                _audit(
                    session,
                    ctx,
                    ctx.actor,
                    "budget.requested",
                    {
                        "budget_request_id": request.id,
                        "campaign_id": plan.campaign_id,
                        "amount": str(plan.amount),
                        "currency": plan.currency,
                        "daily_pacing": str(plan.pacing),
                        "dry_run_ok": dry_run["ok"],
                    },
                )
        except IntegrityError:
            return SubmitPromotionBudget._concurrent_twin(ctx, plan, key)
        return request

    @staticmethod
    def _concurrent_twin(ctx: Context, plan: Plan, key: str) -> BudgetRequest:
        """The row a concurrent prepare with the same key recorded first."""
        with ctx.store.session() as session:
            twin = session.scalar(
                select(BudgetRequest).where(
                    BudgetRequest.merchant_id == ctx.merchant_id, BudgetRequest.idempotency_key == key
                )
            )
        if twin is None:
            raise ToolRefusal("the budget request could not be recorded; try again")
        if twin.campaign_id != plan.campaign_id or money(twin.amount) != plan.amount:
            raise ToolRefusal("a different request was recorded under the same key")
        return twin

    # -------------------------------------------------------- execute

    def execute(self, ctx: Context, request: ApprovalRequest, decision: Decision) -> ToolOutput:
        """Carry out the decision exactly once per request; a repeat returns the recorded outcome."""
        if decision.approval_id != request.approval_id:
            raise ToolRefusal("this decision is for another approval")
        if decision.approved:
            return self._approve(ctx, request.approval_id, decision)
        return self._reject(ctx, request.approval_id, decision)

    @staticmethod
    def _read(ctx: Context, request_id: str) -> tuple[BudgetRequest, Campaign, Merchant]:
        with ctx.store.session() as session:
            row = session.scalar(
                select(BudgetRequest).where(
                    BudgetRequest.id == request_id, BudgetRequest.merchant_id == ctx.merchant_id
                )
            )
            if row is None:
                raise ToolRefusal(f"budget request {request_id!r} not found in this store")
            campaign = session.get_one(Campaign, row.campaign_id)
            merchant = session.get_one(Merchant, ctx.merchant_id)
        return row, campaign, merchant

    @staticmethod
    def _pending(ctx: Context, request_id: str, *, undecided: bool) -> Any:
        clause = update(BudgetRequest).where(
            BudgetRequest.id == request_id,
            BudgetRequest.merchant_id == ctx.merchant_id,
            BudgetRequest.status == PENDING,
        )
        if undecided:
            clause = clause.where(BudgetRequest.decided_at.is_(None))
        return clause.execution_options(synchronize_session=False)

    @staticmethod
    def _move_campaign(session: Session, ctx: Context, campaign_id: str, status: str) -> None:
        session.execute(
            update(Campaign)
            .where(Campaign.id == campaign_id, Campaign.merchant_id == ctx.merchant_id, Campaign.status == PENDING)
            .values(status=status)
            .execution_options(synchronize_session=False)
        )

    def _reject(self, ctx: Context, request_id: str, decision: Decision) -> ToolOutput:
        now = ctx.clock.now()
        with ctx.store.session() as session:
            claimed = _rowcount(
                session,
                self._pending(ctx, request_id, undecided=True).values(
                    status="rejected", decided_by=decision.decided_by, decided_at=now, reason=decision.reason
                ),
            )
            if claimed == 1:
                row = session.get_one(BudgetRequest, request_id)
                self._move_campaign(session, ctx, row.campaign_id, "draft")
                _audit(
                    session,
                    ctx,
                    decision.decided_by,
                    "budget.rejected",
                    {"budget_request_id": request_id, "amount": str(money(row.amount)), "reason": decision.reason},
                )
        row, campaign, merchant = self._read(ctx, request_id)
        if claimed != 1 and row.status == PENDING:  # an approval landed first; its submission is finished now
            return self._submit(ctx, row, campaign, merchant, decision)
        if claimed != 1:
            return self._recorded(ctx, row, merchant, decision)
        amount = format_money(row.amount, merchant.currency, "en")
        return ToolOutput(
            f"Rejected by {decision.decided_by}: budget request {row.id} ({amount} for campaign {campaign.name}) "
            "was not submitted and nothing was spent. The campaign is back in draft.",
            self._payload(row, merchant, replayed=False),
        )

    def _approve(self, ctx: Context, request_id: str, decision: Decision) -> ToolOutput:
        platform, remembered = _platform(ctx), remembered_cap(ctx)  # read before any lock is held
        landed = self._land_approval(ctx, request_id, decision, platform, remembered)
        row, campaign, merchant = self._read(ctx, request_id)
        if isinstance(landed, str):
            return self._failed(row, merchant, landed)
        if landed is not None:
            return self._submitted(row, campaign, merchant, landed)
        if row.status != PENDING:
            return self._recorded(ctx, row, merchant, decision)
        # Approved, not yet sent: an HTTP platform's turn now, or one landed earlier and not finished (a racing or
        # crashed caller): finish with the request's own key, so a repeat is a replay on the platform.
        return self._submit(ctx, row, campaign, merchant, decision)

    def _land_approval(
        self, ctx: Context, request_id: str, decision: Decision, platform: AdPlatform, remembered: Decimal | None
    ) -> str | Landed | None:
        """Land the approval in one transaction: claim the undecided request, then, holding the merchant's row,
        re-check every cap against what the store's other approved budgets already commit on its days (so
        approvals of one store are checked one after the other). On the embedded ledger the spend and its record
        join that transaction: the approval lands whole or not at all. Returns the refusal (recorded as failed),
        what was spent and recorded, or None (claimed for an HTTP platform, or decided before: the caller reads
        which)."""
        with ctx.store.session() as session:
            claimed = _rowcount(
                session,
                self._pending(ctx, request_id, undecided=True).values(
                    decided_by=decision.decided_by, decided_at=ctx.clock.now()
                ),
            )
            if claimed != 1:
                return None
            merchant = session.scalars(
                select(Merchant).where(Merchant.id == ctx.merchant_id).with_for_update(key_share=True)
            ).one()
            row = session.get_one(BudgetRequest, request_id)
            campaign = session.get_one(Campaign, row.campaign_id)
            _audit(session, ctx, decision.decided_by, "budget.approved", {"budget_request_id": request_id})
            try:
                if campaign.status != PENDING:
                    raise ToolRefusal(f"campaign {campaign.id} is now {campaign.status}")
                committed = commitments(session, ctx.merchant_id, ctx.clock.now().date(), exclude=row.id)
                plan = check_plan(ctx, merchant, campaign, money(row.amount), committed, remembered)
            except ToolRefusal as exc:
                reason = f"re-checked at submission: {exc}"
                self._mark_failed(session, ctx, row, reason)
                return reason
            if not isinstance(platform, LedgerPlatform):
                return None
            submission = platform.record(session, ctx.merchant_id, row.campaign_id, plan.amount, row.idempotency_key)
            self._mark_submitted(session, ctx, row, submission, platform, merchant.currency)
        return Landed(submission, plan, platform.name)

    def _submit(
        self, ctx: Context, row: BudgetRequest, campaign: Campaign, merchant: Merchant, decision: Decision
    ) -> ToolOutput:
        """Send an approved request to the ad platform with its own key (a repeat is a replay) and record it.
        Every cap is checked again from today first, so a submission finished late never exceeds the store's
        daily cap either."""
        remembered = remembered_cap(ctx)
        try:
            with ctx.store.session() as session:
                committed = commitments(session, ctx.merchant_id, ctx.clock.now().date(), exclude=row.id)
            plan = check_plan(ctx, merchant, campaign, money(row.amount), committed, remembered)
        except ToolRefusal as exc:
            return self._fail(ctx, row, merchant, f"re-checked at submission: {exc}")
        platform = _platform(ctx)
        try:
            submission = platform.submit(ctx.merchant_id, row.campaign_id, plan.amount, row.idempotency_key)
        except PlatformError as exc:
            return self._fail(ctx, row, merchant, f"the ad platform did not take it ({type(exc).__name__}: {exc})")
        with ctx.store.session() as session:
            marked = self._mark_submitted(session, ctx, row, submission, platform, merchant.currency)
        fresh, campaign, merchant = self._read(ctx, row.id)
        if not marked or fresh.decided_by != decision.decided_by:
            return self._recorded(ctx, fresh, merchant, decision)
        return self._submitted(fresh, campaign, merchant, Landed(submission, plan, platform.name))

    def _mark_submitted(
        self,
        session: Session,
        ctx: Context,
        row: BudgetRequest,
        submission: Submission,
        platform: AdPlatform,
        currency: str,
    ) -> bool:
        """Record an approved request as submitted and its campaign active; False when it was not approved-unsent."""
        detail = {
            "budget_request_id": row.id,
            "campaign_id": row.campaign_id,
            "amount": str(submission.amount),
            "currency": currency,
            "platform": platform.name,
            "platform_ref": submission.reference,
            "replayed": submission.replayed,
        }
        return self._conclude(
            session, ctx, row, {"status": "submitted", "platform_ref": submission.reference}, "active", detail
        )

    def _submitted(self, row: BudgetRequest, campaign: Campaign, merchant: Merchant, landed: Landed) -> ToolOutput:
        plan, submission = landed.plan, landed.submission
        return ToolOutput(
            f"Submitted {format_money(row.amount, merchant.currency, 'en')} for campaign {campaign.name} "
            f"({campaign.id}) to the ad platform ({landed.platform}, reference {submission.reference}); budget "
            f"request {row.id} is submitted and the campaign is active, pacing "
            f"{format_money(plan.pacing, merchant.currency, 'en')}/day from {plan.start} to {plan.end}.",
            self._payload(row, merchant, replayed=submission.replayed),
        )

    def _fail(self, ctx: Context, row: BudgetRequest, merchant: Merchant, reason: str) -> ToolOutput:
        with ctx.store.session() as session:
            marked = self._mark_failed(session, ctx, row, reason)
        fresh, _, merchant = self._read(ctx, row.id)
        if not marked:
            return self._recorded(ctx, fresh, merchant, None)
        return self._failed(fresh, merchant, reason)

    def _mark_failed(self, session: Session, ctx: Context, row: BudgetRequest, reason: str) -> bool:
        """Move an approved, unsubmitted request to `failed` and its campaign back to draft; False if it was not."""
        detail = {"budget_request_id": row.id, "amount": str(money(row.amount)), "reason": reason}
        return self._conclude(session, ctx, row, {"status": "failed", "reason": reason}, "draft", detail)

    def _conclude(
        self,
        session: Session,
        ctx: Context,
        row: BudgetRequest,
        values: dict[str, Any],
        campaign_status: str,
        detail: dict[str, Any],
    ) -> bool:
        """Move an approved-unsent request to its final state (`values`), its campaign to `campaign_status`, and
        audit it as `budget.<status>`, exactly once; False when the request was not approved-unsent."""
        marked = _rowcount(session, self._pending(ctx, row.id, undecided=False).values(**values))
        if marked == 1:
            self._move_campaign(session, ctx, row.campaign_id, campaign_status)
            _audit(session, ctx, row.decided_by or ctx.actor, f"budget.{values['status']}", detail)
        return marked == 1

    def _failed(self, row: BudgetRequest, merchant: Merchant, reason: str) -> ToolOutput:
        return ToolOutput(
            f"Not submitted: {reason}. Budget request {row.id} is marked failed; the campaign is back in draft.",
            self._payload(row, merchant, replayed=False),
        )

    def _recorded(self, ctx: Context, row: BudgetRequest, merchant: Merchant, decision: Decision | None) -> ToolOutput:
        """The outcome already recorded for a request decided before this call; spends nothing."""
        if decision is not None:
            with ctx.store.session() as session:
                _audit(
                    session,
                    ctx,
                    decision.decided_by,
                    "budget.decision_repeated",
                    {"budget_request_id": row.id, "approved": decision.approved, "status": row.status},
                )
        amount = format_money(row.amount, merchant.currency, "en")
        if row.status == PENDING:
            text = (
                f"Budget request {row.id} ({amount}) was already approved by {row.decided_by}; its submission is "
                "under way. This decision changed nothing and spent nothing."
            )
        else:
            reason = f" Reason: {row.reason}." if row.reason else ""
            text = (
                f"Budget request {row.id} ({amount}) was already decided: {row.status} by {row.decided_by}."
                f"{reason} This decision changed nothing and spent nothing more."
            )
        payload = self._payload(row, merchant, replayed=True)
        payload["already_decided"] = True
        return ToolOutput(text, payload)

    @staticmethod
    def _payload(row: BudgetRequest, merchant: Merchant, *, replayed: bool) -> dict[str, Any]:
        return {
            "budget_request_id": row.id,
            "campaign_id": row.campaign_id,
            "status": row.status,
            "amount": str(money(row.amount)),
            "currency": merchant.currency,
            "decided_by": row.decided_by,
            "decided_at": row.decided_at.isoformat() if isinstance(row.decided_at, datetime) else None,
            "reason": row.reason,
            "platform_ref": row.platform_ref,
            "replayed": replayed,
            "already_decided": False,
        }
