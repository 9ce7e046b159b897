"""Amounts of money in merchants' words: "8,000", "¥8000", "1.5万", "8k", "12,500 yuan", "RMB 5,000", "八千块",
"5 grand", "8'000.-" (the ".-" of whole francs in Switzerland: a sum of money, in yuan here).

"1万5" and "1万5千" are 15,000, "3千5" is 3,500, "1万2000" is 12,000 (the digits after 万/千 are the next places,
also before a comma and what follows it: "1万2，12月20到25").
An amount is a number with a unit (万/千/w/k/grand/元/块/yuan/rmb/cny) or a currency sign before it, or a bare number
right after a money cue ("预算8000", "budget of 8000"), or one of 100 or more right before the word budget ("6000
budget"; "double12 budget" has none) or before what it is spent on ("30000 on ads") or after a verb of spending
("投20000").
Thousands separators ("8,000", "10 000", the Swiss "8'000") are read as part of the number; the 千万 of "千万不要提交"
(by no means) after a number is no unit ("预算4000 千万别提交" is 4,000). The text is normalised first
(`nlu.normalise`: Chinese numerals already in digits).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from copilot.offline.lexicon import lexicon
from copilot.offline.recognizers.entity import Entity

_NUMBER = r"(?P<n>\d{1,3}(?:[,，'’]\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?![\d.])|\d+(?:\.\d+)?)"
_UNIT = (
    r"\s*(?P<unit>万元?|千(?!万\s*(?:不|别|要|记|莫|勿|甭))元?|元|块钱?|w(?![a-z])|k(?![a-z])|grand\b|rmb\b|cny\b|yuan\b"
    r"|dollars?\b|\.[-–—](?![\d-]))?"
)
_SIGN = r"(?P<sign>[¥￥$]|\brmb\s*|\bcny\s*)?"
_AMOUNT = re.compile(r"(?<!\d)(?<!\d\.)(?<!\d[,，])" + _SIGN + _NUMBER + _UNIT)  # "预算嗯……2.5万": after dots
_MULTIPLIERS = {"万": 10000, "w": 10000, "千": 1000, "k": 1000, "g": 1000}  # "5 grand"
_BUDGET_AFTER = re.compile(
    r"\s*(的)?(预算|budget\b)|\s*\b(on|into) (the |our )?(ads?|advertising|ad spend|promotions?|campaigns?|marketing)\b"
    # what the sum would bring ("what would 9000 bring in", "9000能带来多少"): the sum spent
    r"|\s*\b(bring|brings|buy|buys|drive|drives|generate|generates|earn|earns)\b|\s*(能|可以|会)?(带来|带动|拉来|换来)"
)
# a hedge between a money cue and its number ("amount 先 8000", "金额先报8000", "budget just 5000 for now")
_HEDGE = re.compile(
    r"(?:\s*(?:先|只|就|暂时|暂且|暂|先报|先提|先填|先按|先走|报|只要|\bonly|\bjust|\bfirst|\binitially))+\s*$"
)
_RANGE_DASH = re.compile(r"\d\s*[-−]$")  # "3-5万": the dash joins a range, no minus sign
_SHARED_UNIT = re.compile(r"\s*(?:到|至|-|~|～|–|—)\s*\d+(?:\.\d+)?\s*(?P<unit>万|千|w(?![a-z])|k(?![a-z]))")
# a cap said after a bare number ("8000封顶", "20000 tops", "5000 max"): money, the most to spend
_CAP_AFTER = re.compile(r"\s*(?:封顶|为上限|是上限|\btops\b|\bmax\b|\bat most\b)")
_TIMES = re.compile(r"\s*(次|遍|回|趟|\btimes?\b)")
# what a number counts when it is no money ("三千字左右", "5千人", "2w粉丝", "10k views", "20000件", "300 orders"; not
# the 只 of "只投直播", "only", said next): read by this recognizer after 万/千/k and after a verb of spending, and by
# the campaign slots after any amount
COUNTED = re.compile(
    r"(?:\s*(?:字|人(?!群)|件|单|个|次|条|张|篇|份|位|名|家|款|双|台|瓶|包|袋|箱|盒|粉丝?|赞|播放|阅读|曝光|点击|访客|浏览|%)"
    r"|只(?!\s*[投用要做在给推开跑放选留走花])|"
    r"\s*\b(words?|characters?|people|persons|users|customers?|buyers?|units?|orders?|items?|pieces?|members?|reviews?|"
    r"followers?|fans?|views?|clicks?|impressions?|visitors?|likes?)\b)"
)
_DAYS = re.compile(r"\s*(天|\bdays?\b)")
# a bare number that counts time ("submit 一天 6000": the 1 of 一天, "3个月", "2 weeks") or is a day ("27th to 30th"):
# never an amount
_SPAN_OF_TIME = re.compile(
    r"\s*(?:天|日|号|周|个?星期|个?礼拜|个?月|年|小时|\b(?:days?|weeks?|months?|years?|hours?)\b)|(?:st|nd|rd|th)\b"
)
# the end of a range of days said before a bare number ("nov 25 to 29", "12月1号到12"): a day, no money
_DAY_RANGE_BEFORE = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}\s*[月/.]\s*\d{1,2}\s*[号日]?)\s*(?:to|till|until|through|thru|-|~|到|至)\s*(?:the\s+)?$"
)
_TAIL = re.compile(r"(?P<digits>\d{1,4})(?P<thousands>千)?(?![\d.]|[,，]\d{3}(?!\d))")  # "1万2，12月…" is 12,000


@cache
def _cues() -> tuple[str, ...]:
    return tuple(str(cue) for cue in lexicon().raw["money_cues"])


@cache
def _spend_cue() -> re.Pattern[str]:
    return re.compile("(" + "|".join(str(cue) for cue in lexicon().raw["money_spend_cues"]) + r")\s*$")


def _spent(before: str, number: str, after: str) -> bool:
    """A bare number of 100 or more right after a verb of spending ("投20000", "put 8000") that counts nothing."""
    return (
        _spend_cue().search(before) is not None
        and float(re.sub(r"[,，'’ ]", "", number)) >= 100
        and not (COUNTED.match(after) or _DAYS.match(after))
    )


# a plan, an estimate or a submission asked ("做个拉新方案，6000，下周一到下周日", "launch plan, 6000, from monday")
_PLAN_ASKED = re.compile(
    r"方案|计划|推广|活动|投放|草稿|预算|提交|拉新|上新|清仓|预估|\b(?:draft|plan|campaign|promo(?:tion)?|budget|submit|"
    r"launch|estimate|forecast)\b"
)
_CLAUSE_EDGE = re.compile(r"(?:^|[,，;；:：、])\s*$")
_CLAUSE_END = re.compile(r"\s*(?:$|[,，;；。.!！?？、](?!\d{3}(?!\d)))")


def _alone_in_a_plan(text: str, start: int, end: int) -> bool:
    """A bare number of 100 or more said as a clause of its own in a request for a plan, an estimate or a
    submission ("拉新方案，6000，下周一到下周日"): the budget, the only amount such a request gives by itself."""
    number = text[start:end].strip()
    return (
        _CLAUSE_EDGE.search(text[:start]) is not None
        and _CLAUSE_END.match(text, end) is not None
        and float(re.sub(r"[,， ]", "", number)) >= 100
        and _PLAN_ASKED.search(text) is not None
    )


def _value(number: str, unit: str | None) -> int | float:
    amount = float(re.sub(r"[,，'’ ]", "", number)) * _MULTIPLIERS.get((unit or "")[:1], 1)
    return int(amount) if amount.is_integer() else round(amount, 2)


def _tail_value(unit: str, digits: str, *, thousands: bool) -> int:
    """The value of the digits said after 万 or 千: one digit is the next place ("1万5" 5,000; "3千5" 500)."""
    if thousands:
        return int(digits) * 1000
    if len(digits) == 1:
        return int(digits) * _MULTIPLIERS[unit] // 10
    return int(digits)


# said between two amounts, a correction of the first ("两万 不对不对 一万二", "20k, no wait, 15k", "3万，啊不，2万5")
_CORRECTED = re.compile(
    r"^[\s,，。.;；…—–-]*(?:呃|嗯|um|uh)?[\s,，—–-]*(?:不对(?:不对)?|不是不是|(?:啊|哦|噢|呃|额)不|说错了|我是说|应该是|更正(?:一下)?|"
    r"\bno,? wait\b|\bwait,? no\b|\bsorry\b|\bi mean\b|\bactually\b|\bscratch that\b|\bcorrection\b)"
    r"[\s,，。.:：;；…—–-]*(?:是|改成|改为|make it|to)?\s*$"
)


# said between the two ends of a range of money ("5到8千", "between 4k and 6k", "3-5万")
_RANGE_JOIN = re.compile(r"^\s*(?:到|至|-|~|～|–|—|\bto\b|\band\b)\s*$")
_RANGE_FROM = re.compile(r"(?:\bfrom|从|由)\s*$")


def find_money(text: str) -> list[Entity]:
    """Every amount of money in the normalised text, in order (negative amounts kept as said); an amount the
    speaker corrects right after ("两万 不对不对 一万二") gives way to the correction, and a range ("预算5到8千",
    "somewhere between 4k and 6k") is one amount, its upper end: the most the merchant allows."""
    found = _said(text)
    corrected = {e.span for e, after in pairwise(found) if _CORRECTED.match(text[e.span[1] : after.span[0]])}
    return _ranges([e for e in found if e.span not in corrected], text)


def _ranges(found: list[Entity], text: str) -> list[Entity]:
    """Two amounts joined as a range, the lower first ("2万到3万"; not a change "from 3万 to 2万" nor "from 2万 to
    3万"), made one: the upper end over both spans."""
    merged: list[Entity] = []
    for e in found:
        low = merged[-1] if merged else None
        if (
            low is not None
            and _RANGE_JOIN.match(text[low.span[1] : e.span[0]])
            and not _RANGE_FROM.search(text[: low.span[0]])
            and 0 < low.value < e.value
        ):
            merged[-1] = Entity("money", e.value, (low.span[0], e.span[1]))
            continue
        merged.append(e)
    return merged


def _said(text: str) -> list[Entity]:
    found: list[Entity] = []
    for match in _AMOUNT.finditer(text):
        if found and match.start() < found[-1].span[1]:
            continue
        unit, sign = match.group("unit"), match.group("sign")
        before = _HEDGE.sub("", text[: match.start()].rstrip("-−负")).rstrip(" :：是为了.…嗯呃")  # "预算嗯……6000"
        if unit is None and sign is None and _TIMES.match(text, match.end()):
            continue  # "再提交一次", "submit it 2 times": how often, not how much
        if unit is None and sign is None and _DAY_RANGE_BEFORE.search(text[: match.start()]):
            continue
        if unit is None and sign is None and _SPAN_OF_TIME.match(text, match.end()):
            continue
        if sign is None and (unit or "")[:1] in _MULTIPLIERS and COUNTED.match(text, match.end()):
            continue  # "三千字", "5千人": a count of things, not money
        if (
            unit is None
            and sign is None
            and not before.endswith(_cues())
            and not (_BUDGET_AFTER.match(text, match.end()) and _value(match.group("n"), None) >= 100)
            and not (_CAP_AFTER.match(text, match.end()) and _value(match.group("n"), None) >= 100)
            and not _SHARED_UNIT.match(text, match.end())
            and not _spent(before, match.group("n"), text[match.end() :])
            and not _alone_in_a_plan(text, match.start(), match.end())
        ):
            continue
        value = _value(match.group("n"), unit)
        shared = _SHARED_UNIT.match(text, match.end()) if unit is None and sign is None else None
        if shared is not None:  # "5到8千": the lower end said in the upper's thousands
            value = _value(match.group("n"), shared.group("unit"))
        end = match.end()
        place = {"w": "万", "k": "千"}.get(unit or "", unit)
        tail = _TAIL.match(text, end) if place in ("万", "千") else None
        if tail is not None and place is not None and (place == "万" or tail.group("thousands") is None):
            value += _tail_value(place, tail.group("digits"), thousands=tail.group("thousands") is not None)
            end = tail.end()
        negative = text[: match.start()].endswith(("-", "−", "负")) and not _RANGE_DASH.search(text[: match.start()])
        found.append(Entity("money", -value if negative else value, (match.start(), end)))
    return found
