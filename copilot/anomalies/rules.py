"""The detector's vocabulary and rules (``anomalies.yaml``), loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

from copilot.yaml_data import load_yaml

Scope = Literal["product", "category"]
Direction = Literal["both", "drop", "spike"]
Kind = Literal["drop", "spike"]

RULES_FILE = Path(__file__).with_name("anomalies.yaml")
MIN_DAYS, MAX_DAYS = 7, 180
MAX_TOP = 50
BASE_METRICS = ("units", "gmv", "paid_lines", "refunded_lines", "lines")
PLURAL = {"product": "products", "category": "categories"}
COUNT = "paid_lines"  # the detected daily count: paid orders holding the product


@cache
def rules() -> dict[str, Any]:
    """The detector's rules and words, loaded once from ``anomalies.yaml``."""
    with RULES_FILE.open(encoding="utf-8") as fh:
        return load_yaml(fh)
