"""Variants a product's title carries and a merchant says: a size (M码, size L), a formula stage (1段, stage 2),
how many people a tent sleeps (双人, 3-4人, 2-person), the animal it is for (猫/狗, cat/dog), a volume (40L, 6 L,
150ml) or a weight (2kg, 85g).

A name said with a variant narrows the products it names to those of that variant ("三人帐篷": the 3-4 person
tent); a variant none of them has, while some have a variant of that kind ("2段奶粉" where only 1段 is sold,
"S码纸尿裤" where only M, "狗罐头" where the cans are for cats), means a product the store does not sell: never its
neighbour silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_NUMERALS = {"一": 1, "单": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_SIZES = "xxs|xs|s|m|l|xl|xxl|xxxl|nb"
_N = r"\d+(?:\.\d+)?"

_SAID: dict[str, re.Pattern[str]] = {
    "size": re.compile(rf"\bsize\s*(?P<v>{_SIZES})\b(?<!\bsizes)|(?<![a-z])(?P<w>{_SIZES})\s*(?:码|号|\bsize\b)"),
    "stage": re.compile(
        r"(?<![这那哪每前后上下分整阶手第])(?P<v>[1-4一二三四])\s*段(?!时间|日子|时期|路|话|位|落)|\bstage\s*(?P<w>[1-4])\b"
    ),
    "persons": re.compile(
        r"(?<![\d.])(?P<v>\d(?:\s*[-~到至]\s*\d)?|[一单二两双三四五六七八])\s*人(?!们|份|均|次|群|气|员|家|工|力|口)"
        r"|\b(?P<w>\d(?:\s*-\s*\d)?|one|two|three|four|five|six)[- ](?:person|persons|people|man|men)\b"
    ),
    "litres": re.compile(rf"(?<![\d.])(?P<v>{_N})\s*(?:l(?![a-z])|升|(?:litre|liter)s?\b)(?!\s*(?:码|号|\bsize\b))"),
    "millilitres": re.compile(rf"(?<![\d.])(?P<v>{_N})\s*(?:ml(?![a-z])|毫升)"),
    "animal": re.compile(r"(?P<v>猫|\bcats?\b|\bkitten|狗|犬|\bdogs?\b|\bpupp(?:y|ies)\b)"),
    "grams": re.compile(rf"(?<![\d.])(?P<v>{_N})\s*(?P<u>kg(?![a-z])|公斤|千克|g(?![a-z])|克)"),
}
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True)
class Variant:
    """A kind of variant and the values said or carried (a range "3-4人" carries 3 and 4)."""

    kind: str
    values: frozenset[str]
    said: str = ""


def _number(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    return _NUMERALS.get(text) or _WORD_NUMBERS.get(text)


def _values(kind: str, match: re.Match[str]) -> frozenset[str]:
    raw = (match.group("v") or match.groupdict().get("w") or "").strip()
    if kind == "size":
        return frozenset({raw})
    if kind == "animal":
        return frozenset({"cat" if raw in ("猫", "cat", "cats", "kitten") else "dog"})
    if kind in ("stage", "persons"):
        ends = [n for part in re.split(r"\s*[-~到至]\s*", raw) if (n := _number(part)) is not None]
        return frozenset(str(n) for n in range(min(ends), max(ends) + 1)) if ends else frozenset()
    if kind == "grams":
        grams = float(raw) * (1000 if match.group("u") in ("kg", "公斤", "千克") else 1)
        return frozenset({f"{grams:g}"})
    return frozenset({f"{float(raw):g}"})


def variants(text: str) -> dict[str, Variant]:
    """The variants `text` (lower case) names or carries, by kind (the first of each kind)."""
    found: dict[str, Variant] = {}
    for kind, pattern in _SAID.items():
        for match in pattern.finditer(text):
            values = _values(kind, match)
            if values:
                found[kind] = Variant(kind, values, match.group(0).strip())
                break
    return found


def without(text: str) -> str:
    """`text` without the variants it names ("三人帐篷" -> "帐篷", "s码的纸尿裤" -> "纸尿裤")."""
    for variant in variants(text).values():
        text = re.sub(rf"{re.escape(variant.said)}\s*的?", " ", text, count=1)
    return " ".join(text.split())


@dataclass(frozen=True)
class Narrowed:
    """The products a variant said keeps, or the variant said that none of them has."""

    kept: tuple[str, ...]
    missing: Variant | None = None


def narrow(products: Sequence[tuple[str, str]], said: str) -> Narrowed | None:
    """Narrow `products` ((id, its title text in lower case), several titles joined) by the variants `said` names.
    None when `said` names no variant that any of them carries."""
    asked = variants(said)
    if not asked:
        return None
    carried = {pid: variants(text) for pid, text in products}
    kept = [pid for pid, _ in products]
    touched = False
    for kind, want in asked.items():
        carriers = [pid for pid in kept if kind in carried[pid]]
        if not carriers:
            continue
        touched = True
        fitting = [pid for pid in carriers if carried[pid][kind].values & want.values]
        if not fitting:
            return Narrowed((), want)
        kept = fitting
    return Narrowed(tuple(kept)) if touched else None


def titles(items: Iterable[tuple[str, str, str | None]]) -> list[tuple[str, str]]:
    """(id, the product's Chinese and English titles in lower case) for `narrow`."""
    return [(pid, f"{title} {title_en or ''}".lower()) for pid, title, title_en in items]
