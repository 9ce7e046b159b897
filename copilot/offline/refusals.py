"""Refusals a merchant acts on, said in plain words of their language: a budget the days cannot hold under the
daily cap (what would fit, or how many days it needs), a submitted amount over the draft's budget, the daily cap or
what approved budgets already hold on a day, a channel to drop that the plan does not have, a conversion
asked by or for a channel (its events carry none: what can be given instead), an edit or creatives with no draft
to work on (what to say instead), a region the store has no customers in. Other refusals are passed on as the
tool said them."""

from __future__ import annotations

import re

from copilot.offline.answer_text import channel_names, text

_OVER_CAP = re.compile(
    r"(?P<budget>\S+) over (?P<days>\d+) day\(s\) \((?P<start>[\d-]+) to (?P<end>[\d-]+)\) is (?P<daily>\S+)/day, "
    r"over the daily cap of (?P<cap>\S+)/day; at most (?P<most>\S+) fits these dates, or the campaign needs at "
    r"least (?P<needed>\d+) days"
)
_OVER_TOTAL = re.compile(
    r"(?P<amount>\S+) is over campaign (?P<campaign>\S+?)'s total budget (?P<total>\S+); change the campaign's budget"
)
_OVER_DAILY = re.compile(
    r"(?P<amount>\S+) over (?P<days>\d+) day\(s\) \((?P<start>[\d-]+) to (?P<end>[\d-]+)\) is (?P<daily>\S+)/day, "
    r"over (?P<whose>the merchant's remembered daily cap|the store's daily cap) of (?P<cap>\S+)/day "
    r"\(at most (?P<most>\S+) for these dates\)"
)
_COMMITTED = re.compile(
    r"(?P<amount>\S+) over (?P<days>\d+) day\(s\) is (?P<daily>\S+)/day, but (?P<committed>\S+)/day of .+? is "
    r"already committed on (?P<day>[\d-]+) by approved budgets \((?P<campaigns>[^)]*)\); at most (?P<most>\S+) fits"
)
_EVENTS_WITHOUT_CHANNEL = re.compile(r"\bis computed from events, which carry no channel\b")
_NOT_IN_PLAN = re.compile(r"channel\(s\) (?P<missing>.+?) are not in the plan \(it has (?P<current>[^)]*)\)")
_NOTHING_TO_EDIT = re.compile(r"there is no campaign to edit yet")
_NOTHING_TO_WRITE_FOR = re.compile(r"there is no draft campaign to write creatives for")
_NO_SUCH_REGION = re.compile(r"no customer region matches '(?P<region>[^']+)'")


def plain_refusal(lang: str, error: str) -> str | None:
    """The refusal in the merchant's words, or None when it is not one of these."""
    over = _OVER_CAP.search(error)
    if over:
        return text(lang, "campaign_over_cap", **over.groupdict())
    total = _OVER_TOTAL.search(error)
    if total:
        return text(lang, "budget_over_total", **total.groupdict())
    daily = _OVER_DAILY.search(error)
    if daily:
        whose = "remembered" if "remembered" in daily.group("whose") else "store"
        return text(lang, f"budget_over_daily_{whose}", **{k: v for k, v in daily.groupdict().items() if k != "whose"})
    committed = _COMMITTED.search(error)
    if committed:
        return text(lang, "budget_over_committed", **committed.groupdict())
    absent = _NOT_IN_PLAN.search(error)
    if absent:
        missing, current = (_listed(absent.group(name)) for name in ("missing", "current"))
        return text(lang, "campaign_channel_absent", channels=channel_names(lang, missing),
                    current=channel_names(lang, current))  # fmt: skip
    if _EVENTS_WITHOUT_CHANNEL.search(error):
        return text(lang, "conversion_no_channel")
    if _NOTHING_TO_EDIT.search(error):
        return text(lang, "campaign_nothing_to_edit")
    if _NOTHING_TO_WRITE_FOR.search(error):
        return text(lang, "creatives_no_target")
    region = _NO_SUCH_REGION.search(error)
    if region:  # "香港那边的 sales": the store has no customers there, and no store-wide figure is given instead
        return text(lang, "region_not_found", region=region.group("region"))
    return None


def _listed(listing: str) -> list[str]:
    return [c.strip() for c in listing.split(",") if c.strip()]
