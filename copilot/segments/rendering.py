"""The text and payload of found segments: aggregates and reasons only, never a customer id."""

from __future__ import annotations

from typing import Any

from copilot.context import Context
from copilot.i18n import format_money
from copilot.segments.audiences import Segment, SegmentsResult
from copilot.segments.profiles import MerchantProfiles
from tools.lookup import merchant_currency
from tools.result import ToolOutput


def _segment_payload(segment: Segment, data: MerchantProfiles) -> dict[str, Any]:
    s = segment.stats
    n_products = data.n_products
    return {
        "segment_id": segment.segment_id(data.merchant_id),
        "kind": segment.kind,
        "name": {"zh": segment.name_zh, "en": segment.name_en},
        "size": s.size,
        "share_of_customers": round(s.share, 4),
        "expected_reach": s.reach,
        "gmv_365d": round(s.gmv, 2),
        "views_365d": int(s.views),
        "purchases_365d": int(s.purchases),
        "conversion_365d": None if s.conversion is None else round(s.conversion, 4),
        "top_categories": [{"category": c, "share": round(v, 4)} for c, v in s.top_categories],
        "why": {
            "products": [
                {
                    "id": data.products[x.index].id,
                    "title": data.products[x.index].title,
                    "title_en": data.products[x.index].title_en,
                    "lift": round(x.lift, 2),
                    "members": x.members,
                }
                for x in s.top_products
            ],
            "searches": [
                {"query": data.queries[x.index - n_products], "lift": round(x.lift, 2), "members": x.members}
                for x in s.top_queries
            ],
            "category_lift": segment.lifts,
        },
        "definition": segment.definition,
    }


def _segment_lines(number: int, item: dict[str, Any], currency: str) -> list[str]:
    conversion = item["conversion_365d"]
    lines = [
        f"{number}. {item['name']['zh']} / {item['name']['en']} [{item['segment_id']}, {item['kind']}]: "
        f"{item['size']:,} people ({item['share_of_customers'] * 100:.1f}% of profiled customers), "
        f"expected reach {item['expected_reach']:,} (active in the reach window); "
        f"GMV last 365 days {format_money(item['gmv_365d'], currency, 'en')}; "
        f"conversion {'-' if conversion is None else f'{conversion * 100:.2f}%'} "
        f"({item['purchases_365d']:,} purchases / {item['views_365d']:,} views)",
    ]
    if item["top_categories"]:
        lines.append(
            "   top categories: "
            + ", ".join(f"{c['category']} {c['share'] * 100:.0f}%" for c in item["top_categories"])
        )
    why = item["why"]
    if why["products"]:
        lines.append(
            "   why, products: "
            + "; ".join(f"{p['title']} x{p['lift']:.1f} ({p['members']:,} people)" for p in why["products"])
        )
    if why["searches"]:
        lines.append(
            "   why, searches: "
            + "; ".join(f'"{q["query"]}" x{q["lift"]:.1f} ({q["members"]:,} people)' for q in why["searches"])
        )
    if why["category_lift"]:
        lines.append(
            "   why, co-purchase lift: "
            + "; ".join(
                f"{x['from']} -> {x['to']} lift {x['lift']:.2f} ({x['co_buyers']:,} co-buyers)"
                for x in why["category_lift"]
            )
        )
    return lines


def render_segments(
    ctx: Context, result: SegmentsResult, segments: list[Segment], asked: dict[str, str | None]
) -> ToolOutput:
    data, notes = result.data, result.notes
    today = ctx.clock.now().date().isoformat()
    with ctx.store.session() as session:
        currency = merchant_currency(session, ctx.merchant_id)
    items = [_segment_payload(s, data) for s in segments]
    subject = ", ".join(f"{k} {v!r}" for k, v in asked.items() if v)
    lines = [
        f"Target segments for {subject} ({data.n_customers:,} profiled customers of this store, as of {today}; "
        "aggregates only, no individual customers)."
    ]
    lines += [f"Note: {n}" for n in notes]
    if not items:
        lines.append("No customer shows this interest yet (no segment above the threshold).")
    for number, item in enumerate(items, 1):
        lines += _segment_lines(number, item, currency)
    payload = {
        "segments": items,
        "currency": currency,
        "profiled_customers": data.n_customers,
        "as_of": today,
        "asked": {k: v for k, v in asked.items() if v},
        "needs": result.needs,
        "products": [data.products[i].id for i in result.products],
        "notes": notes,
    }
    return ToolOutput("\n".join(lines), payload)
