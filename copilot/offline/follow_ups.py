"""Follow-ups of the offline model: a message that continues the previous question, and what it changes.

The dialogue state is the previous turn's slots (the arguments its tool ran with); a follow-up keeps them and
replaces only what its own words name: a period, a comparison, a breakdown, a metric (also corrected: "不对
我要的是金额", "I meant units"), a ranking (turned around, cut to N), a target; an anomaly question's direction
and scope; a document search's subject ("那鞋子下过水的呢", "还有别的吗"); a promotion estimate's budget or
when ("那5万呢", "618那阵子呢"); creatives' count and kinds ("再来5条", "配几张图").
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from typing import Any, Protocol

from copilot.anomalies.rules import MAX_DAYS, MIN_DAYS
from copilot.calendar.months import shift_months
from copilot.calendar.periods import PeriodError, resolve_period
from copilot.offline import periods
from copilot.offline.action_slots import amount_meant, campaign, campaign_edit, creative_count, wanted_kinds
from copilot.offline.festival_year import festival_moved
from copilot.offline.findings import (
    Findings,
    all_keys,
    put,
    ranked_order,
    said_channels,
    singular_top,
    targets,
    unknown_only,
)
from copilot.offline.lexicon import alternation, lexicon
from copilot.offline.numbers import first_int
from copilot.offline.promotion_slots import asks_forecast, asks_outcome, promotion_slots
from copilot.offline.recognizers import comparison as comparison_recognizer
from copilot.offline.recognizers import other_year
from copilot.offline.recognizers.adjacent import adjacent_days
from copilot.offline.recognizers.entity import mask
from copilot.offline.recognizers.time import range_value
from copilot.offline.recognizers.week_days import weekdays_kept
from copilot.offline.shares import metric_for, share_of_total
from copilot.offline.sql_templates import takes_by, takes_channel

SEPARATELY = re.compile(
    r"分别|分开|拆开|各自|各(?=卖|买|花|赚|多少|走|出|销|有|是|占|下)|"
    r"\bseparately\b|\beach of (them|those)\b|\bsplit (it|them) (up|out)\b"
)
_REVERSED = re.compile(r"倒过来|反过来|倒序|倒着|\breverse\b|\bflip (it|that|the order)\b|\bother way (a)?round\b")
_MONEY_METRIC = re.compile(
    r"金额|多少钱|钱数|按钱|(用|按)?(销售)?额|\bin (money|value|yuan|rmb|cny|dollars)\b|\bby (value|money)\b|"
    r"\bmoney\b|\bamounts?\b|^(那|那么)?钱(呢|嘞|咧|啊|吧)?[?？]?$"
)
_ANYTHING_ELSE = re.compile(r"^(还有)?(别的|其他|其它|更多)?(吗|呢|没有|没)?$|^(anything|what) else|^(any )?more\b")
_DOCS_FILLER = re.compile(r"^(那|那么|还有|and|what about|how about)\s*|\s*(呢|吗)?[?？。.!！]*$")
_PROMOTION_MODES = ("holdout", "track_record")
DEFAULT_PERIOD = "last_30_days"  # the sales tool's period when none is given


def split_by(categories: list[str], category: str | None) -> str | None:
    """The breakdown "分别"/"separately" asks for: by category when several are named, by product within one."""
    return "category" if len(categories) > 1 else "product" if category else None


NEW_TOPIC_EXEMPT = re.compile(r"^(那|那么|换成|改成|换个|再看|只看|and\b|what about|how about)")


class Previous(Protocol):
    """The previous turn's reading: its intent and slots."""

    intent: str
    slots: dict[str, Any]


def is_follow_up(f: Findings, scores: dict[str, float], intent: str, prev: Previous, today: date) -> bool:
    """Whether the words continue the previous question (`prev`) rather than ask a new one; after a plan, only
    words that say something of a plan do ("不对", "倒过来" say nothing of one)."""
    prev_intent = prev.intent
    if prev_intent not in lexicon().intent_meta["continuable"]:
        return False
    if prev_intent == "campaign" and not campaign(f, today):
        return False
    if prev_intent == "anomalies" and f.period is None and window_days(f) is not None:
        return True  # "把窗口拉到90天": the same search over other days
    if prev_intent in _LISTED and _only_a_count(f) and (intent == prev_intent or scores.get(intent, 0) < 4):
        return True  # "太多了 只要前3", "给我前5个", "给我5段原文": fewer or more of the list just given (not "write 4
        # lines of copy for them", another action of its own)
    if prev_intent == "docs" and _IN_THE_DOCUMENT.search(f.norm) and f.period is None and not f.money:
        return True  # "and which was the ROI there?" after a campaign review: what that document says of it
    if prev_intent == "docs" and _asks_more_of_review(f, str(prev.slots.get("query") or "")):
        return True  # "and the ROI was how much?", "那转化率呢" after a campaign review: what it says of that figure
    event_only = f.period is not None and periods.find_event(f.norm) is not None and f.metric is None
    if prev_intent == "docs" and any((f.metric, f.period and not event_only, f.by, f.order, f.top)):
        return False  # a data question after a document search stands on its own ("那618那档的呢" names a review)
    if prev_intent == "segments" and f.money:
        return False  # an audience has no budget: a plan for it
    if prev_intent == intent == "creatives" and _ALSO.search(f.norm) and not _names_target(f):
        return True  # "ok make the images too" after copy: the other kind for the same target
    if prev_intent == intent == "promotion" and f.money and f.period is None:
        return True  # "5万呢？ROI还行吗", "and with 12k, how much would ROI drop": another budget, same days
    template = prev.slots.get("template") if prev_intent == "sales_sql" else None
    if isinstance(template, str) and f.metric is None and takes_by(template, f.by):
        return True  # "which region most" after the new customers: those customers by region
    if prev_intent == "sales_sql" and (f.period_against or f.compare) and f.metric is None:
        return True  # "跟上个月比多了少了" after a count of this month's cancelled orders: the same count then
    if prev_intent == "sales_query" and prev.slots.get("compare") and intent == "anomalies" and f.period is None:
        return f.by in ("category", "product")  # "为啥涨了，哪个品类涨得最多" after a comparison: it, by category
    if prev_intent == "anomalies" and f.compare:
        return False  # an anomaly check compares nothing: "那跟去年同期比卖得怎样" asks for sales
    if prev_intent == "anomalies" and intent == "sales_query" and f.by in ("day", "week", "month"):
        return False  # "那猫砂上个礼拜每日卖几多钱", "daily GMV for the same 60 days": a series, which no scan gives
    if intent == prev_intent == "sales_query" and _only_a_metric(f):
        return True  # "客单价", "in units", "件数" after a figure: the same question in that metric
    single = lexicon().single
    marker = any(single[name].search(f.norm) for name in ("follow_up", "more_results"))
    marker = marker or f.month_before or f.period_before or f.period_against or _same_days_unit(f.norm) is not None
    standalone = f.metric is not None and f.period is not None and not f.period_against
    if standalone and not NEW_TOPIC_EXEMPT.search(f.norm):
        return False  # a question naming its own metric and period stands on its own
    top = max(scores.values())
    if marker and (top < 4 or intent == prev_intent):
        return True
    named = (f.channels, f.excluded, f.catalog.product, f.catalog.category, f.catalog.region)
    has_slot_words = any((f.period, f.compare, f.by, f.metric, *named))
    if intent == prev_intent == "sales_query" and top < 4 and _changes_the_view_only(f):
        return True  # "um now the bottom ten", "就是 按产品 前五", "is that better than last month?"
    return top < 2 and has_slot_words


def _names_target(f: Findings) -> bool:
    return bool(f.catalog.product or f.catalog.category or f.catalog.categories)


_WHOLE_STORE = re.compile(r"全店|整店|全站|整体|总体|店铺|\b(?:whole|entire|overall|all|total|store|shop)\b")
_SHORT = 12  # characters of a message that is a metric's name and a word or two around it ("in units", "件数呢")


def _only_a_metric(f: Findings) -> bool:
    """Whether the words name a metric and nothing else (no period, target, breakdown, ranking or amount)."""
    named = (f.period, f.by, f.top, f.order, f.compare, f.money, f.excluded, f.named_channels, f.catalog.spans)
    whole = _WHOLE_STORE.search(f.norm) is not None  # "全店转化率多少": the store's, not the previous target's
    return f.metric is not None and not any(named) and not whole and len(f.norm.strip()) <= _SHORT


def _changes_the_view_only(f: Findings) -> bool:
    """Whether the words change only the breakdown, the ranking or the comparison, naming no metric, period or
    target of their own."""
    named = (f.metric, f.period, f.catalog.product, f.catalog.category, f.catalog.region, f.money)
    return any((f.by, f.top, f.order, f.compare)) and not any(named)


_LISTED = ("anomalies", "segments", "docs")
# the document just found pointed back into ("there", "in it", "里面", "那份复盘里"): a question of what it says
_IN_THE_DOCUMENT = re.compile(
    r"\b(there|in (it|there|that|this)(?! (period|time|window|stretch|week|month|year|season|days?)\b)"
    r"|in (the|that|this) (review|doc|document|report|guide|recap|file))\b"
    r"|(那|这)?(里面|里头|上面)|(那|这)(份|篇|个)?(复盘|报告|文档|手册|总结)(里|中|上)"
)


_REVIEWED = re.compile(r"复盘|总结|结案|\b(reviews?|retro(spective)?|recap|post-?mortem|reports?)\b")
_RETURN_FIGURE = re.compile(r"\b(roi|roas)\b|投产比|投入产出")
_GOING_ON = re.compile(r"^(and|also|then|so|what about|how about)\b|^(那|还有|另外|然后)|(呢|\bthen)[?？]?$")


def _asks_more_of_review(f: Findings, previous: str) -> bool:
    """Whether the words ask one more figure of the campaign review just searched ("and the ROI was how much?",
    "那ROI呢"): going on from it, naming a metric and no days, breakdown or goods of their own."""
    if not _REVIEWED.search(previous.lower()) or not _GOING_ON.search(f.norm.strip()):
        return False
    figure = f.metric is not None or _RETURN_FIGURE.search(f.norm) is not None
    return figure and not any((f.period, f.by, f.top, f.money, _names_target(f)))


def _only_a_count(f: Findings) -> bool:
    """Whether the words say how many results and nothing else a question would name."""
    named = (f.metric, f.period, f.by, f.compare, f.channels, f.money, f.catalog.product, f.catalog.category)
    return (f.top is not None or result_count(f) is not None) and not any((*named, f.catalog.region, f.scenes))


def follow_up(f: Findings, prev_intent: str, prev_slots: dict[str, Any], today: date) -> dict[str, Any]:
    """The previous turn's slots, changed only where the new words say so."""
    slots = dict(prev_slots)
    if prev_intent == "campaign":
        edit = campaign_edit(f)
        return edit if edit is not None else campaign(f, today)
    count = result_count(f)
    if prev_intent == "anomalies":
        if f.period is not None:
            slots["days"] = anomaly_days(f.period, today) or slots.get("days", 30)
        elif (days := window_days(f)) is not None:
            slots["days"] = min(max(days, MIN_DAYS), MAX_DAYS)
        put(slots, "top", count)
        return _retarget(f, _anomaly_changes(f, slots))
    if prev_intent == "docs":
        docs = {"query": _docs_query(f, str(prev_slots.get("query") or ""))}
        put(docs, "k", count or f.top or prev_slots.get("k"))
        return docs
    if prev_intent == "segments":
        if not f.scenes or re.search(r"\d", mask(f.rest, f.scene_spans)):  # "只要一个人带娃的" counts none
            put(slots, "top", f.top or count)
        put(slots, "scene", f.scenes[0] if f.scenes else None)  # "only the ones that are alone with the baby"
        return _retarget(f, slots, action=True)
    if prev_intent == "promotion":
        return _promotion_changes(f, slots, today)
    if prev_intent == "creatives":
        return _creatives_changes(f, slots)
    if prev_intent == "sales_sql":
        return _retarget(f, _sql_changes(f, slots, today))
    if prev_intent != "sales_query":
        return _retarget(f, slots)
    if f.period is not None and f.period_against:  # "跟上上周比呢", "对比 last year": the previous period compared
        return _compared(f, slots, today)
    moved = None if f.compare else other_year.moved_period(f.norm, prev_slots.get("period"), f.period, today)
    widened = _widened(f, prev_slots.get("period"), today)
    shifted = _same_days_before(f.norm, prev_slots.get("period"), today)
    against = _same_days_compared(f, prev_slots.get("period"), shifted, today)
    if against is not None:  # "跟上个月同期比呢" after 这个月: this month so far, compared with those days
        slots["compare"], shifted = against, None
    elif shifted is not None:  # "上周同期呢", "去年同期呢": the previous question's days a week (a year) earlier
        slots["period"] = shifted
        f = _year_words_asked_no_comparison(f)
    elif adjacent := adjacent_days(f.norm, prev_slots.get("period") or DEFAULT_PERIOD, today):
        slots["period"] = adjacent  # "再前头30天呢", "and the 7 days after it": counted from the previous period
    elif f.month_before:
        slots["period"] = periods.month_before(prev_slots.get("period"), today)
    elif f.period_before and (before := _period_before(prev_slots.get("period"), today)):
        slots["period"] = before
    elif widened is not None:  # "把11号也加上": the previous period with the day named
        slots["period"] = widened
    elif moved is not None:  # "今年的呢" after 去年双11: the same days in the year named
        slots["period"] = moved
    elif kept := weekdays_kept(f.norm, prev_slots.get("period"), f.period, today):  # "Thu-Sun", "改成上周"
        slots["period"] = kept
    elif f.period is not None:
        slots["period"] = _one_end_moved(f.norm, prev_slots.get("period"), f.period, today) or f.period
    return _follow_sales(f, slots)


def _sql_changes(f: Findings, slots: dict[str, Any], today: date) -> dict[str, Any]:
    """A free-form data question asked again of other days or another channel of the ad report ("那 search 呢" after
    live's ROI last month, "九月的呢"), or broken down as its template can be: the same template, the rest kept;
    another template the words name ("复购率呢" after the new customers) replaces it."""
    put(slots, "period", f.period)
    if f.month_before and f.period is None:  # "上个月呢" said of the days asked
        put(slots, "period", periods.month_before(slots.get("period"), today))
    elif (f.period_before or f.compare) and f.period is None:  # "and the week before?", "跟上个月比呢": the days before
        put(slots, "period", _period_before(slots.get("period"), today))
    named = next((t for t in lexicon().templates if t.pattern.search(f.norm)), None)
    if named is not None and named.name != slots.get("template"):  # "近90天复购率呢" after the new customers
        by = slots.get("by") if takes_by(named.name, slots.get("by")) else None  # "and the returning ones": by region
        slots = {k: v for k, v in slots.items() if k not in ("by", "top", "more_than")} | {"template": named.name}
        put(slots, "by", by)
    template = slots.get("template")
    if f.by and isinstance(template, str) and takes_by(template, f.by):  # "and which province most": by region
        slots["by"] = f.by
    put(slots, "top", f.top)  # "哪几个商品退得最多 前五": that many
    if f.named_channels and isinstance(template, str) and takes_channel(template):
        slots["channel"] = said_channels(f.named_channels, None)
    return slots


_START_SAID = re.compile(r"(?:起始|开始|起)(?:日期|日|时间|点)|\bstart(?:ing)?(?: date| day)?\b|\bbegin(?:ning)?\b")
_END_SAID = re.compile(r"(?:结束|截止|终止)(?:日期|日|时间|点)|\bend(?:ing)?(?: date| day)?\b")


def _one_end_moved(text: str, previous: str | None, said: str, today: date) -> str | None:
    """The previous period with only its first (or last) day moved to the day the words name, when they say which
    end they correct ("起始日期改为11月2日", "the start should be the 3rd"); None otherwise."""
    start_said, end_said = _START_SAID.search(text), _END_SAID.search(text)
    if previous is None or bool(start_said) == bool(end_said):
        return None
    try:
        before, day = resolve_period(previous, today), resolve_period(said, today)
    except PeriodError:
        return None
    if day.start != day.last_day:
        return None
    start, end = (day.start, before.last_day) if start_said else (before.start, day.start)
    return range_value(start, end, today) if start <= end else None


def _same_days_before(text: str, previous: str | None, today: date) -> str | None:
    """The previous period's days a week, a month or a year earlier, when the words ask for them ("上周同期",
    "same days last week", "去年同期呢", "the same days of the last year?"); None otherwise."""
    said = _same_days_unit(text)
    if said is None or previous is None:
        return None
    try:
        period = resolve_period(previous, today)
    except PeriodError:
        return None
    start, end = period.start, period.last_day
    if said == "week":
        return range_value(start - timedelta(days=7), end - timedelta(days=7), today)
    months = -12 if said == "year" else -1
    return range_value(shift_months(start, months), shift_months(end, months), today)


def _same_days_unit(text: str) -> str | None:
    """The unit ("week", "month", "year") of the same-days words the text says, if any."""
    words = lexicon().raw["same_days_before"]
    return next((unit for unit, said in words.items() if alternation(said).search(text)), None)


# a comparison word, or whether the figure rose or fell asked ("去年同期呢, was it higher?", "去年同期高吗")
_COMPARED_WITH = re.compile(
    r"比|\bagainst\b|\bwith\b|\byoy\b|\b(higher|lower|more|less|better|worse|bigger|smaller)\b"
    r"|\b(was|is|were|are) (it|that|they|we) (up|down)\b"
    r"|更?(高|低|涨|跌)(了|吗|么|没|不|些|点|[?？]|$)|(多|少)了|增长|下降|(高|低|多|少|好|差)(了)?(吗|么|嘛|不|没)"
)
# the current days named beside last year's ("去年这个月同期呢": this month set against them)
_NOW_BESIDE = re.compile(r"去年的?(这个?|本)(月|周|星期|礼拜)的?同期")


def _year_compared(text: str) -> bool:
    """Whether the words set the previous period against its days a year earlier ("跟去年同期比呢", "vs the same
    period last year", "同期去年的做对比") rather than ask for those days ("去年同期呢", "同期去年"): a comparison
    word or a judgement of more or less ("was it higher?", "高了吗") besides the same-days words."""
    rest = alternation(lexicon().raw["same_days_before"]["year"]).sub(" ", text)
    return periods.compared(rest) or _COMPARED_WITH.search(rest) is not None or _NOW_BESIDE.search(text) is not None


def _year_words_asked_no_comparison(f: Findings) -> Findings:
    """The findings without the year-over-year comparison the same-days-a-year-earlier words also name ("去年同期呢"
    moves the period; it adds no comparison)."""
    if f.compare == "year_over_year" and _same_days_unit(f.norm) == "year":
        f.compare = None
    return f


def _same_days_compared(f: Findings, previous: str | None, shifted: str | None, today: date) -> str | None:
    """The comparison asked when the words set the previous period against its days a week, a month or a year
    earlier ("跟上个月同期比呢", "compare with the same days last month", "跟去年同期比呢") and the tool compares
    with just those days; None otherwise."""
    if shifted is None or previous is None:
        return None
    if _same_days_unit(f.norm) == "year":
        return "year_over_year" if _year_compared(f.norm) else None
    if f.compare is None and not periods.compared(f.norm):
        return None
    return comparison_recognizer.against_previous(previous, shifted, today)


def joined(values: list[str], today: date) -> str | None:
    """One period covering `values` when they touch or overlap (no day between them left out), else None."""
    try:
        spans = sorted((p.start, p.end) for p in (resolve_period(v, today) for v in values))
    except PeriodError:
        return None
    for (_, end), (start, _) in pairwise(spans):
        if start > end:
            return None
    last = max(end for _, end in spans) - timedelta(days=1)
    return range_value(spans[0][0], last, today)


def _period_before(previous: str | None, today: date) -> str | None:
    """The days just before the previous period, as many as it has ("the day before" yesterday: the day before)."""
    try:
        period = resolve_period(previous or DEFAULT_PERIOD, today).previous()
    except PeriodError:
        return None
    return f"{period.start.isoformat()}..{period.last_day.isoformat()}"


def _widened(f: Findings, previous: str | None, today: date) -> str | None:
    """The previous period widened to take in the one the words add ("把11号也加上", "include the 11th too")."""
    if f.period is None or lexicon().single["extend_period"].search(f.norm) is None:
        return None
    return joined([previous or DEFAULT_PERIOD, f.period], today)


def both_periods(f: Findings, earlier: list[str], today: date) -> str | None:
    """The periods of the last two questions taken together ("这两天加起来多少单" after 昨天 and 前天), when the
    words say so and name no period of their own (这两天 alone would be the last two days)."""
    distinct = list(dict.fromkeys(reversed(earlier)))[:2]
    said = lexicon().single["both_periods"].search(f.norm)
    if said is None or len(distinct) < 2:
        return None
    if f.period is not None and not said.group().startswith(("这", "那")):  # 这两天 points back; 10月和11月 does not
        return None
    return joined(distinct, today)


def compared_pair(f: Findings, earlier: list[str], today: date) -> tuple[str, str] | None:
    """The last two questions' periods set side by side ("两个放一起对比下", "compare the two"): the later one and
    the comparison the sales tool makes with the earlier (the period before it, the same dates a year earlier);
    None when the words do not ask for it or the tool makes no such comparison."""
    distinct = list(dict.fromkeys(reversed(earlier)))[:2]
    if lexicon().single["pair_compared"].search(f.norm) is None or len(distinct) < 2:
        return None
    try:
        first, second = sorted(((resolve_period(v, today), v) for v in distinct), key=lambda p: p[0].start)
    except PeriodError:
        return None
    comparison = comparison_recognizer.comparison_of(second[0], first[0])
    return (second[1], comparison) if comparison else None


def _compared(f: Findings, slots: dict[str, Any], today: date) -> dict[str, Any]:
    """The previous question compared with the period the words name, when the sales tool compares with that
    period (the one before, the same dates a year earlier); else the period named is kept aside
    (`compare_with`) and the planner says which comparisons it can make instead of answering another one."""
    previous = str(slots.get("period") or DEFAULT_PERIOD)
    comparison = comparison_recognizer.against_previous(previous, str(f.period), today)
    if comparison is None:
        slots["compare_with"] = f.period
    else:
        slots["compare"] = comparison
    return _follow_sales(f, slots)


def anomaly_days(period: str | None, today: date) -> int | None:
    """The days back an anomaly search looks over for the period named, within the ones the detector takes
    ("最近半年" is its longest, 180; "这周" its shortest, 7)."""
    days = periods.period_days(period, today) or periods.days_back_to(period, today)  # "周三咋那么少": back to it
    return None if days is None else min(max(days, MIN_DAYS), MAX_DAYS)


def window_days(f: Findings) -> int | None:
    """The days back a follow-up of an anomaly search names alone ("把窗口拉到90天", "widen it to 60 days"), or None."""
    said = lexicon().single["window_days"].search(f.rest)
    return first_int(said.group()) if said else None


def result_count(f: Findings) -> int | None:
    """How many results a list asks for ("要8个", "give me 5 groups", "3 passages"), or None."""
    said = lexicon().single["result_count"].search(f.rest)
    return first_int(said.group()) if said else None


def _docs_query(f: Findings, previous: str) -> str:
    """The search a document follow-up asks for: the same subject again ("还有别的吗", "anything else?", "多给几条"),
    or the new words read with the previous question ("那鞋子下过水的呢" after a returns question)."""
    said = _DOCS_FILLER.sub("", f.norm).strip()
    more = lexicon().single["more_results"].search(said) or lexicon().single["result_count"].fullmatch(said)
    if not said or _ANYTHING_ELSE.search(said) or more or _only_a_count(f) or not previous:
        return previous or f.text.strip()
    now, before = periods.find_event(f.norm), periods.find_event(previous.lower())
    if now is not None and before is not None and now[0] != before[0]:  # the same question of another event
        (start, end), named = before[1], f.norm[now[1][0] : now[1][1]]
        return f"{previous[:start]}{named}{previous[end:]}"
    return f"{previous} {f.text.strip()}"


def _promotion_changes(f: Findings, slots: dict[str, Any], today: date) -> dict[str, Any]:
    """A promotion follow-up's budget ("那5万呢", "那8000呢", "and 12k?") and when ("618那阵子呢", "and over double
    11?"); the mode stays unless the words ask for a test design or the forecasts' record, or a plan question that
    had no budget is followed by a festival that is over ("那双11呢" after "618的广告是不是白投了")."""
    money = f.money
    said = promotion_slots(f.norm, money, today)
    if said.get("mode") in _PROMOTION_MODES:
        slots["mode"] = said["mode"]
        if said["mode"] == "track_record" and "when" not in said and f.period is None:
            slots.pop("when", None)  # "and your forecasts, were they right?" after an October readout: all of them
    elif asks_forecast(f.norm, money):  # "那投2万的话预计能带多少" after a test design or a readout
        slots["mode"] = "plan"
    put(said, "budget", None if "budget" in said or "when" in said else amount_meant(f, bare=True))
    moved = None if periods.find_event(f.norm) else festival_moved(f.norm, slots.get("when"), today)
    for key in ("budget", "when"):
        if key in said:
            slots[key] = said[key]
    put(slots, "when", moved)  # "今年呢" after last year's Double 11: this year's Double 11
    if said.get("mode") == "past" and slots.get("mode") == "plan" and not slots.get("budget"):
        slots["mode"] = "past"  # "那双11呢" after a plan question that had no budget: what it brought
    elif said.get("mode") == "past" and asks_outcome(f.norm):
        slots["mode"] = "past"
        slots.pop("budget", None)
    return slots


_ALSO = re.compile(r"\b(as well|also|too|in addition)\b|也|还要|同时|另外|一起")
_MORE = re.compile(r"再来|再出|再写|再做|多来|\b(more|another|again)\b")


def _creatives_changes(f: Findings, slots: dict[str, Any]) -> dict[str, Any]:
    """More creatives of the same thing: the count and kinds the words say ("再来5条", "配几张图"; a kind added "as
    well" to more of them joins the one before: "再来两条，也配上图"), a new target when they name one. The other kind
    asked for alone ("ok make the images too", "图也出一下") is that kind: the ones made before are kept."""
    count = creative_count(f.rest)
    put(slots, "count", first_int(count.group()) if count else None)
    kinds = wanted_kinds(f.norm)
    more = count is not None or _MORE.search(f.norm) is not None
    # the count said of the other kind ("also 3 texts", "再配两张图") asks for that kind alone
    counted = (
        count is not None and len(kinds) == 1 and lexicon().groups["creative_kinds"][kinds[0]].search(count.group())
    )
    if len(kinds) == 1 and more and _ALSO.search(f.norm) and slots.get("kind") not in (None, kinds[0]) and not counted:
        slots["kind"] = "both"  # "and do images as well", "也配上图" after copy: both kinds
    elif kinds:
        slots["kind"] = kinds[0] if len(kinds) == 1 else "both"
    elif count and count.group().rstrip().endswith("条"):
        slots["kind"] = "copy"
    return _retarget(f, slots, action=True)


def _anomaly_changes(f: Findings, slots: dict[str, Any]) -> dict[str, Any]:
    """A follow-up of an anomaly question that names one direction ("只看下跌的", "just spikes"), a scope
    ("换成按品类看", "by product") or how many ("top 3") changes it."""
    groups = lexicon().groups
    put(slots, "top", f.top)
    directions = all_keys(groups["anomaly_direction"], f.rest)
    if len(directions) == 1:
        slots["direction"] = directions[0]
    if groups["anomaly_scope"]["category"].search(f.rest) or f.by == "category":
        slots["scope"] = "category"
    elif f.by == "product":
        slots["scope"] = "product"
    return slots


def _retarget(f: Findings, slots: dict[str, Any], *, action: bool = False) -> dict[str, Any]:
    """The product, category or categories the words name in place of the previous ones (for an `action`, a
    category of one product is that product, as when first asked)."""
    if f.catalog.product or f.catalog.category or f.catalog.categories:
        before = [str(slots.get("category") or ""), *(slots.get("categories") or [])]
        for key in ("product", "category", "categories"):
            slots.pop(key, None)
        targets(f, slots, action=action)
        named = [str(slots.get("category") or ""), *(slots.get("categories") or [])]
        if not action and not slots.get("product") and _ADDED.search(f.norm) and any(before):
            both = list(dict.fromkeys(c for c in [*before, *named] if c))  # "add 抓绒衣 too": beside the earlier
            slots.pop("category", None)
            slots.update({"categories": both} if len(both) > 1 else {"category": both[0]})
        earlier = [c for c in before if c]
        if not action and len(earlier) > 1 and set(named) <= set(earlier) and _OVERTAKES.search(f.norm):
            slots.pop("category", None)  # "有没有哪个月奶粉反超了" after 奶粉 and 纸尿裤: both, one against the other
            slots["categories"] = earlier
    return slots


_ADDED = re.compile(r"(也|再|还)(加上|加|算上|带上|放上)|(?<![增追])加上|\badd\b|\binclude\b|\btoo\b|\bas well\b")
_OVERTAKES = re.compile(
    r"反超|赶超|超过|追上|赶上|压过|跑赢|\b(overtake|overtook|overtaken|beat|beats|outsold|outsell|ahead)\b"
)


def _follow_sales(f: Findings, slots: dict[str, Any]) -> dict[str, Any]:
    if f.compare is not None:
        slots["compare"] = f.compare
    elif f.no_compare:
        slots.pop("compare", None)
    if f.by is None and f.separately and not slots.get("by"):
        slots["by"] = split_by(list(slots.get("categories") or []), slots.get("category"))
    if f.by is not None and not _filter_counted(f, slots):
        slots["by"] = f.by
        revenue = slots.get("metric") == "revenue" and f.metric is None and f.said_metric != "revenue"
        if f.by not in ("product", "category") and revenue:  # GMV split by product was product revenue
            slots["metric"] = "gmv"
    if f.metric is not None:
        slots["metric"] = f.metric
    elif _MONEY_METRIC.search(f.rest):
        slots["metric"] = "gmv"
    if f.top is not None:
        slots["top"] = f.top
    elif f.order is not None and singular_top(f.rest):
        slots["top"] = 1  # "哪款最多", "which one sold best": the first of the ranking
    elif lexicon().single["which_one"].search(f.rest) and (f.by is not None or f.order is not None):
        slots["top"] = 1  # "哪个渠道最少": the first of the ranking by that breakdown
    elif f.order is not None and lexicon().single["rank_many"].search(f.rest):
        slots.pop("top", None)  # "哪些最差": the list again
    if slots.get("compare") and slots.get("by") and all_keys(lexicon().groups["anomaly_direction"], f.rest):
        slots.pop("top", None)  # "哪个品类涨得最多" after a comparison: the tool ranks values, not changes, so every
        slots.pop("order", None)  # part is shown with its change, never the biggest part as the one that grew
        f.order = None
    reversed_order = f.order is None and _REVERSED.search(f.norm) is not None
    if f.order is not None:
        slots["order"] = ranked_order(f, f.metric or slots.get("metric"))
    elif reversed_order:
        slots["order"] = "desc" if slots.get("order") == "asc" else "asc"
    ranked = slots.get("top") is not None or f.order is not None or reversed_order
    if ranked and slots.get("by") is None and not f.catalog.product:
        slots["by"] = "product"
        slots.setdefault("order", "desc")
    if f.named_channels:
        beside = _set_beside(f, slots)
        if len(beside) > len(f.named_channels) and not slots.get("by"):
            slots["by"] = "channel"  # side by side, each its own row (never the two summed)
        slots["channel"] = said_channels(beside, slots.get("by")) or f.named_channels[0]
    if f.catalog.region:  # "加上四川和陕西", "add Sichuan too": beside the regions asked before, else in their place
        earlier = str(slots.get("region") or "").split(",") if _ADDED.search(f.norm) else []
        slots["region"] = ",".join(dict.fromkeys(r for r in [*earlier, *f.catalog.region.split(",")] if r))
    if f.by == "region" and isinstance(slots.get("region"), str) and "," not in slots["region"]:
        region = slots.pop("region")  # "按省排一下，看X排第几": every region, as when asked first, X placed among them
        if lexicon().single["rank_of"].search(f.rest):
            slots["rank_of"] = region
    if {"product", "category"} & set(f.excluded):
        for key in ("product", "category", "categories"):
            slots.pop(key, None)
    slots.update(f.excluded)
    slots["metric"] = metric_for(slots.get("metric", "gmv"), slots.get("by"))
    if f.by is None and not slots.get("share_of") and (f.catalog.spans or f.named_channels):
        share_of_total(f, slots)  # "and what % of stroller GMV came from live?": by channel, the strollers' GMV
    named = f.catalog.product or f.catalog.category or f.catalog.categories
    unknown = None if named else unknown_only(f, leftover=True)
    if unknown is not None and (slots.get("product") or slots.get("category")):  # "and the baby walker?"
        for key in ("product", "category", "categories"):
            slots.pop(key, None)
        slots["product"] = unknown  # the store does not sell it: said, never the previous product's figures
    return _retarget(f, slots)


# the goods named to keep only them ("只看冲锋衣和登山鞋两个品类", "just tents and stoves"): a filter of the series
_ONLY_THESE = re.compile(r"^(只|就|仅|光|单)(看|要|查|留)|^(only|just)\b")


# a breakdown asked in its own words ("单看冲锋衣 按商品", "just jackets, by product"): that breakdown, not a filter
_BREAKDOWN_SAID = re.compile(
    r"[按分拆](?:到|成)?(?:商品|产品|单品|款|品类|类目|sku)|\b(?:by|per) (?:product|item|sku|category)\b"
)


def _filter_counted(f: Findings, slots: dict[str, Any]) -> bool:
    """Whether a breakdown by category or product read from the words only counts the goods they keep ("两个品类")
    while the previous answer is a series by day, week or month, which is kept."""
    series = slots.get("by") in ("day", "week", "month")
    only = _ONLY_THESE.search(f.norm) is not None and _BREAKDOWN_SAID.search(f.norm) is None
    return series and f.by in ("category", "product") and _names_target(f) and only


def regions_side_by_side(f: Findings, slots: dict[str, Any], asked: list[Any]) -> None:
    """After regions asked one by one ("广东呢", "and Zhejiang?"), words that set them side by side ("put them next to
    each other", "这几个放一起比比"), with any more they name ("with Jiangsu also"), ask for all of them by region."""
    if lexicon().single["asked_beside"].search(f.norm) is None:
        return
    said = [*(str(value or "") for value in asked), str(f.catalog.region or "")]
    regions = list(dict.fromkeys(r for value in said for r in value.split(",") if r))
    if len(regions) > 1:
        slots.update({"region": ",".join(regions), "by": "region"})


_BESIDE = re.compile(
    r"\bin comparison (?:to|with)\b|\bcompared? (?:to|with)\b|\bvs\.?(?=\s|$)|\bversus\b|对比|相比|比较|跟.{0,12}比"
)


def _set_beside(f: Findings, slots: dict[str, Any]) -> list[str]:
    """The channels the words name, after the one asked about before when they set them beside it ("in comparison
    with recommend?" after a question about live: both, side by side)."""
    before = str(slots.get("channel") or "")
    if not before or "," in before or before in f.named_channels or not _BESIDE.search(f.norm):
        return list(f.named_channels)
    return [before, *f.named_channels]


_OF_IT = re.compile(r"是不是|是否|为啥|为什么|怎么(?!样)|原因|\bwhy\b|\bis it\b|\bdid (it|they|those|these)\b")
_OF_ALL = re.compile(r"哪|(?<!为)什么|(?<!为)啥|有没有|有冇|\bwhich\b|\bany\b|\bwhat\b|全店|\bstore\b")


_SAME_STRETCH = re.compile(
    r"(?:同|同一|一样的?|相同的?)(?:段|个)?(?:时间|时段|区间|期间|日子)|(?:那|这)段(?:时间|日子)|(?:那|这)几天|"
    r"\b(?:that|the|this) (?:same )?(?:stretch|period|window|span|time ?frame|range)\b"
)


def _ends_today(period: Any, today: date) -> bool:
    try:
        return isinstance(period, str) and resolve_period(period, today).end == today + timedelta(
            days=1
        )  # the end is exclusive
    except PeriodError:
        return False


def anomalies_of_previous(f: Findings, slots: dict[str, Any], previous: dict[str, Any], today: date) -> None:
    """An anomaly question about "it" right after a sales question about a product or category ("是不是掉得厉害？
    帮我查查原因", "why did it drop?"): the search of that product or category, unless the words name their own or
    ask about everything ("最近有什么异常"); over the days of that question when the words point at them ("run the
    anomaly check over that same stretch", "同一段时间有没有异常") when they end today."""
    if f.period is None and _SAME_STRETCH.search(f.norm) and _ends_today(previous.get("period"), today):
        put(slots, "days", anomaly_days(previous.get("period"), today))
    if any(slots.get(key) for key in ("product", "category")) or not _OF_IT.search(f.norm) or _OF_ALL.search(f.norm):
        return
    slots.update({key: previous[key] for key in ("product", "category") if previous.get(key)})
