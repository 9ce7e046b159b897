"""``query_store_sales``'s service: free-form SQL or a named metric, exactly one."""

from __future__ import annotations

from copilot.analytics.free_sql import run_sql
from copilot.analytics.metric import run_metric
from copilot.analytics.metrics import (
    Order,
)
from copilot.calendar.periods import Compare
from copilot.context import Context
from tools.result import ToolOutput, ToolRefusal


def run_query_store_sales(
    ctx: Context,
    *,
    sql: str | None = None,
    metric: str | None = None,
    by: str | None = None,
    period: str | None = None,
    compare: Compare | None = None,
    top: int | None = None,
    order: Order = "desc",
    product: str | None = None,
    category: str | None = None,
    channel: str | None = None,
    region: str | None = None,
) -> ToolOutput:
    """Answer a sales question for ``ctx.merchant_id``: free-form ``sql`` or a named ``metric``.

    Exactly one of ``sql`` / ``metric``. Raises ToolRefusal (a message the model can act on) for a refused
    query, bad arguments, an unknown period, product, category or channel.
    """
    if (sql is None) == (metric is None):
        raise ToolRefusal("give exactly one of sql (a SELECT) or metric (a named metric)")
    if sql is not None:
        extra = {
            "by": by,
            "period": period,
            "compare": compare,
            "top": top,
            "product": product,
            "category": category,
            "channel": channel,
            "region": region,
        }
        given = [name for name, value in extra.items() if value is not None]
        if given:
            raise ToolRefusal(f"{', '.join(given)} apply to metric queries only; with sql, write them into the SELECT")
        return run_sql(ctx, sql)
    if order not in ("desc", "asc"):
        raise ToolRefusal("order must be 'desc' or 'asc'")
    return run_metric(
        ctx,
        metric=str(metric),
        by=by,
        period=period,
        compare=compare,
        top=top,
        order=order,
        product=product,
        category=category,
        channel=channel,
        region=region,
    )
