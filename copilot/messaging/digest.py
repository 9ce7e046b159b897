"""The proactive anomaly digest: market-fluctuation alerts posted to each merchant's Slack or DingTalk channel.

`run_digest` runs `detect_sales_anomalies` for every merchant with a digest target in the channels file, keeps
the alerts not posted before (key: merchant + product (or category) + kind + start date, unique in
``digest_posts``), and posts one short digest with a chart of the top alert: a PNG uploaded to Slack, or a
DingTalk Markdown message whose image is a signed, expiring link served by the app (``/channels/charts/...``).
An alert is claimed (inserted) before posting and released when the post fails, so it never posts twice and a
failed post is retried by the next run. `digest_schedule` is the server's optional loop
(``COPILOT_DIGEST_INTERVAL_MINUTES`` > 0); `copilot watch` runs rounds from the CLI.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from copilot.analytics.charts import chart_file
from copilot.anomalies.rules import rules
from copilot.anomalies.service import run_detect_sales_anomalies
from copilot.clock import Clock
from copilot.config import Settings
from copilot.context import Context
from copilot.i18n import format_money
from copilot.messaging.chart_links import chart_link
from copilot.messaging.config import ChannelsConfig, ChannelsConfigError, DigestTarget, channels_of
from copilot.messaging.dingtalk import DingTalkApi, DingTalkApiError, markdown_message, sanitize
from copilot.messaging.slack import SlackApi, SlackApiError
from copilot.store import Store
from copilot.store.anchor import merchant_clock
from copilot.store.models import DigestPost, Merchant

log = logging.getLogger("copilot.messaging.digest")

MAX_LINES = 5


@dataclass(frozen=True)
class Alert:
    key: str
    anomaly: dict[str, Any]


@dataclass
class DigestOutcome:
    """What one merchant's digest did: alerts found, newly posted, already posted, and where (or the error)."""

    merchant_id: str
    found: int = 0
    posted: list[str] = field(default_factory=list)
    skipped: int = 0
    targets: list[str] = field(default_factory=list)
    error: str | None = None


def alert_key(merchant_id: str, anomaly: dict[str, Any]) -> str:
    subject = anomaly.get("product_id") or f"category:{anomaly.get('category')}"
    return f"{merchant_id}:{subject}:{anomaly['kind']}:{anomaly['start']}"


def digest_text(merchant_name: str, window: dict[str, Any], currency: str, alerts: list[Alert]) -> str:
    """The digest's short plain text: one line per alert (largest first), no more than `MAX_LINES`."""
    words = rules()["words"]["kind"]
    lines = [f"销售异动提醒 Sales alerts · {merchant_name} · {window['start']}..{window['end']}"]
    for rank, alert in enumerate(alerts[:MAX_LINES], start=1):
        item = alert.anomaly
        expected = item["expected_units"] or 0.0
        change = f"{item['actual_units'] / expected - 1:+.0%}" if expected else "n/a"
        name = item.get("title") or item.get("category")
        lines.append(
            f"{rank}. {words[item['kind']]} · {name} · {item['start']}..{item['end']}: "
            f"{item['actual_units']:.0f} units vs {expected:.0f} expected ({change}), "
            f"GMV impact {format_money(item['impact_gmv'], currency, 'en', signed=True)}; cause: {item['cause']}"
        )
    if len(alerts) > MAX_LINES:
        lines.append(f"… +{len(alerts) - MAX_LINES}")
    return "\n".join(lines)


def digest_chart(settings: Settings, merchant_id: str, alert: Alert) -> Path:
    """A PNG of the top alert's daily paid orders against expected, in the merchant's chart folder."""
    daily = alert.anomaly["daily"]
    name = alert.anomaly.get("title") or alert.anomaly.get("category")
    return chart_file(
        settings.charts_dir,
        merchant_id,
        "line",
        title=f"{name}: {alert.anomaly['kind']} from {alert.anomaly['start']}",
        labels=[point["date"][5:] for point in daily],
        series={"actual": [p["actual"] for p in daily], "expected": [p["expected"] for p in daily]},
        axis_label="paid orders / day",
    )


def _claim(store: Store, merchant_id: str, alerts: list[Alert], clock: Clock) -> list[Alert]:
    """Insert each alert's key; the ones this call inserted (the others were posted or claimed before)."""
    claimed = []
    for alert in alerts:
        try:
            with store.session() as session:
                session.add(DigestPost(merchant_id=merchant_id, alert_key=alert.key, posted_at=clock.now()))
        except IntegrityError:
            continue
        claimed.append(alert)
    return claimed


def _release(store: Store, merchant_id: str, alerts: list[Alert]) -> None:
    keys = [alert.key for alert in alerts]
    with store.session() as session:
        session.execute(delete(DigestPost).where(DigestPost.merchant_id == merchant_id, DigestPost.alert_key.in_(keys)))


def _post(
    settings: Settings, channels: ChannelsConfig, merchant_id: str, target: DigestTarget, text: str, chart: Path
) -> list[str]:
    """Post the digest to each configured target; the targets posted. Raises SlackApiError / DingTalkApiError."""
    posted = []
    if target.slack_channel:
        if channels.slack is None:
            raise SlackApiError("a Slack digest target needs the slack section")
        with SlackApi(channels.slack) as slack:
            slack.upload_file(target.slack_channel, chart, title="sales alerts", comment=text)
        posted.append(f"slack:{target.slack_channel}")
    if target.dingtalk_webhook:
        if channels.dingtalk is None:
            raise DingTalkApiError("a DingTalk digest target needs the dingtalk section")
        link = chart_link(settings.secret_key.get_secret_value(), channels.public_base_url, merchant_id, chart.name)
        body = sanitize(text).replace("\n", "\n\n") + f"\n\n![chart]({link})"
        robot_secret = target.dingtalk_secret.get_secret_value() if target.dingtalk_secret else None
        with DingTalkApi(channels.dingtalk) as dingtalk:
            dingtalk.post(target.dingtalk_webhook, markdown_message("销售异动提醒", body), secret=robot_secret)
        posted.append("dingtalk")
    return posted


def digest_merchant(
    settings: Settings, store: Store, channels: ChannelsConfig, merchant_id: str, target: DigestTarget, clock: Clock
) -> DigestOutcome:
    """Detect, keep the new alerts, post them once (see the module doc)."""
    outcome = DigestOutcome(merchant_id)
    ctx = Context(merchant_id=merchant_id, store=store, settings=settings, clock=clock, actor="digest")
    payload = run_detect_sales_anomalies(ctx, days=target.days, top=20).payload
    alerts = [Alert(alert_key(merchant_id, item), item) for item in payload["anomalies"]]
    outcome.found = len(alerts)
    fresh = _claim(store, merchant_id, alerts, clock)
    outcome.skipped = len(alerts) - len(fresh)
    if not fresh:
        return outcome
    with store.session() as session:
        name = session.scalar(select(Merchant.name).where(Merchant.id == merchant_id)) or merchant_id
    try:
        text = digest_text(name, payload["window"], payload["currency"], fresh)
        chart = digest_chart(settings, merchant_id, fresh[0])
        outcome.targets = _post(settings, channels, merchant_id, target, text, chart)
    except (SlackApiError, DingTalkApiError, OSError) as exc:
        _release(store, merchant_id, fresh)
        outcome.error = str(exc)
        log.error("digest for %s not posted: %s", merchant_id, exc)
        return outcome
    outcome.posted = [alert.key for alert in fresh]
    return outcome


def run_digest(settings: Settings, store: Store, channels: ChannelsConfig, clock: Clock) -> list[DigestOutcome]:
    """One digest round over every merchant with a digest target; one merchant's failure does not stop the rest."""
    outcomes = []
    for merchant_id, entry in sorted(channels.merchants.items()):
        if entry.digest is None or not (entry.digest.slack_channel or entry.digest.dingtalk_webhook):
            continue
        outcomes.append(
            digest_merchant(settings, store, channels, merchant_id, entry.digest, merchant_clock(clock, merchant_id))
        )
    return outcomes


def _scheduled_round(settings: Settings, store: Store, clock: Clock) -> None:
    try:
        channels = channels_of(settings)
    except ChannelsConfigError as exc:
        log.error("digest skipped: %s", exc)
        return
    for outcome in run_digest(settings, store, channels, clock):
        log.info("digest %s: %d found, %d posted", outcome.merchant_id, outcome.found, len(outcome.posted))


@asynccontextmanager
async def digest_schedule(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[None]:
    """Post the digest every ``settings.digest_interval_minutes`` while the context is open (off when 0)."""
    if settings.digest_interval_minutes <= 0:
        yield
        return
    task = asyncio.create_task(
        _every(settings.digest_interval_minutes * 60.0, lambda: _scheduled_round(settings, store, clock))
    )
    try:
        yield
    finally:
        task.cancel()


async def _every(seconds: float, job: Callable[[], None]) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            await anyio.to_thread.run_sync(job)
        except Exception:
            log.exception("scheduled digest failed")
