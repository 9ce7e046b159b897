"""The one money formatter: the merchant's currency, written as the reply's language writes it."""

from decimal import Decimal

import pytest

from copilot.i18n import currency_symbol, format_money, format_money_compact


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "shown"),
    [
        (1234.5, "CNY", "zh", "¥1,234.50"),
        (179.14, "USD", "zh", "US$179.14"),
        (1234.5, "CNY", "en", "CN¥1,234.50"),
        (179.14, "USD", "en", "$179.14"),
        (Decimal("30000"), "EUR", "en", "€30,000.00"),
        ("1234567.891", "USD", "en", "$1,234,567.89"),
        (1234.5, "JPY", "zh", "JP¥1,235"),
        (-12.5, "USD", "en", "-$12.50"),
        (0, "cny", "zh", "¥0.00"),
        (5, "", "zh", "¥5.00"),
        (1, "USD", "fr", "$1.00"),
    ],
)
def test_format_money(amount: object, currency: str, lang: str, shown: str) -> None:
    assert format_money(amount, currency, lang) == shown  # type: ignore[arg-type]


def test_format_money_compact() -> None:
    shown = [
        format_money_compact(123456, "CNY", "zh"),
        format_money_compact(123456789, "CNY", "zh"),
        format_money_compact(9999.4, "CNY", "zh"),
        format_money_compact(123456, "USD", "en"),
        format_money_compact(2500.5, "USD", "en"),
        format_money_compact(-2500, "USD", "zh"),
        format_money_compact(2_500_000, "CNY", "en"),
        format_money_compact(0, "JPY", "en"),
    ]
    assert shown == ["¥12.3万", "¥1.2亿", "¥9,999", "$123.5K", "$2,501", "-US$2,500", "CN¥2.5M", "¥0"]


def test_signed_changes() -> None:
    shown = [format_money(v, "USD", "en", signed=True) for v in (12, -12, 0)]
    assert shown == ["+$12.00", "-$12.00", "$0.00"]


def test_half_cents_round_up_like_the_ledger() -> None:
    assert format_money(Decimal("2.345"), "USD", "en") == "$2.35"
    assert format_money(Decimal("2.355"), "USD", "en") == "$2.36"


def test_currency_symbol_depends_on_the_reader() -> None:
    assert (currency_symbol("CNY", "zh"), currency_symbol("USD", "zh")) == ("¥", "US$")
    assert (currency_symbol("CNY", "en"), currency_symbol("USD", "en")) == ("CN¥", "$")


@pytest.mark.parametrize("amount", ["abc", float("nan"), float("inf")])
def test_not_an_amount_is_refused(amount: object) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        format_money(amount, "USD", "en")  # type: ignore[arg-type]


def test_small_amounts_keep_their_cents_so_ticks_stay_apart() -> None:
    ticks = [format_money_compact(v, "CNY", "zh") for v in (10, 10.5, 11, 11.5, 12.49)]
    assert ticks == ["¥10.00", "¥10.50", "¥11.00", "¥11.50", "¥12.49"]
    assert format_money_compact(99.99, "USD", "en") == "$99.99"
    assert format_money_compact(100.4, "USD", "en") == "$100"
