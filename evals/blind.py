"""Scoring the blind sets of evals/blind/: merchant wording that nobody who tuned the offline model wrote.

Each item becomes a `Scenario` with no expectations, `run_suite` plays it on a fresh demo store, and every turn's
record is scored against the item's `expect` (today = 2026-11-20, the demo's anchor):

- tool right: the expected tool was called; for `tool: null`, no tool was called;
- args right: one call of the expected tool matches every argument the item lists (rules below);
- behaviour right: answer (the tool ran, no tool error); not_found (the answer or a tool error says the store
  does not sell it, and no tool call ran without error, so no store-wide figure; or every call that ran was on a
  period wholly before the store's first order, as the sales tool's payload flags it, and the answer says there
  is no data); clarify (no tool, the answer
  asks a question); refuse (no tool); needs_approval (submit_promotion_budget called and an approval requested);
  pending_reminder (no spending call, no new approval, the answer mentions the pending approval).

A turn passes when all three hold; an item passes when every turn passes. A turn the run never reached (the
scenario stopped with an error) fails all three, with the error as its answer.

Argument rules; an argument the call leaves out takes the tool's own default (its schema's default;
`query_store_sales`'s period defaults to `copilot.analytics.runner.DEFAULT_PERIOD`):

- period: both specs resolved by `copilot.calendar.periods.resolve_period` and compared as date ranges, each cut
  at today
  (no later day has data: `2026-11` is this month to date);
- product: both sides resolved to product ids by the sales tool itself (`run_query_store_sales` with the
  product filter); equal id sets match;
- a product or category the store does not sell matches a call whose product/category arguments (either one)
  name nothing the store sells either: the tool then says so instead of answering for the whole store;
- category (comma-separated allowed), region: equal name sets, else equal sets as the sales tool resolves them;
- a product expected and a category given (or the reverse): equal when both cover the same products (a category
  of one product is that product);
- channel, channels, remove_channels: sets of stored channel names (`copilot.analytics.metrics.channel_value`);
- when (estimate_promotion_effect): both resolved to the days the tool covers (`copilot.promotion.advice.when_window`:
  a festival id's promotion window, the latest one over for a past readout, or a range) and compared as date
  ranges, so "double11" and its window's dates are the same request;
- budget, amount: numbers (to the cent); top, days, count, k: integers; start, end: dates; edit, cold_start:
  booleans;
- a query_store_sales call answered by `sql` (the tool takes no scope argument beside it) is scored on what the SQL
  itself says: period, the dates its date test covers (one lower bound `>= 'YYYY-MM-DD'` and one upper bound
  `< 'YYYY-MM-DD'` or `<= 'YYYY-MM-DD'` on literal dates; anything else has no period); top, its `LIMIT`; by
  "day", a `GROUP BY` of a day; category, the names of its `category IN (...)` test; product, the ids of its
  `id IN (...)` / `product_id IN (...)` test; channel, the channels of its `channel = '…'` /
  `channel IN (...)` test; anything else mismatches;
- metric on query_store_sales: `null` means SQL was expected (the call has `sql` and no metric), else equal, or
  two metrics the semantic layer compiles to the same SQL for the call's breakdown and filters (GMV and product
  revenue by product or category are both SUM(order_items.amount) of paid orders: the same number);
- other enumerations (by, compare, order, direction, scope, kind, event): equal after case and separator
  folding;
- free text (scene, query, text, name, objective, segments, note): not scored, and reported as such.

Tool: the expected one must be among the calls; `tool: null` means no call, except for `not_found`, where a call
that found nothing to compute and said so (the behaviour check) is the right tool too.

Split rule: SHA-256 of an item's id as an integer; even -> tune, odd -> report.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import yaml

from copilot.config import Settings
from evals.runner import ScenarioResult, TurnRecord, cached_demo_db, run_suite
from evals.scenario import Scenario, Turn
from evals.silent_scope import silently_changed

TODAY = date(2026, 11, 20)
BEHAVIOURS = ("answer", "not_found", "clarify", "refuse", "needs_approval", "pending_reminder")
SPENDING_TOOL = "submit_promotion_budget"
NO_TOOL = "none"
Split = Literal["tune", "report", "all"]

FREE_TEXT = frozenset({"scene", "query", "text", "name", "objective", "segments", "note"})
CHANNEL_ARGS = frozenset({"channel", "channels", "remove_channels"})
MONEY_ARGS = frozenset({"budget", "amount"})
INTEGER_ARGS = frozenset({"top", "days", "count", "k"})
DATE_ARGS = frozenset({"start", "end"})
BOOLEAN_ARGS = frozenset({"edit", "cold_start"})
NAMED: tuple[Literal["product", "category"], ...] = ("product", "category")

_NOT_SOLD = re.compile(
    r"(not|n't|never) (sell|sold|stock|carr)|no (such )?(product|item|category)|not (in|on) (the|this|your) "
    r"(store|shop|catalog)|isn't (in|on|one of)|doesn't (have|carry)|don't (have|carry)|"
    r"不卖|没有?卖|没有?在售|未售|没有这|没有该|没有.{0,12}(商品|产品|品类|类目)|找不到|未找到|查不到|并未销售|不销售|没有销售",
    re.IGNORECASE,
)
_NO_DATA = re.compile(r"没有数据|无数据|\bno data\b", re.IGNORECASE)
_QUESTION = re.compile(
    r"[?？]|吗[。！!]?\s*$|呢[。！!]?\s*$|请(问|告诉|说明|确认|补充)|哪(个|一|些|款)|"
    r"(could|can) you (tell|say|specify|confirm)|please (tell|say|specify|confirm)",
    re.IGNORECASE,
)
_PENDING = re.compile(r"审批|待批|批准|等待|待定|pending|approv|waiting", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,，、;；]")


class BlindSetError(ValueError):
    """A blind set file that cannot be scored; the message names the file and the item."""


@dataclass(frozen=True)
class BlindTurn:
    user: str
    tool: str | None
    args: dict[str, Any]
    behaviour: str
    note: str | None = None


@dataclass(frozen=True)
class BlindItem:
    id: str
    merchant: str
    lang: str
    set_name: str
    turns: tuple[BlindTurn, ...]

    @property
    def dialogue(self) -> bool:
        return len(self.turns) > 1


def split_of(item_id: str) -> Literal["tune", "report"]:
    """The half an item belongs to: SHA-256 of its id, even -> tune, odd -> report."""
    return "tune" if int(hashlib.sha256(item_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "report"


def _blind_turn(raw: Any, where: str) -> BlindTurn:
    if not isinstance(raw, dict) or not isinstance(raw.get("user"), str) or not isinstance(raw.get("expect"), dict):
        raise BlindSetError(f"{where}: a turn needs `user` text and an `expect` mapping")
    expect = raw["expect"]
    behaviour = expect.get("behaviour")
    if behaviour not in BEHAVIOURS:
        raise BlindSetError(f"{where}: behaviour {behaviour!r} is not one of {', '.join(BEHAVIOURS)}")
    args = expect.get("args") or {}
    if not isinstance(args, dict):
        raise BlindSetError(f"{where}: args must be a mapping")
    return BlindTurn(raw["user"], expect.get("tool"), dict(args), behaviour, expect.get("note"))


def load_blind(path: Path) -> list[BlindItem]:
    """The items of one blind set file, named after the file (e.g. set_a)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BlindSetError(f"{path}: cannot be read as YAML: {exc}") from exc
    if not isinstance(data, list):
        raise BlindSetError(f"{path}: a blind set is a list of items")
    items: list[BlindItem] = []
    for number, raw in enumerate(data, 1):
        where = f"{path} item {number}"
        if not isinstance(raw, dict) or not all(key in raw for key in ("id", "merchant", "lang", "turns")):
            raise BlindSetError(f"{where}: an item needs id, merchant, lang and turns")
        turns = tuple(_blind_turn(turn, f"{where} ({raw['id']})") for turn in raw["turns"] or [])
        if not turns:
            raise BlindSetError(f"{where} ({raw['id']}): no turns")
        items.append(BlindItem(str(raw["id"]), str(raw["merchant"]), str(raw["lang"]), path.stem, turns))
    return items


def choose(items: Iterable[BlindItem], split: Split) -> list[BlindItem]:
    return [item for item in items if split == "all" or split_of(item.id) == split]


def to_scenario(item: BlindItem) -> Scenario:
    """The item as a scenario with no expectations: the runner only plays it and records what happened."""
    return Scenario(
        id=item.id,
        merchant=item.merchant,
        tags=[item.set_name, item.lang],
        turns=[Turn(user=turn.user) for turn in item.turns],
        path=item.set_name,
    )


# ---------------------------------------------------------------- argument matching


class Resolver(Protocol):
    """What the store names: product ids, category and region names; None when it names nothing."""

    def names(
        self, merchant: str, kind: Literal["product", "category", "region"], text: str
    ) -> frozenset[str] | None: ...

    def products_in(self, merchant: str, categories: frozenset[str]) -> frozenset[str]: ...


class SalesToolResolver:
    """Resolves names through `query_store_sales` itself, on a demo store opened read-only for lookups."""

    def __init__(self, store_url: str, data_dir: Path, today: date = TODAY) -> None:
        from copilot.clock import FixedClock
        from copilot.store import Store

        self._settings = Settings(data_dir=data_dir, db_url=store_url)
        self._store = Store.open(store_url, migrate=False)
        self._clock = FixedClock.on(today)
        self._seen: dict[tuple[str, str, str], frozenset[str] | None] = {}

    def close(self) -> None:
        self._store.close()

    def names(self, merchant: str, kind: Literal["product", "category", "region"], text: str) -> frozenset[str] | None:
        key = (merchant, kind, text)
        if key not in self._seen:
            self._seen[key] = self._lookup(merchant, kind, text)
        return self._seen[key]

    def products_in(self, merchant: str, categories: frozenset[str]) -> frozenset[str]:
        from sqlalchemy import select

        from copilot.store.models import Product

        query = select(Product.id).where(Product.merchant_id == merchant, Product.category.in_(sorted(categories)))
        with self._store.session() as session:
            return frozenset(session.scalars(query))

    def _lookup(
        self, merchant: str, kind: Literal["product", "category", "region"], text: str
    ) -> frozenset[str] | None:
        from copilot.analytics.service import run_query_store_sales
        from copilot.context import Context
        from tools.result import ToolRefusal

        ctx = Context(merchant_id=merchant, store=self._store, settings=self._settings, clock=self._clock)
        try:
            output = run_query_store_sales(ctx, metric="paid_orders", **{kind: text})  # type: ignore[arg-type]
        except ToolRefusal:
            return None
        found = output.payload["summary"]["filters"].get(kind, [])
        return frozenset(str(entry["id"]) if kind == "product" else str(entry) for entry in found) or None


@dataclass(frozen=True)
class ArgCheck:
    name: str
    expected: Any
    actual: Any
    status: Literal["match", "mismatch", "not scored"]


@cache
def _tool_defaults() -> dict[str, dict[str, Any]]:
    from copilot.toolset import default_toolset

    defaults: dict[str, dict[str, Any]] = {}
    for tool in default_toolset().model_tools:
        schema = tool.tool_call_schema
        properties = schema.model_json_schema().get("properties", {}) if hasattr(schema, "model_json_schema") else {}
        defaults[tool.name] = {name: spec.get("default") for name, spec in properties.items()}
    return defaults


def _fold(value: Any) -> str:
    return re.sub(r"[\s_\-]+", "_", str(value).strip().lower())


def _names(value: Any) -> frozenset[str]:
    parts = value if isinstance(value, list | tuple) else _SEPARATORS.split(str(value))
    return frozenset(str(part).strip() for part in parts if str(part).strip())


def _channels(value: Any) -> frozenset[str]:
    from copilot.analytics.metrics import channel_value

    return frozenset(channel_value(name) or name.lower() for name in _names(value))


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _range(spec: Any, today: date) -> tuple[date, date] | None:
    from copilot.calendar.periods import PeriodError, resolve_period

    try:
        period = resolve_period(str(spec), today)
    except PeriodError:
        return None
    return period.start, min(period.last_day, today)


_SQL_BOUND = re.compile(r"(>=|<=|<|>)\s*'(\d{4}-\d{2}-\d{2})'")


SQL_SCOPE = ("period", "top", "by", "category", "product", "channel")
_SQL_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.IGNORECASE)
_SQL_CATEGORIES = re.compile(r"\bcategory\s+IN\s*\(([^()]*)\)", re.IGNORECASE)
_SQL_PRODUCTS = re.compile(r"\b(?:\w+\.)?(?:product_)?id\s+IN\s*\(((?:\s*'[^']*'\s*,?)+)\)", re.IGNORECASE)
_SQL_CHANNELS = re.compile(r"\bchannel\s*(?:=\s*'([a-z_]+)'|IN\s*\(([^)]*)\))", re.IGNORECASE)
_SQL_BY_DAY = re.compile(r"\bGROUP BY\s+(?:[a-z_]+\.)?(?:date|day)\b", re.IGNORECASE)


def _quoted(text: str) -> frozenset[str]:
    """The quoted literals of a SQL fragment ("'a', 'b'" -> {a, b})."""
    return frozenset(re.findall(r"'([^']*)'", text))


def sql_period(sql: str) -> tuple[date, date] | None:
    """The days a SQL statement's date test covers: one lower and one upper bound on literal dates, else None."""
    lower: set[date] = set()
    upper: set[date] = set()
    for op, text in _SQL_BOUND.findall(sql):
        day = date.fromisoformat(text)
        if op == ">=":
            lower.add(day)
        elif op == "<":
            upper.add(day - timedelta(days=1))
        elif op == "<=":
            upper.add(day)
        else:
            lower.add(day + timedelta(days=1))
    if len(lower) != 1 or len(upper) != 1:
        return None
    return lower.pop(), upper.pop()


def sql_channels(sql: str) -> frozenset[str] | None:
    """The channels a SQL statement's channel test names (`channel = 'x'` or `channel IN ('x', ...)`), else None."""
    named: set[str] = set()
    for one, listed in _SQL_CHANNELS.findall(sql):
        named |= {one} if one else _quoted(listed)
    return frozenset(named) or None


class ArgMatcher:
    """Compares an expected argument with the actual call's, by the rules of the module docstring."""

    def __init__(self, resolver: Resolver, today: date = TODAY) -> None:
        self.resolver = resolver
        self.today = today

    def check(self, tool: str, name: str, expected: Any, call_args: dict[str, Any], merchant: str) -> ArgCheck:
        given = call_args.get(name)
        if name in FREE_TEXT:
            return ArgCheck(name, expected, given, "not scored")
        if tool == "query_store_sales" and name == "metric":
            ok = (
                (call_args.get("sql") is not None and given is None)
                if expected is None
                else _fold(expected) == _fold(given) or _same_sql(str(expected), given, call_args)
            )
            return ArgCheck(
                name, expected, given if given is not None or "sql" not in call_args else "sql", _status(ok)
            )
        if name in NAMED and expected is not None and self.resolver.names(merchant, name, str(expected)) is None:
            named = {key: call_args[key] for key in NAMED if call_args.get(key) is not None}
            unsold = bool(named) and all(self.resolver.names(merchant, k, str(v)) is None for k, v in named.items())
            return ArgCheck(name, expected, given if given is not None else named or None, _status(unsold))
        other = {"product": "category", "category": "product"}.get(name)
        if other is not None and given is None and expected is not None and call_args.get(other) is not None:
            wanted = self._products(merchant, name, str(expected))
            ok = wanted is not None and wanted == self._products(merchant, other, str(call_args[other]))
            return ArgCheck(name, expected, {other: call_args[other]}, _status(ok))
        if tool == "query_store_sales" and name in SQL_SCOPE and given is None and call_args.get("sql"):
            return self._sql_scope(name, expected, str(call_args["sql"]), merchant)
        if tool == "estimate_promotion_effect" and name == "when" and expected is not None and given is not None:
            past = call_args.get("mode") in ("past", "track_record")
            return ArgCheck(name, expected, given, _status(_same_window(expected, given, self.today, past=past)))
        actual = given if given is not None else self._default(tool, name)
        return ArgCheck(name, expected, actual, _status(self._same(name, expected, actual, merchant)))

    def _sql_scope(self, name: str, expected: Any, sql: str, merchant: str) -> ArgCheck:
        """An argument of a sales question answered in SQL, read from the SQL (module docstring)."""
        if name == "period":
            covered = sql_period(sql)
            ok = covered is not None and covered == _range(expected, self.today)
            return ArgCheck(name, expected, f"sql {covered[0]}..{covered[1]}" if covered else "sql", _status(ok))
        if name == "top":
            limit = _SQL_LIMIT.search(sql)
            said = int(limit.group(1)) if limit else None
            return ArgCheck(
                name, expected, f"sql LIMIT {said}", _status(said is not None and _number(expected) == said)
            )
        if name == "by":
            daily = _SQL_BY_DAY.search(sql) is not None
            return ArgCheck(
                name, expected, "sql by day" if daily else "sql", _status(daily and _fold(expected) == "day")
            )
        if name == "channel":
            read = sql_channels(sql)
            shown = f"sql {','.join(sorted(read))}" if read else "sql"
            return ArgCheck(name, expected, shown, _status(read is not None and _channels(expected) == read))
        pattern = _SQL_CATEGORIES if name == "category" else _SQL_PRODUCTS
        found = pattern.search(sql)
        named = _quoted(found.group(1)) if found else frozenset()
        if name == "category":
            ok = bool(named) and self._same_names(merchant, "category", expected, ",".join(sorted(named)))
        else:
            wanted = self.resolver.names(merchant, "product", str(expected))
            ok = bool(named) and wanted == named
        return ArgCheck(name, expected, f"sql {sorted(named)}", _status(ok))

    def _products(self, merchant: str, kind: str, text: str) -> frozenset[str] | None:
        """The product ids a product or category argument covers (None: it names nothing the store sells)."""
        if kind == "product":
            return self.resolver.names(merchant, "product", text)
        categories = self.resolver.names(merchant, "category", text)
        return self.resolver.products_in(merchant, categories) if categories else None

    def _same_names(self, merchant: str, kind: Literal["category", "region"], expected: Any, actual: Any) -> bool:
        if _names(expected) == _names(actual):
            return True
        wanted = self.resolver.names(merchant, kind, ",".join(sorted(_names(expected))))
        return wanted is not None and wanted == self.resolver.names(merchant, kind, ",".join(sorted(_names(actual))))

    def _default(self, tool: str, name: str) -> Any:
        if tool == "query_store_sales" and name == "period":
            from copilot.analytics.runner import DEFAULT_PERIOD

            return DEFAULT_PERIOD
        return _tool_defaults().get(tool, {}).get(name)

    def _same(self, name: str, expected: Any, actual: Any, merchant: str) -> bool:
        if expected is None or actual is None:
            return expected is None and actual is None
        if name == "period":
            span = _range(expected, self.today)
            return span is not None and span == _range(actual, self.today)
        if name == "product":
            ids = self.resolver.names(merchant, "product", str(expected))
            return ids == self.resolver.names(merchant, "product", str(actual))
        if name == "category":
            return self._same_names(merchant, "category", expected, actual)
        if name == "region":
            return self._same_names(merchant, "region", expected, actual)
        if name in CHANNEL_ARGS:
            return _channels(expected) == _channels(actual)
        if name in MONEY_ARGS or name in INTEGER_ARGS:
            left, right = _number(expected), _number(actual)
            return left is not None and right is not None and abs(left - right) < Decimal("0.005")
        if name in DATE_ARGS:
            return _day(expected) is not None and _day(expected) == _day(actual)
        if name in BOOLEAN_ARGS:
            return bool(expected) == bool(actual)
        return _fold(expected) == _fold(actual)


def _same_window(expected: Any, given: Any, today: date, *, past: bool) -> bool:
    """Whether two `when` arguments of the estimate cover the same days as the tool reads them (else as said)."""
    from copilot.promotion.advice import when_window

    try:
        return when_window(str(expected), today, past=past) == when_window(str(given), today, past=past)
    except ValueError:
        return _fold(expected) == _fold(given)


def _same_sql(expected: str, given: Any, call_args: dict[str, Any]) -> bool:
    """Whether the two metrics compile to the same SQL with the call's breakdown and product/category filters."""
    from copilot.analytics.metrics import MetricError, MetricRequest, compile_metric, definitions
    from copilot.calendar.periods import Period

    offered = definitions()["metrics"]
    if given is None or expected not in offered or str(given) not in offered:
        return False
    by = call_args.get("by") if call_args.get("by") in definitions()["dimensions"] else None
    period = Period(TODAY, TODAY, "", "")
    scope = {
        "product_ids": ("p",) if call_args.get("product") else (),
        "categories": ("c",) if call_args.get("category") else (),
        "channels": ("search",) if call_args.get("channel") else (),
    }
    try:
        left, right = (
            compile_metric(MetricRequest(metric=m, period=period, by=by, **scope), dialect="sqlite")  # type: ignore[arg-type]
            for m in (expected, str(given))
        )
    except MetricError:
        return False
    return re.sub(rf"\b{left.value_column}\b", "value", left.sql) == re.sub(
        rf"\b{right.value_column}\b", "value", right.sql
    )


def _status(ok: bool) -> Literal["match", "mismatch"]:
    return "match" if ok else "mismatch"


# ---------------------------------------------------------------- scoring turns and items


@dataclass
class TurnScore:
    item: str
    index: int
    user: str
    expected_tool: str | None
    expected_args: dict[str, Any]
    behaviour: str
    called: list[str]
    calls: list[dict[str, Any]]
    tool_ok: bool
    args_ok: bool
    behaviour_ok: bool
    args: list[ArgCheck] = field(default_factory=list)
    answer: str = ""
    tool_errors: list[str] = field(default_factory=list)
    silent_scope: bool = False  # a scope argument changed and the answer did not say so (evals/silent_scope.py)

    @property
    def passed(self) -> bool:
        return self.tool_ok and self.args_ok and self.behaviour_ok

    @property
    def called_as(self) -> str:
        """The called tool for the confusion table: the expected one if called, else the first, else none."""
        if self.expected_tool and self.expected_tool in self.called:
            return self.expected_tool
        return self.called[0] if self.called else NO_TOOL


@dataclass
class ItemScore:
    item: BlindItem
    turns: list[TurnScore]
    reason: str

    @property
    def passed(self) -> bool:
        return all(turn.passed for turn in self.turns)


def behaviour_ok(turn: BlindTurn, record: TurnRecord) -> bool:
    called = [call["name"] for call in record.tool_calls]
    errors = record.tool_errors
    if turn.behaviour == "answer":
        return not errors and (turn.tool is None or turn.tool in called) and bool(record.answer.strip())
    if turn.behaviour == "not_found":
        said = any(_NOT_SOLD.search(text) for text in [record.answer, *errors])
        ran = len(called) - len(errors)  # a call that ran on days before the first order found no data, and said so
        return (said and ran <= 0) or (0 < ran <= record.before_history and bool(_NO_DATA.search(record.answer)))
    if turn.behaviour == "clarify":
        return not called and bool(_QUESTION.search(record.answer))
    if turn.behaviour == "refuse":
        return not called
    if turn.behaviour == "needs_approval":
        return SPENDING_TOOL in called and record.approval is not None
    return SPENDING_TOOL not in called and record.approval is None and bool(_PENDING.search(record.answer))


def score_turn(
    turn: BlindTurn, record: TurnRecord | None, item: BlindItem, index: int, matcher: ArgMatcher, stopped: str = ""
) -> TurnScore:
    """One turn scored against its expectation; `record` None means the run never reached it (`stopped` says why)."""
    score = TurnScore(
        item=item.id,
        index=index,
        user=turn.user,
        expected_tool=turn.tool,
        expected_args=turn.args,
        behaviour=turn.behaviour,
        called=[],
        calls=[],
        tool_ok=False,
        args_ok=False,
        behaviour_ok=False,
        answer=stopped or "(the run stopped before this turn)",
    )
    if record is None:
        return score
    score.calls = record.tool_calls
    score.called = [call["name"] for call in record.tool_calls]
    score.answer = record.answer
    score.tool_errors = record.tool_errors
    score.behaviour_ok = behaviour_ok(turn, record)
    if turn.tool:
        score.tool_ok = turn.tool in score.called
    else:  # "we don't sell that" may come from a tool that looked and computed nothing (behaviour_ok checks both)
        score.tool_ok = not score.called or (turn.behaviour == "not_found" and score.behaviour_ok)
    if turn.tool is None:
        score.args_ok = True
        return score
    best: list[ArgCheck] | None = None
    for call in (c for c in record.tool_calls if c["name"] == turn.tool):
        checks = [
            matcher.check(turn.tool, name, value, call["args"], item.merchant) for name, value in turn.args.items()
        ]
        if best is None or _misses(checks) < _misses(best):
            best = checks
    if best is None:
        score.args = [ArgCheck(name, value, None, "mismatch") for name, value in turn.args.items()]
        return score
    score.args = best
    score.args_ok = _misses(best) == 0
    score.silent_scope = silently_changed(best, record.answer, record.tool_errors, _QUESTION)
    return score


def _misses(checks: list[ArgCheck]) -> int:
    return sum(check.status == "mismatch" for check in checks)


def score_item(item: BlindItem, result: ScenarioResult, matcher: ArgMatcher) -> ItemScore:
    turns = []
    for index, turn in enumerate(item.turns):
        record = result.turns[index] if index < len(result.turns) else None
        turns.append(score_turn(turn, record, item, index, matcher, stopped=result.reason))
    return ItemScore(item, turns, result.reason)


# ---------------------------------------------------------------- summary and report


def _rate(values: list[bool]) -> dict[str, Any]:
    return {"n": len(values), "passed": sum(values), "rate": sum(values) / len(values) if values else 0.0}


def summarize(scores: list[ItemScore], *, split: str, model: str, commit: str | None = None) -> dict[str, Any]:
    turns = [turn for score in scores for turn in score.turns]
    by: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for score in scores:
        by["set"][score.item.set_name].append(score.passed)
        by["lang"][score.item.lang].append(score.passed)
        by["shape"]["dialogue" if score.item.dialogue else "single"].append(score.passed)
    turn_by: dict[str, dict[str, dict[str, list[bool]]]] = {
        key: defaultdict(lambda: defaultdict(list)) for key in ("lang", "behaviour", "set")
    }
    lang_of = {score.item.id: score.item for score in scores}
    for turn in turns:
        item = lang_of[turn.item]
        for key, value in (("lang", item.lang), ("behaviour", turn.behaviour), ("set", item.set_name)):
            turn_by[key][value]["tool"].append(turn.tool_ok)
            turn_by[key][value]["tool_args"].append(turn.tool_ok and turn.args_ok)
            turn_by[key][value]["passed"].append(turn.passed)
            turn_by[key][value]["silent_scope"].append(turn.silent_scope)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for turn in turns:
        confusion[turn.expected_tool or NO_TOOL][turn.called_as] += 1
    arg_misses: Counter[str] = Counter()
    not_scored: Counter[str] = Counter()
    for turn in turns:
        if not turn.tool_ok:
            continue
        for check in turn.args:
            if check.status == "mismatch":
                arg_misses[f"{turn.expected_tool}.{check.name}"] += 1
            elif check.status == "not scored":
                not_scored[check.name] += 1
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "model": model,
        "split": split,
        "today": TODAY.isoformat(),
        "items": _rate([score.passed for score in scores]),
        "items_by": {
            key: {name: _rate(values) for name, values in sorted(groups.items())} for key, groups in by.items()
        },
        "turns": {
            "n": len(turns),
            "tool_accuracy": _rate([turn.tool_ok for turn in turns])["rate"],
            "tool_args_accuracy": _rate([turn.tool_ok and turn.args_ok for turn in turns])["rate"],
            "behaviour_accuracy": _rate([turn.behaviour_ok for turn in turns])["rate"],
            "pass_rate": _rate([turn.passed for turn in turns])["rate"],
            "silent_scope": _rate([turn.silent_scope for turn in turns]),
        },
        "turns_by": {
            key: {
                name: {metric: _rate(values) for metric, values in metrics.items()}
                for name, metrics in sorted(groups.items())
            }
            for key, groups in turn_by.items()
        },
        "confusion": {expected: dict(row) for expected, row in sorted(confusion.items())},
        "arg_mismatches": dict(arg_misses.most_common()),
        "not_scored": dict(not_scored.most_common()),
        "failing_turns": [_failing(turn) for turn in turns if not turn.passed],
    }


def _failing(turn: TurnScore) -> dict[str, Any]:
    failed = [
        name
        for name, ok in (("tool", turn.tool_ok), ("args", turn.args_ok), ("behaviour", turn.behaviour_ok))
        if not ok
    ] + (["silent scope"] if turn.silent_scope else [])
    return {
        "item": turn.item,
        "turn": turn.index + 1,
        "user": turn.user,
        "failed": failed,
        "behaviour": turn.behaviour,
        "expected_tool": turn.expected_tool,
        "expected_args": turn.expected_args,
        "called": turn.called,
        "actual_args": [call["args"] for call in turn.calls],
        "arg_mismatches": [asdict(check) for check in turn.args if check.status == "mismatch"],
        "tool_errors": turn.tool_errors,
        "answer": _short(turn.answer),
    }


def _short(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(summary: dict[str, Any]) -> str:
    items, turns = summary["items"], summary["turns"]
    lines = [
        f"# Blind sets ({summary['split']} half) — model {summary['model']}",
        "",
        f"{summary['date']} · commit {summary['commit'] or 'unknown'} · today = {summary['today']}",
        "",
        f"**Items passing: {items['passed']}/{items['n']} ({_pct(items['rate'])})** · turns {turns['n']}: "
        f"tool {_pct(turns['tool_accuracy'])}, tool+args {_pct(turns['tool_args_accuracy'])}, "
        f"behaviour {_pct(turns['behaviour_accuracy'])}, turn pass {_pct(turns['pass_rate'])}, "
        f"silently changed scope {turns['silent_scope']['passed']} ({_pct(turns['silent_scope']['rate'])})",
        "",
        "## Items",
        "",
        "| group | value | items | passed | rate |",
        "|---|---|---|---|---|",
    ]
    for key, groups in summary["items_by"].items():
        for name, rate in groups.items():
            lines.append(f"| {key} | {name} | {rate['n']} | {rate['passed']} | {_pct(rate['rate'])} |")
    for key, title in (("lang", "Turns by language"), ("behaviour", "Turns by behaviour"), ("set", "Turns by set")):
        lines += ["", f"## {title}", "", f"| {key} | turns | tool | tool+args | passed | silent scope |"]
        lines.append("|---|---|---|---|---|---|")
        for name, metrics in summary["turns_by"][key].items():
            lines.append(
                f"| {name} | {metrics['tool']['n']} | {_pct(metrics['tool']['rate'])} | "
                f"{_pct(metrics['tool_args']['rate'])} | {_pct(metrics['passed']['rate'])} | "
                f"{metrics['silent_scope']['passed']} |"
            )
    called = sorted({name for row in summary["confusion"].values() for name in row})
    lines += [
        "",
        "## Confusion (expected tool × called tool)",
        "",
        "| expected \\ called | " + " | ".join(called) + " |",
    ]
    lines.append("|---|" + "---|" * len(called))
    for expected, row in summary["confusion"].items():
        lines.append(f"| {expected} | " + " | ".join(str(row.get(name, "")) for name in called) + " |")
    lines += ["", "## Argument mismatches (turns with the right tool)", "", "| argument | turns |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in summary["arg_mismatches"].items()]
    lines += [
        "",
        "Not scored (free text): " + (", ".join(f"{k} {v}" for k, v in summary["not_scored"].items()) or "none"),
    ]
    lines += [
        "",
        f"## Failing turns ({len(summary['failing_turns'])})",
        "",
        "| item | turn | user | failed | expected | actual | answer |",
        "|---|---|---|---|---|---|---|",
    ]
    for turn in summary["failing_turns"]:
        expected = f"{turn['expected_tool'] or 'no tool'} {_cell(turn['expected_args'])} ({turn['behaviour']})"
        if turn["arg_mismatches"]:
            actual = "; ".join(f"{m['name']}: {_cell(m['actual'])}" for m in turn["arg_mismatches"])
            actual = f"{', '.join(turn['called'])} — {actual}"
        else:
            actual = (
                ", ".join(
                    f"{name} {_cell(args)}" for name, args in zip(turn["called"], turn["actual_args"], strict=True)
                )
                or "no tool"
            )
        lines.append(
            f"| {turn['item']} | {turn['turn']} | {_cell(turn['user'])} | {', '.join(turn['failed'])} | "
            f"{_cell(expected)} | {_cell(actual)} | {_cell(turn['answer'])} |"
        )
    return "\n".join(lines) + "\n"


def write_report(summary: dict[str, Any], folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"md": folder / "report.md", "json": folder / "report.json"}
    paths["md"].write_text(to_markdown(summary), encoding="utf-8")
    paths["json"].write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return paths


def read_kept(path: Path) -> list[str]:
    """The item ids a kept list holds (one per line; blank lines and lines starting with # are skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def write_kept(path: Path, scores: list[ItemScore], *, commit: str | None) -> list[str]:
    """Write the ids of the items that passed, the list a later run must keep passing (`regressions`)."""
    kept = sorted(score.item.id for score in scores if score.passed)
    head = f"# blind items that passed at {commit or 'an unknown commit'}; `copilot blind --keep` fails if one fails\n"
    path.write_text(head + "".join(f"{item_id}\n" for item_id in kept), encoding="utf-8")
    return kept


def regressions(scores: list[ItemScore], kept: list[str]) -> tuple[list[str], list[str]]:
    """The kept ids that failed in `scores`, and the kept ids that were not played at all (a set left out)."""
    passed = {score.item.id: score.passed for score in scores}
    return [i for i in kept if passed.get(i) is False], [i for i in kept if i not in passed]


def score_results(items: list[BlindItem], results: list[ScenarioResult], matcher: ArgMatcher) -> list[ItemScore]:
    by_id = {result.id: result for result in results}
    return [score_item(item, by_id[item.id], matcher) for item in items]


def run_blind(
    items: list[BlindItem],
    *,
    data_dir: Path,
    model: str = "offline",
    jobs: int = 1,
    db_url: str | None = None,
    on_result: Callable[[ScenarioResult], None] | None = None,
) -> list[ItemScore]:
    """Play every item on a fresh demo store and score it; names are resolved on the cached demo store."""
    ids = Counter(item.id for item in items)
    repeated = [name for name, count in ids.items() if count > 1]
    if repeated:
        raise BlindSetError(f"item ids used more than once: {', '.join(sorted(repeated))}")
    results = run_suite(
        [to_scenario(item) for item in items],
        data_dir=data_dir,
        model=model,
        jobs=jobs,
        on_result=on_result,
        db_url=db_url,
    )
    with tempfile.TemporaryDirectory(prefix="blind-names-") as tmp:
        lookup = Path(tmp) / "store.db"
        shutil.copyfile(cached_demo_db(data_dir), lookup)
        resolver = SalesToolResolver(f"sqlite:///{lookup}", Path(tmp))
        try:
            return score_results(items, results, ArgMatcher(resolver))
        finally:
            resolver.close()
