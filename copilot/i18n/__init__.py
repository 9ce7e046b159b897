"""Formatting for people: money in the merchant's currency, in the reply's language."""

from copilot.i18n.money import currency_symbol, format_money, format_money_compact, locale_for

__all__ = ["currency_symbol", "format_money", "format_money_compact", "locale_for"]
