"""What every parser receives: the pseudonymizer, the time zone override and the cross-file state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from copilot.importers.pii import Pseudonymizer
from copilot.importers.records import OrderLine, Rejection, zone


@dataclass
class ParseContext:
    """`timezone` overrides each format's default zone for timestamps without an offset.

    `order_items` holds the lines of a separate item report (Taobao), keyed by order id; a Rejection
    there rejects the order. `mapping` is the generic format's column mapping (generic.py), or an ad
    report's (ads.py); `ad_channel` the channel of ad report rows that name none (`--channel`).
    """

    pseudonymizer: Pseudonymizer
    timezone: str | None = None
    order_items: dict[str, list[OrderLine] | Rejection] = field(default_factory=dict)
    mapping: Any = None
    ad_channel: str | None = None

    def zone(self, default: str) -> tzinfo:
        return zone(self.timezone or default)
