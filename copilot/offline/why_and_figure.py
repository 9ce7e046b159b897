"""A why asked beside a figure asked outright ("为什么推荐渠道这么差？这个月GMV多少", "why do people keep sending the
boots back?? refund rate on them this year"): the figure is what the message asks for. The why colours it; a
search of the documents or a scan for drops would answer a question the merchant did not put.

A why of a channel's fall ("how come live dropped", "为啥直播少了这么多", "why did search drop vs september"): the scan
for drops reads products and categories, never channels, so it would answer for the whole store in silence; the
channel's figure set against the period before is what answers it."""

from __future__ import annotations

import re

from copilot.offline.findings import Findings
from copilot.offline.lexicon import lexicon

_SENTENCES = re.compile(r"[?？!！。;；]+|\.(?:\s|$)")
_WHY = re.compile(r"为什么|为啥|咋回事|怎么回事|怎么(?:这么|那么)|咋(?:这么|那么)|\bwhy\b|\bhow come\b")
_FELL = re.compile(
    r"掉|跌|降|少|下滑|差|不行|不好|\b(drop(ped|s)?|fell|fall(en|ing)?|down|declin\w*|slump\w*|dipp?(ed|ing)?|tank\w*|worse)\b"
)
_ROSE = re.compile(r"涨|升|暴增|激增|多了|\b(spiked?|spiking|rose|rising|jump(ed)?|surg(ed|ing))\b")
_RATIOS = ("conversion", "refund_rate", "aov", "gross_margin")  # figures the scan for drops does not read
_STATED = re.compile(r"\d+(?:\.\d+)?\s*(?:%|块|元|万|千|k\b|w\b)")  # a figure told, not asked ("退款率10%")
_MAY_GIVE_WAY = ("anomalies", "docs")


def asks_why(norm: str) -> bool:
    """Whether the words ask why or how come ("怎么回事", "why did it drop")."""
    return _WHY.search(norm) is not None


def figure_after_why(intent: str, f: Findings) -> str:
    """`sales_query` when a scan for drops or a document search was read from a message whose why is one sentence
    and whose other sentence asks a figure (names a metric, states no number of its own); `intent` otherwise. A
    worst-first order the why's judgement set ("so badly") with no ranking or breakdown asked is dropped."""
    if intent not in _MAY_GIVE_WAY or f.metric is None:
        return intent
    sentences = [s.strip() for s in _SENTENCES.split(f.norm) if s.strip()]
    if len(sentences) < 2 or not any(_WHY.search(s) for s in sentences):
        return intent
    metrics = lexicon().groups["metrics"].values()
    asked = [s for s in sentences if not _WHY.search(s) and any(p.search(s) for p in metrics)]
    if not asked or any(_STATED.search(s) for s in asked):
        return intent
    if f.top is None and f.by is None:
        f.order = None  # "why is it selling so badly?": a judgement in the why, no ranking asked
    return "sales_query"


def channel_fall(intent: str, f: Findings) -> str:
    """`sales_query`, compared with the period before, when a scan for drops (rises) was read from words about the
    fall (rise) of what the scan cannot read: a channel, a region or a ratio ("search渠道最近30天是不是掉了",
    "转化率突然掉了 是哪个商品拖的", "did refunds spike"); `intent` otherwise. The scan reads the sales of products
    and categories only, so it would answer for the whole store in silence."""
    if intent != "anomalies" or f.by in ("day", "week", "month"):
        return intent
    unscanned = f.named_channels or f.catalog.region or f.metric in _RATIOS
    if not unscanned or not (_FELL.search(f.norm) or _ROSE.search(f.norm)):
        return intent
    if f.compare is None:
        f.compare = "previous_period"
    f.order = None
    return "sales_query"
