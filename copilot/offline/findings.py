"""What the words of one utterance say before an intent is chosen (`Findings`), and the slot helpers every
intent's slot builder shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from copilot.analytics.metrics import lower_is_better
from copilot.i18n.language import CJK
from copilot.offline.lexicon import Pattern, lexicon
from copilot.offline.matching import CatalogMatch
from copilot.offline.recognizers.dates_in_doubt import Doubt
from copilot.offline.recognizers.entity import Span


def singular_top(masked: str) -> int | None:
    """1 when a ranking is asked in the singular ("哪个品类卖得最好", "which region has the highest refund rate"):
    the merchant wants the first one, not the list; plural or list words ("哪些", "各", "which ones") keep it."""
    single = lexicon().single
    return 1 if single["rank_one"].search(masked) and not single["rank_many"].search(masked) else None


def all_keys(groups: dict[str, Pattern], text: str) -> list[str]:
    """Every key that matches, in the order of first occurrence."""
    hits = [(m.start(), key) for key, p in groups.items() if (m := p.search(text))]
    return [key for _, key in sorted(hits)]


@dataclass
class Findings:
    """Everything the words say, before deciding what the intent needs."""

    text: str
    norm: str
    rest: str
    lang: str
    catalog: CatalogMatch
    period: str | None = None
    month_before: bool = False
    period_before: bool = False  # "and the day before?": the previous turn's period moved back by its length
    compare: str | None = None
    no_compare: bool = False  # the words take a comparison back ("forget the yoy", "不要同比了")
    period_against: bool = False  # the period named is the one compared with ("跟上上周比呢"): of a follow-up
    running: str | None = None  # no period named, compared with the unit before ("跟上个月比"): this month to date
    metric: str | None = None
    said_metric: str | None = None  # of a follow-up: the metric the thread's earlier words named
    by: str | None = None
    separately: bool = False  # "分别", "separately": a breakdown of what is named
    order: str | None = None
    judged: bool = False  # the order's cue judges ("worst", "最差") rather than measures ("lowest", "最低")
    rank_units: bool = False
    top: int | None = None
    channels: list[str] = field(default_factory=list)
    money: list[int | float] = field(default_factory=list)
    new_product: bool = False
    product_reference: bool = False
    scenes: list[str] = field(default_factory=list)
    scene_spans: list[Span] = field(default_factory=list)  # where `scenes` were said, in `rest`'s positions
    unknown_target: str | None = None  # a name the question asks about that is no product or category here
    leftover: list[str] = field(default_factory=list)  # noun phrases no recogniser explained (leftover.py)
    unread_period: list[str] = field(default_factory=list)
    channels_out: list[str] = field(default_factory=list)  # channels said as excluded (a sales filter of the rest)
    excluded: dict[str, str] = field(default_factory=dict)  # sales filters of what an exclusion leaves (exclusion)
    uncompared: str | None = None  # a period set against the one asked about that the tool cannot compare it with
    unread_by: list[str] = field(default_factory=list)
    days_unsaid: bool = False  # a stretch or an occasion pointed at with no dates ("前几天那阵子", "年货节"): asked
    fiscal_unsaid: bool = False  # a fiscal quarter named without the month its fiscal year starts in (asked)
    read_as: tuple[str, str] | None = None  # a holiday read from a word naming another elsewhere, and that other
    doubt: Doubt | None = None  # dates that name no one period for sure ("2026/11/31", "3/11-9/11"): asked

    @property
    def named_channels(self) -> list[str]:
        """The channels the words name for themselves (not those they exclude)."""
        return [channel for channel in self.channels if channel not in self.channels_out]


def said_channels(named: list[str], by: str | None) -> str | None:
    """The channel filter of the channels named, comma-separated ("只看搜索和推荐", "search+recommend only"); two or
    more named side by side ("直播 vs 搜索") keep their breakdown by channel to those, one named with a breakdown by
    channel filters nothing."""
    if not named or (by == "channel" and len(named) == 1):
        return None
    return ",".join(named)


def ranked_order(f: Findings, metric: str | None) -> str | None:
    """The order the ranking words ask for by `metric`: a judging word turns round for a metric whose lower values
    are the better ones ("worst 3 by refund rate" are its highest rates; "最差" by GMV is the lowest)."""
    if f.order is None or not (f.judged and metric and lower_is_better(metric)):
        return f.order
    return "desc" if f.order == "asc" else "asc"


def put(slots: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != [] and value is not False:
        slots[key] = value


def targets(f: Findings, slots: dict[str, Any], leftover: bool = False, *, action: bool = False) -> None:
    """The product, category or categories the words name: a Chinese category word that only one of its products'
    titles holds word for word ("逗猫棒") is that product; for an action (an audience, a plan, creatives) so is any
    category word only one title holds ("the bouncers") and a category of one product (the plan or the copy is
    about it). An English category word held by one English title ("dog food") stays the category for a figure,
    unless it is one thing said in the singular after "the" ("the rocker": that one, where "rockers" are all); for an
    action, the one product an exclusion leaves."""
    span = f.catalog.category_span
    literal = span is not None and (CJK.search(f.norm[span[0] : span[1]]) is not None or _the_one(f, span))
    alias = f.catalog.alias_member if action or literal else None
    product = f.catalog.product or alias or (f.catalog.only_member if action else None)
    left = f.excluded.get("product") if action else None
    if product is None and left and "," not in left:
        product = left  # "推车清库存，新款和高景观那款都别放": the one product the exclusion leaves
    put(slots, "product", product or unknown_only(f, leftover))
    if product is None:
        put(slots, "category", f.catalog.category)
        put(slots, "categories", list(f.catalog.categories))


_THE = re.compile(r"\b(?:the|that|this|our)\s+$")


def _the_one(f: Findings, span: Span) -> bool:
    """Whether the English category word at `span` is one thing named: a count noun in the singular ("rocker",
    never "rockers" nor "food": the category's names take its plural) right after "the", "that", "this" or "our"."""
    said = f.norm[span[0] : span[1]].strip()
    if not _THE.search(f.norm[: span[0]]) or said.endswith("s"):
        return False
    names = lexicon().aliases["categories"].get(f.catalog.category or "", [])
    return any(re.fullmatch(name, f"{said}s") for name in names)


def unknown_only(f: Findings, leftover: bool = False) -> str | None:
    """An unknown name (with `leftover`, also the first noun phrase no recogniser explained), passed on as the
    product filter (the tool refuses it, saying what the store has) when nothing else in the question narrows
    it: never answered as the whole store, nor as a channel's or a region's ("直播间卖的平衡车": a product the
    store may not sell, in the live channel)."""
    narrowed = f.catalog.category or f.catalog.categories
    unknown = f.unknown_target
    if leftover and f.leftover and unknown not in f.leftover and not CJK.search(unknown or ""):
        # an English guess that is no noun phrase ("grab last weeks") gives way; one holding a leftover word is its
        # full name ("stage 2 formula", not "stage"; "balance bike" of "儿童 balance bike", not "儿童")
        unknown = unknown if unknown and any(word in unknown for word in f.leftover) else f.leftover[0]
    return None if narrowed else unknown
