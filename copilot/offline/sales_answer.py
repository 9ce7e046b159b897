"""The offline model's answer to a sales query: the figure, its rows and comparison, in the scope it answered."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from copilot.i18n import format_money
from copilot.offline.answer_text import CHANNEL_LABEL, artifact, fmt_number, text, with_history_gap
from copilot.offline.scope import asked_rank, ranking_label, row_named
from copilot.offline.sql_templates import template_title, unread_scope

if TYPE_CHECKING:
    from langchain_core.messages import ToolMessage

    from copilot.offline.turn import TurnSoFar

MAX_ROWS = 20


BY_LABEL = {
    "zh": {
        "day": "天",
        "week": "周",
        "month": "月",
        "product": "商品",
        "category": "品类",
        "channel": "渠道",
        "region": "地区",
    },
    "en": {
        "day": "day",
        "week": "week",
        "month": "month",
        "product": "product",
        "category": "category",
        "channel": "channel",
        "region": "region",
    },
}


def _show(value: Any, unit: str | None, currency: str | None = None, lang: str = "en") -> str:
    if unit == "pct":
        return "—" if value is None else f"{float(value):+.2f}%"
    return fmt_number(value, unit, currency, lang)


def _filters_text(lang: str, filters: dict[str, Any]) -> str:
    parts = []
    for name, values in (filters or {}).items():
        if name == "product":
            parts += [str(v.get("title") if isinstance(v, dict) else v) for v in values]
        else:
            parts += [CHANNEL_LABEL.get(lang, {}).get(str(v), str(v)) for v in values]
    if not parts:
        return ""
    return f"（{'、'.join(parts)}）" if lang == "zh" else f" ({', '.join(parts)})"


def _change(lang: str, summary: dict[str, Any], unit: str) -> str:
    change = summary.get("change")
    pct = summary.get("change_pct")
    if change is None:
        delta = "—"
    elif unit == "money":
        delta = format_money(change, summary.get("currency"), lang, signed=True)
    else:
        delta = ("+" if float(change) >= 0 else "-") + fmt_number(abs(float(change)), unit)
    if unit == "ratio" and change is not None:
        delta = f"{float(change) * 100:+.2f}" + ("个百分点" if lang == "zh" else " pp")
    return (
        text(
            lang,
            "metric_compare",
            compare_label=(summary.get("compare_period") or {}).get(f"label_{lang}", ""),
            prev_period="",
            prev_value=fmt_number(summary.get("total_previous"), unit, summary.get("currency"), lang),
            delta=delta,
            pct="—" if pct is None else f"{float(pct):+.2f}%",
        )
        .replace("（）", "")
        .replace(" ()", "")
    )


def write_sales(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    payload = artifact(result)
    if not payload.get("columns"):
        return str(result.content)
    summary = payload.get("summary") or {}
    columns = list(payload["columns"])
    rows = [list(r) for r in payload.get("rows") or []]
    lines: list[str] = []
    if not payload.get("metric"):
        slots = dict(turn.parse.slots)
        if slots.get("product"):
            slots["product_title"] = turn.product_title(str(slots["product"]), lang)
        title = template_title(slots, lang, turn.today) if turn.parse.intent == "sales_sql" else None
        head = title + ("：" if lang == "zh" else ":") if title else text(lang, "sql_head", n=len(rows))
        if slots.get("unrecorded"):  # "男的多还是女的多" of an item's buyers: said unrecorded, shown by age band
            lines.append(text(lang, "attribute_unrecorded"))
        if not rows:  # "which products are out of stock" when none is: said, never an empty heading
            lines.append(f"{head} {text(lang, 'sql_no_rows')}")
        elif len(rows) == 1 and len(columns) == 1:
            lines.append(f"{head} {_show(rows[0][0], None)}")
        elif len(rows) == 1:
            pairs = [
                f"{c}: {_show(v, 'ratio' if c.endswith('_rate') else None)}"
                for c, v in zip(columns, rows[0], strict=False)
            ]
            lines.append(f"{head} " + ("；" if lang == "zh" else "; ").join(pairs))
        else:
            lines.append(head)
            lines += _rows(columns, rows[:MAX_ROWS], {}, lang)
        if summary.get("truncated"):
            lines.append(text(lang, "rows_truncated", n=len(rows)))
        left_out = unread_scope(slots) if turn.parse.intent == "sales_sql" else []
        if left_out:  # a name this SQL does not narrow to: said, the figure is the whole store's
            lines.append(text(lang, "sql_scope_left_out", names=("、" if lang == "zh" else ", ").join(left_out)))
    else:
        unit = str(summary.get("unit") or "")
        metric = str(summary.get(f"label_{lang}") or payload["metric"])
        period = str((payload.get("period") or {}).get(f"label_{lang}", ""))
        filters = _filters_text(lang, summary.get("filters") or {})
        by = summary.get("by")
        total = text(
            lang,
            "metric_total",
            period=period,
            filters=filters,
            metric=metric,
            value=fmt_number(summary.get("total"), unit, summary.get("currency"), lang),
        )
        days = (payload.get("period") or {}).get("days")
        if turn.parse.slots.get("per_day") and by == "day" and days and summary.get("total") is not None:
            average = fmt_number(float(summary["total"]) / days, unit, summary.get("currency"), lang)
            lines.append(
                text(lang, "daily_average", period=period, filters=filters, metric=metric, value=average, days=days)
            )
        if by:
            rank = ranking_label(lang, summary)
            lines.append(
                text(
                    lang,
                    "metric_rows_head",
                    period=period,
                    filters=filters,
                    metric=metric,
                    by=BY_LABEL[lang].get(str(by), str(by)),
                    rank=rank,
                )
            )
            units = {
                payload["metric"]: unit,
                f"{payload['metric']}_previous": unit,
                "change": unit,
                "change_pct": "pct",
            }
            if not rows:
                lines.append(text(lang, "no_rows", period=period, filters=filters))
            time_series = by in ("day", "week", "month") and not summary.get("top")
            shown = rows[-MAX_ROWS:] if time_series else rows[:MAX_ROWS]
            slots = turn.parse.slots
            if slots.get("share") and summary.get("total"):
                columns, rows, shown = _with_shares(columns, rows, shown, payload["metric"], summary["total"])
                units["share"] = "ratio"
            lines += _rows(columns, shown, units, lang, payload.get("title_en"), summary.get("currency"))
            if slots.get("share") and "share" in columns and summary.get("top") and len(rows) > 1:
                lines.append(_top_share(lang, columns, rows, metric))
            if slots.get("share_of") and "share" in columns:
                lines.append(_asked_share(lang, columns, rows, str(slots["share_of"]), metric))
            if slots.get("rank_of"):
                lines.append(asked_rank(lang, columns, rows, str(turn.parse.slots["rank_of"])))
            if len(rows) > MAX_ROWS:
                note = "rows_truncated_latest" if time_series else "rows_truncated"
                lines.append(text(lang, note, n=MAX_ROWS, total=len(rows)))
            lines.append(total)
        else:
            lines.append(total)
        if "total_previous" in summary:
            lines.append(_change(lang, summary, unit))
        share = summary.get("cost_unknown_share")
        if share is not None:
            key = "margin_cost_unknown" if float(share) >= 1 else "margin_cost_partly_unknown"
            lines.append(text(lang, key, share=f"{float(share):.0%}"))
        if absent := summary.get("regions_without_customers"):
            lines.append(text(lang, "regions_without_customers", regions=("、" if lang == "zh" else ", ").join(absent)))
        if gap := summary.get("before_history"):
            lines = with_history_gap(lang, gap, lines, period=period, filters=filters, metric=metric)
    if payload.get("chart"):
        lines.append(text(lang, "chart", name=Path(str(payload["chart"])).name))
    return "\n".join(line for line in lines if line)


def _with_shares(
    columns: list[str], rows: list[list[Any]], shown: list[list[Any]], metric: str, total: Any
) -> tuple[list[str], list[list[Any]], list[list[Any]]]:
    """The rows with each one's share of the total (the total of the whole store in the period, so the shares of a
    top-N cut add up to less than 100%)."""
    at = columns.index(metric)

    def shared(row: list[Any]) -> list[Any]:
        return [*row, None if row[at] is None else float(row[at]) / float(total)]

    return [*columns, "share"], [shared(r) for r in rows], [shared(r) for r in shown]


def _asked_share(lang: str, columns: list[str], rows: list[list[Any]], asked: str, metric: str) -> str:
    """The share of the value a question named ("直播占比多少"), of several named together their share together
    ("防晒霜、防晒衣、防晒袖套占几成"), or that it had none in the period."""
    found = [hit for part in asked.split(",") if (hit := row_named(columns, rows, part.strip())) is not None]
    if found:
        names = [CHANNEL_LABEL.get(lang, {}).get(said, said) for _, said, _ in found]
        total = sum(float(row[columns.index("share")] or 0) for _, _, row in found)
        share = fmt_number(total, "ratio")
        if lang == "zh":
            return f"“{'、'.join(names)}”{'合计' if len(names) > 1 else ''}占{metric}的 {share}。"
        together = " together" if len(names) > 1 else ""
        return f'"{", ".join(names)}"{together} {"are" if len(names) > 1 else "is"} {share} of the {metric}.'
    if lang == "zh":
        return "问到的这一项在这段时间没有数据，占比为 0。"
    return "The one you asked about has no figures in this period: its share is 0."


def _top_share(lang: str, columns: list[str], rows: list[list[Any]], metric: str) -> str:
    """The share of a top-N cut together ("头部5个商品占了几成成交额"): the sum of its rows' shares."""
    share = fmt_number(sum(float(row[columns.index("share")] or 0) for row in rows), "ratio")
    if lang == "zh":
        return f"这 {len(rows)} 项合计占{metric}的 {share}。"
    return f"These {len(rows)} together are {share} of the {metric}."


def _rows(
    columns: list[str],
    rows: list[list[Any]],
    units: dict[str, str],
    lang: str = "en",
    english_titles: dict[str, str] | None = None,
    currency: str | None = None,
) -> list[str]:
    """Numbered lines of the rows, ids left out; in English a product with an English title is named by it, with
    the store's own title after it."""
    keep = [i for i, c in enumerate(columns) if not c.endswith("_id") or len(columns) == 1]
    product_at = columns.index("product_id") if "product_id" in columns else None
    lines = []
    for index, row in enumerate(rows, start=1):
        cells = []
        english = (english_titles or {}).get(str(row[product_at])) if product_at is not None and lang == "en" else None
        for i in keep:
            value = row[i]
            if english and columns[i] == "title" and english != value:
                cells.append(f"{english} ({value})")
            elif isinstance(value, str):
                cells.append(CHANNEL_LABEL.get(lang, {}).get(value, value) if columns[i] == "channel" else value)
            else:
                cells.append(_show(value, units.get(columns[i]), currency, lang))
        lines.append(f"{index}. " + " — ".join(cells))
    return lines
