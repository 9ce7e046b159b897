"""The cube of daily figures per product, and the series detected (one product, or one category)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy import Connection

from copilot.anomalies.axis import DayAxis, Window
from copilot.anomalies.promotions import daily_ad_spend
from copilot.anomalies.queries import ProductInfo, daily_sales, daily_views
from copilot.anomalies.rules import BASE_METRICS, Scope, rules
from copilot.store.timestamps import as_date


@dataclass
class Cube:
    """Daily metrics per product on a day axis: 0 on loaded days without sales, NaN on days not loaded."""

    axis: DayAxis
    products: list[ProductInfo]
    data: dict[str, np.ndarray]
    ad_spend: np.ndarray | None = None  # the store's ad spend per day (NaN on days not loaded)

    @classmethod
    def load(cls, conn: Connection, merchant_id: str, products: list[ProductInfo], window: Window) -> Cube:
        ranges = window.loaded_ranges()
        axis = DayAxis(ranges[0][0], (ranges[-1][1] - ranges[0][0]).days)
        row_of = {p.id: i for i, p in enumerate(products)}
        names = [*BASE_METRICS, *(f"ch_{c}" for c in rules()["channels"])]
        loaded = np.zeros(axis.size, dtype=bool)
        for start, end in ranges:
            loaded[axis.index(start) : axis.index(end)] = True
        data = {name: np.where(loaded, 0.0, np.nan)[None, :].repeat(len(products), axis=0) for name in names}
        for start, end in ranges:
            for row in daily_sales(conn, merchant_id, start, end):
                i = row_of.get(row.product_id)
                t = axis.index(as_date(row.day))
                if i is None or not axis.index(start) <= t < axis.index(end):
                    continue
                for name in names:
                    data[name][i, t] += float(getattr(row, name) or 0)
        return cls(axis, products, data, daily_ad_spend(conn, merchant_id, axis, loaded))

    def add_views(
        self, conn: Connection, merchant_id: str, product_rows: Sequence[int], start: date, end: date
    ) -> None:
        """Load view counts of the given products for ``start <= day < end`` (other cells stay NaN)."""
        views = np.full((len(self.products), self.axis.size), np.nan)
        rows = sorted(set(product_rows))
        views[np.ix_(np.array(rows), np.arange(self.axis.index(start), self.axis.index(end)))] = 0.0
        row_of = {self.products[i].id: i for i in rows}
        for row in daily_views(conn, merchant_id, list(row_of), start, end):
            t = self.axis.index(as_date(row.day))
            if self.axis.index(start) <= t < self.axis.index(end):
                views[row_of[row.product_id], t] += float(row.views)
        self.data["views"] = views


@dataclass(frozen=True)
class Series:
    """One assessed series: a product, or a category (``product_id`` None) made of member products."""

    key: str
    product_id: str | None
    title: str | None
    category: str
    members: tuple[int, ...]
    available_from: date
    stock_now: int
    list_price: float


def available_since(products: list[ProductInfo], members: Iterable[int], data_start: date) -> date:
    """The first day a group of products counts as baseline: ``settle_days`` after its first launch, and
    never before the merchant's first order."""
    launches = [products[i].launched for i in members]
    if any(d is None for d in launches):
        return data_start
    settle = timedelta(days=rules()["baseline"]["settle_days"])
    return max(data_start, min(d for d in launches if d is not None) + settle)


def series_of(products: list[ProductInfo], scope: Scope, category: str | None, data_start: date) -> list[Series]:
    chosen = [i for i, p in enumerate(products) if category is None or p.category == category]
    if scope == "product":
        return [
            Series(
                key=products[i].id,
                product_id=products[i].id,
                title=products[i].title,
                category=products[i].category,
                members=(i,),
                available_from=available_since(products, [i], data_start),
                stock_now=products[i].stock,
                list_price=products[i].price,
            )
            for i in chosen
        ]
    by_category: dict[str, list[int]] = {}
    for i in chosen:
        by_category.setdefault(products[i].category, []).append(i)
    return [
        Series(
            key=name,
            product_id=None,
            title=None,
            category=name,
            members=tuple(members),
            available_from=available_since(products, members, data_start),
            stock_now=sum(products[i].stock for i in members),
            list_price=float(np.mean([products[i].price for i in members])),
        )
        for name, members in sorted(by_category.items())
    ]


def membership(groups: Sequence[Sequence[int]], n_products: int) -> np.ndarray:
    matrix = np.zeros((len(groups), n_products))
    for g, members in enumerate(groups):
        matrix[g, list(members)] = 1.0
    return matrix


def sum_rows(matrix: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Row sums of ``values`` per group of ``matrix``; a day not loaded stays NaN."""
    unloaded = np.isnan(values).all(axis=0)
    out = matrix @ np.nan_to_num(values)
    out[:, unloaded] = np.nan
    return out
