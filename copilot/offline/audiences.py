"""Audiences described in the merchant's own words: "找一下那些家里有小孩、周末喜欢去露营的人", "people who just
bought a tent and might need a sleeping bag". The description, as said, is the need the audience tool looks for;
the known scenes and catalog names inside it do not replace it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from copilot.offline.recognizers.entity import mask

if TYPE_CHECKING:
    from copilot.offline.matching import CatalogIndex, CatalogMatch

_PERSON_ZH = (
    r"人群|人们|人|家庭|用户|客户|顾客|买家|群体|宝妈|妈妈们?|爸爸们?|家长|年轻人|上班族|学生党?|铲屎官|猫奴|狗主人|车主|"
    r"姑娘们?|女生|男生|老人|新手|玩家|爱好者|发烧友|一族"
)
_DESCRIBED_ZH = re.compile(
    rf"(?:那些|这些|那批|这批)?(?P<need>[^。？?！!#:：]{{3,40}}?)的(?:[\u4e00-\u9fff]{{0,4}}?)(?:{_PERSON_ZH})"
)
# asking to find them, how many they are, what they are like or into ("这波人多大", "有多少人", "对啥感兴趣")
_FIND_ZH = re.compile(
    r"找|圈|挑出|筛出|筛选|哪些人|是谁|有谁|定向|投给|推给|卖给|画像|多少人|人有多少|人多大|群人?有?多大|规模|值不值得投|值得投吗|"
    r"对(啥|什么|甚|哪些|哪样)(东西)?(感兴趣|有兴趣)|(爱|喜欢|常)买(些|点)?(啥|什么|甚|哪样)"
)
_PERSON_EN = (
    r"people|customers|shoppers|buyers|owners|parents|moms|mums|dads|folks|families|users|those|anyone|guys|"
    r"runners|hikers|campers|travell?ers|cyclists|audiences?|segments?|groups?|crowds?"
)
_DESCRIBED_EN = re.compile(
    rf"\b(?P<head>(?:[a-z\-]+\s+){{0,2}}?(?:{_PERSON_EN}))\s+(?:who|that)\s+(?P<need>[^?.!]{{6,100}}?)"
    r"\s*(?:[?.!,;]|\s[-\u2014]+\s|$)"
)
# the kind of buyer asked about, not described ("头灯一般卖给什么样的客户", "这种贵的主要是哪类人买")
_ASKS_KIND = re.compile(r"(什么|啥|哪类|哪种|哪一类|哪些|哪帮|哪拨)样?$")
# the likeliest buyers of the item named, not a description ("找三个最可能买的人群", "最有可能下单的用户")
_LIKELY_BUYERS = re.compile(r"(最|最有|更有?|比较|较)?(可能|会|愿意|容易|想)(会)?(买|购买|下单|入手)$")
_ASKING_CLAUSE = re.compile(r"^\s*(?:先|再|然后|那就|就)?\s*(?:帮我|给我)?\s*(?:找|圈|挑|筛)")


def _asked_clause(need: str) -> str:
    """The clause that asks to find the people, when the need runs over clauses that say something else first
    ("想给登山装备做个推广，先找找登山徒步的…": 登山徒步); the whole need when its last clause asks nothing
    ("家里有老人，又带娃的…")."""
    last = re.split(r"[,，;；]", need)[-1]
    asking = _ASKING_CLAUSE.match(last)
    return last[asking.end() :] if asking and last != need else need


_NOT_IN_NEED = re.compile(r"^(找一?下|找|圈|帮我|给我|一下|出|一批|找找|那些|这些|那种|这种|那类|这类|想找|那|\s)+")
# a need that only points at the thread's item ("可以推这件的人群", "会买这款的人"): that item's audience
_POINTED = re.compile(
    r"^(给|为)?(可以|能|会|想|适合|愿意|要)?(推|买|卖|用|要|种草|推荐)(给)?(这|那)(件|个|款|台|双|只|顶|套|样|种|些)?"
    r"(东西|商品|产品|货|宝贝)?$"
)
_FIND_EN = re.compile(
    r"\b(?:find|show|get|pull|who are|which|list|target|reach|segment|identify|look for|give me|how big|how large|"
    r"how many (?:of them|people|are there)|crowd|personas?|profile|worth targeting|audiences?|segments?)\b"
)
_NOT_IN_HEAD = re.compile(
    r"^(?:(?:find|show|get|pull|who|are|which|list|target|reach|identify|look|for|give|me|the|our|all|some|any)\s+)+"
)
_GENERIC_HEAD = re.compile(
    r"^(?:people|customers|shoppers|buyers|users|folks|those|anyone|guys|audiences?|segments?|groups?|crowds?)$"
)
_DATA_QUESTION = re.compile(  # how many people of a description is the audience's size; customers' counts are data
    r"\d+\s*(?:次|单|件|笔|元|块|times?\b)|复购|回购|下单|"
    r"注册|\bregist(?:er|ered|ration|rations)\b|\bsigned up\b|(?<!人有)(?<!人)多少(?!人)|几个|几位|"
    r"\bhow many\b(?! (?:of them|people are there|do we have|are there))|\bnumber of\b|\bcount\b|\borders?\b|\bspent\b"
)


def described_audience(norm: str) -> tuple[str, tuple[int, int]] | None:
    """The need of an audience the words describe at length and ask to find, in the merchant's words, with the span
    of the description; None when they describe none, or ask about customers' numbers, orders or purchases (a data
    question: "买过帐篷的客户有多少", "上个月买了冲锋衣的客户里 哪些人复购了")."""
    if _DATA_QUESTION.search(norm):
        return None
    zh = _DESCRIBED_ZH.search(norm)
    if zh and _FIND_ZH.search(norm):
        need = _asked_clause(zh.group("need"))
        need = _NOT_IN_NEED.sub("", need).strip(" ，,、")
        asks_kind = _ASKS_KIND.search(need) is not None or _LIKELY_BUYERS.search(need) is not None
        return (need, zh.span()) if len(need) >= 3 and not points_at_item(need) and not asks_kind else None
    en = _DESCRIBED_EN.search(norm)
    if en and _FIND_EN.search(norm):
        head = _NOT_IN_HEAD.sub("", en.group("head").strip())
        need = en.group("need").strip()
        return (need if _GENERIC_HEAD.match(head) else f"{head} who {need}"), en.span()
    return None


_EN_NAME = r"(?:the |our |my )?(?P<name>[a-z][a-z0-9\- ]{1,30}?)\s*(?:[?.!]|$)"
_FOR_NAME = (
    re.compile(
        r"(?:帮我|帮忙)?(?:给|为|帮)(?P<name>[\u4e00-\u9fffa-z][\u4e00-\u9fffa-z0-9\- ]{1,15}?)(?:找|圈|挑|定|选)"
    ),
    re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,10}?)的?(?:目标)?(?:人群|受众|客群)"),
    re.compile(
        r"^(?P<name>[\u4e00-\u9fff]{2,10}?)(?:该|应该|要|可以)?(?:推给|卖给|投给)(?:谁|哪些人|什么样?的?人|啥人)"
    ),
    re.compile(  # "买儿童滑板车的都是啥人": who the buyers of that item are
        r"^(?:买|购买|用|入手)(?:了|过)?(?P<name>[\u4e00-\u9fffa-z][\u4e00-\u9fffa-z0-9\- ]{1,15}?)的"
        r"(?:人|客户|顾客|用户|买家)?(?:都|一般|主要|大多|基本)?是"
    ),
    re.compile(rf"\b(?:audiences?|segments?|target(?:ing)?|buyers?) for {_EN_NAME}"),
    re.compile(rf"\bwho (?:would|will|might|should) (?:buy|want) (?:a |an )?{_EN_NAME}"),
)


_PEOPLE_WORD = re.compile(rf"(?<=的)(?:{_PERSON_ZH})")


def people_not_items(norm: str, found: CatalogMatch, index: CatalogIndex) -> CatalogMatch:
    """What the catalog names once the people an audience question describes are taken out ("亲子出游的家庭 推哪个帐篷":
    the 家庭 are the audience, never the family tent whose title holds the word; "which tent" is the category)."""
    people = {m.span() for m in _PEOPLE_WORD.finditer(norm)}
    said = [span for span in (*found.spans, *found.product_spans) if span in people]
    return index.match(mask(norm, said)) if said else found


_WOULD_BUY = re.compile(r"^(会|可能会?|想|要|愿意|打算|准备|爱|喜欢)(买|购买|入手|下单)")


def names_only_item(need: str, index: CatalogIndex) -> bool:
    """Whether an audience's words are only an item's name ("找下智能喂食器的人群": 智能喂食器): that item's audience,
    no description of people."""
    found = index.match(need)
    items = {found.product, found.sole_product, found.only_member} - {None}
    if not items and not found.category:
        return False
    left = re.sub(r"[#\s]", "", mask(need, [*found.spans, *found.product_spans]))
    left = _WOULD_BUY.sub("", left)  # "会买tent的人", "想入手睡袋的": who would buy the item, its audience
    return not left or any(left in p.title for p in index.products if p.id in items)


def points_at_item(words: str) -> bool:
    """Whether an audience's words only point at the thread's item ("可以推这件", "会买这款"): no description."""
    return _POINTED.match(_NOT_IN_NEED.sub("", words).strip(" ，,、")) is not None


def audience_for(masked: str) -> str | None:
    """The name an audience is asked for, as said ("给吸尘器找目标人群", "audience for our hamster cage"), where the
    catalog found none: the tool looks it up and says the store has no such product."""
    for pattern in _FOR_NAME:
        match = pattern.search(masked)
        if match and "#" not in match.group("name"):
            return match.group("name").strip()
    return None


_ASKED_OF_THEM = re.compile(
    r"\s[-\u2014]+\s|[?？]|[这那](?:拨|波|帮|群|些)人|有多少|多大|画像|值不值得|帮我找|找找|"
    r"[,，]?\s*\b(?:who are they|how many|how big|how large|what do they)\b"
)


# whether to advertise the thread's item, asked before its audience ("要不要给它投广告", "should we run ads on it"), and
# the words of a description of people
_ADS_ASKED = re.compile(
    r"(投|打|上|做|开)(个|点|些)?(广告|推广|投放|直通车|千川)|推广(一下|下)"
    r"|\b(advertis\w*|run(ning)? ads?|promot(e|ing))\b"
)
_PEOPLE = re.compile(
    r"人|妈|爸|客|族|党|学生|家长|主人|铲屎官|宝宝|\b(people|parents?|owners?|buyers?|customers?|shoppers?|moms?|dads?|"
    r"students?|families|folks)\b"
)


def said_audience(norm: str) -> str | None:
    """The words that describe an audience before the question about it ("背奶妈妈，就是上班了还得吸奶的，这拨人
    有多少", "people who camp with kids - who are they"): the scene of an audience question that named no known
    scene, product or category."""
    cut = _ASKED_OF_THEM.search(norm)
    if cut is None:
        return None
    head = norm[: cut.start()]
    head = _NOT_IN_NEED.sub("", head).strip(" ，,。.、:：").removesuffix("的")
    if _ADS_ASKED.search(head) and not _PEOPLE.search(head):
        return None  # "要不要给它投广告？先看看哪些人会买": whether to advertise the item, no people described
    if _POINTED_ITEM.fullmatch(head):
        return None  # "给它找找还有谁会买": the thread's item, pointed at, no people described
    latin = re.findall(r"[a-z]+", head)
    return head if len(re.findall(r"[\u4e00-\u9fff]", head)) >= 2 or len(latin) >= 2 else None


_TARGETS = ("product", "category", "categories")
_POINTED_ITEM = re.compile(
    r"(?:给|为|帮|替|对)?\s*(?:它|它们|这个|那个|这款|那款|这些|那些|这件|那件|这类|那类)(?:的)?"
    r"|(?:for |of )?(?:it|them|this|that|this one|that one)"
)


def carry_target(slots: dict[str, Any], earlier: dict[str, Any], new_product: bool) -> None:
    """An audience question naming no product, category or scene ("who's the audience for it?", "那这个该推给谁")
    right after a turn about one: that product or category, cold start when the words say it has no sales yet."""
    if any(slots.get(key) for key in (*_TARGETS, "scene")):
        return
    carried = {key: earlier[key] for key in _TARGETS if earlier.get(key)}
    slots.update(carried)
    if carried and new_product:
        slots["cold_start"] = True


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "一": 1, "二": 2, "三": 3}
_PICKED = re.compile(
    r"第\s*(?P<n>\d+|[一二三])\s*(?:个|类|组)?\s*(?:人群|客群|受众|群体|segment|audience)"
    r"|\bthe (?P<en>first|second|third|1st|2nd|3rd) (?:one|audience|segment|group|crowd)\b"
)


def picked_audience(norm: str) -> int | None:
    """Which of the audiences just found the words pick by its place ("就用第一个人群", "go with the second segment"),
    counted from 1; None when they pick none by place."""
    match = _PICKED.search(norm)
    if match is None:
        return None
    said = match.group("n") or match.group("en")
    return int(said) if said.isdigit() else _ORDINALS[said]


_FIRST_FEW = re.compile(
    r"前\s*(?P<n>\d+)\s*(?:个|类|组)?\s*(?:的)?\s*(?:人群|客群|受众|群体|segments?|audiences?)"
    r"|\bthe (?:first|top) (?P<en>\d+|two|three|four|five) (?:ones|audiences|segments|groups)\b"
)
_FEW = {"two": 2, "three": 3, "four": 4, "five": 5}


def first_audiences(norm: str) -> int | None:
    """How many of the audiences just found the words take from the top ("就用前两个人群", "use the first 2
    segments"); None when they take none so."""
    match = _FIRST_FEW.search(norm)
    if match is None:
        return None
    said = match.group("n") or match.group("en")
    return int(said) if said.isdigit() else _FEW[said]
