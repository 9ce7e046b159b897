"""Language understanding of the offline model: intents and slots from merchants' words, zh and en.

`parse(text, catalog=..., today=..., history=...)` returns a `Parse` (intent, slots, language, missing
required slots). It is rule-based and deterministic; its vocabulary and rules live in the YAML files of
`copilot/offline/data/` (see `lexicon.py`). Slot values use the vocabularies the tools accept:

- sales_query: metric, by, period, compare, top, order, product, category, channel, region
- sales_sql: question, template (a key of `sales_sql_templates`, or None), template parameters, and
  period when a template is found and the words name one
- anomalies: days, direction, scope, top, product, category
- docs: query;  remember: text
- segments: scene, top, product, category, cold_start (present only when True)
- campaign: objective, event, product, category, budget, start, end, channels, segments;
  edits of the latest draft: budget / start / end / channels / remove_channels / add_channels with edit=True
- creatives: count, kind, product, category;  budget: amount, campaign
- promotion: mode, budget, when (copilot.offline.promotion_slots)
- compound: steps plus the union of the steps' slots
- approve, reject, greeting, help, unsupported, change_data (a request to change store data: refused),
  personal_data (customers' phone numbers, addresses, names: refused), customer_attribute (gender, occupation,
  income: not in the data): no slots

Slots the text does not give are absent (the tools apply their defaults), except the defaults stated
here: metric "gmv", anomalies days 30 / direction "both" / scope "product", creatives count 3 / kind "both".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from copilot.i18n import language_of
from copilot.i18n.language import CJK as _CJK
from copilot.offline.action_slots import (
    audience_named,
    campaign,
    campaign_edit,
    creatives,
    draft_follow_up,
    names_draft,
    shift_days,
)
from copilot.offline.announced_plan import announced_targets, terms_of_announced
from copilot.offline.audiences import (
    audience_for,
    carry_target,
    described_audience,
    names_only_item,
    people_not_items,
    points_at_item,
    said_audience,
)
from copilot.offline.budget_slots import budget, names_a_plan
from copilot.offline.carried import carry_from_previous, carry_pointed_targets, carry_scope_to_template
from copilot.offline.findings import Findings, all_keys, put, targets
from copilot.offline.follow_ups import (
    anomalies_of_previous,
    anomaly_days,
    both_periods,
    compared_pair,
    follow_up,
    is_follow_up,
    regions_side_by_side,
    result_count,
)
from copilot.offline.lexicon import lexicon, ruled_out, without_declined_submission
from copilot.offline.listed_sales import sales_of_listed
from copilot.offline.matching import Catalog
from copilot.offline.meanings import asked_meaning, defines_something, last_executed, metric_explained
from copilot.offline.owner import foreign_owner
from copilot.offline.pointing import point_at_product
from copilot.offline.promotion_slots import promotion_slots, unnamed_campaign, when_pointed_back
from copilot.offline.reader import normalise, read_findings, unknown_name
from copilot.offline.recognizers import time as time_recognizer
from copilot.offline.recognizers.dates_in_doubt import Doubt
from copilot.offline.recognizers.entity import Span, mask, overlaps
from copilot.offline.sales_slots import sales_query_slots
from copilot.offline.script import mainland
from copilot.offline.season_before import season_a_year_before
from copilot.offline.shares import metric_for, share_over_months
from copilot.offline.sql_slots import asks_channel_return, sales_sql_slots, sql_template
from copilot.offline.sql_templates import names_one_item
from copilot.offline.submission_words import SUBMIT, claims_approval
from copilot.offline.terse import terse_figure
from copilot.offline.trends import intent_of_breakdown
from copilot.offline.unrecorded import recorded_of_buyers
from copilot.offline.unsold_target import unsold_item
from copilot.offline.what_if import carry_plan_budget, is_what_if, plan_outcome, supposed_budget, taken_up
from copilot.offline.why_and_figure import channel_fall, figure_after_why

__all__ = ["Catalog", "Parse", "detect_language", "normalise", "parse"]

_EDGE_PUNCT = " \t\n,，.。!！?？~～:：;；、"
_ACTIONS_WITH_SLOTS = ("segments", "campaign", "creatives", "budget")


@dataclass
class Parse:
    """The understanding of one utterance. `missing` lists required slots the text did not give."""

    intent: str
    slots: dict[str, Any]
    lang: str
    missing: list[str] = field(default_factory=list)
    unread_period: list[str] = field(default_factory=list)  # time words no period recogniser could read
    uncompared: str | None = None  # the words of a period the tool could not compare the one asked about with
    read_as: tuple[str, str] | None = None  # a holiday read from a word naming another elsewhere, and that other
    unread_by: list[str] = field(default_factory=list)  # breakdowns asked for that the sales tool has not
    said_metric: str | None = None  # the metric the thread's words last named (revenue said stays revenue)
    plan_terms: dict[str, Any] = field(default_factory=dict)  # a plan's money and days said beside another request
    doubt: Doubt | None = None  # dates asked about rather than read as a nearby period
    candidates: tuple[str, ...] = ()  # the products a description fits about as well, asked between (described.py)

    def asks_for(self, intent: str) -> bool:
        """Whether the utterance asks for `intent`, alone or as a step of a compound request."""
        return intent in (self.slots.get("steps") or [self.intent])


detect_language = language_of


def _strip_fillers(norm: str) -> str:
    stripped = lexicon().single["fillers"].sub("", norm)
    return stripped.strip(_EDGE_PUNCT)


def _score(norm: str) -> dict[str, float]:
    """Score every intent on the normalised text (exclusive intents on the text without fillers)."""
    lex = lexicon()
    bare = _strip_fillers(norm)
    kept = without_declined_submission(norm)  # "出个草稿，千万别提交": the 提交 declined rules out no draft
    scores: dict[str, float] = {}
    for spec in lex.intents:
        target, said = (bare if spec.exclusive else norm), (norm if spec.name == "budget" else kept)
        score = 0.0
        if spec.unless is not None and spec.unless.search(said):
            scores[spec.name] = score
            continue
        for rule in spec.rules:
            if rule.pattern.search(target) and not (rule.unless and rule.unless.search(said)):
                score += rule.weight
        for group in spec.groups:
            if _group_hits(group, norm):
                score += spec.group_weight
        if spec.template_weight and sql_template(norm) is not None:
            score += spec.template_weight
        scores[spec.name] = score
    return scores


def _group_hits(group: str, norm: str) -> bool:
    lex = lexicon()
    if group in lex.groups:
        return any(p.search(norm) for p in lex.groups[group].values())
    return lex.single[group].search(norm) is not None


def _first_cue(intent: str, norm: str) -> int:
    spec = next(s for s in lexicon().intents if s.name == intent)
    starts = [m.start() for rule in spec.rules if rule.weight >= 4 and (m := rule.pattern.search(norm))]
    return min(starts) if starts else len(norm)


def _choose(scores: dict[str, float], norm: str) -> tuple[str, list[str]]:
    """The winning intent, and the steps when several actions are asked for in sequence."""
    actions = [a for a in lexicon().intent_meta["action_steps"] if scores.get(a, 0) >= 4]
    if {"budget", "campaign"} <= set(actions) and names_a_plan(norm):  # "那个猫砂清仓预算降到5000再报": that plan
        actions.remove("campaign")
    if len(actions) >= 2 and lexicon().single["step_joiners"].search(norm):
        return "compound", sorted(actions, key=lambda a: _first_cue(a, norm))
    first = lexicon().single["first_step"].search(norm)  # "想给猫爬架做个推广，先看看人群": that step now
    led = [a for a in actions if first and 0 <= _first_cue(a, norm) - first.end() <= 16] if len(actions) >= 2 else []
    if led:
        return led[0], []
    best = max(scores.items(), key=lambda item: item[1])
    if best[1] < float(lexicon().intent_meta["min_score"]):
        return "unsupported", []
    return best[0], []


# --- slot builders, one per intent -------------------------------------------------------------


_READS_DATA = ("sales_query", "sales_sql", "segments", "anomalies", "promotion")


def _anomalies(f: Findings, today: date) -> dict[str, Any]:
    groups = lexicon().groups
    directions = all_keys(groups["anomaly_direction"], f.rest)
    direction = directions[0] if len(directions) == 1 else "both"
    scope = "category" if groups["anomaly_scope"]["category"].search(f.rest) or f.by == "category" else "product"
    slots: dict[str, Any] = {
        "days": anomaly_days(f.period, today) or 30,
        "direction": direction,
        "scope": scope,
    }
    put(slots, "top", f.top)
    targets(f, slots)
    return slots


def _docs(f: Findings) -> dict[str, Any]:
    slots: dict[str, Any] = {"query": mainland(f.text.strip())}  # the documents are in simplified characters
    put(slots, "k", result_count(f))
    return slots


_REMEMBER_PREFIX = re.compile(
    r"^\s*(请|先|please\s*)?(能|可以|能不能|可不可以|麻烦|(can|could|would) you\s*)?\s*"
    r"(你|侬|您)?\s*(要|帮我|帮忙|给我)?\s*"
    r"(记住|记牢|记好|记一下|记下|备注|remember( that)?|note( that)?|nb|fyi|for the record|keep in mind( that)?"
    r"|make a note( that)?)"
    r"\s*(一下|下|this|it)?\s*(吗|嘛|好吗|呗|吧|哈)?[\s:：,，?？]*",
    re.IGNORECASE,
)


def _remember(f: Findings) -> dict[str, Any]:
    text = _REMEMBER_PREFIX.sub("", f.text.strip()).strip(_EDGE_PUNCT)
    return {"text": text} if text else {}


def _segments(f: Findings) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    put(slots, "scene", f.scenes[0] if f.scenes and not points_at_item(f.scenes[0]) else None)
    put(slots, "top", f.top or result_count(f))
    if not (slots.get("scene") and len(f.catalog.categories) > 1):  # "防晒的人群": the scene, not its categories
        targets(f, slots, action=True)
    if not _names_target(slots) and not slots.get("scene"):
        put(slots, "product", unknown_name(audience_for(f.rest)))  # "给吸尘器找目标人群": said not sold here
    if not _names_target(slots) and not slots.get("scene"):
        said = said_audience(f.norm)  # "背奶妈妈，就是上班了还得吸奶的，这拨人有多少"
        put(slots, "scene", said if said and not _score(said).get("segments") else None)
    put(slots, "cold_start", f.new_product and (f.catalog.product is not None or f.catalog.category is not None))
    return slots


def _slots(intent: str, f: Findings, today: date, history: list[Parse] | None = None) -> dict[str, Any]:
    builders = {
        "sales_query": lambda: sales_query_slots(f),
        "sales_sql": lambda: sales_sql_slots(f, today),
        "anomalies": lambda: _anomalies(f, today),
        "docs": lambda: _docs(f),
        "remember": lambda: _remember(f),
        "segments": lambda: _segments(f),
        "campaign": lambda: campaign(f, today),
        "creatives": lambda: creatives(f),
        "budget": lambda: budget(f),
        "promotion": lambda: promotion_slots(f.norm, f.money, today),
        "define_metric": lambda: asked_meaning(f, history or []),
    }
    builder = builders.get(intent)
    return builder() if builder else {}


def _compound(steps: list[str], f: Findings, today: date) -> dict[str, Any]:
    slots: dict[str, Any] = {"steps": steps}
    for step in reversed(steps):
        slots.update(_slots(step, f, today))
    if "campaign" in steps:
        slots.pop("amount", None)
        slots.pop("edit", None)
    return slots


def _missing(intent: str, slots: dict[str, Any]) -> list[str]:
    missing = []
    for need in lexicon().required.get(intent, []):
        options = need if isinstance(need, list) else [need]
        if not any(slots.get(option) not in (None, "", []) for option in options):
            missing.append(options[0])
    if intent == "campaign" and slots.get("edit"):
        return []
    if intent == "campaign" and slots.get("past_days") and not slots.get("start"):
        missing.append("past_days")  # "double 11 plan, 1 to 11 Nov" on 20 Nov: this year's or next year's?
    if intent == "campaign" and slots.get("occasion") and not slots.get("start"):
        missing.append("start")  # "开学季给头灯做个推广，预算1万": which days
    return missing


# --- the thread ---------------------------------------------------------------------------------


def parse(text: str, *, catalog: Catalog, today: date, history: list[Parse] | None = None) -> Parse:
    """Understand one utterance: its intent, slots (tool vocabularies), language and missing slots.

    `history` holds earlier parses of the thread, most recent last; a follow-up ("那上上个月呢？",
    "换成退款率", "按渠道看") reuses the latest one and changes only what its words say. A sales question
    that points at a product ("这个商品卖得怎么样") takes the product of the latest parse, or lists
    "product" in `missing` when the thread named none. The readers of `_READERS` are asked in order; the
    first that reads the turn answers, else it is one request of the intent its words score highest.
    """
    if catalog.merchant_id:  # "m_outdoor 上个月GMV" asked by m_outdoor is about its own store
        own = re.compile(rf"(?<![a-z0-9_]){re.escape(catalog.merchant_id)}(?![a-z0-9_])(?:'s)?", re.IGNORECASE)
        text = own.sub("" if _CJK.search(text) else "our store", text)
    f = read_findings(text, catalog, today)
    point_at_product(f, catalog, history or [])
    scores = _score(f.norm)
    if not defines_something(f, history or []):  # "冷启动是啥意思": nothing defined
        scores["define_metric"] = 0.0
    intent, steps = _choose(scores, f.norm)
    intent = figure_after_why(intent_of_breakdown(intent, f), f)  # "为什么这么差？这个月GMV多少": the figure
    intent = terse_figure(channel_fall(intent, f), f)  # "how come live dropped", "本周 vs 上周": sales figures
    if intent == "promotion" and asks_channel_return(f, today):
        intent = "sales_sql"
    if intent in _READS_DATA and foreign_owner(f, catalog, today) is not None:
        intent = "other_store"  # "X's margin", "X那边的人群画像": another business's figures, never ours instead
    if intent == "customer_attribute" and (buyers := recorded_of_buyers(f)) is not None:
        return Parse("sales_sql", buyers, f.lang)  # "哪些人在买防晒衣 男的多还是女的多": by age, gender said unrecorded
    if intent == "segments":  # "亲子出游的家庭 推哪个帐篷": the 家庭 are people, no family tent
        f.catalog = people_not_items(f.norm, f.catalog, catalog.index)
    turn = _Turn(f, catalog, today, history or [], scores, intent, steps)
    for reader in _READERS:
        parsed = reader(turn)
        if parsed is not None:
            return parsed
    return _with_plan_terms(_one_request(turn), f, today)


_PLAN_TERMS = ("objective", "event", "product", "category", "categories", "budget", "start", "end", "channels")


def _with_plan_terms(parsed: Parse, f: Findings, today: date) -> Parse:
    """An audience, estimate or creatives request that says a plan's money and days ("新品上新，预算2万，下周一到月底，
    先找人群") keeps them, for the plan asked for next ("就按这个出方案")."""
    if parsed.intent in ("segments", "promotion", "creatives") and f.money:
        said = campaign(f, today)
        parsed.plan_terms = {key: said[key] for key in _PLAN_TERMS if key in said}
    parsed.plan_terms = parsed.plan_terms or announced_targets(f, parsed.intent)  # "想给登山杖加点推广，先看看销量"
    return parsed


@dataclass
class _Turn:
    """One utterance being read: its findings, the thread's earlier parses and the intents its words score."""

    f: Findings
    catalog: Catalog
    today: date
    history: list[Parse]
    scores: dict[str, float]
    intent: str
    steps: list[str]

    @property
    def prev(self) -> Parse | None:  # the last request that ran a tool: an explanation between changes nothing
        return last_executed(self.history)


def _claimed_approval(t: _Turn) -> Parse | None:
    """A typed claim of an approval ("我已经批了") is read as approving, so that only the approval step decides."""
    return Parse(intent="approve", slots={}, lang=t.f.lang) if claims_approval(t.f.norm) else None


def _described_audience(t: _Turn) -> Parse | None:
    """An audience described in words ("周末爱跑山的人") rather than named by a product or a scene."""
    f, prev = t.f, t.prev
    retargets = prev is not None and prev.asks_for("campaign") and audience_named(f.norm)
    described = described_audience(f.norm) if t.intent in _MAY_DESCRIBE_AUDIENCE and not retargets else None
    if described is not None and f.period is not None and not _period_inside(f, described[1], t.today):
        described = None
    if (
        described is not None
        and f.catalog.spans
        and (_AUDIENCE_OF_ITEM.search(f.norm) or names_only_item(described[0], t.catalog.index))
    ):
        described = None  # "跟买了安全座椅的人相似的人群", "新款冲锋衣 找下适合的人群": the item's audience
    if described is None:
        return None
    slots = {"scene": described[0]}
    put(slots, "top", f.top)
    if any(overlaps(span, described[1]) for span in f.catalog.spans):  # names inside it are no target
        f.catalog = t.catalog.index.match(mask(f.norm, [described[1]]))
    if not lexicon().single["not_stocked"].search(f.norm):  # "我们还没这个货": no item of the store meant
        targets(f, slots, action=True)  # "…的那拨人，想给速开家庭帐篷铺一波": the product named beside it
    return Parse(intent="segments", slots=slots, lang=f.lang)


def _what_if_of_plan(t: _Turn) -> Parse | None:
    """A budget supposed beside the thread's draft (an estimate), the what-if just estimated taken up (an edit), or the
    budget of a plan announced beside a sales question (its draft)."""
    if t.intent in _CLOSED:
        return None
    supposed = supposed_budget(t.f, t.history) or plan_outcome(t.f, t.history)
    edit = None if supposed else taken_up(t.f, t.history) or terms_of_announced(t.f, t.prev, t.today)
    if supposed is None and edit is None:
        return None
    return Parse("promotion", supposed, t.f.lang) if supposed else Parse("campaign", edit or {}, t.f.lang)


def _draft_or_submission(t: _Turn) -> Parse | None:
    """A submission of the thread's draft, or a campaign draft and its edits."""
    return _submitted(t.f, t.intent, t.history) or _drafting(t.f, t.intent, _plan_turn(t), t.today, t.catalog)


_ABOUT_THE_PLAN = ("budget", "approval_status", "approve", "reject", "skip_approval", "remember")  # a cap said of it


def _plan_turn(t: _Turn) -> Parse | None:
    """The turn the words may edit: the previous one, or after turns about the plan's submission, approval or a limit
    kept ("提交审批", "批了没", "cap is 5000, remember that") the plan they were about ("redo the draft at 5000")."""
    edits = campaign_edit(t.f) is not None  # "把直播去掉" after the draft's creatives or audiences: its channels
    for parse in reversed(t.history):  # "人群就用X，更新下草稿": the draft, past the turns since it
        about = parse.intent in _ABOUT_THE_PLAN or is_what_if(parse)  # "what if we doubled it?" is about the plan
        about = about or (edits and parse.intent in ("creatives", "segments"))
        if parse.asks_for("campaign") or (not about and not names_draft(t.f.norm)):
            return parse
    return t.prev


def _periods_compared(t: _Turn) -> Parse | None:
    """After a sales question: "这两天加起来" (the last two questions' periods) or a pair of them compared. The
    product of a sibling said without a name ("and for the alu ones?") is read first, for every later reader."""
    f, prev = t.f, t.prev
    if prev is not None and prev.slots.get("product") and not f.catalog.spans:
        sibling = t.catalog.index.sibling(f.rest, str(prev.slots["product"]))
        f.catalog = replace(f.catalog, product=sibling) if sibling else f.catalog
    if prev is None or prev.intent != "sales_query":
        return None
    asked = [str(p.slots["period"]) for p in t.history if p.intent == "sales_query" and p.slots.get("period")]
    f.period = both_periods(f, asked, t.today) or f.period
    pair = compared_pair(f, asked, t.today)
    if pair is None:
        return None
    return Parse(
        "sales_query", {**prev.slots, "period": pair[0], "compare": pair[1]}, f.lang, said_metric=prev.said_metric
    )


def _sales_of_listed(t: _Turn) -> Parse | None:
    """ "这些里面卖得最快的" after a list of products: the sales of those products (listed_sales)."""
    slots = sales_of_listed(t.f, t.intent, t.prev.intent, t.prev.slots, t.today) if t.prev else None
    return Parse("sales_sql", slots, t.f.lang) if slots else None


def _follow_up(t: _Turn) -> Parse | None:
    """A follow-up of the previous request that changes only what its words say."""
    f, prev = t.f, t.prev
    if prev is None or t.intent in _CLOSED or not is_follow_up(f, t.scores, t.intent, prev, t.today):
        return None
    f.said_metric = prev.said_metric
    slots = follow_up(f, prev.intent, prev.slots, t.today)
    put(slots, "period", season_a_year_before(f.norm, [p.slots.get("period") for p in t.history], t.today))
    shared = share_over_months(f, prev.slots, slots) if prev.intent == "sales_query" else None
    if shared is not None:  # "按月看这个占比怎么变的": that share month by month, never the store's GMV by month
        return Parse("sales_sql", shared, f.lang)
    if prev.intent == "sales_query":
        regions_side_by_side(f, slots, [p.slots.get("region") for p in t.history if p.intent == "sales_query"])
    if prev.intent == "sales_query" and not f.catalog.spans:
        _both_categories(f, slots, t.history)
        member = t.catalog.index.member_named(f.rest, str(slots.get("category") or ""))
        if member is not None and slots.get("category") and not f.metric:  # "智能那个单独拎出来": that one of them
            slots.pop("category")
            slots["product"] = member
    return Parse(prev.intent, slots, f.lang, _missing(prev.intent, slots), said_metric=f.metric or prev.said_metric)


def _compound_request(t: _Turn) -> Parse | None:
    """Several actions asked for in sequence ("先找人群再写方案"), each step's slots together."""
    if t.intent != "compound":
        return None
    slots = _compound(t.steps, t.f, t.today)
    missing = [m for step in t.steps for m in _missing(step, slots)]
    return Parse(intent=t.intent, slots=slots, lang=t.f.lang, missing=missing)


def _figure_of_defined(t: _Turn) -> Parse | None:
    """After a metric's meaning, a question that names no metric asks its figure ("转化率怎么算的？上个月是多少",
    "what does AOV mean? and last week?"), not GMV."""
    f, said = t.f, metric_explained(t.history)  # None after the figure just given was explained: its own follow-ups
    if said is None or f.metric is not None:
        return None
    if t.intent not in ("unsupported", "sales_query") or not (f.period or lexicon().single["asks"].search(f.norm)):
        return None
    slots = _slots("sales_query", f, t.today)
    slots["metric"] = metric_for(said, slots.get("by"))
    return Parse("sales_query", slots, f.lang, _missing("sales_query", slots), said_metric=said)


_READERS = (
    _claimed_approval,
    _described_audience,
    _what_if_of_plan,
    _draft_or_submission,
    _figure_of_defined,
    _periods_compared,
    _sales_of_listed,
    _follow_up,
    _compound_request,
)


_QUESTIONS_OF_SALES = ("sales_query", "sales_sql")  # "烘干箱库存还有多少" then "最近30天卖了几台": the same product


def _one_request(t: _Turn) -> Parse:
    """One request of the turn's intent; an action carries the thread's audience, a pointed-at product the
    thread's product."""
    f, intent, prev = t.f, t.intent, t.prev
    slots = _slots(intent, f, t.today, t.history)
    if intent in ("creatives", "campaign") and prev is not None and not slots.get("edit"):
        _carry_audience(slots, prev, intent)
    if intent in ("creatives", "campaign"):
        put(slots, "product", unsold_item(f, slots))
    if intent == "segments" and prev is not None:
        carry_target(slots, prev.slots, f.new_product or _named_new(t.catalog, prev.slots.get("product")))
    if intent == "campaign" and prev is not None and not slots.get("edit") and slots.get("objective") != "full_site":
        carry_target(slots, prev.slots, new_product=False)  # "冬季猫窝…" then "帮我做个清库存的推广": for it
    if intent == "sales_query" and prev is not None and prev.intent in _QUESTIONS_OF_SALES and not f.unread_period:
        carry_from_previous(f, slots, prev.slots, t.catalog)
    if intent == "sales_sql" and prev is not None:
        carry_scope_to_template(f, slots, prev.intent, prev.slots)
    if intent == "sales_query":
        carry_pointed_targets(f, slots, t.history)
    if intent == "sales_query" and "period" not in slots:
        put(slots, "period", f.running)
    if intent == "sales_query" and prev is not None and prev.intent == "anomalies":
        _carry_anomaly_scope(f, slots, prev.slots)
    if intent == "anomalies" and prev is not None and prev.intent == "sales_query":
        anomalies_of_previous(f, slots, prev.slots, t.today)  # "是不是掉得厉害？查查原因" after a question about 羽绒服
    if intent == "promotion" and slots.get("mode") == "plan":
        carry_plan_budget(slots, t.history)
    if intent == "promotion" and prev is not None and "when" not in slots:
        put(slots, "when", when_pointed_back(f.norm, prev.slots, t.today))
    estimated = prev is not None and prev.intent == "promotion" and "objective" not in slots  # "按两万做个方案"
    if intent == "campaign" and prev is not None and ("budget" not in slots or estimated) and not slots.get("edit"):
        slots.update({k: v for k, v in prev.plan_terms.items() if k not in slots})
    missing = _missing(intent, slots) + (["when"] if intent == "promotion" and unnamed_campaign(f.norm, slots) else [])
    pointed_pair = prev is None and lexicon().single["pointed_pair"].search(f.norm) and not _names_target(slots)
    several = _one_of_several(f, slots, t.catalog, prev) or pointed_pair or f.catalog.described_between
    if intent == "sales_query" and several:
        missing.append("product")
    if intent == "sales_query" and "period" not in slots and f.days_unsaid:
        missing.append("period")  # "前几天那阵子卖得咋样", "年货节卖得好不好": which days, never the default window
    if intent == "sales_query" and f.fiscal_unsaid:
        missing.append("fiscal_start")  # "本财年第二季度": which month its year starts in
    if intent == "sales_query" and f.doubt is not None:
        missing.insert(0, "dates")  # "2026/11/31", "3/11-9/11", "12.1-12.12" on 11-20: which days, never nearby ones
    unread, unread_by = (f.unread_period, f.unread_by) if intent == "sales_query" else ([], [])
    asks_item = intent == "sales_query" or (intent == "sales_sql" and names_one_item(str(slots.get("template"))))
    if asks_item and f.product_reference and not _names_target(slots):  # "那个还有货没" with none named: which
        referred = prev.slots.get("product") if prev is not None else None
        if referred:
            slots["product"] = referred
        else:
            missing.append("product")
    uncompared = f.uncompared if intent == "sales_query" else None
    return Parse(
        intent,
        slots,
        f.lang,
        missing,
        unread_period=unread,
        unread_by=unread_by,
        said_metric=f.metric,
        uncompared=uncompared,
        read_as=f.read_as if intent == "sales_query" else None,
        doubt=f.doubt if intent == "sales_query" else None,
        candidates=f.catalog.described_between if intent == "sales_query" else (),
    )


def _both_categories(f: Findings, slots: dict[str, Any], history: list[Parse]) -> None:
    """After questions about two categories one by one, "俩加一起" / "both together" asks about both at once, and
    "那两样，分开说" / "those two, separately" about each of them (by category)."""
    apart = f.separately and lexicon().single["both_pointed"].search(f.norm) is not None
    asked = [str(p.slots["category"]) for p in history if p.intent == "sales_query" and p.slots.get("category")]
    last_two = list(dict.fromkeys(reversed(asked)))[:2]
    if len(last_two) == 2 and (apart or lexicon().single["both_targets"].search(f.norm) is not None):
        slots.pop("category", None)
        slots.update({"categories": list(reversed(last_two))} | ({"by": "category"} if apart else {}))


def _one_of_several(f: Findings, slots: dict[str, Any], catalog: Catalog, prev: Parse | None) -> bool:
    """Whether the words single out one product of a category that has several ("the stroller one", "那款推车" with
    no product of it named earlier in the thread) without saying which: asked back, not answered for the whole
    category. A category the previous question asked about, pointed at again ("那个推车这个月呢"), is that
    category."""
    category = slots.get("category")
    if not category or slots.get("product") or f.catalog.products_named:  # "那个月亮椅和蛋卷桌": both, said by name
        return False
    span = f.catalog.category_span
    pointed = span is not None and lexicon().single["pointing_one"].search(f.norm[: span[0]]) is not None
    pointed = pointed and (prev is None or prev.slots.get("category") != category)
    if not pointed and lexicon().single["one_of_category"].search(f.norm) is None:
        return False
    return sum(1 for product in catalog.products if product.category == category) > 1


def _carry_anomaly_scope(f: Findings, slots: dict[str, Any], previous: dict[str, Any]) -> None:
    """A sales question that goes on from an anomaly search ("那去年同期卖得怎么样" after "猫砂最近两周怎么掉了")
    asks about its days and its product or category when it names neither."""
    if not (lexicon().single["follow_up"].search(f.norm) or f.compare):
        return
    if not _names_target(slots) and not f.leftover:
        for key in ("product", "category"):
            put(slots, key, previous.get(key))
    if "period" not in slots and not f.unread_period and previous.get("days"):
        slots["period"] = f"last_{previous['days']}_days"


def _period_inside(f: Findings, span: Span, today: date) -> bool:
    """Whether the period words are part of an audience's description ("白天上班不在家", "周末爱跑山的人")."""
    inside = time_recognizer.find_period(f.norm[span[0] : span[1]], today)
    return inside is not None and inside.value == f.period


_AUDIENCE_OF_ITEM = re.compile(
    r"相似|类似|同类人|适合|合适|最像|很像|像(他们|她们|这些人|这批人|这群人|这拨人)|\blook-?alikes?\b|\bsimilar\b"
    r"|\bsuited\b|\bright (people|audience)\b|\b(most )?like them\b|\bresembl"
)
_CLOSED = ("approve", "reject", "greeting")
_MAY_DESCRIBE_AUDIENCE = ("segments", "sales_query", "sales_sql", "unsupported", "help", "preferences")


def _drafting(f: Findings, intent: str, prev: Parse | None, today: date, catalog: Catalog) -> Parse | None:
    """After a campaign turn, words that only change the plan (an amount, days, channels) edit the draft, or
    complete the plan that was asked about; any other request is read on its own."""
    if prev is None or not prev.asks_for("campaign"):
        return None
    editable = ("campaign", "unsupported", "help", "budget", *(("segments",) if audience_named(f.norm) else ()))
    budget_edit = bool(lexicon().groups["campaign_edit"]["budget"].search(f.norm))
    editable += ("promotion",) * budget_edit  # "预算改3万，对比下"
    editable += (intent,) * (budget_edit and f.metric is None and f.period is None)  # "put it 6.000 better"
    editable += (intent,) * (shift_days(f.norm) is not None)  # "整体提前3天": the plan's days, not the last 3
    if intent not in editable or (intent == "budget" and SUBMIT.search(f.norm)):
        return None
    audience = audience_named(f.norm)  # "target people looking after the baby on their own" names no member
    member = (
        None if prev.missing or audience else catalog.index.member_named(f.rest, str(prev.slots.get("category") or ""))
    )
    if member is not None and not _names_target(prev.slots | {"category": None}):
        f.catalog = replace(f.catalog, product=member)  # "不对 只清电动那款" after a plan for 摇椅
    if f.catalog.product and (prev.slots.get("category") or prev.slots.get("categories")):
        _product_as_its_category(f, catalog)
    slots = draft_follow_up(f, prev.slots, not prev.missing, today)
    if slots is None:
        return None
    slots.pop("steps", None)
    return Parse(intent="campaign", slots=slots, lang=f.lang, missing=_missing("campaign", slots))


_CATEGORY_WORD = re.compile(r"品类|类目|这一?类|那一?类|\bcategor(y|ies)\b")


def _product_as_its_category(f: Findings, catalog: Catalog) -> None:
    """After a plan for categories, a product said with the word category ("also add down jacket category",
    "羽绒服这个品类也加上"), or the only product of its category, names the category."""
    category = next((p.category for p in catalog.products if p.id == f.catalog.product), None)
    sole = category is not None and sum(1 for p in catalog.products if p.category == category) == 1
    if category and (_CATEGORY_WORD.search(f.norm) or sole):
        f.catalog = replace(f.catalog, product=None, category=category)


def _submitted(f: Findings, intent: str, history: list[Parse]) -> Parse | None:
    """In a thread with a plan, words that submit ("提交吧", "提交审批 金额按6000", "可以，直接投了吧", "just spend it")
    submit its budget, with the amount they name; after a submission that named no plan, words that name one
    ("就是叫国庆帐篷的那个方案", "the one called spring tents") submit that plan's."""
    named = budget(f) if history and history[-1].intent == "budget" and not history[-1].slots.get("campaign") else {}
    if named.get("campaign") and intent not in _CLOSED:
        return Parse(intent="budget", slots=named, lang=f.lang)
    if not any(p.asks_for("campaign") for p in history):
        return None
    if intent not in ("approve", "campaign", "budget", "unsupported") or not SUBMIT.search(f.norm):
        return None
    if ruled_out("budget", f.norm):  # "don't submit that one, redo it with 9k": a new draft, never a submission
        return None
    return Parse(intent="budget", slots=budget(f), lang=f.lang)


def _carry_audience(slots: dict[str, Any], prev: Parse, intent: str) -> None:
    """Creatives or a plan asked for right after an audience question ("write copy for that", "给这群人写几条文案",
    "对她们推孕妇枕，预算七千") are for that audience's product or category and scene, unless the words name
    their own."""
    if prev.intent not in ("segments", "creatives") or (intent == "campaign" and prev.intent != "segments"):
        return
    if not _names_target(slots):
        slots.update({k: prev.slots[k] for k in ("product", "category", "categories") if prev.slots.get(k)})
    scene = prev.slots.get("scene")
    if scene and intent == "creatives" and "scene" not in slots:
        slots["scene"] = scene
    if scene and intent == "campaign" and not slots.get("segments"):
        slots["segments"] = [scene]


def _named_new(catalog: Catalog, product: Any) -> bool:
    """Whether the catalog's title of `product` says it is new ("新款轻量防风冲锋衣"): its audience is a cold start."""
    title = next((p.title for p in catalog.products if p.id == product), None)
    return title is not None and lexicon().single["new_product"].search(title) is not None


def _names_target(slots: dict[str, Any]) -> bool:
    return any(slots.get(key) for key in ("product", "category", "categories"))
