"""What an offline answer says about its own scope beyond the period and filters the tool labels: the order of a
breakdown, a time word of the question that no recogniser could read (said plainly, never a silent default), and
which holiday a word naming two was read as."""

from __future__ import annotations

from typing import Any

from copilot.calendar.festivals import holidays

TIME_BREAKDOWNS = ("day", "week", "month")


def ranking_label(lang: str, summary: dict[str, Any]) -> str:
    """The order of a breakdown by product, category, channel or region: "（从高到低，前5名）" or
    ", highest first, top 5"."""
    by = summary.get("by")
    if not by or by in TIME_BREAKDOWNS:
        return ""
    lowest = summary.get("order") == "asc"
    top = summary.get("top")
    if lang == "zh":
        order = "从低到高" if lowest else "从高到低"
        cut = f"，{'后' if lowest else '前'}{top}名" if top else ""
        return f"（{order}{cut}）"
    order = "lowest first" if lowest else "highest first"
    cut = f", {'bottom' if lowest else 'top'} {top}" if top else ""
    return f", {order}{cut}"


def uncompared_note(lang: str, words: str | None) -> str:
    """Said before the figures when the question set the period against another that the tool cannot compare it
    with (it compares with the period just before, or the same dates a year earlier)."""
    if not words:
        return ""
    if lang == "zh":
        return (
            f"“{words}”没有拿来对比：对比只能跟上一个同样长的时段或去年同期比；下面只是所写时段的数字，"
            f"“{words}”请单独问一次。"
        )
    return (
        f'"{words}" was not compared: a comparison is with the period just before or the same dates a year earlier; '
        f'the figures below are for the period stated only — ask about "{words}" on its own.'
    )


def read_as_note(lang: str, read_as: tuple[str, str] | None) -> str:
    """Said before the figures when the holiday asked about was read from a word that names another holiday
    elsewhere (Thanksgiving, Labour Day): which one the figures are for, and how to ask for the other."""
    if read_as is None:
        return ""
    read, other = (holidays()[key].name.get(lang, holidays()[key].name["en"]) for key in read_as)
    if lang == "zh":
        return f"这里按{read}算（见所写日期）；如果您指的是{other}，请写明“{other}”再问一次。"
    return f'This is {read} (dates as stated); if you meant {other}, ask again naming "{other}".'


def unread_period_note(lang: str, words: list[str]) -> str:
    """Said before the figures when the question named a time the recognisers could not read."""
    if not words:
        return ""
    if lang == "zh":
        said = "、".join(f"“{w}”" for w in words)
        return (
            f"没能识别时间说法 {said}，下面的数字用的是默认时间范围（见所写日期），不是您问的时间；"
            "请换个说法，例如“2026-07-01 至 2026-09-30”。"
        )
    said = ", ".join(f'"{w}"' for w in words)
    return (
        f"I could not read the time {said}, so the figures below are for the default period (dates as stated), "
        "not the time you asked about; please say it another way, e.g. 2026-07-01 to 2026-09-30."
    )


def unread_by_note(lang: str, words: list[str]) -> str:
    """Said before the figures when the question asked for a breakdown the sales tool does not have."""
    if not words:
        return ""
    if lang == "zh":
        said = "、".join(f"“{w}”" for w in words)
        return f"没法按 {said} 拆分（能按天、周、月、商品、品类、渠道、地区拆分），下面是没有按它拆分的结果。"
    said = ", ".join(f'"{w}"' for w in words)
    return (
        f"I cannot break the figures down by {said} (only by day, week, month, product, category, channel or "
        "region), so the figures below are not broken down that way."
    )


def row_named(columns: list[str], rows: list[list[Any]], asked: str) -> tuple[int, str, list[Any]] | None:
    """The place (from 1), name and row of the one a question named (a product id, category, channel, region)."""
    name_at = columns.index("title") if "title" in columns else 0
    for place, row in enumerate(rows, start=1):
        if asked in (str(cell) for cell in row):
            return place, str(row[name_at]), row
    return None


def asked_rank(lang: str, columns: list[str], rows: list[list[Any]], asked: str) -> str:
    """Where the product or category a question named ("头灯排第几") stands in the ranking of all, or that it is not
    in it (nothing sold in the period)."""
    found = row_named(columns, rows, asked)
    if found is not None:
        place, name, _ = found
        if lang == "zh":
            return f"“{name}”在 {len(rows)} 个里排第 {place}。"
        return f'"{name}" ranks {place} of {len(rows)}.'
    if lang == "zh":
        return "问到的这一项不在排名里（这段时间没有数据）。"
    return "The one you asked about is not in the ranking (no figures for it in this period)."
