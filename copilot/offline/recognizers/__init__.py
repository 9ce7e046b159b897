"""Recognizers of the offline model: typed entities with the span of the words that said them.

`time.recognise_period` reads periods (points, ranges, quarters, halves, weeks, relative days/weeks/months/years,
festival days, "same period last year") against the merchant's clock; `money.find_money` reads amounts.
"""

from copilot.offline.recognizers.entity import Entity

__all__ = ["Entity"]
