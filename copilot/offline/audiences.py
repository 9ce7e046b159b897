"""Audiences described in the merchant's own words: "找一下那些家里有小孩、周末喜欢去露营的人", "people who just
bought a tent and might need a sleeping bag". The description, as said, is the need the audience tool looks for;
the known scenes and catalog names inside it do not replace it."""

from __future__ import annotations

import re

_PERSON_ZH = (
    r"人群|人们|人|家庭|用户|客户|顾客|买家|群体|宝妈|妈妈们?|爸爸们?|家长|年轻人|上班族|学生党?|铲屎官|猫奴|狗主人|车主|"
    r"姑娘们?|女生|男生|老人"
)
_DESCRIBED_ZH = re.compile(
    rf"(?:那些|这些|那批|这批)?(?P<need>[^。？?！!#]{{4,40}}?)的(?:[\u4e00-\u9fff]{{0,4}}?)(?:{_PERSON_ZH})"
)
_FIND_ZH = re.compile(r"找|圈|挑出|筛出|筛选|哪些人|是谁|有谁|定向|投给|推给|卖给")
_PERSON_EN = (
    r"people|customers|shoppers|buyers|owners|parents|moms|mums|dads|folks|families|users|those|anyone|guys|"
    r"runners|hikers|campers|travell?ers|cyclists"
)
_DESCRIBED_EN = re.compile(
    rf"\b(?P<head>(?:[a-z\-]+\s+){{0,2}}?(?:{_PERSON_EN}))\s+(?:who|that)\s+(?P<need>[^?.!]{{6,100}}?)\s*(?:[?.!]|$)"
)
_FIND_EN = re.compile(r"\b(?:find|show|get|pull|who are|which|list|target|reach|segment|identify|look for|give me)\b")
_NOT_IN_HEAD = re.compile(
    r"^(?:(?:find|show|get|pull|who|are|which|list|target|reach|identify|look|for|give|me|the|our|all|some|any)\s+)+"
)
_GENERIC_HEAD = re.compile(r"^(?:people|customers|shoppers|buyers|users|folks|those|anyone|guys)$")
_DATA_QUESTION = re.compile(
    r"\d|多少|几个|几位|复购|回购|下单|\bhow many\b|\bnumber of\b|\bcount\b|\borders?\b|\bspent\b"
)


def described_audience(norm: str) -> tuple[str, tuple[int, int]] | None:
    """The need of an audience the words describe at length and ask to find, in the merchant's words, with the span
    of the description; None when they describe none, or ask about customers' numbers, orders or purchases (a data
    question: "买过帐篷的客户有多少", "上个月买了冲锋衣的客户里 哪些人复购了")."""
    if _DATA_QUESTION.search(norm):
        return None
    zh = _DESCRIBED_ZH.search(norm)
    if zh and _FIND_ZH.search(norm):
        need = re.sub(r"^(找|圈|帮我|给我|一下|出|一批|找找|那些|这些|\s)+", "", zh.group("need")).strip(" ，,、")
        return (need, zh.span()) if len(need) >= 4 else None
    en = _DESCRIBED_EN.search(norm)
    if en and _FIND_EN.search(norm):
        head = _NOT_IN_HEAD.sub("", en.group("head").strip())
        need = en.group("need").strip()
        return (need if _GENERIC_HEAD.match(head) else f"{head} who {need}"), en.span()
    return None
