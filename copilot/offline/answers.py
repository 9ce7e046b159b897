"""The offline model's answers, written from tool results only (templates: prompts/offline/answers.yaml)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copilot.analytics.metrics import metric_info
from copilot.campaigns.config import MODEL
from copilot.i18n import format_money
from copilot.offline.answer_text import (
    CHANNEL_LABEL,
    FIELD_LABEL,
    artifact,
    channel_names,
    fmt_number,
    templates,
    text,
)
from copilot.offline.estimate_answer import write_estimate
from copilot.offline.lexicon import lexicon
from copilot.offline.reader import normalise
from copilot.offline.refusals import plain_refusal
from copilot.offline.sales_answer import write_sales
from copilot.offline.scope import read_as_note, uncompared_note, unread_by_note, unread_period_note
from copilot.prompts import prompt_file
from copilot.yaml_data import load_yaml

if TYPE_CHECKING:
    from langchain_core.messages import ToolMessage

    from copilot.offline.frames import FrameRefused
    from copilot.offline.nlu import Catalog, Parse
    from copilot.offline.turn import TurnSoFar

log = logging.getLogger(__name__)


@cache
def _capabilities() -> dict[str, dict[str, dict[str, str]]]:
    return load_yaml(prompt_file("offline", "capabilities.yaml").read_text(encoding="utf-8"))


def _capability(tool: str, kind: str, lang: str) -> str:
    return _capabilities().get(tool, {}).get(kind, {}).get(lang if lang in ("zh", "en") else "en", tool)


def not_available(lang: str, tool: str) -> str:
    return text(lang, "not_available", capability=_capability(tool, "name", lang))


def refused(lang: str, refusal: FrameRefused) -> str:
    """Said instead of a call whose arguments the tool's schema refuses."""
    return text(
        lang, "frame_refused", capability=_capability(refusal.tool, "name", lang), problems="; ".join(refusal.problems)
    )


def _unused_notes(turn: TurnSoFar, lang: str) -> list[str]:
    """One line for each recognised slot no tool argument took."""
    names = templates(lang)["slot_names"]
    notes = []
    for item in turn.unused:
        values = item.value if isinstance(item.value, list | tuple) else [item.value]
        shown = ("、" if lang == "zh" else ", ").join(turn.product_title(str(v), lang) for v in values)
        slot = names.get(item.slot, item.slot)
        capability = _capability(item.tool, "name", lang)
        if item.instead is not None:
            widened = {"capability": capability, "slot": slot, "value": shown, "instead": item.instead}
            notes.append(text(lang, "slot_widened", **widened))
        else:
            notes.append(text(lang, "slot_unused", capability=capability, slot=slot, value=shown))
    return notes


def help_text(lang: str, tools: list[str]) -> str:
    """What the copilot can do: one line for each tool it was given, in the toolset's order."""
    sep, last = ("；", "。") if lang == "zh" else (";", ".")
    lines = [f"- {_capability(tool, 'help', lang)}{sep}" for tool in tools]
    if lines:
        lines[-1] = lines[-1][: -len(sep)] + last
    return "\n".join([text(lang, "help"), *lines])


def metric_meaning(lang: str, metric: str) -> str:
    """What a metric means, from the semantic layer's own explanation (nothing computed)."""
    info = metric_info(metric)
    if lang == "zh":
        return text(lang, "metric_meaning", metric=info.label_zh, explain=info.explain_zh)
    return text(lang, "metric_meaning", metric=info.label_en, explain=info.explain_en)


def _days(lang: str, value: str) -> str:
    """A period value of days said plainly: "2026-12-01 至 2026-12-12", one day as itself."""
    first, _, last = value.partition("..")
    return first if last in ("", first) else f"{first}{' 至 ' if lang == 'zh' else ' to '}{last}"


def clarify(understood: Parse, catalog: Catalog) -> str:
    missing = understood.missing[0]
    of_category = [p for p in catalog.products if p.category == understood.slots.get("category")] or catalog.products
    first = of_category[0] if of_category else None
    example = "" if first is None else first.title if understood.lang == "zh" else first.title_en or first.title
    fitting = [p for p in catalog.products if p.id in understood.candidates]
    if missing == "product" and len(fitting) == 2:
        one, other = (p.title if understood.lang == "zh" else p.title_en or p.title for p in fitting)
        return text(understood.lang, "clarify_described", first=one, second=other)
    if missing in ("product", "products"):
        return text(understood.lang, "clarify_product", example=example)
    if missing in ("budget", "amount"):
        return text(understood.lang, "clarify_amount")
    if missing == "fiscal_start":
        return text(understood.lang, "clarify_fiscal_start")
    if missing == "dates" and understood.doubt is not None:
        doubt = understood.doubt
        days = [_days(understood.lang, value) for value in (doubt.first, doubt.second)]
        return text(understood.lang, f"clarify_dates_{doubt.kind}", said=doubt.said, first=days[0], second=days[1])
    if missing == "past_days":
        past, coming = str(understood.slots["past_days"]).split("|")
        return text(understood.lang, "clarify_days_past", days=past, next_days=coming)
    if missing == "start":
        return text(understood.lang, "clarify_occasion_days", occasion=understood.slots.get("occasion", ""))
    named = understood.slots.get("categories")
    if missing == "scene" and named:  # "防晒这块": an audience is found for one category of those the word covers
        return text(understood.lang, "clarify_audience_category", first=named[0],
                    categories=("、" if understood.lang == "zh" else ", ").join(named))  # fmt: skip
    if missing == "scene":
        return text(understood.lang, "clarify_audience", example=example)
    return text(understood.lang, "clarify_period")


def write(turn: TurnSoFar) -> str:
    """The answer of a finished turn: one section per tool result, in the order the tools ran."""
    lang = turn.parse.lang
    if not turn.calls:
        if turn.parse.intent == "help":
            return help_text(lang, turn.tools)
        if turn.parse.intent == "define_metric":
            meanings = [metric_meaning(lang, str(name)) for name in turn.parse.slots["metric"]]
            meanings += [text(lang, f"compare_meaning_{name}") for name in turn.parse.slots.get("compare", [])]
            meanings += [text(lang, f"term_meaning_{name}") for name in turn.parse.slots.get("term", [])]
            return "\n".join(meanings)
        if turn.parse.intent == "greeting":
            return text(lang, "greeting")
        if turn.parse.intent == "reject" and turn.latest_draft():  # "先别提交 放着吧" after a draft
            return text(lang, "draft_kept")
        if turn.parse.intent in ("approve", "reject", "approval_status"):
            return text(lang, "nothing_pending")
        if turn.parse.intent in lexicon().intent_meta["refused"]:
            return text(lang, turn.parse.intent)
        return text(lang, "sql_unsupported" if turn.parse.intent == "sales_sql" else "unsupported")
    sections = _sections(turn, lang)
    if turn.parse.slots.get("edit") and turn.called("draft_campaign") and turn.refused_draft() is not None:
        sections = f"{text(lang, 'campaign_redrafted')}\n{sections}"  # no draft to edit: the refused plan, changed
    notes = [
        unread_period_note(lang, turn.parse.unread_period),
        uncompared_note(lang, turn.parse.uncompared),
        unread_by_note(lang, turn.parse.unread_by),
        read_as_note(lang, turn.parse.read_as),
    ]
    unread = "\n".join(note for note in notes if note)
    sales = turn.result_of("query_store_sales")
    if unread and sales is not None and sales.status != "error":
        sections = f"{unread}\n\n{sections}"
    wrote = turn.called("generate_creatives")
    claim = lexicon().single["absolute_claim"].search(normalise(turn.text)) if wrote else None
    if claim is not None:  # "写一条全网第一的推车文案": the copy was written without the claim
        sections = f"{text(lang, 'claim_left_out', claim=claim.group())}\n\n{sections}"
    unused = "\n".join(_unused_notes(turn, lang))
    if unused:
        sections = f"{unused}\n\n{sections}"
    if OTHER_STORE.search(turn.text):
        return text(lang, "own_store_only") + "\n\n" + sections
    return sections


OTHER_STORE = re.compile(
    r"\bm_[a-z0-9_]+\b|其他商家|别的商家|别家|其他店铺|别的店|\bother (store|merchant|shop)s?\b", re.I
)


_WHICH_CAMPAIGN = re.compile(r"has no draft campaign of its own.*?(?:Campaigns: (?P<listing>.+))?$", re.DOTALL)
_NO_DRAFT = re.compile(r"there is no draft campaign to fund")
_SEVERAL_CAMPAIGNS = re.compile(
    r"'(?P<name>[^']+)' could name several campaigns.*?Campaigns: (?P<listing>.+)$", re.DOTALL
)
_NO_CAMPAIGN = re.compile(
    r"campaign '(?P<name>[^']+)' not found in this store(?:\. Campaigns: (?P<listing>.+))?$", re.DOTALL
)


_NOT_SOLD = re.compile(
    r"no (?:product|category) matches '(?P<name>[^']+)' in this store(?: \(did you mean (?P<close>[^?]+)\?\))?"
)


def _write_error(lang: str, error: str, tool: str = "", refused_plan: bool = False) -> str:
    """A tool's refusal; the ones a merchant must act on (which campaign, a name the store does not sell) are
    said in the merchant's language."""
    which = _WHICH_CAMPAIGN.search(error)
    if which:
        return text(lang, "budget_which_campaign", campaigns=which.group("listing") or "—")
    if _NO_DRAFT.search(error):
        return text(lang, "budget_draft_refused" if refused_plan else "budget_no_draft")
    several = _SEVERAL_CAMPAIGNS.search(error) if tool == "submit_promotion_budget" else None
    if several:
        return text(lang, "budget_campaign_ambiguous", name=several.group("name"), campaigns=several.group("listing"))
    absent = _NO_CAMPAIGN.search(error) if tool == "submit_promotion_budget" else None
    if absent:
        listing = absent.group("listing")
        shown = text(lang, "budget_campaign_listing", campaigns=listing) if listing else ""
        return text(lang, "budget_campaign_not_found", name=absent.group("name"), listing=shown)
    unsold = _NOT_SOLD.search(error)
    if unsold:
        close = unsold.group("close")
        hint = text(lang, "not_sold_close", close=close) if close else ""
        return text(lang, "not_sold", name=unsold.group("name"), hint=hint)
    return plain_refusal(lang, error) or text(lang, "tool_error", error=error)


def _sections(turn: TurnSoFar, lang: str) -> str:
    sections: list[str] = []
    for call in turn.calls:
        result = turn.results.get(call["id"])
        if result is None:
            continue
        if result.status == "error":
            error = str(result.content).removeprefix("Error:").strip()
            sections.append(_write_error(lang, error, call["name"], turn.refused_draft() is not None))
            continue
        writer = WRITERS.get(call["name"], _write_plain)
        try:
            sections.append(writer(lang, call, result, turn))
        except (KeyError, TypeError, ValueError, IndexError):  # an unexpected payload: say the tool's own facts
            log.exception("offline answer writer failed for %s", call["name"])
            sections.append(str(result.content))
    return "\n\n".join(s for s in sections if s)


def _write_plain(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    return str(result.content)


def _write_anomalies(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    payload = artifact(result)
    if "anomalies" not in payload:
        return str(result.content)
    days = (payload.get("window") or {}).get("days") or call["args"].get("days", 30)
    items = list(payload["anomalies"])
    if not items:
        return text(lang, "anomalies_none", days=days)
    words = templates(lang)
    currency = payload.get("currency")
    lines = [text(lang, "anomalies_head", days=days, n=len(items))]
    for rank, item in enumerate(items, start=1):
        evidence = {k: (0.0 if v is None else v) for k, v in (item.get("evidence") or {}).items()}
        if "channel" in evidence:
            evidence["channel"] = CHANNEL_LABEL.get(lang, {}).get(str(evidence["channel"]), evidence["channel"])
        for key in ("price_before", "price_during"):
            if key in evidence:
                evidence[key] = fmt_number(evidence[key], "money", currency, lang)
        try:
            cause = words["anomaly_cause"][item["cause"]].format(**evidence)
        except (KeyError, ValueError):
            cause = words["anomaly_cause"]["unexplained"]
        expected = float(item.get("expected_units") or 0)
        actual = float(item.get("actual_units") or 0)
        change = f"{actual / expected - 1:+.0%}" if expected else "—"
        lines.append(
            words["anomaly_item"].format(
                rank=rank,
                kind=words["anomaly_kind"].get(item["kind"], item["kind"]),
                name=_anomaly_name(item, lang, turn),
                category=item.get("category") or "",
                start=item["start"],
                end=item["end"],
                days=item["days"],
                actual=fmt_number(round(actual)),
                expected=fmt_number(round(expected)),
                change=change,
                actual_gmv=fmt_number(item.get("actual_gmv"), "money", currency, lang),
                expected_gmv=fmt_number(item.get("expected_gmv"), "money", currency, lang),
                impact=format_money(item.get("impact_gmv") or 0, currency, lang, signed=True),
                cause=cause,
            )
        )
    return "\n".join(lines)


def _anomaly_name(item: dict[str, Any], lang: str, turn: TurnSoFar) -> str:
    """The product's title in the answer's language (the catalog's English title in English), else its category."""
    product_id = item.get("product_id")
    titled = turn.product_title(product_id, lang) if product_id else None
    if titled and titled != product_id:
        return titled
    return str(item.get("title") or item.get("category") or "")


def _write_docs(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    """The sentences that answer, each quoted with its document's title; the titles of documents whose
    instruction-like text was withheld; or that nothing in the documents answers."""
    payload = artifact(result)
    if "passages" not in payload:
        return str(result.content)
    query = payload.get("query") or call["args"].get("query", "")
    passages = list(payload["passages"])
    if not passages:
        return text(lang, "docs_none", query=query)
    quotes = list(payload.get("quotes") or [])
    quoted = list(dict.fromkeys(str(q["title"]) for q in quotes))
    top = str(passages[0]["title"])
    lines = [text(lang, "docs_head")] if quotes else [text(lang, "docs_unanswered", query=query, title=top)]
    lines += [text(lang, "docs_quote", text=q["text"], title=q["title"]) for q in quotes]
    flagged = dict.fromkeys(str(p["title"]) for p in passages if p.get("suspicious"))
    withheld = [title for title in flagged if title in {*quoted, top}]
    if withheld:
        lines.append(text(lang, "docs_suspicious", titles=_title_list(lang, withheld)))
    return "\n".join(lines)


def _title_list(lang: str, titles: list[str]) -> str:
    return "、".join(f"《{t}》" for t in titles) if lang == "zh" else ", ".join(f"“{t}”" for t in titles)


def _write_remembered(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    payload = artifact(result)
    said = payload.get("text") or call["args"].get("text", "")
    understood = payload.get("understood")
    if not understood:
        return text(lang, "remembered_note_only", text=said)
    labels = templates("zh" if lang == "zh" else "en")["constraint_labels"]
    enforced = "；" if lang == "zh" else "; "
    return text(
        lang,
        "remembered",
        text=said,
        enforced=enforced.join(f"{labels.get(key, key)} {value}" for key, value in understood.items()),
    )


def _write_segments(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    payload = artifact(result)
    if "segments" not in payload:
        return str(result.content)
    segments = list(payload["segments"])
    if not segments:
        return text(lang, "segments_none")
    args = call["args"]
    product = args.get("product")
    target = str(args.get("scene") or (turn.product_title(product, lang) if product else args.get("category")) or "")
    lines = [text(lang, "segments_head", n=len(segments), target=f"“{target}”" if lang == "zh" else f'"{target}"')]
    sep = "、" if lang == "zh" else ", "
    for n, item in enumerate(segments, start=1):
        conversion = item.get("conversion_365d")
        lines.append(
            text(
                lang,
                "segment_item",
                n=n,
                name=item["name"][lang if lang in ("zh", "en") else "en"],
                size=fmt_number(item["size"]),
                share=f"{float(item.get('share_of_customers') or 0) * 100:.1f}%",
                reach=fmt_number(item.get("expected_reach")),
                gmv=fmt_number(item.get("gmv_365d"), "money", payload.get("currency"), lang),
                conversion="—" if conversion is None else f"{float(conversion) * 100:.2f}%",
                categories=sep.join(c["category"] for c in item.get("top_categories", [])[:3]) or "—",
            )
        )
        why = item.get("why") or {}
        title_key = "title" if lang == "zh" else "title_en"
        if why.get("products"):
            items = sep.join(
                f"{p.get(title_key) or p['title']}（×{p['lift']:.1f}）"
                if lang == "zh"
                else f"{p.get(title_key) or p['title']} (x{p['lift']:.1f})"
                for p in why["products"][:3]
            )
            lines.append(text(lang, "segment_why_products", items=items))
        if why.get("searches"):
            items = sep.join(f"“{q['query']}”" if lang == "zh" else f'"{q["query"]}"' for q in why["searches"][:3])
            lines.append(text(lang, "segment_why_searches", items=items))
        if why.get("category_lift"):
            times = "（×{:.2f}）" if lang == "zh" else " (x{:.2f})"
            items = sep.join(f"{x['from']}→{x['to']}{times.format(x['lift'])}" for x in why["category_lift"][:3])
            lines.append(text(lang, "segment_why_lift", items=items))
    return "\n".join(lines)


def _write_preferences(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    preferences = list(artifact(result).get("preferences") or [])
    if not preferences:
        return text(lang, "preferences_none")
    return "\n".join([text(lang, "preferences_head"), *(f"- {p}" for p in preferences)])


def _change(lang: str, change: dict[str, Any], money: Callable[[Any], str]) -> str:
    """One change of an edited draft in the answer's language ("预算 ¥8,000.00 → ¥6,000.00", "去掉渠道：直播")."""
    field = str(change.get("field", ""))
    label = FIELD_LABEL.get(lang, {}).get(field, field)
    if change.get("removed"):
        return text(lang, "campaign_channels_removed", channels=channel_names(lang, list(change["removed"])))

    def shown(value: Any) -> str:
        if value is None:
            return text(lang, "campaign_field_unset")
        if field == "budget":
            return money(value)
        if field == "channels" and isinstance(value, list):
            return channel_names(lang, [str(v) for v in value])
        return ("、" if lang == "zh" else ", ").join(map(str, value)) if isinstance(value, list) else str(value)

    return f"{label} {shown(change.get('before'))} → {shown(change.get('after'))}"


def _write_campaign(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    payload = artifact(result)
    plan = payload.get("plan")
    if not isinstance(plan, dict):
        return str(result.content)
    sep = "、" if lang == "zh" else ", "
    names = CHANNEL_LABEL.get(lang, {})
    currency = payload.get("currency")

    def money(value: Any) -> str:
        return fmt_number(value, "money", currency, lang)

    common = {
        "name": payload.get("name", ""),
        "id": payload.get("campaign_id", ""),
        "start": payload.get("start_date", ""),
        "end": payload.get("end_date", ""),
        "budget": money(payload.get("budget_total")),
    }
    if payload.get("edited"):
        changes = payload.get("change_list") or []
        shown = sep.join(_change(lang, change, money) for change in changes if isinstance(change, dict))
        lines = [text(lang, "campaign_edited" if shown else "campaign_unchanged", changes=shown, **common)]
    else:
        lines = [text(lang, "campaign_saved", **common)]
    channels = plan.get("channels") or []
    if channels:
        items = sep.join(
            f"{names.get(c['channel'], c['channel'])} {money(c['budget'])}（{float(c['share']) * 100:.0f}%）"
            if lang == "zh"
            else f"{c['channel']} {money(c['budget'])} ({float(c['share']) * 100:.0f}%)"
            for c in channels
        )
        lines.append(text(lang, "campaign_channels", items=items))
    excluded = (plan.get("constraints") or {}).get("excluded_channels") or []
    used = {c["channel"] for c in channels}
    if [c for c in excluded if c not in used]:
        lines.append(text(lang, "campaign_channels_ruled_out", channels=channel_names(lang, excluded)))
    if against := [c for c in excluded if c in used]:
        lines.append(text(lang, "campaign_channels_against_rule", channels=channel_names(lang, against)))
    segments = plan.get("segments") or []
    if segments:
        lines.append(
            text(
                lang,
                "campaign_segments",
                items=sep.join(
                    f"{seg.get('name')}（{fmt_number(seg.get('size'))}人）"
                    if lang == "zh"
                    else f"{seg.get('name')} ({fmt_number(seg.get('size'))} people)"
                    for seg in segments
                ),
            )
        )
    pacing = plan.get("pacing") or {}
    if pacing.get("average") is not None and pacing.get("peak_budget") is not None:
        lines.append(
            text(
                lang,
                "campaign_pacing",
                average=money(pacing["average"]),
                peak=money(pacing["peak_budget"]),
                peak_day=pacing.get("peak_day", ""),
            )
        )
    total = (plan.get("forecast") or {}).get("total") or {}
    model = (plan.get("forecast") or {}).get("model") or {}
    model_based = model.get("source") == MODEL
    if total:

        def low_high(key: str, unit: str | None = None) -> tuple[str, str]:
            pair = total.get(f"{key}_range") or [None, None]
            return fmt_number(pair[0], unit, currency, lang), fmt_number(pair[1], unit, currency, lang)

        clicks_low, clicks_high = low_high("clicks")
        orders_low, orders_high = low_high("orders")
        gmv_low, gmv_high = low_high("gmv", "money")
        roi_low, roi_high = low_high("roi")
        lines.append(
            text(
                lang,
                "campaign_funnel_assumed" if model_based else "campaign_forecast",
                clicks=fmt_number(total.get("clicks")),
                clicks_low=clicks_low,
                clicks_high=clicks_high,
                orders=fmt_number(round(float(total.get("orders") or 0))),
                orders_low=orders_low,
                orders_high=orders_high,
                gmv=money(total.get("gmv")),
                gmv_low=gmv_low,
                gmv_high=gmv_high,
                roi=fmt_number(total.get("roi")),
                roi_low=roi_low,
                roi_high=roi_high,
            )
        )
    if model_based:

        def interval(key: str) -> str:
            value = model[key]
            low_high = f"{money(value['low'])}–{money(value['high'])}"
            return f"{money(value['value'])}（{low_high}）" if lang == "zh" else f"{money(value['value'])} ({low_high})"

        forecast_text = {key: interval(key) for key in ("paid_gmv", "organic_lift", "total")}
        roi = model["roi"]
        roi_value, roi_range = fmt_number(roi["value"]), f"{fmt_number(roi['low'])}–{fmt_number(roi['high'])}"
        roi_text = f"{roi_value}（{roi_range}）" if lang == "zh" else f"{roi_value} ({roi_range})"
        fitted = model.get("fitted_on")
        source = (
            text(lang, "promotion_model_fitted_on", first=fitted[0], last=fitted[1],
                 days=(date.fromisoformat(fitted[1]) - date.fromisoformat(fitted[0])).days + 1)
            if isinstance(fitted, list) and len(fitted) == 2
            else model.get("model_source", "")
        )  # fmt: skip
        lines.append(text(lang, "campaign_model_forecast", source=source,
                          paid=forecast_text["paid_gmv"], organic=forecast_text["organic_lift"],
                          total=forecast_text["total"], roi=roi_text))  # fmt: skip
    elif model:
        state = str(model.get("model_state", ""))
        reason = templates(lang).get(f"promotion_model_{state}") or model.get("reason", "")
        lines.append(text(lang, "campaign_assumption_source", reason=reason))
    lines.append(text(lang, "campaign_next"))
    return "\n".join(lines)


def _write_creatives(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    payload = artifact(result)
    sets = payload.get("sets")
    if not isinstance(sets, list):
        return str(result.content)
    images = sum(len(item.get("images") or []) for item in sets)
    lines = [text(lang, "creatives_head", sets=len(sets), copies=len(sets), images=images)]
    for number, item in enumerate(sets[:3], start=1):
        copy = item.get("copy") or {}
        points = ("；" if lang == "zh" else "; ").join(copy.get("points") or [])
        lines.append(f"{number}. {copy.get('title', '')} — {points} — {copy.get('cta', '')}")
        files = ", ".join(Path(str(image["path"])).name for image in item.get("images") or [])
        if files:
            lines.append(f"   {files}")
    if len(sets) > 3:
        lines.append(text(lang, "creatives_more", n=len(sets) - 3))
    violations = payload.get("input_violations") or []
    if violations:
        words = sorted(
            {str(hit["word"]) for item in violations if isinstance(item, dict) for hit in item.get("violations") or []}
        )
        lines.append(text(lang, "creatives_violations", items=", ".join(words)))
    return "\n".join(lines)


def _write_budget(lang: str, call: dict[str, Any], result: ToolMessage, turn: TurnSoFar) -> str:
    payload = artifact(result)
    status = payload.get("status")
    if status is None:
        return str(result.content)
    if payload.get("already_decided"):
        return text(lang, "budget_recorded", status=status)
    if status == "submitted":
        return text(
            lang,
            "budget_submitted",
            amount=fmt_number(payload.get("amount"), "money", payload.get("currency"), lang),
            campaign=payload.get("campaign_id", ""),
            ref=payload.get("platform_ref") or "—",
        )
    if status == "rejected":
        return text(lang, "budget_rejected")
    return text(lang, "budget_failed", reason=payload.get("reason") or status)


WRITERS = {
    "query_store_sales": write_sales,
    "detect_sales_anomalies": _write_anomalies,
    "search_merchant_docs": _write_docs,
    "remember_preference": _write_remembered,
    "recall_preferences": _write_preferences,
    "find_target_segments": _write_segments,
    "draft_campaign": _write_campaign,
    "generate_creatives": _write_creatives,
    "submit_promotion_budget": _write_budget,
    "estimate_promotion_effect": write_estimate,
}
