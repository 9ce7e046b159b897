"""Formatting for people: money in the merchant's currency, in the language the merchant wrote in."""

from copilot.i18n.language import Lang, language_of
from copilot.i18n.money import currency_symbol, format_money, format_money_compact, locale_for

__all__ = ["Lang", "currency_symbol", "format_money", "format_money_compact", "language_of", "locale_for"]
