"""Numbers in merchants' words: Chinese numerals to digits, and money amounts ("3万", "2.5w", "30k")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from copilot.offline.lexicon import lexicon
from copilot.offline.recognizers.money import find_money

_POWERS = set("十百千万亿拾佰仟")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")


@cache
def _numeral_run() -> re.Pattern[str]:
    return re.compile(f"[{lexicon().raw['numerals']['chars']}]+")


def _should_convert(text: str, start: int, end: int) -> bool:
    spec = lexicon().raw["numerals"]
    run = text[start:end]
    if any(text[max(0, start - 1) : end + 1].find(word) >= 0 for word in spec["keep_words"] if len(word) <= 3):
        return False
    if start > 0 and text[start - 1].isdigit():
        return False
    after = text[end:]
    before = text[:start]
    if any(after.startswith(word) for word in spec["measure_words"]):
        return True
    if any(before.endswith(word) for word in spec["prefixes"]):
        return True
    return len(run) >= 2 and any(ch in _POWERS for ch in run)


def _to_digits(run: str) -> str | None:
    import cn2an  # 0.1 s of CPU at import; most questions have no Chinese numeral

    try:
        value = cn2an.cn2an(run, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


@cache
def _rewrites() -> tuple[tuple[re.Pattern[str], str], ...]:
    spec = lexicon().raw["numerals"]
    words = {**spec["rewrites"], **spec["date_rewrites"]}
    return tuple((re.compile(word), said) for word, said in words.items())


def normalise_numerals(text: str) -> str:
    """Write Chinese numerals in digits where they count something ("前三个" -> "前3个", "两万" -> "20000").

    A numeral is converted when a measure word follows it, a cue such as "前"/"预算" precedes it, or it
    holds a power word (十/百/千/万); plain words such as "一下" or "万一" are left alone. Words that say a
    numeral with its measure word ("俩" two of, "fortnight" two weeks) are written out first.
    """
    for word, said in _rewrites():
        text = word.sub(said, text)
    text = _decimal_place().sub(_decimal_digits, text)
    out: list[str] = []
    last = 0
    for match in _numeral_run().finditer(text):
        start, end = match.span()
        if not _should_convert(text, start, end):
            continue
        digits = _to_digits(match.group())
        if digits is None:
            continue
        out.append(text[last:start])
        out.append(_with_place(match.group(), digits, text[end:]))
        last = end
    out.append(text[last:])
    return "".join(out)


@cache
def _decimal_place() -> re.Pattern[str]:
    chars = lexicon().raw["numerals"]["chars"]
    return re.compile(f"(?<![{chars}\\d])[{chars}]+点[{chars}]+(?=[万千wk])")


def _decimal_digits(match: re.Match[str]) -> str:
    """A numeral with a decimal point said before 万 or 千 ("一点二万", "三点五千": how an amount is said aloud) in
    digits, its place word left to the money reader ("1.2万"); the 一点 of "一点二万" is no "a little" here."""
    whole, _, part = match.group().partition("点")
    digits, tenths = _to_digits(whole), _to_digits(part)
    if digits is None or tenths is None or not tenths.isdigit():
        return match.group()
    return f"{digits}.{tenths}"


_PLACES = (("万", 10000), ("千", 1000))


def _with_place(run: str, digits: str, after: str) -> str:
    """The digits of a numeral said in 万 or 千 with that place word kept when nothing it counts follows ("一万二"
    -> "1.2万", "八千" -> "8千": an amount as a merchant writes it in digits, read as money without a cue);
    "一万人" and "两千件" stay plain digits, and so do an amount with its own unit ("六千块") and a number not
    said in round 万 or 千 ("一千二百三十四")."""
    spec = lexicon().raw["numerals"]
    if "亿" in run or "." in digits or after.startswith((*spec["measure_words"], *spec["counted"])):
        return digits
    for word, size in _PLACES:
        if word in run and int(digits) >= size and int(digits) % (size // 10) == 0:
            return f"{int(digits) / size:g}{word}"
    return digits


@dataclass(frozen=True)
class _EnglishNumbers:
    run: re.Pattern[str]
    words: dict[str, int]  # with "one", read only inside a run
    scales: dict[str, int]
    centuries: frozenset[str]
    one: re.Pattern[str]
    day_of_month: re.Pattern[str]
    day_before_month: re.Pattern[str]
    ordinals: dict[str, int]
    digits_and_scale: re.Pattern[str]


@cache
def _english() -> _EnglishNumbers:
    spec = lexicon().raw["numerals"]
    words = {str(k): int(v) for k, v in spec["english"].items()}
    scales = {str(k): int(v) for k, v in spec["english_scales"].items()}
    ordinals = {str(k): int(v) for k, v in spec["english_ordinals"].items()}
    word = "|".join(sorted([*words, *scales, "one"], key=len, reverse=True))
    # a run of number words: "thirty thousand", "twenty-five", "two hundred and fifty"; a lone "one" is left alone
    run = re.compile(rf"\b(?:{word})(?:(?:[ -]|\s+and\s+)(?:{word}))*\b")
    units = r"(?:twenty|thirty)[ -](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[ -]first"
    ordinal = "|".join(sorted(ordinals, key=len, reverse=True))
    # "november first" is a day, "november first ten days" the month's first days (`month_days`)
    day_of_month = re.compile(
        rf"\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?) (?:the )?({units}|{ordinal})\b"
        rf"(?![ -]+(?:\d|(?:{word})\b))"
    )
    day_before_month = re.compile(
        rf"\b({units}|{ordinal}) of ((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b"
    )
    centuries = frozenset(str(c) for c in spec["english_centuries"])
    one = re.compile(spec["english_one"])
    # digits with a scale word ("40 thousand", "1.5 million"): one number
    scale = "|".join(sorted(scales, key=len, reverse=True))
    digits_and_scale = re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?)\s*({scale})\b")
    return _EnglishNumbers(
        run, {**words, "one": 1}, scales, centuries, one, day_of_month, day_before_month, ordinals, digits_and_scale
    )


def _run_value(tokens: list[str], numbers: _EnglishNumbers) -> str | None:
    """The digits of a run of number words, or None to leave it as written (a lone "one")."""
    values = numbers.words
    if tokens == ["one"]:
        return None
    pairs: list[int] = []
    for token in tokens:
        if token in numbers.scales:
            break
        if pairs and pairs[-1] % 10 == 0 and pairs[-1] >= 20 and values[token] < 10:
            pairs[-1] += values[token]
        else:
            pairs.append(values[token])
    else:
        if len(pairs) == 2 and tokens[0] in numbers.centuries and 10 <= pairs[1] < 100:
            return str(pairs[0] * 100 + pairs[1])  # a year said in two pairs
    total = current = 0
    for token in tokens:
        if token in numbers.scales:
            scale = numbers.scales[token]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif current % 100 == 0 or (current % 10 == 0 and values[token] < 10):
            current += values[token]
        else:
            return None  # words in a row that make no one number ("two three"): left as written
    return str(total + current)


def _ordinal_digits(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _ordinal_value(said: str, numbers: _EnglishNumbers) -> int:
    return sum(numbers.ordinals.get(word, numbers.words.get(word, 0)) for word in re.split(r"[ -]", said))


def normalise_english_numbers(text: str) -> str:
    """Write English number words in digits ("two weeks" -> "2 weeks"; "thirty thousand" -> "30000"; "twenty twenty
    six" -> "2026"; "december first" -> "december 1", "the third of may" -> "the 3rd of may"; "a week" -> "1 week")."""
    numbers = _english()
    text = numbers.day_of_month.sub(lambda m: f"{m.group(1)} {_ordinal_value(m.group(2), numbers)}", text)
    text = numbers.day_before_month.sub(
        lambda m: f"{_ordinal_digits(_ordinal_value(m.group(1), numbers))} of {m.group(2)}", text
    )

    def digits(match: re.Match[str]) -> str:
        tokens = [t for t in re.split(r"[ -]+", match.group()) if t != "and"]
        value = _run_value(tokens, numbers)
        return match.group() if value is None else value

    text = numbers.digits_and_scale.sub(lambda m: _scaled(m.group(1), numbers.scales[m.group(2)]), text)
    text = numbers.run.sub(digits, text)
    return numbers.one.sub("1 ", text)


def _scaled(said: str, scale: int) -> str:
    value = float(said.replace(",", "")) * scale
    return f"{value:.0f}" if value.is_integer() else f"{value:g}"


def money_amounts(text: str) -> list[int | float]:
    """Amounts of money in normalised text, in order (see `recognizers.money`)."""
    return [entity.value for entity in find_money(text)]


def first_int(text: str) -> int | None:
    """The first whole number in `text`, if any."""
    match = _NUMBER.search(text)
    if match is None:
        return None
    return int(float(match.group()))
