"""The leftover check: words of a question that no recogniser explained and that name something.

After periods, comparisons and catalog names are recognised (and masked with '#'), every other known word is
masked too: anything a pattern of the offline model's vocabulary matches (metrics, breakdowns, rankings,
channels, fillers, ...), each English word that occurs in those vocabulary files, and the function words of
`data/function_words.yaml`. What is left is content the model did not understand. A run of it that looks like a
noun phrase is a name the merchant asked about:

- English: a word is a function word by the closed classes (pronouns, articles, prepositions, auxiliaries, ...,
  a list that is complete by construction) or a known vocabulary word, also misspelt by one letter ("cuont",
  "teh"); of the others, a word that the English lexicon of `lemminflect` knows only as a verb or an adverb
  ("pushing", "exactly") ends a phrase, and a word right after a subject pronoun or "to" is read as a verb when
  it can be one ("i need"). A phrase ends on a word that can be a noun, or on a word no dictionary knows (a
  brand, "earbuds").
- Chinese: jieba's part-of-speech tags: pronouns, numerals, measure words, particles, prepositions,
  conjunctions, adverbs, time and direction words end a phrase; a phrase needs a noun-like word in it.

The caller decides what a leftover name means (a sales question about it is refused with what the store has
that is close); this module only finds them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from copilot.analytics.metrics import synonyms
from copilot.calendar.festivals import festival_patterns, festivals, phase_words
from copilot.i18n.language import has_cjk
from copilot.offline import pos
from copilot.offline.lexicon import Pattern, lexicon
from copilot.yaml_data import load_yaml

_CHUNKS = re.compile(r"[^#,，.。!！?？~～:：;；、()（）\[\]\"“”/|+=<>—]+")
# Latin letters with diacritics are letters of the word ("grüezi", "café"), never where it breaks
_SCRIPT_RUNS = re.compile(r"[\u3400-\u9fff]+|[a-z0-9à-öø-ÿ'’][a-z0-9à-öø-ÿ'’\s\-]*")
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿ][a-z0-9à-öø-ÿ'’]*")
_REGEX_ESCAPE = re.compile(r"\\[a-zA-Z]")
_ZH_TIME = re.compile(r"[年月周天日季节]|星期|礼拜")
_PERIOD_CODE = re.compile(r"q[1-4]|h[12]|fy\d{0,4}")
_COUNTED_TIME = re.compile(r"\d+\s*个?\s*(?:天|日|周|星期|礼拜|月|季度|年)(?![\d号])")  # "2周" said with no 近/最近
# "since the launch", "上线以来" with no day said: the launch day is not in the catalog the model reads
_SINCE_LAUNCH = re.compile(
    r"\bsince (?:the |its |it was |we |they )?(?:launch(?:ed)?|went live|release[d]?)\b(?: it\b)?|"
    r"(?:自从?|从)?(?:上线|上架|上市|开卖|发布)(?:以来|至今|到现在)"
)
# a stretch pointed at with no dates ("前几天那阵子", "那段时间", "back whenever", "that one time"): which days is asked
_UNDATED_STRETCH = re.compile(
    r"(?:前几天|前些天|前些日子|前阵子|前一阵子?|那阵子?|那段(?:时间|日子)|那会儿?|那时候|那(?:几|两|2|三|3)天|那[一1]?天)(?![\d号])"
    r"|\b(?:back )?whenever\b|\bthat one (?:time|thing|week)\b|\bback (?:then|in the day)\b|\bthe other (?:day|week)\b"
    r"|\b(?:on |in |during )?(?:those|these same|those same) (?:days|dates)\b|\bon that day\b"
)
_BREAKDOWN = re.compile(
    r"按(?:照)?([\u4e00-\u9fff]{1,4}?)(?=看|来|分|拆|统计|汇总|列|排|的|$|[#\s,，。?？])|"
    r"\b(?:broken down |split |grouped )?by (?:the |each |per )?([a-z]{3,})\b(?!\s+(?:the|our|a|\d))"
)
_TIME_UNITS = re.compile(
    r"(?:每个?|各个?|分)(季度|年度?(?!的?(?:双|618|春节|国庆|同期|这)))|"
    r"\b(?:per|each|every) (quarter|year)\b|\b(quarterly)\b"
)
_SUBJECTS = frozenset({"i", "we", "you", "they", "to", "he", "she", "una", "dem"})  # una, dem: Pidgin "you all", "they"
_MODALS = frozenset({"might", "may", "could", "would", "should", "will", "can", "must", "shall"})
_STATE_AFTER = re.compile(r"around|about|idle|unsold|untouched|there|here|away")  # "stock sitting around"
_BE = frozenset({"be", "been", "being", "is", "are", "was", "were", "am", "'m", "'re"})
_BREAK_TAGS = ("r", "m", "q", "u", "p", "c", "d", "y", "e", "o", "t", "f", "w", "x", "z", "ad", "zg", "ns")
_NOUN_TAGS = ("n", "l", "eng", "vn", "s")
# patterns that find where something is said, not words they explain (an occasion whose days are unknown stays unread)
_NOT_SCANNED = frozenset(
    {
        "scene_capture",
        "scenes",
        "numerals",
        "money_units",
        "language",
        "occasion",
        "aimed_at",
        "first_step",
        "chat_preface",
        "described_item",
        "season_said",
    }
)
_PARTICLE = re.compile(r"[啊呀吧呢嘛啦哦吗哈嘞咯噢哇]+")
# sentence-final particles, of Mandarin and of the dialects (Xiang 咯/噻/咧, southwestern 撒/噻/嘛, Cantonese 啵/喎)
_FINAL_PARTICLE = re.compile(r"[啊呀吧呢嘛啦哦吗嘞咯噢哇噻啰咧撒啵喎]+$")
_PEOPLE = "们"  # the plural of people: "家人们", "宝子们", "姐妹们" are addressed, never sold
MAX_EN_WORDS = 4
MAX_ZH_CHARS = 10


def leftover_names(masked: str) -> list[str]:
    """Noun phrases of `masked` (normalised text, recognised spans replaced by '#') that no vocabulary explains,
    in the order they occur."""
    rest = _mask_known(_BREAKDOWN.sub(lambda m: "#" * len(m.group()), masked))
    names: list[str] = []
    for part in _parts(rest):
        first = not rest[: rest.find(part)].strip("# ,，.。!！?？~～:：;；")
        names.extend(_chinese_names(part) if has_cjk(part) else _english_names(part, first))
    return names


def vocabulary_only(name: str) -> bool:
    """Whether every word of `name` is the model's own vocabulary (a breakdown, metric, channel, question or
    period word: "channel", "哪几个", "预售"), so it names nothing in the store."""
    rest = _mask_known(name.lower()).strip("# ")
    if not rest:
        return True
    if has_cjk(rest):
        return all(word in _known_zh() or not word.strip("# ") for word in pos.chinese_words(rest))
    return all(_known_en(word) for word in re.split(r"[\s\-#]+", rest) if word)


def undated_stretch(text: str) -> bool:
    """Whether the words point at a stretch of days without dating it ("前几天那阵子", "the big sale back whenever"):
    with no period read, which days is asked back, never the default window answered."""
    return _UNDATED_STRETCH.search(text) is not None


def leftover_time_words(masked: str) -> list[str]:
    """Time words of `masked` that the period recogniser left unread ("fortnight", "q3", "第三季度")."""
    rest = _mask_known(masked)
    found: list[str] = _COUNTED_TIME.findall(rest) + [m.group().strip() for m in _SINCE_LAUNCH.finditer(masked)]
    for part in _parts(rest):
        if has_cjk(part):
            found += [w for w, flag in pos.chinese_tags(part) if flag.startswith(("t", "mq")) and _ZH_TIME.search(w)]
        else:
            found += [w for w in part.split() if w in _time_words_en() or _PERIOD_CODE.fullmatch(w)]
    return found


def leftover_breakdowns(masked: str) -> list[str]:
    """Breakdowns asked for that no recogniser knows ("按颜色", "by colour") or that the tool has no series for
    ("每个季度", "per quarter"): said, never dropped silently."""
    found = [next(g for g in m.groups() if g) for m in _BREAKDOWN.finditer(masked)]
    units = [next(g for g in m.groups() if g) for m in _TIME_UNITS.finditer(masked)]  # no series of these units
    return [word for word in found if (_chinese_names(word) if has_cjk(word) else word not in _closed_en())] + units


def _parts(rest: str) -> list[str]:
    parts = [part.strip(" -'’") for chunk in _CHUNKS.findall(rest) for part in _SCRIPT_RUNS.findall(chunk)]
    return [part for part in parts if part]


# a day or week pointed at, not a period ("sales were weirdly high one day", "那天卖得特别好"): the question asks which
_ONE_OF_THEM = re.compile(
    r"\b(?:one|a single|some|a certain|that|which|what) (?:day|week)\b(?! (?:ago|before|after|earlier|later)\b)"
)


def _mask_known(text: str) -> str:
    text = _ONE_OF_THEM.sub(lambda m: "#" * len(m.group()), text)
    for pattern in _known_patterns():
        text = pattern.sub(lambda m: "#" * len(m.group()), text)
    return text


@cache
def _known_patterns() -> tuple[Pattern, ...]:
    lex = lexicon()
    patterns: list[Pattern] = []
    for name, group in lex.groups.items():
        if name not in _NOT_SCANNED:
            patterns.extend(group.values())
    patterns.extend(p for name, p in lex.single.items() if name not in _NOT_SCANNED)
    patterns.extend(festival_patterns().values())
    patterns.append(re.compile("|".join(f"(?:{p})" for p in phase_words())))
    return tuple(patterns)


# --- English -------------------------------------------------------------------------------------


@cache
def _function_words() -> dict[str, Any]:
    text = resources.files("copilot.offline").joinpath("data", "function_words.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = load_yaml(text)
    return data


@cache
def _closed_en() -> frozenset[str]:
    data = _function_words()
    words = {str(w) for group in data["closed_class_en"].values() for w in group}
    words |= {str(w) for w in data["generic_en"]} | {str(w) for w in data["people_en"]}
    words |= {str(w) for w in lexicon().raw["language"]["not_a_name_en"]}
    return frozenset(words | _time_words_en())


@cache
def _time_words_en() -> frozenset[str]:
    return frozenset(str(w) for w in _function_words()["time_words_en"])


@cache
def _vocabulary_en() -> frozenset[str]:
    """Every English word written in the offline model's vocabulary files (life scenes left out: their words can
    be products)."""
    words: set[str] = set()
    for text in _vocabulary_strings():
        words.update(_LATIN_WORD.findall(_REGEX_ESCAPE.sub(" ", text)))
    return frozenset(w for w in words if len(w) > 1)


def vocabulary_word(word: str) -> bool:
    """Whether the English `word` is written in the offline model's vocabulary files (a word the model reads as
    what it means there: "stock" is the verb or the inventory, never a mistyped "socks")."""
    return word.lower() in _vocabulary_en()


@cache
def _vocabulary_strings() -> tuple[str, ...]:
    strings: list[str] = []
    for name in ("lexicon.yaml", "intents.yaml", "periods.yaml"):
        data = load_yaml(resources.files("copilot.offline").joinpath("data", name).read_text(encoding="utf-8"))
        for key in _NOT_SCANNED & set(data):
            data.pop(key)
        strings.extend(_strings(data))
    strings.extend(p for festival in festivals().values() for p in festival.patterns)
    strings.extend(phase_words())
    strings.extend(_strings([synonyms("metrics"), synonyms("dimensions")]))
    return tuple(strings)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.lower()]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _known_en(word: str) -> bool:
    word = word.replace("’", "'")
    base = re.sub(r"'s$", "", word)
    known = _closed_en() | _vocabulary_en()
    if word in known or base in known or base.rstrip("s") in known or f"{base}s" in known:
        return True
    if len(base) == 2 and not pos.english_tags(base):
        return _short_function_word(base)
    if len(base) < 3 or pos.english_tags(base):
        return False
    return _misspelt_function_word(base)


def _short_function_word(word: str) -> bool:
    """A two-letter word missing one letter of a three-letter function word ("hw" for "how", "te" for "the"):
    one insertion, and only into the closed classes (a short name like "tv" or "pc" stays a name)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    closed = _closed_en()
    return any(word[:i] + c + word[i:] in closed for i in range(3) for c in letters)


@lru_cache(maxsize=4096)
def _misspelt_function_word(word: str) -> bool:
    """A word one letter away from a known word ("cuont", "teh", "lst") or from a verb or adverb ("lookng"),
    and from no noun: a misspelling, not a name."""
    variants = _one_edit_away(word)
    known = _closed_en() | _vocabulary_en()
    if variants & known:
        return True
    tags = [pos.english_tags(v) for v in variants if len(v) >= 4]
    found = set().union(*tags) if tags else set()
    return bool(found) and not found & {"NOUN", "PROPN"}


def _one_edit_away(word: str) -> frozenset[str]:
    """Every string one deleted, swapped, replaced or inserted letter away from `word`."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in letters]
    inserts = [a + c + b for a, b in splits for c in letters]
    return frozenset(deletes + swaps + replaces + inserts) - {word}


def _english_names(chunk: str, sentence_start: bool) -> list[str]:
    """Noun phrases of an English chunk. A verb-capable word is a verb first in the sentence (an imperative:
    "grab last week's orders"), right after a subject or a modal ("we need", "might suit") and before a word of
    idle state ("sitting around"); a word in -ing is a verb after a form of "be" ("been pushing") and a modifier
    otherwise ("rowing machines")."""
    words = [w for w in re.split(r"[\s\-]+", chunk) if w]
    names: list[str] = []
    run: list[str] = []
    previous = "" if sentence_start else "#"
    for word, after in zip(words, [*words[1:], ""], strict=True):
        tags = pos.english_tags(word) if _LATIN_WORD.fullmatch(word) else frozenset()
        before_verb = previous in _SUBJECTS | _MODALS or previous == "" or _STATE_AFTER.fullmatch(after)
        verb_here = before_verb and "VERB" in tags
        modifier = word.endswith("ing") and previous not in _BE and tags == {"VERB"}
        content = (
            len(word) > 1
            and _LATIN_WORD.fullmatch(word) is not None
            and not _PERIOD_CODE.fullmatch(word)
            and not _known_en(word)
            and not verb_here
            and (not tags or modifier or bool(tags & {"NOUN", "ADJ", "PROPN"}))
        )
        if content:
            run.append(word)
        else:
            names.extend(_english_phrase(run))
            run = []
        previous = word
    names.extend(_english_phrase(run))
    return names


def _english_phrase(run: list[str]) -> list[str]:
    while run and not _noun_capable(run[-1]):
        run = run[:-1]
    if not run or len(run) > MAX_EN_WORDS:
        return []
    return [re.sub(r"['’]s$", "", " ".join(run))]


def _noun_capable(word: str) -> bool:
    tags = pos.english_tags(word)
    return not tags or bool(tags & {"NOUN", "PROPN"})


# --- Chinese -------------------------------------------------------------------------------------


def _chinese_names(chunk: str) -> list[str]:
    names: list[str] = []
    run: list[tuple[str, str]] = []
    tagged = [*_tagged(chunk), ("", "x")]
    head = False
    for (word, flag), (after, after_flag) in zip(tagged, [*tagged[1:], ("", "x")], strict=True):
        if head or _modifies(word, flag, after, after_flag):
            run.append((word, "n"))  # "登山" + "杖", "平衡" + "车": a known word and the unknown head noun it names
            head = not head
        elif run and flag == "zg" and not _PARTICLE.fullmatch(word):
            run.append((word, "n"))  # "平衡" + "车": a one-character head noun jieba tags as a bound morpheme
        elif flag.startswith(_BREAK_TAGS) or word in _known_zh() or not word.strip():
            names.extend(_chinese_phrase(run))
            run = []
        else:
            run.append((word, flag))
    return names


def _modifies(word: str, flag: str, after: str, after_flag: str) -> bool:
    """Whether `word`, of the vocabulary or a place word, is the first part of a compound name whose head noun,
    `after`, no vocabulary holds ("登山" + "杖", "平衡" + "车")."""
    if len(word) < 2 or not has_cjk(word) or not (word in _known_zh() or flag.startswith("ns")):
        return False
    head = after_flag.startswith("n") or (after_flag == "zg" and not _PARTICLE.fullmatch(after))
    people = after.endswith(_PEOPLE) or after == "人"  # "夜来人", "家人们": people, never a thing sold
    return head and has_cjk(after) and after not in _known_zh() and not people


def _tagged(chunk: str) -> list[tuple[str, str]]:
    """jieba's (word, tag) pairs of `chunk`, with a word its dictionary does not hold that starts with a measure
    word or numeral ("个序" of "排个序", "个品" of "五个品": the HMM glued the measure word to the next character)
    taken apart into its characters, each with its own tag, a sentence-final particle the HMM glued to the word
    before it ("单咯") taken off as a particle, a verb said twice ("比比", "算算": jieba tags some as
    names) tagged a verb, and the -r ending 儿 kept on its word."""
    tagged: list[tuple[str, str]] = []
    for word, flag in pos.chinese_tags(chunk):
        if len(word) > 1 and has_cjk(word) and not pos.in_dictionary(word) and pos.chinese_tags(word[0])[0][1] in "mq":
            tagged.extend(pos.chinese_tags(word[0]) + pos.chinese_tags(word[1:]))
        elif len(word) > 1 and has_cjk(word) and not pos.in_dictionary(word) and (end := _FINAL_PARTICLE.search(word)):
            tagged.extend([*_tagged(word[: end.start()]), (end.group(), "y")])  # "单咯": a particle glued on
        elif _said_twice(word, flag):
            tagged.append((word, "v"))
        elif word == "儿" and tagged and has_cjk(tagged[-1][0]):
            tagged[-1] = (tagged[-1][0] + word, tagged[-1][1])  # "那边" + "儿": the -r ending is no word of its own
        else:
            tagged.append((word, flag))
    return tagged


def _said_twice(word: str, flag: str) -> bool:
    """A verb said twice for "a little" ("比比", "比一比"), which jieba tags as a person's name or not at all; a
    doubled noun it knows ("泡泡") stays a noun."""
    doubled = word[0] == word[-1] and (len(word) == 2 or (len(word) == 3 and word[1] == "一"))
    unknown = flag.startswith("nr") or flag in ("x", "nz")
    return len(word) > 1 and doubled and unknown and pos.chinese_tags(word[0])[0][1].startswith(("v", "p"))


_SAID_ABOUT = ("v", "a", "y", "e", "o", "u", "w", "x")
_SAID_ENDING = re.compile(r"(?:[了啦咯喽]|开来|起来|出来|下来|过来)$")  # "不早了", "拆开来": a set phrase, no name


def _phrase(words: list[tuple[str, str]], *, strict: bool) -> str | None:
    """The noun phrase of tagged `words`, or None: a measure word before it and what is said about it after it
    (a verb, an adjective, a particle: "个序", "卖的贼好", "多少钱啊") are no part of it; it has two characters or
    more and names no people ("家人们", "宝子们"). Strict (a leftover run): a leading verb is no part of it either,
    and it needs a noun that is no verbal noun ("变化", "增长" name no thing), of ten characters at most. Lenient
    (the words said where a name goes): any word outside the vocabulary will do, a vocabulary modifier stays part
    of the name ("登山杖", "露营灯" in a store that sells neither)."""
    while words and (words[0][1] in ("m", "q") or (strict and words[0][1].startswith("v") and words[0][1] != "vn")):
        words = words[1:]
    while words and _said_about(*words[-1]):
        words = words[:-1]
    text = "".join(word for word, _ in words)
    if len(text) < 2 or any(word.endswith(_PEOPLE) for word, _ in words):
        return None
    if strict:
        noun = any(flag.startswith(_NOUN_TAGS) and flag != "vn" for _, flag in words)
        return text if noun and len(text) <= MAX_ZH_CHARS else None
    if all(word in _known_zh() for word, _ in words) or (len(words) == 1 and words[0][1] == "vn"):
        return None
    return text


def _said_about(word: str, flag: str) -> bool:
    return (flag.startswith(_SAID_ABOUT) and flag != "vn") or (flag in ("l", "i") and bool(_SAID_ENDING.search(word)))


def _chinese_phrase(run: list[tuple[str, str]]) -> list[str]:
    found = _phrase(run, strict=True)
    return [found] if found else []


def chinese_name_like(candidate: str) -> bool:
    """Whether the Chinese words said where a product's name goes ("X今年卖得怎么样") can name a thing sold: the
    lenient reading of `_phrase`."""
    return _phrase(_tagged(candidate), strict=False) is not None


@cache
def _known_zh() -> frozenset[str]:
    """The generic nouns of `function_words.yaml` and every word (by jieba) of the Chinese written in the
    vocabulary files ("渠道" of "按渠道")."""
    words = {str(w) for w in _function_words()["generic_zh"]}
    for text in _vocabulary_strings():
        for run in re.findall(r"[\u3400-\u9fff]+", text):
            words.update(word for word in pos.chinese_words(run) if len(word) > 1)
    return frozenset(words)
