"""The offline model's SQL templates for questions no named metric answers (data/sql_templates.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from copilot.analytics.metrics import channel_value, counted_sql
from copilot.calendar.periods import Period, resolve_period
from copilot.offline.age_bands import ages_sql
from copilot.offline.catalog_filters import filters_sql, filters_text
from copilot.offline.lapse import lapse_start
from copilot.yaml_data import load_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def sql_templates() -> dict[str, dict[str, Any]]:
    with (DATA_DIR / "sql_templates.yaml").open(encoding="utf-8") as fh:
        return dict(load_yaml(fh))


_OTHER_ALIASES = ("o2", "e", "a")  # a second table dated by the same period: {period_o2}, {period_e}, {period_a}


def template_sql(slots: dict[str, Any], today: date, dialect: str) -> str | None:
    """The SQL of the template nlu.parse recognised, filled with integers and ISO dates only."""
    template = _template_for(slots)
    if template is None:
        return None
    sql = str(template.get(f"sql_{dialect}") or template["sql"])
    more_than = int(slots.get("more_than") or 1)
    period = ""
    others = {f"period_{alias}": "" for alias in _OTHER_ALIASES}
    if slots.get("period") and template.get("period_alias"):
        window = resolve_period(str(slots["period"]), today)
        start, end = window.start.isoformat(), window.end.isoformat()

        column = str(template.get("period_column") or "created_at")
        columns = dict(template.get("period_columns") or {})  # another table's date column ({a: date})

        def bounds(alias: str, column: str) -> str:
            return f" AND {alias}.{column} >= '{start}' AND {alias}.{column} < '{end}'"

        period = bounds(str(template["period_alias"]), column)
        others = {f"period_{alias}": bounds(alias, str(columns.get(alias, column))) for alias in _OTHER_ALIASES}
    paid = {"paid_o": counted_sql("paid", "o"), "paid": counted_sql("paid", ""), "booked_o": counted_sql("booked", "o")}
    paid["paid_o2"] = counted_sql("paid", "o2")
    top = int(slots.get("top") or 15)
    scope = _scope(template, slots)
    region = _region(template, slots)
    channel = _channel(template, slots)
    rate = _rate_window(template, slots, today)
    filled = sql.format(
        more_than=more_than,
        period=period,
        **others,
        top=top,
        scope=scope,
        region=region,
        channel=channel,
        filters=filters_sql(slots.get("filters")) if template.get("filters") else "",
        **paid,
        **({} if rate is None else rate.placeholders()),
        **_lapse(template, slots, today),
        ages=ages_sql(slots.get("ages")) if template.get("ages") else "",
    )
    return " ".join(filled.split())


def _lapse(template: dict[str, Any], slots: dict[str, Any], today: date) -> dict[str, str | int]:
    """{lapse_days} and {lapse_start} of a template with `lapse_days`: the days the question says, else its own."""
    if not template.get("lapse_days"):
        return {}
    days = int(slots.get("lapse_days") or template["lapse_days"])
    return {"lapse_days": days, "lapse_start": lapse_start(today, days)}


@dataclass(frozen=True)
class _RateWindow:
    """The days a template with `rate_days` reads a rate of sale over (stock cover: stock ÷ units a day)."""

    period: Period

    @property
    def days(self) -> int:
        return (self.period.end - self.period.start).days

    def placeholders(self) -> dict[str, str | int]:
        start, end = self.period.start.isoformat(), self.period.end.isoformat()
        return {"rate_start": start, "rate_end": end, "rate_days": self.days}


def _rate_window(template: dict[str, Any], slots: dict[str, Any], today: date) -> _RateWindow | None:
    """The period the question names, else the last `rate_days` days; None for a template without a rate."""
    if not template.get("rate_days"):
        return None
    spec = str(slots.get("period") or f"last_{int(template['rate_days'])}_days")
    return _RateWindow(resolve_period(spec, today))


def takes_scope(name: str) -> bool:
    """Whether the template `name` (or the one it answers by day) narrows to a product or category."""
    template = sql_templates().get(name) or {}
    return bool(template.get("scope") or template.get("scoped"))


def names_one_item(name: str) -> bool:
    """Whether the template `name` asks of one item by name (`names_item`: "鸟笼还有货吗", "X售价多少"), so that a name
    the words leave unexplained is that item, said to be unsold when the store has none."""
    return bool((sql_templates().get(name) or {}).get("names_item"))


def takes_filters(name: str) -> bool:
    """Whether the template `name` reads the bounds a question sets on the products table ("库存少于200件的")."""
    return bool((sql_templates().get(name) or {}).get("filters"))


def takes_ages(name: str) -> bool:
    """Whether the template `name` narrows to the buyers of the ages a question names ("50+的客户")."""
    return bool((sql_templates().get(name) or {}).get("ages"))


def takes_region(name: str) -> bool:
    """Whether the template `name` narrows to the customers of the regions a question names."""
    return bool((sql_templates().get(name) or {}).get("region"))


def _region(template: dict[str, Any], slots: dict[str, Any]) -> str:
    """The region filter of a template with `region`: the store's own region names the catalog resolver found (a value
    with a quote or backslash is none), on the customers' region column or on the customer id of the row."""
    spec = template.get("region") or {}
    names = [n.strip() for n in str(slots.get("region") or "").split(",") if n.strip()]
    if not spec or not names or any("'" in n or "\\" in n for n in names):
        return ""
    listed = ", ".join(f"'{n}'" for n in names)
    if "column" in spec:
        return f" AND {spec['column']} IN ({listed})"
    return f" AND {spec['customer_id']} IN (SELECT rc.id FROM customers rc WHERE rc.region IN ({listed}))"


def takes_channel(name: str) -> bool:
    """Whether the template `name` narrows to the channels a question names (the ad platform's report)."""
    return bool((sql_templates().get(name) or {}).get("channel"))


def _channel(template: dict[str, Any], slots: dict[str, Any]) -> str:
    """The channel filter of a template with `channel`: the stored channel values named (never the user's words)."""
    column = template.get("channel")
    names = [n.strip() for n in str(slots.get("channel") or "").split(",")]
    stored = [n for n in names if n and channel_value(n) == n]
    if not column or not stored:
        return ""
    listed = ", ".join(f"'{v}'" for v in stored)
    return f" AND {column} IN ({listed})"


def _scope(template: dict[str, Any], slots: dict[str, Any]) -> str:
    """The product or category filter of a template with `scope`: ids and names of the merchant's own catalog
    (as the catalog resolver found them), quoted as SQL literals; a value with a quote or backslash is no catalog
    value and is not used."""
    scope = template.get("scope") or {}
    product, category = slots.get("product"), slots.get("category")
    if not scope or not (product or category):
        return ""
    values = [str(product)] if product else [c.strip() for c in str(category).split(",") if c.strip()]
    if any("'" in v or "\\" in v for v in values):
        return ""
    listed = ", ".join(f"'{v}'" for v in values)
    ids = listed if product else f"SELECT pc.id FROM products pc WHERE pc.category IN ({listed})"
    if "order_id" in scope:
        return f" AND {scope['order_id']} IN (SELECT oi.order_id FROM order_items oi WHERE oi.product_id IN ({ids}))"
    return f" AND {scope['product_id']} IN ({ids})"


def template_title(slots: dict[str, Any], lang: str, today: date | None = None) -> str | None:
    """The heading of a template's answer, with the period it covered (its dates; "all time" when a template
    that takes a period was asked with none)."""
    template = _template_for(slots)
    if template is None:
        return None
    rate = _rate_window(template, slots, today) if today is not None else None
    label = "" if rate is None else (rate.period.label_zh if lang == "zh" else rate.period.label_en)
    lapse = int(slots.get("lapse_days") or template.get("lapse_days") or 0)
    title = str(template["title"][lang]).format(
        more_than=int(slots.get("more_than") or 1),
        rate_days=0 if rate is None else rate.days,
        rate_label=label,
        lapse_days=lapse,
    )
    named = [slots.get("product_title") or slots.get("category")] if template.get("scope") else []
    named += [slots.get("region")] if template.get("region") else []
    named += [filters_text(slots.get("filters"), lang)] if template.get("filters") else []
    named += [slots.get("ages")] if template.get("ages") else []
    said = ", ".join(str(n) for n in named if n)
    if said:
        title += f"（{said}）" if lang == "zh" else f" ({said})"
    if not template.get("period_alias") or today is None:
        return title
    if not slots.get("period"):
        return title + ("，全部时间" if lang == "zh" else ", all time")
    window = resolve_period(str(slots["period"]), today)
    return title + " " + (window.label_zh if lang == "zh" else window.label_en)


def dated(name: str) -> str:
    """The template a question of template `name` is answered with when it names a period ("how many customers last
    month": the buyers of that month, not every customer on file)."""
    return str((sql_templates().get(name) or {}).get("with_period") or name)


def _template_for(slots: dict[str, Any]) -> dict[str, Any] | None:
    """The template nlu.parse recognised, or the one it names for a question that names a period."""
    template = sql_templates().get(str(slots.get("template") or ""))
    if template is not None and (slots.get("product") or slots.get("category")) and template.get("scoped"):
        template = sql_templates()[str(template["scoped"])]  # its figure read from the order lines of those items
    if template is not None and slots.get("period") and template.get("with_period"):
        return sql_templates()[str(template["with_period"])]
    by = slots.get("by")
    if template is not None and by and template.get(f"by_{by}"):
        return sql_templates()[str(template[f"by_{by}"])]
    return template


def unread_scope(slots: dict[str, Any]) -> list[str]:
    """The product, category and region names a question's slots hold that the template answering it does not read
    ("复购率" then "只算猫砂" on a template without scope): its answer says they were left out, never silently."""
    template = _template_for(slots) or {}
    said = [] if template.get("scope") else [slots.get("product_title") or slots.get("category")]
    said += [] if template.get("region") else [slots.get("region")]
    return [str(s) for s in said if s]


def takes_by(name: str, by: str | None) -> bool:
    """Whether the template `name` has a version broken down by `by` ("by_day", "by_month", "by_category")."""
    return bool(by) and bool((sql_templates().get(name) or {}).get(f"by_{by}"))
