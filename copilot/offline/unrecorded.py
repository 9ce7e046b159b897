"""Who buys an item, asked with a trait the store does not record ("防晒衣主要哪些人在买 男的多还是女的多", "who buys
the stroller, mostly men or women?"): the trait is said to be unrecorded, and the buyers of that item are shown by
what is recorded of them (their age band), never the whole store's customers nor a guess."""

from __future__ import annotations

import re
from typing import Any

from copilot.offline.findings import Findings, put

_BUYERS = re.compile(
    r"(哪些|什么|啥|哪类|哪种|谁)[^,，。?？]{0,4}(人|客户|顾客|买家|用户|customers?|buyers?)?[^,，。?？]{0,3}在?(买|购买|下单)"
    r"|买(了|过)?[^,，。?？]{0,12}的(人|客户|顾客|买家)|(客户|顾客|买家|customers?|buyers?)[^,，。?？]{0,6}(在买|买得|买的)"
    r"|\bwho (buys|bought|is buying|are buying|purchases)\b|\b(buyers|customers|shoppers) (of|for|who (buy|bought))\b"
)


def recorded_of_buyers(f: Findings) -> dict[str, Any] | None:
    """The slots of the buyers of the item the words name, by age band, with the trait said unrecorded; None when
    the words name no item of the store or ask of no buyers."""
    if not (f.catalog.product or f.catalog.category) or not _BUYERS.search(f.norm):
        return None
    slots: dict[str, Any] = {"question": f.text.strip(), "template": "buyers_by_age_band", "unrecorded": True}
    product = f.catalog.product or f.catalog.only_member  # a category of one product ("防晒衣"): that product
    put(slots, "product", product)
    put(slots, "category", None if product else f.catalog.category)
    put(slots, "period", f.period)
    return slots
