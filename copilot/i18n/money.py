"""Money as a merchant reads it: the merchant's currency, written the way the reply's language writes it.

One rule everywhere (answers, approval cards, campaign plans, charts, creatives), from Babel's CLDR data:
the reply language picks the locale (`zh` → zh_CN, anything else → en_US) and the locale picks the symbol,
so a currency the reader's locale calls its own gets the bare sign and another one is told apart:

    format_money(1234.5, "CNY", "zh") == "¥1,234.50"      format_money(179.14, "USD", "zh") == "US$179.14"
    format_money(1234.5, "CNY", "en") == "CN¥1,234.50"    format_money(179.14, "USD", "en") == "$179.14"

Amounts are rounded half up to the currency's own digits (2 for CNY/USD, 0 for JPY). The compact form
is for chart ticks and bar labels, in whole units: "¥12.3万" in Chinese, "$123.5K" in English.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import (
    format_compact_currency,
    format_currency,
    get_currency_precision,
    get_currency_symbol,
)

LOCALES = {"zh": "zh_CN", "en": "en_US"}
DEFAULT_CURRENCY = "CNY"
COMPACT_FROM = 10_000
SMALL_BELOW = 100


def locale_for(lang: str) -> str:
    """The Babel locale of a reply language ("zh" or "en"; anything else reads as English)."""
    return LOCALES.get(lang, LOCALES["en"])


def _code(currency: str | None) -> str:
    code = (currency or "").strip().upper()
    return code or DEFAULT_CURRENCY


def _amount(amount: Decimal | float | int | str, code: str) -> Decimal:
    try:
        value = Decimal(str(amount))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount of money: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount of money: {amount!r}")
    return value.quantize(Decimal(1).scaleb(-get_currency_precision(code)), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | float | int | str, currency: str | None, lang: str, *, signed: bool = False) -> str:
    """`amount` in `currency` (ISO 4217; empty means CNY) for a reply in `lang`, e.g. "US$179.14" in Chinese;
    `signed` writes a plus before a gain ("+$12.00"), as changes are shown."""
    code = _code(currency)
    value = _amount(amount, code)
    shown = format_currency(value, code, locale=locale_for(lang))
    return f"+{shown}" if signed and value > 0 else shown


def format_money_compact(amount: Decimal | float | int | str, currency: str | None, lang: str) -> str:
    """A short form for chart ticks and bar labels: "¥12.49" below 100 (the currency's own decimals, so an average
    order value's ticks stay apart), whole units up to 10,000 ("¥9,999"), scaled above ("¥12.3万" / "$12.3K")."""
    code = _code(currency)
    exact = _amount(amount, code)
    locale = locale_for(lang)
    if abs(exact) < SMALL_BELOW:
        return format_currency(exact, code, locale=locale)
    value = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if abs(value) >= COMPACT_FROM:
        return format_compact_currency(value, code, locale=locale, fraction_digits=1)
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    whole = re.sub(r"\.0+", "", pattern)
    return format_currency(value, code, format=whole, locale=locale, currency_digits=False)


def currency_symbol(currency: str | None, lang: str) -> str:
    """The sign a reader of `lang` sees for `currency`: "¥"/"US$" in Chinese, "CN¥"/"$" in English."""
    return get_currency_symbol(_code(currency), locale=locale_for(lang))
