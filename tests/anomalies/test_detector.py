"""detect_sales_anomalies on series built here (known truth) and on the demo store's planted anomalies."""

from __future__ import annotations

import importlib.util
import time as timer
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import event, insert, select

from copilot.anomalies.service import run_detect_sales_anomalies
from copilot.clock import FixedClock, demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.demo.truth import DemoTruthAnomaly
from copilot.store import Store
from copilot.store.models import Event, Merchant, Order, OrderItem, Product
from tools.anomalies import detect_sales_anomalies
from tools.result import ToolRefusal

DATA_START = date(2025, 10, 1)
TODAY = date(2026, 11, 20)
EVENTS_FROM = date(2026, 7, 1)
CHANNELS = ("search", "recommend", "live", "direct")
BASE_MIX = (0.45, 0.3, 0.15, 0.1)
WEEKLY = (0.8, 0.85, 0.9, 1.0, 1.15, 1.55, 1.75)
DEMO_AVAILABLE = importlib.util.find_spec("copilot.demo.build") is not None


def _between(day: date, first: str, last: str) -> bool:
    return date.fromisoformat(first) <= day <= date.fromisoformat(last)


@dataclass
class Plan:
    """One product's generated daily sales: a rate and, per day, price, refund rate and channel mix."""

    id: str
    category: str
    rate: float
    price: float = 100.0
    stock: int = 50
    launched: date = date(2025, 6, 1)
    shape: Callable[[date], float] = lambda day: 1.0
    price_on: Callable[[date], float] = lambda day: 1.0
    refund_on: Callable[[date], float] = lambda day: 0.03
    mix_on: Callable[[date], tuple[float, ...]] = lambda day: BASE_MIX
    views_per_unit: float = 6.0
    buys: Callable[[date], bool] = lambda day: True


@dataclass
class Builder:
    """Rows of a store built from plans with a fixed seed, inserted in bulk."""

    seed: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"o": [], "i": [], "e": [], "p": []})
    merchants: list[dict[str, Any]] = field(default_factory=list)

    def merchant(self, merchant_id: str, plans: list[Plan], first_day: date = DATA_START) -> None:
        rng = np.random.default_rng([self.seed, zlib.crc32(merchant_id.encode())])
        self.merchants.append(
            {"id": merchant_id, "name": merchant_id, "currency": "CNY", "created_at": _at(first_day, 0)}
        )
        for plan in plans:
            self.rows["p"].append(
                {
                    "id": plan.id,
                    "merchant_id": merchant_id,
                    "title": f"title {plan.id}",
                    "category": plan.category,
                    "price": plan.price,
                    "cost": plan.price / 2,
                    "stock": plan.stock,
                    "launched_at": _at(plan.launched, 0),
                }
            )
            day = max(first_day, plan.launched)
            while day <= TODAY:
                self._day(rng, merchant_id, plan, day)
                day += timedelta(days=1)

    def _day(self, rng: np.random.Generator, merchant_id: str, plan: Plan, day: date) -> None:
        mean = plan.rate * WEEKLY_OF.get(merchant_id, (1.0,) * 7)[day.weekday()] * plan.shape(day)
        mean *= rng.gamma(20.0, 1 / 20.0)
        views = rng.poisson(plan.rate * plan.views_per_unit) if day >= EVENTS_FROM else 0
        for k in range(views):
            self.rows["e"].append(
                {
                    "id": f"e_{plan.id}_{day:%Y%m%d}_{k}",
                    "merchant_id": merchant_id,
                    "product_id": plan.id,
                    "kind": "view",
                    "created_at": _at(day, rng.integers(0, 86400)),
                }
            )
        if not plan.buys(day):
            return
        price = round(plan.price * plan.price_on(day), 2)
        for k in range(rng.poisson(mean)):
            order_id = f"o_{plan.id}_{day:%Y%m%d}_{k}"
            quantity = 1 if rng.random() < 0.9 else 2
            status = "refunded" if rng.random() < plan.refund_on(day) else "paid"
            status = "cancelled" if rng.random() < 0.02 else status
            channel = CHANNELS[rng.choice(4, p=plan.mix_on(day))]
            self.rows["o"].append(
                {
                    "id": order_id,
                    "merchant_id": merchant_id,
                    "created_at": _at(day, rng.integers(0, 86400)),
                    "status": status,
                    "channel": channel,
                    "total_amount": price * quantity,
                }
            )
            self.rows["i"].append(
                {
                    "id": f"i{order_id}",
                    "merchant_id": merchant_id,
                    "order_id": order_id,
                    "product_id": plan.id,
                    "quantity": quantity,
                    "unit_price": price,
                    "amount": price * quantity,
                }
            )

    def write(self, store: Store) -> None:
        with store.engine.begin() as conn:
            conn.execute(insert(Merchant), self.merchants)
            conn.execute(insert(Product), self.rows["p"])
            for model, key in ((Order, "o"), (OrderItem, "i"), (Event, "e")):
                for k in range(0, len(self.rows[key]), 20_000):
                    conn.execute(insert(model), self.rows[key][k : k + 20_000])


def _at(day: date, second: int) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=int(second))


def _double11(day: date) -> float:
    peak = {(11, 12): 2.0, (11, 11): 6.0, (11, 10): 4.0, (6, 18): 4.0, (6, 17): 2.0}.get((day.month, day.day))
    if peak:
        return peak
    return 1.4 if (day.month, day.day) >= (11, 1) and (day.month, day.day) < (11, 10) else 1.0


def _growth(day: date) -> float:
    return 1.0 + 0.15 * (day - DATA_START).days / 365


WEEKLY_OF = {"m_weekly": WEEKLY, "m_yearly": WEEKLY, "m_mixed": WEEKLY}

STOCK_OUT = ("2026-11-03", "2026-11-14")
PRICE_CUT = ("2026-11-14", "2026-11-17")
REFUNDS = ("2026-10-28", "2026-11-08")
LIVE = ("2026-11-09", "2026-11-11")


def _plans() -> dict[str, list[Plan]]:
    seasonal = {"shape": lambda d: _double11(d) * _growth(d)}
    live_mix = (0.1, 0.07, 0.8, 0.03)
    return {
        "m_flat": [Plan(f"flat_{i}", "c_flat", rate) for i, rate in enumerate((0.5, 1, 2, 4, 8, 20))],
        "m_weekly": [Plan(f"wk_{i}", "c_week", rate) for i, rate in enumerate((3, 8, 15))],
        "m_yearly": [Plan(f"yr_{i}", "c_year", rate, **seasonal) for i, rate in enumerate((4, 10, 18))],
        "m_new": [
            Plan(f"new_{i}", "c_new", rate, launched=date(2026, 4, 1), **seasonal) for i, rate in enumerate((10, 18))
        ],
        "m_mixed": [
            Plan("mx_stock", "tents", 12, stock=30, buys=lambda d: not _between(d, *STOCK_OUT)),
            Plan(
                "mx_price",
                "poles",
                6,
                price_on=lambda d: 0.7 if _between(d, *PRICE_CUT) else 1.0,
                shape=lambda d: 3.0 if _between(d, *PRICE_CUT) else 1.0,
            ),
            Plan("mx_refund", "jackets", 10, refund_on=lambda d: 0.65 if _between(d, *REFUNDS) else 0.03),
            Plan(
                "mx_live",
                "sunscreen",
                8,
                shape=lambda d: 4.0 if _between(d, *LIVE) else 1.0,
                mix_on=lambda d: live_mix if _between(d, *LIVE) else BASE_MIX,
            ),
            Plan("mx_calm_a", "tents", 9),
            Plan("mx_calm_b", "poles", 3),
        ],
    }


PLANTED = {
    "mx_stock": ("drop", "stock_out", STOCK_OUT),
    "mx_price": ("spike", "price_cut", PRICE_CUT),
    "mx_refund": ("drop", "refunds", REFUNDS),
    "mx_live": ("spike", "channel_shift", LIVE),
}


def _build(store: Store, merchants: list[str], seed: int = 7) -> None:
    plans = _plans()
    builder = Builder(seed)
    for merchant_id in merchants:
        first_day = date(2026, 4, 1) if merchant_id == "m_new" else DATA_START
        builder.merchant(merchant_id, plans[merchant_id], first_day)
    builder.write(store)


@pytest.fixture(scope="module")
def series_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One SQLite store holding every generated merchant (built once for the module)."""
    path = tmp_path_factory.mktemp("anomalies") / "series.db"
    store = Store.open(f"sqlite:///{path}")
    _build(store, list(_plans()))
    yield store
    store.close()


def _ctx(store: Store, merchant_id: str, day: date = TODAY) -> Context:
    return Context(merchant_id=merchant_id, store=store, settings=Settings(), clock=FixedClock.on(day))


def _detect(store: Store, merchant_id: str, **kwargs: Any) -> dict[str, Any]:
    return run_detect_sales_anomalies(_ctx(store, merchant_id), **kwargs).payload


def _overlaps(item: dict[str, Any], first: str, last: str) -> bool:
    return item["start"] <= last and item["end"] >= first


# ------------------------------------------------------------------------------------------ no false alarms


@pytest.mark.parametrize("merchant_id", ["m_flat", "m_weekly", "m_yearly"])
def test_regular_series_flag_nothing(series_store: Store, merchant_id: str) -> None:
    payload = _detect(series_store, merchant_id, days=90, top=50)
    assert payload["assessed"] == payload["series"] > 0
    assert payload["anomalies"] == []


def test_recurring_double11_peak_is_expected_only_with_last_year(series_store: Store) -> None:
    with_history = _detect(series_store, "m_yearly", days=20, direction="spike")
    without_history = _detect(series_store, "m_new", days=20, direction="spike")
    assert with_history["found"] == 0
    assert without_history["found"] >= 1
    assert all(_overlaps(a, "2026-11-10", "2026-11-11") for a in without_history["anomalies"])


def test_category_scope_of_regular_series_flags_nothing(series_store: Store) -> None:
    payload = _detect(series_store, "m_yearly", days=90, scope="category")
    assert payload["series"] == 1
    assert payload["anomalies"] == []


# ------------------------------------------------------------------------------------------ planted anomalies


@pytest.fixture(scope="module")
def mixed(series_store: Store) -> dict[str, Any]:
    return _detect(series_store, "m_mixed", days=45, top=50)


@pytest.mark.parametrize("product_id", sorted(PLANTED))
def test_planted_anomaly_found_with_kind_cause_and_window(mixed: dict[str, Any], product_id: str) -> None:
    kind, cause, (first, last) = PLANTED[product_id]
    hits = [a for a in mixed["anomalies"] if a["product_id"] == product_id]
    assert len(hits) == 1, mixed["anomalies"]
    hit = hits[0]
    assert (hit["kind"], hit["cause"]) == (kind, cause), hit["evidence"]
    assert _overlaps(hit, first, last)
    planted_days = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    assert hit["days"] >= planted_days - 2


def test_planted_anomalies_lead_and_false_alarms_are_rare(mixed: dict[str, Any]) -> None:
    ranked = [a["product_id"] for a in mixed["anomalies"]]
    assert sorted(ranked[: len(PLANTED)]) == sorted(PLANTED)
    assert len(ranked) - len(PLANTED) <= 1, mixed["anomalies"]


def test_anomaly_numbers_are_consistent(mixed: dict[str, Any]) -> None:
    for item in mixed["anomalies"]:
        assert item["impact_gmv"] == pytest.approx(item["actual_gmv"] - item["expected_gmv"], abs=0.02)
        if item["kind"] == "drop":
            assert item["actual_units"] < item["expected_units"] and item["impact_gmv"] < 0 and item["z"] < 0
        else:
            assert item["actual_units"] > item["expected_units"] and item["impact_gmv"] > 0 and item["z"] > 0
    scores = [a["score"] for a in mixed["anomalies"]]
    assert scores == sorted(scores, reverse=True)
    assert all(a["score"] == pytest.approx(abs(a["impact_gmv"] * a["z"]), rel=0.01) for a in mixed["anomalies"])


def test_stock_out_evidence(mixed: dict[str, Any]) -> None:
    stock = next(a for a in mixed["anomalies"] if a["product_id"] == "mx_stock")
    evidence = stock["evidence"]
    assert stock["actual_units"] <= 0.35 * stock["expected_units"]
    assert stock["start"] <= STOCK_OUT[0] and stock["end"] >= STOCK_OUT[1]
    assert evidence["views_during"] > 0.5 * evidence["views_before"]
    assert evidence["conversion_during"] < 0.35 * evidence["conversion_before"]
    assert 0 <= stock["actual_gmv"] < 0.35 * stock["expected_gmv"]


def test_price_cut_evidence(mixed: dict[str, Any]) -> None:
    spike = next(a for a in mixed["anomalies"] if a["product_id"] == "mx_price")
    assert -0.32 <= spike["evidence"]["price_change"] <= -0.1
    assert spike["evidence"]["price_before"] == pytest.approx(100.0)


def test_direction_filter_and_top(series_store: Store) -> None:
    drops = _detect(series_store, "m_mixed", days=45, direction="drop")
    assert all(a["kind"] == "drop" for a in drops["anomalies"])
    assert [a["product_id"] for a in drops["anomalies"]][:2] == ["mx_stock", "mx_refund"]
    top1 = _detect(series_store, "m_mixed", days=45, top=1)
    assert len(top1["anomalies"]) == 1 and top1["found"] >= len(PLANTED)
    assert top1["anomalies"][0]["product_id"] == "mx_stock"


def test_category_filter_and_category_scope(series_store: Store) -> None:
    tents = _detect(series_store, "m_mixed", days=45, category="TENTS")
    assert {a["category"] for a in tents["anomalies"]} == {"tents"}
    assert tents["anomalies"][0]["product_id"] == "mx_stock"
    assert tents["series"] == 2
    by_category = _detect(series_store, "m_mixed", days=45, scope="category", direction="drop")
    assert "jackets" in {a["category"] for a in by_category["anomalies"]}
    assert all(a["product_id"] is None for a in by_category["anomalies"])


def test_short_window_misses_older_anomalies(series_store: Store) -> None:
    payload = _detect(series_store, "m_mixed", days=7)
    assert payload["anomalies"][0]["product_id"] == "mx_price"
    assert not {a["product_id"] for a in payload["anomalies"]} & {"mx_stock", "mx_live"}
    assert all(a["start"] >= "2026-11-13" for a in payload["anomalies"])


def test_text_is_a_ranked_list_with_numbers(series_store: Store) -> None:
    out = run_detect_sales_anomalies(_ctx(series_store, "m_mixed"), days=45)
    lines = out.text.splitlines()
    shown = len(out.payload["anomalies"])
    assert f"{out.payload['found']} found" in lines[0] and "2026-10-06..2026-11-19" in lines[0]
    assert [line.split(".")[0] for line in lines[1:]] == [str(k) for k in range(1, shown + 1)]
    first = out.payload["anomalies"][0]
    assert first["product_id"] in lines[1] and f"{first['actual_units']:.0f} units" in lines[1]
    assert "Likely cause" in lines[1]


def test_merchant_isolation(series_store: Store) -> None:
    mine = {a["product_id"] for a in _detect(series_store, "m_flat", days=45, top=50)["anomalies"]}
    assert not mine & set(PLANTED)
    nobody = _detect(series_store, "m_nobody", days=30)
    assert nobody["series"] == 0 and nobody["anomalies"] == []


def test_never_reads_ground_truth_tables(series_store: Store) -> None:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(series_store.engine, "before_cursor_execute", record)
    try:
        _detect(series_store, "m_mixed", days=45)
    finally:
        event.remove(series_store.engine, "before_cursor_execute", record)
    assert statements and not any("demo_truth" in s for s in statements)
    assert all("merchant_id" in s or "merchants" in s for s in statements)


@pytest.mark.parametrize(
    "kwargs",
    [{"days": 3}, {"days": 400}, {"top": 0}, {"scope": "region"}, {"direction": "up"}, {"category": "nope"}],
)
def test_bad_arguments_are_refused(series_store: Store, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ToolRefusal):
        run_detect_sales_anomalies(_ctx(series_store, "m_mixed"), **kwargs)


def test_runs_fast(series_store: Store) -> None:
    started = timer.perf_counter()
    _detect(series_store, "m_mixed", days=90)
    assert timer.perf_counter() - started < 2.0  # measured 0.2-0.6 s; headroom for a loaded CI machine


# ------------------------------------------------------------------------------------------ the tool


def test_tool_schema_hides_runtime_and_merchant() -> None:
    properties = detect_sales_anomalies.tool_call_schema.model_json_schema()["properties"]
    assert set(properties) == {"days", "scope", "direction", "top", "category"}
    assert properties["scope"]["enum"] == ["product", "category"]


def test_tool_runs_through_a_tool_node_with_injected_context(series_store: Store) -> None:
    from langchain_core.messages import AIMessage
    from langgraph.graph import END, START, MessagesState, StateGraph
    from langgraph.prebuilt import ToolNode

    graph = StateGraph(MessagesState, context_schema=Context)
    graph.add_node("tools", ToolNode([detect_sales_anomalies]))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    call = {"name": "detect_sales_anomalies", "args": {"days": 45, "direction": "drop"}, "id": "c1"}
    result = graph.compile().invoke(
        {"messages": [AIMessage(content="", tool_calls=[call])]}, context=_ctx(series_store, "m_mixed")
    )
    message = result["messages"][-1]
    assert f"{message.artifact['found']} found" in message.content
    assert [a["product_id"] for a in message.artifact["anomalies"]][:2] == ["mx_stock", "mx_refund"]


# ------------------------------------------------------------------------------------------ PostgreSQL


@pytest.mark.postgres
def test_same_findings_on_postgres(pg_empty_url: str, series_store: Store) -> None:
    store = Store.open(pg_empty_url, migrate=False)
    try:
        _build(store, ["m_mixed"])
        on_pg = _detect(store, "m_mixed", days=45, top=50)
    finally:
        store.close()
    on_sqlite = _detect(series_store, "m_mixed", days=45, top=50)
    assert on_pg["anomalies"] == on_sqlite["anomalies"]


# ------------------------------------------------------------------------------------------ the demo store


@pytest.mark.skipif(not DEMO_AVAILABLE, reason="copilot/demo/build.py (the demo generator) is not there yet")
@pytest.mark.xfail(
    strict=True,
    reason="since the demo's promotion history (16de308) every planted anomaly is found with its cause, but "
    "m_outdoor flags 6 anomalies that were not planted (limit 5): seasonal moves (sun items falling in September, "
    "winter items rising in October) where last year's data (from 2025-10-01) gives no season; m_pet 2, m_baby 3",
)
def test_finds_every_planted_anomaly_of_the_demo_store(demo_store: Store) -> None:
    with demo_store.engine.connect() as conn:
        planted = conn.execute(select(DemoTruthAnomaly)).all()
        merchants = [m for (m,) in conn.execute(select(Merchant.id).order_by(Merchant.id))]
    assert planted
    today = demo_clock().now().date()
    days = max((today - p.start_date).days for p in planted) + 1
    false_alarms: dict[str, int] = {}
    for merchant_id in merchants:
        found = _detect(demo_store, merchant_id, days=days, top=50)
        mine = [p for p in planted if p.merchant_id == merchant_id]
        matched: set[int] = set()
        for truth in mine:
            hits = [
                k
                for k, a in enumerate(found["anomalies"])
                if a["product_id"] == truth.product_id
                and a["kind"] == truth.kind
                and _overlaps(a, truth.start_date.isoformat(), truth.end_date.isoformat())
            ]
            assert hits, (truth, found["anomalies"])
            assert found["anomalies"][hits[0]]["cause"] == truth.cause, found["anomalies"][hits[0]]["evidence"]
            matched.update(hits)
        false_alarms[merchant_id] = found["found"] - len(matched)
        top = found["anomalies"][: max(len(mine), 1)]
        assert sum(k in matched for k in range(len(top))) >= len(top) / 2, found["anomalies"]
    print("non-planted anomalies flagged per merchant:", false_alarms)
    assert all(count <= 5 for count in false_alarms.values()), false_alarms


@pytest.mark.skipif(not DEMO_AVAILABLE, reason="copilot/demo/build.py (the demo generator) is not there yet")
def test_views_at_midnight_of_today_are_outside_the_window(demo_store: Store) -> None:
    """A view at exactly 00:00 of today is today's, not the last assessed day's (it was counted a day past the
    day axis and the detector failed with an IndexError once a drop product had one)."""
    midnight = _at(demo_clock().now().date(), 0)
    with demo_store.engine.begin() as conn:
        products = [p for (p,) in conn.execute(select(Product.id).where(Product.merchant_id == "m_outdoor"))]
        conn.execute(
            insert(Event),
            [
                {
                    "id": f"midnight_{p}",
                    "merchant_id": "m_outdoor",
                    "product_id": p,
                    "kind": "view",
                    "created_at": midnight,
                }
                for p in products
            ],
        )
    found = _detect(demo_store, "m_outdoor", days=30, top=50)
    assert any(a["kind"] == "drop" for a in found["anomalies"]), found["anomalies"]


@pytest.mark.skipif(not DEMO_AVAILABLE, reason="copilot/demo/build.py (the demo generator) is not there yet")
@pytest.mark.parametrize("days", [30, 45])
def test_the_store_promotion_days_are_a_control(demo_store: Store, days: int) -> None:
    """The demo's Double 11 push lifts the whole store, by a different amount than last year's: the planted pole
    stock-out during it is still the first finding, whether the window starts inside the push or before it (before
    the control, a 45-day window lost the pole behind the push's year-over-year difference)."""
    found = _detect(demo_store, "m_outdoor", days=days, top=50)["anomalies"]
    assert found, found
    first = found[0]
    assert (first["product_id"], first["kind"], first["cause"]) == ("out_pole_carbon", "drop", "stock_out"), found
