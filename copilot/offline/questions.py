"""Several questions in one message ("上个月GMV多少？退款率又是多少？", "Could you send October's GMV? Also, how many
orders came from live?"): each one read on its own, after the ones before it, and answered in turn (issue 18: the
questions after the first were lost silently).

A message is taken as several questions only when every piece is a complete read-only question (figures,
anomalies, documents, remembered preferences, a metric's meaning); a piece that only narrows the one before it
("GMV多少？按渠道拆一下") is not a question of its own, and a courtesy piece ("Hi team", "thanks!") says nothing to
answer. Anything else is read as one message, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from copilot.offline.lexicon import lexicon
from copilot.offline.nlu import Catalog, Parse
from copilot.offline.routing import understand

_QUESTIONS = ("sales_query", "sales_sql", "anomalies", "docs", "preferences", "define_metric")
_COURTESY = ("greeting", "unsupported")
_SEVERAL_OF_ONE_KIND = ("sales_query", "sales_sql", "define_metric")  # kinds two pieces may each ask
_TARGETS = ("product", "category", "channel", "region")
_LIMIT = 4  # questions answered from one message; more are read as one message


@cache
def _breaks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where a message breaks into pieces (after a question mark or semicolon; before a clause that opens with a
    word of another question, lexicon.yaml `another_question`), and that word at a piece's start."""
    words = lexicon().single["another_question"].pattern
    split = (
        rf"(?<=[？?；;])\s*|(?<=[，,。.!！])\s*(?=(?:{words})(?![a-z]))|(?<=[，,。.!！\s])(?<!and )\s*(?={_ODD_ASKED})"
    )
    return re.compile(split, re.IGNORECASE), re.compile(rf"^(?:(?:{words})(?![a-z])|and\b)[\s,，:：]*", re.IGNORECASE)


# a check for anything odd asked after a figure ("昨天卖了多少 有没有异常", "sales and orders, and anything strange?"):
# a question of its own
_ODD_ASKED = (
    r"(?:and\s+)?(?:is there |are there )?any(?:thing)?\s+(?:strange|weird|unusual|odd|off|wrong|abnormal)\b|"
    r"(?:还有|顺便看看)?(?:有没有|有无|有冇)(?:什么|啥|哪些)?(?:异常|不对劲|奇怪)"
)


@dataclass(frozen=True)
class Question:
    text: str
    parse: Parse


# A numbered ask opens each piece: "1. 上周销售额 2. 订单数", "1) GMV 2) refund rate", "①…②…", "一、…二、…"
_NUMBER_MARK = re.compile(
    r"(?:(?:^|(?<=[\s，,。；;：:!！?？]))[(（]?(?P<n>[1-9]|[一二三四五六七八九])(?:[.．、)）](?!\d)|\s*[:：])|(?P<c>[①-⑨]))\s*"
)
_MARK_ORDER = ("123456789", "一二三四五六七八九", "①②③④⑤⑥⑦⑧⑨")


def _numbered(text: str, catalog: Catalog, today: date, history: list[Parse]) -> list[str]:
    """The asks of a numbered list (marks 1, 2, … in order; a preamble naming a period or a target, "上周的数据：",
    is said again before each ask), or [] when the message is not one."""
    marks = list(_NUMBER_MARK.finditer(text))
    numbers = [m.group("n") or m.group("c") for m in marks]
    order = next((o for o in _MARK_ORDER if numbers and numbers[0] in o), "")
    if len(marks) < 2 or numbers != list(order[: len(marks)]):
        return []
    ends = [m.start() for m in marks[1:]] + [len(text)]
    asks = [
        a for a in (text[m.end() : end].strip() for m, end in zip(marks, ends, strict=True)) if a.strip("，,。.;；")
    ]
    preamble = text[: marks[0].start()].strip(" \t\n:：,，")
    if not preamble or not asks:
        return asks
    alone = understand(asks[0], catalog=catalog, today=today, history=history).slots
    framed = understand(f"{preamble}，{asks[0]}", catalog=catalog, today=today, history=history).slots
    keep = any(framed.get(key) and not alone.get(key) for key in ("period", *_TARGETS))
    return [f"{preamble}，{ask}" for ask in asks] if keep else asks


def questions(text: str, *, catalog: Catalog, today: date, history: list[Parse]) -> list[Question]:
    """The questions of a message that asks several, each understood after the ones before it; [] when the
    message is one request."""
    numbered = _numbered(text, catalog, today, history)
    pieces = numbered or [piece for piece in (p.strip(" \t\n,，") for p in _breaks()[0].split(text)) if piece]
    if len(pieces) < 2 or len(pieces) > _LIMIT * 2:
        return []
    asked: list[Question] = []
    earlier = list(history)
    for piece in pieces:
        said = _breaks()[1].sub("", piece).strip() or piece
        if asked and asked[-1].parse.intent == "define_metric" and _BARE_ITEM.fullmatch(said):
            return []  # "what does that include? shipping? refunds?": the things one meaning question asks about
        understood = understand(said, catalog=catalog, today=today, history=history if numbered else earlier)
        if understood.intent in _COURTESY and _courtesy(said):
            continue
        if understood.intent not in _QUESTIONS or understood.missing or (asked and not numbered and not _asks(said)):
            return []
        if asked and understood.intent == asked[-1].parse.intent and understood.intent not in _SEVERAL_OF_ONE_KIND:
            return []  # "最近有什么异常吗？销量为什么掉了": one anomaly check asked twice over
        if asked and asked[-1].parse.intent == "anomalies" and understood.slots.get("compare"):
            return []  # "did sales drop this week? compare with last week": one comparison of two periods
        if asked and not numbered and _loses_target(asked[-1].parse, understood):
            return []  # "登山杖今年卖得怎么样？销售额多少": the same question said again, not one about the whole store
        if asked and _narrows(asked[-1].parse, understood):
            asked.pop()
        asked.append(Question(piece, understood))
        earlier.append(understood)
    return asked if 1 < len(asked) <= _LIMIT else []


# a piece that only names a thing, with a question mark ("shipping?", "退款呢？", "and refunds?")
_BARE_ITEM = re.compile(
    r"(?:and |or |还有)?(?:[a-z\-]+(?: [a-z\-]+)?|[\u4e00-\u9fff]{1,6})(?: too| also|呢|吗)?\s*[?？]+", re.IGNORECASE
)


def _courtesy(piece: str) -> bool:
    """A piece that greets, thanks or opens ("Hi team", "谢谢", "麻烦了") and asks nothing."""
    bare = lexicon().single["opener"].sub("", piece.lower()).strip(" ,，.。!！~")
    return len(bare) <= 12 and not re.search(r"\d", bare) and not _asks(bare)


def _asks(piece: str) -> bool:
    """Whether a piece after the first asks something itself ("睡袋呢？", "转化率多少", "any drops?"), rather than
    adding a word to the one before it ("…？这个月的")."""
    return lexicon().single["asks"].search(piece.lower()) is not None


def _loses_target(before: Parse, after: Parse) -> bool:
    """Whether `after` drops what `before` was about (a product, category, channel, region) without naming another."""
    lost = any(before.slots.get(key) and not after.slots.get(key) for key in _TARGETS)
    named = any(after.slots.get(key) and after.slots.get(key) != before.slots.get(key) for key in _TARGETS)
    return lost and not named


def _narrows(before: Parse, after: Parse) -> bool:
    """Whether `after` is `before` with more said (a breakdown, a comparison, a filter): one question, not two."""
    if before.intent != after.intent:
        return False
    return all(after.slots.get(key) == value for key, value in before.slots.items())
