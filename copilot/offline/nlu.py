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
- approve, reject, greeting, help, unsupported, change_data (a request to change store data: refused): no slots

Slots the text does not give are absent (the tools apply their defaults), except the defaults stated
here: metric "gmv", anomalies days 30 / direction "both" / scope "product", creatives count 3 / kind "both".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from copilot.i18n import language_of
from copilot.i18n.language import CJK as _CJK
from copilot.offline import periods, pos, spelling
from copilot.offline.action_slots import audience_named, budget, campaign, creatives, draft_follow_up
from copilot.offline.audiences import audience_for, carry_target, described_audience, said_audience
from copilot.offline.findings import Findings, Span, all_keys, put, ranked_order, singular_top, targets
from copilot.offline.follow_ups import (
    SEPARATELY,
    anomaly_days,
    both_periods,
    compared_pair,
    follow_up,
    is_follow_up,
    metric_for,
    result_count,
    split_by,
)
from copilot.offline.leftover import leftover_breakdowns, leftover_names, leftover_time_words, vocabulary_only
from copilot.offline.lexicon import Pattern, lexicon
from copilot.offline.matching import Catalog, CatalogMatch
from copilot.offline.numbers import first_int, money_amounts, normalise_english_numbers, normalise_numerals
from copilot.offline.promotion_slots import promotion_slots
from copilot.offline.recognizers import time as time_recognizer
from copilot.offline.recognizers.comparison import compared_with_other, period_against, said_against
from copilot.offline.script import mainland

__all__ = ["Catalog", "Parse", "detect_language", "normalise", "parse"]

_SCRIPT_BOUNDARY = re.compile(r"(?<=[a-z])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[a-z])")
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
    unread_by: list[str] = field(default_factory=list)  # breakdowns asked for that the sales tool has not
    said_metric: str | None = None  # the metric the thread's words last named (revenue said stays revenue)


detect_language = language_of


def normalise(text: str) -> str:
    """NFKC, Cantonese and traditional characters in simplified Mandarin, lower case, collapsed spaces, slips in
    metric words put right, Chinese numerals that count something in digits."""
    folded = mainland(unicodedata.normalize("NFKC", text)).lower()
    folded = re.sub(r"\s+", " ", folded).strip()
    folded = _SCRIPT_BOUNDARY.sub(" ", folded)
    return normalise_english_numbers(normalise_numerals(spelling.corrected(folded)))


def _mask(text: str, spans: list[Span] | tuple[Span, ...]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = "#"
    return "".join(chars)


def _earliest(groups: dict[str, Pattern], text: str) -> tuple[str, Span] | None:
    """The key whose pattern matches first (longest match on a tie, then file order)."""
    best: tuple[int, int, str, Span] | None = None
    for key, pattern in groups.items():
        match = pattern.search(text)
        if match and (best is None or (match.start(), -len(match.group())) < (best[0], best[1])):
            best = (match.start(), -len(match.group()), key, match.span())
    return (best[2], best[3]) if best else None


_LATIN_NAME = r"[a-z][a-z0-9\-]*(?:\s+[a-z][a-z0-9\-]*){0,2}?"
_NAME_BEFORE_METRIC = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{2,12})$")
_LATIN_NAME_BEFORE_METRIC = re.compile(r"(?:^|\s)((?:[a-z][a-z0-9\-']*\s+){0,2}[a-z][a-z0-9\-']+)$")
_NAME_AFTER_OF = re.compile(
    r"\b(?:of|for|on)\s+(?:the\s+|our\s+|my\s+)?([a-z\u4e00-\u9fff][a-z0-9\u4e00-\u9fff\- ]{1,30}?)\s*"
    r"(?=$|[?,.!#:]|\s(?:last|this|in|during|over|since|yesterday|today|between|from|through|and|vs)\b)"
)
_NAME_BEFORE_VERB = re.compile(  # "how much <name> did we sell", "how many <name> were sold"
    r"^\s*(?:of\s+)?(?:the\s+|our\s+|my\s+)?([a-z][a-z0-9\- ]{1,30}?)\s+(?:did|do|have|has|were|was|are|is)\b"
)
_LATIN_NAME_CUES = (
    # "orders that included an electric scooter", "orders had a kayak in them"
    re.compile(
        rf"\b(?:had|has|have|with|includ(?:e|es|ed|ing)|contain(?:s|ed|ing)?)\s+(?:an?|the|any|some)\s+({_LATIN_NAME})"
        r"(?=\s*(?:$|[?,.!#:;])|\s+(?:in|on|at|since|last|this|during|over|between|from)\b)"
    ),
    # "did the fishing rods do well", "how are our tents selling", "did breast pumps sell", "did X make"
    re.compile(
        rf"\b(?:did|do|does|are|is|were|was|have|has)\s+(?:the\s+|our\s+|my\s+)?({_LATIN_NAME})\s+"
        r"(?:do|does|did|sell|sold|selling|perform|performed|performing|go|going|doing|make|made|bring|brought)\b"
    ),
)
_CJK_NAME_FIRST = re.compile(r"^([\u4e00-\u9fff]{2,8}?)(?=#|卖|销|的|在|最近|这|一共|上|本)")
_NOT_A_NAME = re.compile(
    r"^(?:我们|我|咱们|店|店铺|本店|全店|店里|整体|总体|总|一共|总共|整个|所有|全部|各|各个|每个|平台|哪个|哪些|这个|那个|"
    r"今天|昨天|本周|上周|本月|今年|去年|最近|近期|全部商品|实际|真实|实际上|哪几个|哪几款|哪几样|哪几件|"
    r"the store|our store|store|shop|us|all|everything|each|every|the|total|overall|the shop|it|them|that|this)$"
)


def _latin_name(words: list[str]) -> str | None:
    """The words as a name, without leading question or function words; None when one is left inside."""
    function_words = set(lexicon().raw["language"]["not_a_name_en"])
    while words and words[0] in function_words:
        words.pop(0)
    if not words or any(w in function_words for w in words):
        return None
    return re.sub(r"'s$", "", " ".join(words))


def _name_before_metric(head: str, lang: str) -> str | None:
    """The last words before the metric: "coffee beans" in "coffee beans orders", "无人机" in "无人机的销售额"."""
    if head[-1:].isascii():
        match = _LATIN_NAME_BEFORE_METRIC.search(head)
        return _latin_name(match.group(1).split()) if match else None
    if lang != "zh" and not _CJK.search(head[-1:]):
        return None
    before = _NAME_BEFORE_METRIC.search(head)
    return before.group(1) if before else None


def _named_elsewhere(masked: str, tail: str) -> str | None:
    """A name in the shapes questions put it away from the metric ("how much X did we sell", "sales of X",
    "orders that included an X", "did the X do well", "X今年卖得怎么样")."""
    after = _NAME_BEFORE_VERB.search(tail) or _NAME_AFTER_OF.search(tail)
    if after:
        return after.group(1).strip()
    for cue in _LATIN_NAME_CUES:
        match = cue.search(masked)
        if match and (name := _latin_name(match.group(1).split())):
            return name
    anywhere = _NAME_AFTER_OF.search(masked)
    if anywhere:
        return anywhere.group(1).strip()
    first = _CJK_NAME_FIRST.search(masked)
    return first.group(1) if first else None


_NOT_IN_A_NAME_POS = ("t", "r", "m", "u", "d", "f", "p", "c", "q", "y", "ad", "i")  # time, pronoun, idiom…
_PERIOD_WORD_EN = re.compile(r"^(?:q[1-4]|h[12]|fy\d*|\d[\w\-]*)$")


def _looks_like_a_name(candidate: str) -> bool:
    """Whether leftover words can be a product name: no time, pronoun, numeral, particle or adverb among them
    (jieba's part-of-speech tags; "前天出了", "这个季度", "我们整体" are not), no period word ("q3")."""
    if not _CJK.search(candidate):
        return not any(_PERIOD_WORD_EN.match(word) for word in candidate.split())
    return not any(flag.startswith(_NOT_IN_A_NAME_POS) for _, flag in pos.chinese_tags(candidate))


def _unknown_target(masked: str, metric: Span | None, lang: str) -> str | None:
    """The name a sales question asks about when it is no known word: the catalog left it unmasked and it names
    no period, metric, breakdown, channel or ranking."""
    if metric is None:
        return None
    head = masked[: metric[0]].rstrip(" #的:：,，—-.。")  # the period and other known words are masked with '#'
    candidate = _name_before_metric(head, lang) or _named_elsewhere(masked, masked[metric[1] :])
    if candidate and not _CJK.search(candidate):
        candidate = _latin_name(candidate.split())
    if not candidate or _NOT_A_NAME.match(candidate.lower()) or not _looks_like_a_name(candidate):
        return None
    if vocabulary_only(candidate):
        return None
    lex = lexicon()
    known = [p for group in lex.groups.values() for p in group.values()]
    if any(p.search(candidate) for p in known):
        return None
    return candidate


def _unknown_name(candidate: str | None) -> str | None:
    """`candidate` when it can be a product name: no pronoun, time, metric or other known word of the lexicon."""
    if not candidate or _NOT_A_NAME.match(candidate) or not _looks_like_a_name(candidate) or vocabulary_only(candidate):
        return None
    known = [p for group in lexicon().groups.values() for p in group.values()]
    return None if any(p.search(candidate) for p in known) else candidate


def _scene_hits(text: str, lang: str) -> list[tuple[Span, str]]:
    """Known life scenes named in the text, in order, in the user's language."""
    found: list[tuple[Span, str]] = []
    for scene in lexicon().scenes:
        match = scene.pattern.search(text)
        if match is None or any(s <= match.start() < e for (s, e), _ in found):
            continue
        found.append((match.span(), scene.zh if lang == "zh" else scene.en))
    return sorted(found)


def _captured_scene(text: str, catalog: CatalogMatch) -> str | None:
    """A scene the merchant describes in their own words ("谁是XX的人群"), when no catalog item is named."""
    if catalog.product or catalog.category or catalog.categories:
        return None
    match = lexicon().single["scene_capture"].search(text)
    if match is None:
        return None
    captured = next(g for g in match.groups() if g)
    captured = re.sub(r"^(那些|这些|喜欢|爱|会|想)", "", captured.replace("#", "")).strip()
    return captured or None


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def _catalog_and_scenes(text: str, catalog: Catalog, lang: str) -> tuple[CatalogMatch, list[tuple[Span, str]]]:
    """Catalog items and life scenes, each kept out of the other's words: a scene inside a category or
    product name ("露营" in "露营灯") is no scene; a category inside a scene ("防晒" in "户外出游防晒") is
    no category, and scene words never pick a product ("new" in "new cat owners")."""
    scenes = _scene_hits(text, lang)
    first = catalog.index.match(text)
    names = [s for s in (first.category_span, *first.product_spans, *first.spans) if s is not None]
    scenes = [
        (span, name) for span, name in scenes if not any(_overlaps(span, n) and not _inside(n, span) for n in names)
    ]
    matched = catalog.index.match(_mask(text, [span for span, _ in scenes]))
    return (replace(matched, product=matched.sole_product) if matched.sole_product else matched), scenes


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _in_title(text: str, span: Span, catalog: Catalog) -> bool:
    """Whether the period words at `span` belong to the name of the product the text names (冬季 in 冬季猫窝)."""
    said = text[span[0] : span[1]].strip()
    product = catalog.index.match(text).product
    if product is None or not any(p.id == product and said in p.title for p in catalog.index.products):
        return False
    rest = catalog.index.match(_mask(text, [span]))  # the name goes on past the period words ("冬季" + "猫窝")
    return rest.product == product or (rest.category_span is not None and rest.category_span[0] <= span[1] + 1)


def _without_purpose(norm: str) -> str:
    """`norm` with the clauses that only say what the figures are for masked ("年报要用", "我做表"), when
    something else is asked."""
    spans = [m.span() for m in lexicon().single["purpose_clause"].finditer(norm) if m.group().strip()]
    rest = _mask(norm, spans)
    return rest if spans and rest.strip("#,。;!? ") else norm


def _findings(text: str, catalog: Catalog, today: date) -> Findings:
    lex = lexicon()
    norm = _without_purpose(normalise(text))
    lang = detect_language(text)
    masked = norm
    compare = _earliest(lex.groups["compare"], masked)
    taken_back = lex.single["no_compare"].search(masked)
    if taken_back:
        masked, compare = _mask(masked, [taken_back.span()]), None
    if compare:
        masked = _mask(masked, [compare[1]])
    month_before = periods.says_month_before(masked)
    if month_before:
        masked = _mask(masked, [month_before])
    period = time_recognizer.find_period(masked, today)
    if period and _in_title(masked, period.span, catalog):
        period = None  # "冬季猫窝": the season word is part of the product's name
    if period:
        masked = _mask(masked, [period.span])
        against = period_against(masked, period, today) if compare is None else None
        if against is not None:
            period, compare, masked = against[0], (against[1], against[2]), _mask(masked, [against[2]])
        asked = compared_with_other(masked, period, compare[0], today) if compare is not None else None
        if asked is not None:
            period, masked = asked, _mask(masked, [asked.span])
    compared_with = period is not None and compare is None and said_against(masked, period.span)
    matched, scenes = _catalog_and_scenes(masked, catalog, lang)
    masked = _mask(masked, matched.spans)
    reference = lex.single["product_reference"].search(masked)
    if reference:
        masked = _mask(masked, [reference.span()])
    found = Findings(text=text, norm=norm, rest=masked, lang=lang, catalog=matched)
    found.product_reference = reference is not None
    found.compare = compare[0] if compare else None
    found.no_compare = taken_back is not None
    found.month_before = month_before is not None
    found.period_against = compared_with
    found.period = period.value if period else None
    metric = _earliest(lex.groups["metrics"], masked)
    found.metric = metric[0] if metric else None
    found.unknown_target = _unknown_target(masked, metric[1] if metric else None, lang)
    found.leftover = leftover_names(masked)
    found.unread_period = leftover_time_words(masked) if period is None else []
    by = _earliest(lex.groups["by"], masked)
    found.by = by[0] if by else None
    found.separately = SEPARATELY.search(masked) is not None
    if found.by is None and found.separately:
        found.by = split_by(list(matched.categories), matched.category)
    metric_words = lex.groups["metrics"].values()
    unread_by = leftover_breakdowns(masked) if by is None else []  # "ranked by revenue" names the metric
    found.unread_by = [word for word in unread_by if not any(p.search(word) for p in metric_words)]
    ranking = lex.groups["ranking"]
    asc, desc = ranking["asc"].search(masked), ranking["desc"].search(masked)
    found.order = "asc" if asc else "desc" if desc else None
    cue = asc or desc
    found.judged = cue is not None and ranking["judged"].fullmatch(cue.group()) is not None
    found.rank_units = ranking["units"].search(masked) is not None
    top = lex.single["top"].search(masked)
    found.top = first_int(top.group()) if top else None
    found.channels = all_keys(lex.groups["channels"], masked)
    event = periods.find_event(masked)  # "双12 预算2万", "618 budget 3w": a festival's number is no amount
    found.money = money_amounts(_mask(masked, [event[1]]) if event else masked)
    found.new_product = lex.single["new_product"].search(norm) is not None
    found.scenes = [name for _, name in scenes]
    if not found.scenes:
        captured = _captured_scene(masked, matched)
        found.scenes = [captured] if captured else []
    return found


def _strip_fillers(norm: str) -> str:
    stripped = lexicon().single["fillers"].sub("", norm)
    return stripped.strip(_EDGE_PUNCT)


def _score(norm: str) -> dict[str, float]:
    """Score every intent on the normalised text (exclusive intents on the text without fillers)."""
    lex = lexicon()
    bare = _strip_fillers(norm)
    scores: dict[str, float] = {}
    for spec in lex.intents:
        target = bare if spec.exclusive else norm
        score = 0.0
        for rule in spec.rules:
            if rule.pattern.search(target) and not (rule.unless and rule.unless.search(norm)):
                score += rule.weight
        for group in spec.groups:
            if _group_hits(group, norm):
                score += spec.group_weight
        if spec.template_weight and _template(norm) is not None:
            score += spec.template_weight
        scores[spec.name] = score
    return scores


def _group_hits(group: str, norm: str) -> bool:
    lex = lexicon()
    if group in lex.groups:
        return any(p.search(norm) for p in lex.groups[group].values())
    return lex.single[group].search(norm) is not None


def _template(norm: str) -> tuple[str, dict[str, Any]] | None:
    for template in lexicon().templates:
        match = template.pattern.search(norm)
        if match is None:
            continue
        params: dict[str, Any] = {}
        for name, kind in template.params.items():
            number = first_int(match.group())
            if number is not None and kind == "int":
                params[name] = number
        return template.name, params
    return None


def _first_cue(intent: str, norm: str) -> int:
    spec = next(s for s in lexicon().intents if s.name == intent)
    starts = [m.start() for rule in spec.rules if rule.weight >= 4 and (m := rule.pattern.search(norm))]
    return min(starts) if starts else len(norm)


def _choose(scores: dict[str, float], norm: str) -> tuple[str, list[str]]:
    """The winning intent, and the steps when several actions are asked for in sequence."""
    actions = [a for a in lexicon().intent_meta["action_steps"] if scores.get(a, 0) >= 4]
    if len(actions) >= 2 and lexicon().single["step_joiners"].search(norm):
        return "compound", sorted(actions, key=lambda a: _first_cue(a, norm))
    best = max(scores.items(), key=lambda item: item[1])
    if best[1] < float(lexicon().intent_meta["min_score"]):
        return "unsupported", []
    return best[0], []


# --- slot builders, one per intent -------------------------------------------------------------


def _sales_query(f: Findings) -> dict[str, Any]:
    metric = f.metric or ("units" if f.rank_units else "gmv")
    by = f.by or ("channel" if len(f.channels) > 1 else None)  # "直播 vs 搜索": the channels side by side
    ranking = f.order is not None or f.top is not None
    if ranking and by is None and f.catalog.product is None:
        by = "product"
    slots: dict[str, Any] = {"metric": metric_for(metric, by)}
    put(slots, "by", by)
    put(slots, "period", f.period)
    put(slots, "compare", f.compare)
    put(slots, "top", f.top if f.top is not None or not ranking else singular_top(f.rest))
    if ranking:
        slots["order"] = ranked_order(f, slots["metric"]) or "desc"
    targets(f, slots, leftover=True)
    _ranked_among_all(f, slots)
    put(slots, "channel", f.channels[0] if f.channels and by != "channel" else None)
    put(slots, "region", f.catalog.region if by != "region" else None)
    return slots


def _ranked_among_all(f: Findings, slots: dict[str, Any]) -> None:
    """ "头灯排第几", "what rank is the stove": the ranking of all products (or categories), not filtered to the one
    named, whose place the answer says (`rank_of`)."""
    named = f.catalog.only_member or slots.get("product") or slots.get("category")
    if lexicon().single["rank_of"].search(f.rest) is None or not named or slots.get("categories"):
        return
    product = named != slots.get("category") or f.catalog.only_member is not None
    for key in ("product", "category", "order", "top"):
        slots.pop(key, None)
    slots.update({"by": "product" if product else "category", "rank_of": named})
    slots["metric"] = metric_for(slots["metric"], slots["by"])


def _sales_sql(f: Findings) -> dict[str, Any]:
    slots: dict[str, Any] = {"question": f.text.strip()}
    found = _template(f.norm)
    slots["template"] = found[0] if found else None
    if found:
        slots.update(found[1])
        put(slots, "period", f.period)
    return slots


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
    slots: dict[str, Any] = {"query": f.text.strip()}
    put(slots, "k", result_count(f))
    return slots


_REMEMBER_PREFIX = re.compile(
    r"^\s*(请|please\s*)?(你要|帮我)?"
    r"(记住|记一下|记下|备注|remember( that)?|note( that)?|nb|fyi|for the record|keep in mind( that)?"
    r"|make a note( that)?)"
    r"[\s:：,，]*",
    re.IGNORECASE,
)


def _remember(f: Findings) -> dict[str, Any]:
    text = _REMEMBER_PREFIX.sub("", f.text.strip()).strip(_EDGE_PUNCT)
    return {"text": text} if text else {}


def _segments(f: Findings) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    put(slots, "scene", f.scenes[0] if f.scenes else None)
    put(slots, "top", f.top or result_count(f))
    targets(f, slots, action=True)
    if not _names_target(slots) and not slots.get("scene"):
        put(slots, "product", _unknown_name(audience_for(f.rest)))  # "给吸尘器找目标人群": said not sold here
    if not _names_target(slots) and not slots.get("scene"):
        said = said_audience(f.norm)  # "背奶妈妈，就是上班了还得吸奶的，这拨人有多少"
        put(slots, "scene", said if said and not _score(said).get("segments") else None)
    put(slots, "cold_start", f.new_product and (f.catalog.product is not None or f.catalog.category is not None))
    return slots


def _slots(intent: str, f: Findings, today: date) -> dict[str, Any]:
    builders = {
        "sales_query": lambda: _sales_query(f),
        "sales_sql": lambda: _sales_sql(f),
        "anomalies": lambda: _anomalies(f, today),
        "docs": lambda: _docs(f),
        "remember": lambda: _remember(f),
        "segments": lambda: _segments(f),
        "campaign": lambda: campaign(f, today),
        "creatives": lambda: creatives(f),
        "budget": lambda: budget(f),
        "promotion": lambda: promotion_slots(f.norm, f.money, today),
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
    return missing


# --- the thread ---------------------------------------------------------------------------------


def parse(text: str, *, catalog: Catalog, today: date, history: list[Parse] | None = None) -> Parse:
    """Understand one utterance: its intent, slots (tool vocabularies), language and missing slots.

    `history` holds earlier parses of the thread, most recent last; a follow-up ("那上上个月呢？",
    "换成退款率", "按渠道看") reuses the latest one and changes only what its words say. A sales question
    that points at a product ("这个商品卖得怎么样") takes the product of the latest parse, or lists
    "product" in `missing` when the thread named none.
    """
    if catalog.merchant_id:  # "m_outdoor 上个月GMV" asked by m_outdoor is about its own store
        own = re.compile(rf"(?<![a-z0-9_]){re.escape(catalog.merchant_id)}(?![a-z0-9_])(?:'s)?", re.IGNORECASE)
        text = own.sub("" if _CJK.search(text) else "our store", text)
    f = _findings(text, catalog, today)
    scores = _score(f.norm)
    intent, steps = _choose(scores, f.norm)
    prev = history[-1] if history else None
    if _CLAIMED_APPROVAL.search(f.norm):
        return Parse(intent="approve", slots={}, lang=f.lang)  # only the approval step approves
    retargets = prev is not None and "campaign" in (prev.slots.get("steps") or [prev.intent]) and audience_named(f.norm)
    described = described_audience(f.norm) if intent in _MAY_DESCRIBE_AUDIENCE and not retargets else None
    if described is not None and f.period is not None and not _period_inside(f, described[1], today):
        described = None
    if described is not None and f.catalog.spans and _AUDIENCE_OF_ITEM.search(f.norm):
        described = None  # "跟买了安全座椅的人相似的人群", "新款冲锋衣 找下适合的人群": the item's audience
    if described is not None:
        slots = {"scene": described[0]}
        put(slots, "top", f.top)
        if any(_overlaps(span, described[1]) for span in f.catalog.spans):  # names inside it are no target
            f.catalog = catalog.index.match(_mask(f.norm, [described[1]]))
        targets(f, slots, action=True)  # "…的那拨人，想给速开家庭帐篷铺一波": the product named beside it
        return Parse(intent="segments", slots=slots, lang=f.lang)
    drafting = _submitted(f, intent, history or []) or _drafting(f, intent, prev, today, catalog)
    if drafting is not None:
        return drafting
    if prev is not None and prev.slots.get("product") and not f.catalog.spans:  # "and for the alu ones?"
        sibling = catalog.index.sibling(f.rest, str(prev.slots["product"]))
        f.catalog = replace(f.catalog, product=sibling) if sibling else f.catalog
    if prev is not None and prev.intent == "sales_query":  # "这两天加起来": the last two questions' periods
        asked = [str(p.slots["period"]) for p in history or [] if p.intent == "sales_query" and p.slots.get("period")]
        f.period = both_periods(f, asked, today) or f.period
        pair = compared_pair(f, asked, today)
        if pair is not None:
            slots = {**prev.slots, "period": pair[0], "compare": pair[1]}
            return Parse("sales_query", slots, f.lang, said_metric=prev.said_metric)
    if prev is not None and intent not in _CLOSED and is_follow_up(f, scores, intent, prev.intent, today):
        f.said_metric = prev.said_metric
        slots = follow_up(f, prev.intent, prev.slots, today)
        missing = _missing(prev.intent, slots)
        return Parse(prev.intent, slots, f.lang, missing, said_metric=f.metric or prev.said_metric)
    if intent == "compound":
        slots = _compound(steps, f, today)
        missing = [m for step in steps for m in _missing(step, slots)]
        return Parse(intent=intent, slots=slots, lang=f.lang, missing=missing)
    slots = _slots(intent, f, today)
    if intent in ("creatives", "campaign") and prev is not None and not slots.get("edit"):
        _carry_audience(slots, prev, intent)
    if intent == "segments" and prev is not None:
        carry_target(slots, prev.slots, f.new_product)
    missing = _missing(intent, slots)
    unread, unread_by = (f.unread_period, f.unread_by) if intent == "sales_query" else ([], [])
    if intent == "sales_query" and f.product_reference and not _names_target(slots):
        referred = prev.slots.get("product") if prev is not None else None
        if referred:
            slots["product"] = referred
        else:
            missing.append("product")
    return Parse(intent, slots, f.lang, missing, unread_period=unread, unread_by=unread_by, said_metric=f.metric)


def _period_inside(f: Findings, span: Span, today: date) -> bool:
    """Whether the period words are part of an audience's description ("白天上班不在家", "周末爱跑山的人")."""
    inside = time_recognizer.find_period(f.norm[span[0] : span[1]], today)
    return inside is not None and inside.value == f.period


_AUDIENCE_OF_ITEM = re.compile(
    r"相似|类似|同类人|适合|合适|\blook-?alikes?\b|\bsimilar\b|\bsuited\b|\bright (people|audience)\b"
)
_CLOSED = ("approve", "reject", "greeting")
_MAY_DESCRIBE_AUDIENCE = ("segments", "sales_query", "sales_sql", "unsupported", "help", "preferences")
_CLAIMED_APPROVAL = re.compile(
    r"(已经|早就?|刚才?|刚刚).{0,12}(批了|批过|批准|审批过|同意了|点了?同意|通过了|确认了)|批过了"
    r"|\b(already|just) (approved|ok'?e?d|signed off|accepted|confirmed)\b|\bi approved\b|\bapproved it\b"
    r"|(帮我|替我|给我|你来|你|直接|就)(点个?|点一下|按一下|给)?(通过|批了|批准了?|同意了?)(?![吗没么])"
    r"|\b(you|yourself) (can )?approve\b|\bapprove (it|this|that|the budget) (for me|yourself)\b"
)
_SUBMIT = re.compile(
    r"提交|审批|报批|批一下|上报|直接投|开投|投(了|出去)?吧|\bsubmit|\bapprov|\bsend (it )?(up|for|off)"
    r"|\bpush (it )?through|\bspend it\b|\bsign-?off\b"
)


def _drafting(f: Findings, intent: str, prev: Parse | None, today: date, catalog: Catalog) -> Parse | None:
    """After a campaign turn, words that only change the plan (an amount, days, channels) edit the draft, or
    complete the plan that was asked about; any other request is read on its own."""
    if prev is None or "campaign" not in (prev.slots.get("steps") or [prev.intent]):
        return None
    editable = ("campaign", "unsupported", "help", "budget", *(("segments",) if audience_named(f.norm) else ()))
    if intent not in editable or (intent == "budget" and _SUBMIT.search(f.norm)):
        return None
    audience = audience_named(f.norm)  # "target people looking after the baby on their own" names no member
    member = (
        None if prev.missing or audience else catalog.index.member_named(f.rest, str(prev.slots.get("category") or ""))
    )
    if member is not None and not _names_target(prev.slots | {"category": None}):
        f.catalog = replace(f.catalog, product=member)  # "不对 只清电动那款" after a plan for 摇椅
    slots = draft_follow_up(f, prev.slots, not prev.missing, today)
    if slots is None:
        return None
    slots.pop("steps", None)
    return Parse(intent="campaign", slots=slots, lang=f.lang, missing=_missing("campaign", slots))


def _submitted(f: Findings, intent: str, history: list[Parse]) -> Parse | None:
    """In a thread with a plan, words that submit ("提交吧", "提交审批 金额按6000", "可以，直接投了吧", "just spend it")
    submit its budget, with the amount they name."""
    if not any("campaign" in (p.slots.get("steps") or [p.intent]) for p in history):
        return None
    if intent not in ("approve", "campaign", "budget", "unsupported") or not _SUBMIT.search(f.norm):
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


def _names_target(slots: dict[str, Any]) -> bool:
    return any(slots.get(key) for key in ("product", "category", "categories"))
