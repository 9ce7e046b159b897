"""The words of one utterance read into `Findings`: normalised, then the period, comparison, catalog items and
scenes, metric, breakdown, order, top N, channels, money and what no recogniser explained, each kept out of the
later readings (`mask`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from functools import cache

from copilot.i18n import language_of
from copilot.i18n.language import CJK as _CJK
from copilot.offline import periods, pinyin_words, pos, spelling
from copilot.offline.action_slots import unknown_occasion
from copilot.offline.described import described_items
from copilot.offline.dotted import undotted
from copilot.offline.exclusion import exclusions, said_excluded, said_out_spans
from copilot.offline.findings import Findings, all_keys
from copilot.offline.follow_ups import SEPARATELY, split_by
from copilot.offline.leftover import (
    chinese_name_like,
    leftover_breakdowns,
    leftover_names,
    leftover_time_words,
    undated_stretch,
    vocabulary_only,
)
from copilot.offline.lexicon import Pattern, asks_or_names_a_figure, lexicon
from copilot.offline.matching import Catalog, CatalogMatch
from copilot.offline.numbers import first_int, money_amounts, normalise_english_numbers, normalise_numerals
from copilot.offline.opener import opening_address
from copilot.offline.recognizers import time as time_recognizer
from copilot.offline.recognizers.books import fiscal_quarter_said, fiscal_start_month
from copilot.offline.recognizers.comparison import (
    compared_with_other,
    listed_pair,
    period_against,
    running_period,
    said_against,
    set_apart,
)
from copilot.offline.recognizers.dates_in_doubt import in_doubt
from copilot.offline.recognizers.elapsed import elapsed_preface
from copilot.offline.recognizers.entity import Span, mask, overlaps
from copilot.offline.recognizers.holiday_reading import other_reading
from copilot.offline.recognizers.restated import restated
from copilot.offline.recognizers.slash_dates import read_slashes
from copilot.offline.recognizers.taken_back import retracted
from copilot.offline.script import mainland
from copilot.offline.variant_names import by_variant

_SCRIPT_BOUNDARY = re.compile(r"(?<=[a-z])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[a-z])")
# Chinese typed word by word with spaces (voice transcripts, spaced typing: "猫罐头 上个月 卖了 多少箱"): read as if
# typed together. A few spaces between longer chunks ("渠道 占比 上周", "问一下 有卖X吗 有买家问") keep their boundary.
_SPACED_CJK = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def _unspaced(text: str) -> str:
    runs = [len(run) for run in _CJK_RUN.findall(text)]
    if len(_SPACED_CJK.findall(text)) >= 3 and sum(runs) <= 4 * len(runs):
        return _SPACED_CJK.sub("", text)
    return text


# A cry or laugh typed as a run of one particle ("啊啊啊", "哈哈哈") and emoji colour a message and name nothing.
_INTERJECTION_RUN = re.compile(r"([啊哈呜嘿呀哇嗯哎唉嘻喔哦嘤])\1+")
_WEEK_IN_ALL = re.compile(r"(?<=[周期拜])一共")  # "上礼拜一共" is last week in all (总共), not last Monday
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+")
# A group chat's @-mention addresses someone ("@小助手", "@copilot", "@机器人 …"): the name mentioned is no content.
# It runs to a space or a punctuation mark; typed straight on into the message, only the assistant's usual names.
_MENTION = re.compile(
    r"(?<![\w.])@(?:(?:小助手|助手|小助理|助理|机器人|copilot|bot|ai)(?![a-z0-9])"
    r"|[a-z0-9_\-.]{1,20}(?=[\s,，:：!！?？、\u3400-\u9fff]|$)|[\u3400-\u9fff]{1,6}(?=[\s,，:：!！?？、]|$))"
)


@cache
def _hesitation() -> re.Pattern[str]:
    return re.compile(r"\s*,\s*(?:" + lexicon().single["hesitation"].pattern + r")\s*,\s*")


def normalise(text: str) -> str:
    """NFKC, Cantonese and traditional characters in simplified Mandarin, lower case, day-first dotted dates and dot
    thousands rewritten (`dotted`), Chinese words typed in pinyin in characters (`pinyin_words`), collapsed spaces
    (none in Chinese typed word by word), slips in metric words put right, Chinese numerals that count something in
    digits; runs of one particle (啊啊啊), hesitations between commas, emoji and group-chat @-mentions dropped."""
    folded = pinyin_words.rewritten(undotted(mainland(unicodedata.normalize("NFKC", text)).lower()))
    folded = _EMOJI.sub(" ", _INTERJECTION_RUN.sub("", _MENTION.sub(" ", folded)))
    folded = _hesitation().sub(lambda m: "" if _CJK.search(m.string[m.start() - 1 : m.start()]) else " ", folded)
    folded = _unspaced(re.sub(r"\s+", " ", folded).strip())
    folded = _SCRIPT_BOUNDARY.sub(" ", _WEEK_IN_ALL.sub("总共", folded))
    return normalise_english_numbers(normalise_numerals(spelling.corrected(folded)))


def earliest(groups: dict[str, Pattern], text: str) -> tuple[str, Span] | None:
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
    if any(flag.startswith(_NOT_IN_A_NAME_POS) for _, flag in pos.chinese_tags(candidate)):
        return False
    return chinese_name_like(candidate)


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


def unknown_name(candidate: str | None) -> str | None:
    """`candidate` when it can be a product name: no pronoun, time, metric or other known word of the lexicon."""
    if not candidate or _NOT_A_NAME.match(candidate) or not _looks_like_a_name(candidate) or vocabulary_only(candidate):
        return None
    known = [p for group in lexicon().groups.values() for p in group.values()]
    return None if any(p.search(candidate) for p in known) else candidate


def _scene_hits(text: str, lang: str) -> list[tuple[Span, str]]:
    """Known life scenes named in the text, in order, in the user's language (each place a scene is said: one inside a
    catalog name, "露营" of "露营装备", gives way to the same scene said again, "露营的人群")."""
    found: list[tuple[Span, str]] = []
    for scene in lexicon().scenes:
        for match in scene.pattern.finditer(text):
            if not any(s <= match.start() < e for (s, e), _ in found):
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
    several = set(first.spans) if len(first.categories) > 1 else set()  # "防晒" names a scene and several categories
    kept = [
        (span, name)
        for span, name in scenes
        if span in several or not any(overlaps(span, n) and not _inside(n, span) for n in names)
    ]
    scenes = [(span, name) for i, (span, name) in enumerate(kept) if name not in {n for _, n in kept[:i]}]
    matched = catalog.index.match(mask(text, [span for span, _ in scenes if span not in several]))
    aimed = lexicon().single["aimed_at"].search(text)
    if aimed is not None and not (matched.product or matched.sole_product) and aimed.start() > 0:
        before = catalog.index.match(mask(text, [*(span for span, _ in scenes), aimed.span()]))  # "X aimed at campers"
        matched = before if before.product or before.sole_product else matched
    return (replace(matched, product=matched.sole_product) if matched.sole_product else matched), scenes


def _in_title(text: str, span: Span, catalog: Catalog) -> bool:
    """Whether the period words at `span` belong to the name of the product the text names (冬季 in 冬季猫窝)."""
    said = text[span[0] : span[1]].strip()
    product = catalog.index.match(text).product
    if product is None or not any(p.id == product and said in p.title for p in catalog.index.products):
        return False
    rest = catalog.index.match(mask(text, [span]))  # the name goes on past the period words ("冬季" + "猫窝")
    return rest.product == product or (rest.category_span is not None and rest.category_span[0] <= span[1] + 1)


def _without_purpose(norm: str) -> str:
    """`norm` with the clauses that only say what the figures are for ("年报要用", "我做表") or who asks ("我闺女问")
    masked, when something else is asked."""
    single = lexicon().single
    clauses = [m for key in ("purpose_clause", "asker_clause", "greeting_clause") for m in single[key].finditer(norm)]
    chat = single["chat_preface"].match(norm)
    if chat is not None and not asks_or_names_a_figure(chat.group()):
        clauses.append(chat)  # "今天天气真好 对了, …": the chat before the question is no request of its own
    spans = sorted(m.span() for m in clauses if m.group().strip())
    rest = mask(norm, spans)
    return rest if spans and rest.strip("#,。;!? ") else norm


_NOT_THIS = re.compile(
    r"(?:不是|不要|不用|别|而非|并非|\bnot(?: the| in)?|\brather than(?: the)?|\binstead of(?: the)?)\s*$"
)


# a request for figures in the merchant's words, after a remark that names another metric in passing
_ASKED = re.compile(
    r"(?:你|麻烦)?帮我(?:看看|看一下|看下|查查|查一下|查下|算算|算一下)|"
    r"\b(?:can you|could you|please) (?:check|tell me|show me)\b"
)
# words that put the figure meant right ("我说的是单数", "I mean the orders, not the pieces")
_RESTATED = re.compile(r"我(?:说|问|要|指)的是|我是(?:说|问|指)|\bi (?:mean|meant|am asking for|want)\b")
_CLAUSE_END = re.compile(r"[,，。;；!！?？]")
# The unit the answer is asked in ("in pieces", "by number of pieces sold", "按件数算"): the count, over any other
# sales word said before it ("wipes sold last week, in pieces")
_IN_PIECES = re.compile(
    r"\b(?:in|by|as) (?:the )?(?:(?:number|no\.?|count) of )?(?:pieces|pcs|units)\b|按件(?:数)?(?:算|看|统计|来)"
)
_PACKS = r"(?P<pack>bags|boxes|bottles|packs|pairs|cans|sets|cases|pieces|pcs|tins|pouches|rolls|units)\b"
# the pack the goods are counted in, asked after a Chinese count or before "of" ("卖了多少 bottles", "how many
# bottles of the sunscreen"): the count is the figure, and the pack word names no product (no water bottle here)
_PACK_COUNTED = (re.compile(rf"(?:多少|几)\s*{_PACKS}"), re.compile(rf"\bhow many {_PACKS}(?= of\b)"))


def _metric_meant(metrics: dict[str, Pattern], text: str) -> tuple[str, Span] | None:
    """The count when the answer is asked in pieces ("in pieces"), else the first metric the words name, leaving
    out one they say is not meant ("我想要金额 不是件数", "I meant the pieces, not the orders") when another is
    named (or says is not counted: "not counting refunds, how many units"), and one said in passing before the
    words that ask for the figure ("最近都没什么单子 你帮我看看卖了多少钱":
    the money asked for)."""
    for unit in _IN_PIECES.finditer(text):  # "sales of the wipes, in pieces": the count is the figure meant
        if not _NOT_THIS.search(text[: unit.start()]):
            return "units", unit.span()
    meant, denied = _meant(metrics, text)
    restated = list(_RESTATED.finditer(text))  # "卖了多少，我说的是单数不是件数": the figure the correction names
    if restated and denied:
        after = earliest(metrics, mask(text, [(0, restated[-1].end()), *denied]))
        if after is not None:
            return after
    asked = list(_ASKED.finditer(text))
    if meant is None or not asked or asked[-1].end() <= meant[1][0]:
        return meant
    after = earliest(metrics, mask(text, [(0, asked[-1].end()), *denied]))  # "没什么单子…你帮我看看卖了多少钱"
    return after if after is not None and not _CLAUSE_END.search(text, asked[-1].end(), after[1][0]) else meant


def _meant(groups: dict[str, Pattern], text: str) -> tuple[tuple[str, Span] | None, list[Span]]:
    """The first key the words name, leaving out one they say is not meant when another is named ("不是件数",
    "不要按天，按周", "not by day, by week"), and the words said as not meant. A key said as not meant is not meant
    wherever it is said ("how many sells … I mean the orders, not the pieces": the pieces of "how many sells" too)."""
    hits = [(key, hit) for key, pattern in groups.items() for hit in pattern.finditer(text)]
    refused = {key for key, hit in hits if _NOT_THIS.search(text[: hit.start()])}
    denied = [hit.span() for key, hit in hits if key in refused or said_excluded(text, hit.span())]
    return (earliest(groups, mask(text, denied)) if denied else None) or earliest(groups, text), denied


def _denied(text: str, matched: CatalogMatch) -> list[Span]:
    """The catalog names said as not meant ("not the sunscreen", "不是防晒霜") beside one said as meant: a
    correction names the one meant, never both."""
    spans = [span for span in matched.spans if span != matched.category_span or matched.category or matched.categories]
    denied = [span for span in spans if _NOT_THIS.search(text[: span[0]])]
    return denied if denied and len(denied) < len(spans) else []


def _period_goes_on(text: str, span: Span, today: date) -> bool:
    """Whether a period read from inside the Chinese comparison word at `span` runs on past it, with a period said
    before it to set it against ("今年上半年比去年下半年": 去年下半年, not 比去年 as year over year)."""
    found = time_recognizer.find_period(text[span[0] :], today)
    length = span[1] - span[0]
    if found is None or not 0 < found.span[0] < length < found.span[1] or not _CJK.search(text[slice(*span)]):
        return False
    return time_recognizer.find_period(text[: span[0]], today) is not None


def _festival_again(text: str, span: Span) -> bool:
    """Whether the comparison words at `span` name again the festival said before them ("今年双11和去年双11比"): left
    for the period reading, which sets the two festivals side by side (each its season)."""
    inside, before = periods.find_event(text[span[0] :]), periods.find_event(text[: span[0]])
    named_there = inside is not None and inside[1][0] <= span[1] - span[0] + 4  # "vs last year's double 11"
    return named_there and before is not None and inside is not None and inside[0] == before[0]


def _around_compared(said: str, norm: str) -> bool:
    """Whether the period is the days around a day ("双11前后一周") set against each other: the tool compares a
    period only with the stretch just before it or a year before, never the days before a day with those after."""
    return "前后" in said and periods.compared(norm)


def read_findings(text: str, catalog: Catalog, today: date) -> Findings:
    lex = lexicon()
    norm = read_slashes(_without_purpose(normalise(text)), today)  # "03/11": the 3rd of November
    opening = opening_address(norm, catalog, today)  # "丫头子，店里…", "亚克西！…": said to the copilot
    norm = mask(norm, [opening]) if opening else norm
    lang = language_of(text)
    masked = norm
    compare = earliest(lex.groups["compare"], masked)
    taken_back = lex.single["no_compare"].search(masked)
    if taken_back:
        masked, compare = mask(masked, [taken_back.span()]), None
    if compare and _period_goes_on(masked, compare[1], today):
        compare = None  # "比去年下半年好": 比 sets a period against the one asked, read with both periods below
    if compare and not _festival_again(masked, compare[1]):
        masked = mask(masked, [compare[1]])
    month_before = periods.says_before("month_before", masked)
    if month_before:
        masked = mask(masked, [month_before])
    period_before = periods.says_before("period_before", masked)
    if period_before:
        masked = mask(masked, [period_before])
    before = month_before or period_before
    before_against = compare is None and before is not None and said_against(masked, before)
    if before_against and before is not None:  # "how does that compare to the month before": the one before, compared
        compare, month_before, period_before = ("previous_period", before), None, None
    masked = mask(masked, retracted(masked, today))  # "不是上个月 是上上个月": the period meant
    masked = mask(masked, elapsed_preface(masked, today))  # "都过去一周了, 上个月…": how long ago, not the period
    fiscal = fiscal_quarter_said(masked) if fiscal_start_month(masked) is None else None
    if fiscal is not None:  # "本财年第二季度" with no first month: asked (nlu), never the calendar quarter
        masked = mask(masked, [fiscal.span()])
    period = time_recognizer.find_period(masked, today)
    uncompared = None
    if period and _in_title(masked, period.span, catalog):
        period = None  # "冬季猫窝": the season word is part of the product's name
    if period:
        masked = mask(masked, [period.span])
        glossed = restated(masked, norm, period, today)
        if glossed is not None:  # "国庆7天(10/1-10/7)", "last thursday (the 12th)": one period said twice
            period, masked = glossed, mask(masked, [glossed.span])
        which = lex.single["which_of_pair"].search(masked)
        pair = listed_pair(mask(norm, [period.span]), period, today) if which else None
        if pair is not None:  # "夜来跟前天比，哪天卖得多": both days side by side, not one compared with the other
            period, compare, masked = replace(period, value=pair[0]), None, mask(masked, [pair[2]])
        together = lex.single["periods_together"].search(masked) if pair is None else None
        pair = listed_pair(mask(norm, [period.span]), period, today) if together else pair
        if together and pair is not None:  # "昨天和前天加起来": the two days summed
            period, compare, masked = replace(period, value=pair[0]), None, mask(masked, [pair[2]])
        against = period_against(masked, period, today, norm) if compare is None and pair is None else None
        if against is not None:
            period, compare, masked = against[0], (against[1], against[2]), mask(masked, [against[2]])
        apart = set_apart(masked, period, today) if against is None and compare is None else None
        if apart is not None:
            uncompared, masked = masked[apart.span[0] : apart.span[1]].strip(), mask(masked, [apart.span])
        asked = compared_with_other(masked, period, compare[0], today) if compare is not None else None
        if asked is not None:
            period, masked = asked, mask(masked, [asked.span])
    compared_with = period is not None and compare is None and said_against(masked, period.span)
    listed = listed_pair(masked, period, today) if period is not None and compare is None else None
    if period is not None and listed is not None and not compared_with:
        period, masked = replace(period, value=listed[0]), mask(masked, [listed[2]])
    occasion = lex.single["occasion"].search(masked) if period is not None else None
    if occasion is not None:  # "年货节 2026/1/5-2026/1/25": the name of the days given, no product
        masked = mask(masked, [occasion.span()])
    holiday = periods.unknown_holiday(masked) if period is None else None
    if holiday is not None:
        masked = mask(masked, [holiday])
    event = periods.find_event(masked)  # "double12" beside dates of its own names no "Double … pump"
    if event is not None and re.search(r"[a-z]", masked[event[1][0] : event[1][1]]):
        masked = mask(masked, [event[1]])
    pack = next((m for p in _PACK_COUNTED if (m := p.search(masked)) is not None), None)
    if pack is not None:
        masked = mask(masked, [pack.span("pack")])
    matched, scenes = _catalog_and_scenes(masked, catalog, lang)
    denied = _denied(masked, matched)
    if denied:  # "meant the sun jackets, not the sunscreen", "是防晒衣不是防晒霜": the one meant
        masked = mask(masked, denied)
        matched, scenes = _catalog_and_scenes(masked, catalog, lang)
    matched, channels_out, excluded = exclusions(masked, matched, catalog)
    said_out = said_out_spans(masked)  # "Not the cat stuff — how did 狗粮 do": what is excluded names no variant
    matched, missing_variant = by_variant(matched, mask(masked, said_out), catalog)  # "三人帐篷", "2段奶粉"
    matched = described_items(mask(masked, said_out), matched, catalog)  # "头上戴的那个灯": said by what it does
    masked = mask(masked, matched.spans)
    masked = mask(masked, catalog.index.own_store_spans(masked))  # "母婴" in a baby store: the whole store
    reference = lex.single["product_reference"].search(masked)
    if reference:
        masked = mask(masked, [reference.span()])
    found = Findings(text=text, norm=norm, rest=masked, lang=lang, catalog=matched)
    found.product_reference = reference is not None
    found.compare = compare[0] if compare else None
    found.running = running_period(norm[compare[1][0] : compare[1][1]]) if compare and period is None else None
    found.no_compare = taken_back is not None
    found.month_before = month_before is not None
    found.period_before = period_before is not None
    found.period_against = compared_with or before_against
    found.uncompared = uncompared
    found.fiscal_unsaid = fiscal is not None
    found.days_unsaid = period is None and (undated_stretch(norm) or unknown_occasion(norm, today) is not None)
    found.read_as = other_reading(norm[period.span[0] : period.span[1]]) if period else None
    found.period = period.value if period else None
    found.doubt = in_doubt(norm, found.period, period.span if period else None, today)
    metric = _metric_meant(lex.groups["metrics"], masked)
    found.metric = "units" if pack is not None else metric[0] if metric else None
    unexcluded = mask(masked, said_out)  # nor a name asked about
    found.unknown_target = missing_variant or _unknown_target(unexcluded, metric[1] if metric else None, lang)
    found.leftover = leftover_names(unexcluded)
    found.unread_period = [norm[holiday[0] : holiday[1]]] if holiday else []
    found.unread_period += leftover_time_words(masked) if period is None else []
    summed = [hit.span() for hit in lex.single["summed_goods"].finditer(masked)]  # "revenue of products": no breakdown
    by, _ = _meant(lex.groups["by"], mask(masked, summed))  # "不要按天，按周": the week
    found.by = by[0] if by else listed[1] if listed is not None and not compared_with else None
    if found.by is None and period is not None and _around_compared(norm[period.span[0] : period.span[1]], norm):
        found.by = "day"  # "双11前后一周对比": the days before and after side by side, the day itself between them
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
    counts = [said for said in top.groups() if said and said.isdigit()] if top else []  # "第2到第5": the 5
    found.top = int(counts[-1]) if counts else first_int(top.group()) if top else None
    found.channels = all_keys(lex.groups["channels"], masked)
    found.channels_out = channels_out
    found.excluded = excluded
    event = periods.find_event(masked)  # "双12 预算2万", "618 budget 3w": a festival's number is no amount
    found.money = money_amounts(mask(masked, [event[1]]) if event else masked)
    titled_new = any(p.id == matched.product and lex.single["new_product"].search(p.title) for p in catalog.products)
    found.new_product = titled_new or lex.single["new_product"].search(norm) is not None  # "新款…" has no sales yet
    found.scenes = [name for _, name in scenes]
    found.scene_spans = [span for span, _ in scenes]
    if not found.scenes:
        captured = _captured_scene(masked, matched)
        found.scenes = [captured] if captured else []
    return found
