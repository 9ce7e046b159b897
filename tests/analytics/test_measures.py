"""One definition of a sale: the domain modules (campaign history, anomaly series, customer profiles, promotion
history), the compiled metrics and the offline SQL templates all count the orders that ``metrics.yaml``
``counted`` names, so changing it there changes every one of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from copilot.analytics.measures import measure
from copilot.analytics.metrics import MetricError, MetricRequest, compile_metric, definitions
from copilot.anomalies.queries import daily_sales
from copilot.calendar.periods import resolve_period
from copilot.campaigns.history import _funnel
from copilot.offline.sql_templates import template_sql
from copilot.promotion.history import load_history
from copilot.segments import state
from copilot.segments.copies import decode
from copilot.segments.profiles import EVENT_KINDS
from copilot.segments.rebuild import _load_paid_items, _load_paid_orders
from copilot.store import Store
from copilot.store.models import Customer, Order, OrderItem
from tests.tools.sales_data import FIRST_DAY, LAST_DAY, build_sales_store

MERCHANT = "m_a"
NOW = datetime(2026, 11, 21, tzinfo=UTC)


@pytest.fixture
def sales(empty_store: Store) -> Iterator[Store]:
    build_sales_store(empty_store)
    yield empty_store


def _by_hand(store: Store, statuses: tuple[str, ...]) -> dict[str, float]:
    """GMV, orders, item amounts and units of the merchant's orders in ``statuses``, summed in Python."""
    with store.session() as session:
        totals = session.execute(
            select(Order.total_amount).where(Order.merchant_id == MERCHANT, Order.status.in_(statuses))
        ).scalars()
        lines = session.execute(
            select(OrderItem.amount, OrderItem.quantity)
            .join(Order, Order.id == OrderItem.order_id)
            .where(Order.merchant_id == MERCHANT, Order.status.in_(statuses))
        ).all()
    amounts = [float(t) for t in totals]
    return {
        "gmv": round(sum(amounts), 2),
        "orders": len(amounts),
        "item_gmv": round(sum(float(a) for a, _ in lines), 2),
        "units": sum(int(q) for _, q in lines),
    }


def _profile_states(store: Store) -> dict[str, float]:
    with store.engine.connect() as conn:
        customers = conn.execute(select(Customer.id).where(Customer.merchant_id == MERCHANT)).scalars().all()
        blobs = state.compute_states(
            conn,
            MERCHANT,
            [*customers, state.GUEST],
            NOW,
            dict.fromkeys(EVENT_KINDS, 1.0),
            30.0,
            state.Items(conn, MERCHANT),
        )
    _, parts = decode(list(blobs.values()))
    return {"gmv": round(float(parts["order_total"][1].sum()), 2), "units": int(parts["bought_qty"][1].sum())}


def _domain_numbers(store: Store) -> dict[str, dict[str, float]]:
    with store.session() as session:
        funnel = _funnel(session, MERCHANT, None, FIRST_DAY, LAST_DAY)
        promotion = load_history(session, MERCHANT)
    with store.engine.connect() as conn:
        series = list(daily_sales(conn, MERCHANT, FIRST_DAY, LAST_DAY + timedelta(days=1)))
        customer_gmv = _load_paid_orders(conn, MERCHANT, datetime(2025, 1, 1, tzinfo=UTC), NOW)
        customer_units = _load_paid_items(conn, MERCHANT, NOW)
    assert promotion is not None
    return {
        "campaigns": {"gmv": round(funnel.gmv, 2), "orders": funnel.orders},
        "anomalies": {
            "item_gmv": round(sum(float(r.gmv) for r in series), 2),
            "units": sum(int(r.units) for r in series),
        },
        "segments.rebuild": {
            "gmv": round(sum(float(total) for _, total in customer_gmv), 2),
            "units": sum(int(q) for _, _, q in customer_units),
        },
        "segments.state": _profile_states(store),
        "promotion": {"gmv": round(float(np.sum(promotion.gmv)), 2)},
    }


def _agrees(numbers: dict[str, dict[str, float]], paid: dict[str, float], booked: dict[str, float]) -> None:
    for module, values in numbers.items():
        expected = booked if module == "promotion" else paid
        assert values == {name: expected[name] for name in values}, module


def test_the_domain_modules_count_the_orders_metrics_yaml_names(sales: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    paid, booked = _by_hand(sales, ("paid",)), _by_hand(sales, ("paid", "refunded"))
    assert paid["gmv"] < booked["gmv"] and paid["units"] < booked["units"]
    _agrees(_domain_numbers(sales), paid, booked)

    # One place changes every module: refunded orders counted as sales, the promotion model's "booked" as paid.
    monkeypatch.setitem(definitions()["counted"], "paid", ["paid", "refunded"])
    monkeypatch.setitem(definitions()["counted"], "booked", ["paid"])
    _agrees(_domain_numbers(sales), paid=booked, booked=paid)


def test_metrics_and_sql_templates_render_the_same_counted_orders(monkeypatch: pytest.MonkeyPatch) -> None:
    period = resolve_period("last month", date(2026, 11, 20))
    gmv = compile_metric(MetricRequest(metric="gmv", period=period), dialect="sqlite").sql
    template = template_sql({"template": "repeat_customers"}, date(2026, 11, 20), "sqlite") or ""
    assert "o.status = 'paid' AND" in gmv and "WHERE o.status = 'paid'" in template

    monkeypatch.setitem(definitions()["counted"], "paid", ["paid", "refunded"])
    gmv = compile_metric(MetricRequest(metric="gmv", period=period), dialect="sqlite").sql
    template = template_sql({"template": "repeat_customers"}, date(2026, 11, 20), "sqlite") or ""
    assert "o.status = 'paid'" not in gmv + template
    assert "o.status IN ('paid', 'refunded') AND" in gmv and "WHERE o.status IN ('paid', 'refunded')" in template
    assert "orders.status IN" in str(measure("gmv").counted)


def test_an_unknown_measure_or_status_list_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(MetricError, match="unknown measure 'margin'"):
        measure("margin")
    monkeypatch.setitem(definitions()["counted"], "paid", ["paid'; DROP TABLE orders; --"])
    with pytest.raises(MetricError, match="plain status words"):
        measure("gmv")


def test_a_measure_totals_its_counted_rows_or_a_conditional_part_of_them(sales: Store) -> None:
    orders, gmv = measure("paid_orders"), measure("gmv")
    with sales.engine.connect() as conn:
        count, total = conn.execute(
            select(orders.total(), gmv.total()).where(Order.merchant_id == MERCHANT, gmv.counted)
        ).one()
        per_channel = conn.execute(
            select(gmv.total_if(Order.channel == "live")).where(Order.merchant_id == MERCHANT)
        ).scalar_one()
    expected = _by_hand(sales, ("paid",))
    assert (count, round(float(total), 2)) == (expected["orders"], expected["gmv"])
    assert 0 < float(per_channel) < float(total)


@pytest.mark.parametrize("name", list(definitions()["measures"]))
def test_every_measure_of_metrics_yaml_builds(name: str) -> None:
    built = measure(name)
    assert built.name == name and "orders.status" in str(built.counted)
