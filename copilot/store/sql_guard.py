"""Parse, check and merchant-scope one SQL query before it reaches the database.

`guard()` is the parsing half of the safe sales runner (copilot/store/sales.py runs what it returns).
It accepts exactly one read-only query (a SELECT or a set operation of SELECTs, CTEs allowed) built
only from the constructs, functions and tables of the policy (sql_policy.yaml and
models.SALES_TABLES), and rewrites every table reference into a subquery filtered on that table's
merchant column, bound to a parameter. Whatever merchant predicate the query itself carries, it can
only ever see the rows of the merchant the runtime binds.

It also bounds what one row of the query can cost where no time limit reaches (inside one call): the
query's length, and the patterns of LIKE-like calls (literal or bound, within a budget of characters).
On PostgreSQL, the texts those calls search and the results of calls that grow texts are cast to the
domain BOUNDED_TEXT (migration 0015), whose check refuses a value over the runner's value size limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.scope import Scope, traverse_scope

from copilot.store.models import SALES_TABLES, Base
from copilot.store.timestamps import sqlite_text
from copilot.yaml_data import load_yaml

POLICY_FILE = Path(__file__).with_name("sql_policy.yaml")
DIALECTS: dict[str, str] = {"sqlite": "sqlite", "postgresql": "postgres"}
MERCHANT_PARAM = "merchant"
BOUNDED_TEXT = "copilot_bounded_text"
BOUNDED_TEXT_CHECK = "copilot_bounded_text_size"
MAX_QUERY_CHARS = 10_000
MAX_PATTERN_CHARS = 256

_STATEMENT_KINDS: tuple[tuple[type[exp.Expression], str], ...] = (
    (exp.Insert, "INSERT"),
    (exp.Update, "UPDATE"),
    (exp.Delete, "DELETE"),
    (exp.Merge, "MERGE"),
    (exp.Copy, "COPY"),
    (exp.Create, "CREATE"),
    (exp.Drop, "DROP"),
    (exp.Alter, "ALTER"),
    (exp.TruncateTable, "TRUNCATE"),
    (exp.Pragma, "PRAGMA"),
    (exp.Attach, "ATTACH"),
    (exp.Detach, "DETACH"),
    (exp.Transaction, "BEGIN"),
    (exp.Commit, "COMMIT"),
    (exp.Rollback, "ROLLBACK"),
    (exp.Set, "SET"),
    (exp.Grant, "GRANT"),
    (exp.Revoke, "REVOKE"),
    (exp.Use, "USE"),
    (exp.Describe, "DESCRIBE"),
    (exp.Analyze, "ANALYZE"),
    (exp.LoadData, "LOAD DATA"),
    (exp.Cache, "CACHE"),
)

ScalarParam = str | int | float | Decimal | bool | dt.date | dt.datetime | None


class SqlRefused(ValueError):
    """A query the sales runner will not run.

    `str(exc)` is a sentence the model can act on (what was refused and why, and what to do
    instead); `reason` is a short stable code for logs and metrics (e.g. "table", "function",
    "statement", "timeout", "database").
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, eq=False)
class SqlPolicy:
    """The allow-lists merchant SQL is checked against (loaded from sql_policy.yaml).

    Hashed by identity: a policy object keys the cache of checked query templates.
    """

    tables: Mapping[str, str]
    nodes: frozenset[str]
    node_families: tuple[type[exp.Expression], ...]
    cast_types: frozenset[str]
    functions: frozenset[str]
    refused_functions: Mapping[str, str]
    refused_prefixes: Mapping[str, str]
    reserved_names: frozenset[str]
    reserved_prefixes: tuple[str, ...]
    sqlite_functions: frozenset[str]
    refused_nodes: Mapping[str, str]
    pattern_arguments: Mapping[str, tuple[str, ...]]
    growing_text: frozenset[str]
    max_query_chars: int = MAX_QUERY_CHARS
    max_pattern_chars: int = MAX_PATTERN_CHARS

    def function_refusal(self, name: str) -> str | None:
        """Why the function `name` (lower-case) is refused, or None when it is allowed."""
        if name in self.functions:
            return None
        if name in self.refused_functions:
            return self.refused_functions[name]
        for prefix, why in self.refused_prefixes.items():
            if name.startswith(prefix):
                return why
        return "it is not in the allow-list of functions"

    def may_name_cte(self, name: str) -> bool:
        """False when a CTE called `name` would shadow a table of the database."""
        return name not in self.reserved_names and not name.startswith(self.reserved_prefixes)


@lru_cache(maxsize=4)
def load_policy(path: Path = POLICY_FILE) -> SqlPolicy:
    """Read the policy file; tables come from models.SALES_TABLES."""
    raw = load_yaml(path.read_text(encoding="utf-8"))
    refused = {name: why for why, names in raw["refused_functions"].items() for name in names}
    return SqlPolicy(
        tables=dict(SALES_TABLES),
        nodes=frozenset(raw["nodes"]),
        node_families=tuple(getattr(exp, name) for name in raw["node_families"]),
        cast_types=frozenset(t.upper() for t in raw["cast_types"]),
        functions=frozenset(name for group in raw["functions"].values() for name in group),
        refused_functions=refused,
        refused_prefixes=dict(raw["refused_prefixes"]),
        reserved_names=frozenset(SALES_TABLES) | frozenset(Base.metadata.tables),
        reserved_prefixes=tuple(raw["reserved_prefixes"]),
        sqlite_functions=frozenset(raw["sqlite_functions"]),
        refused_nodes=dict(raw["refused_nodes"]),
        pattern_arguments={name: tuple(args) for name, args in raw["pattern_arguments"].items()},
        growing_text=frozenset(raw["growing_text"]),
    )


@dataclass(frozen=True)
class GuardedSql:
    """A checked, merchant-scoped query ready for the driver.

    `sql` uses the driver's own placeholders: `:p0, :p1, ...` with `params` as a dict on SQLite,
    `$1, $2, ...` with `params` as a list on PostgreSQL (psycopg raw cursors). The merchant is
    the first parameter whenever the query reads a table.
    """

    sql: str
    params: dict[str, Any] | list[Any]
    tables: frozenset[str]


def sqlglot_dialect(engine_dialect: str) -> str:
    """The sqlglot dialect for a SQLAlchemy dialect name; ValueError for unsupported databases."""
    try:
        return DIALECTS[engine_dialect]
    except KeyError:
        raise ValueError(f"the sales runner supports SQLite and PostgreSQL, not {engine_dialect}") from None


def guard(
    sql: str,
    merchant_id: str,
    *,
    dialect: str,
    params: Mapping[str, Any] | None = None,
    limit: int | None = None,
    policy: SqlPolicy | None = None,
) -> GuardedSql:
    """Check `sql` against the policy and scope every table to `merchant_id`.

    `dialect` is a sqlglot dialect ("sqlite" or "postgres"). The query may use `:name`
    placeholders, each bound from `params`. With `limit`, the query returns at most that many
    rows (its own LIMIT is kept when smaller). Raises SqlRefused for anything that is not one
    allowed read-only query. Checked templates are cached by (sql, dialect, limit, policy).
    """
    policy = policy or load_policy()
    if len(sql) > policy.max_query_chars:
        raise SqlRefused(
            f"The query is {len(sql):,} characters long; at most {policy.max_query_chars:,} are allowed. "
            "Send a shorter SELECT (aggregate in SQL rather than listing values).",
            reason="size",
        )
    template = _template(sql, dialect, limit, policy)
    values = _param_values(template.names, merchant_id, params or {}, dialect)
    _check_pattern_budget(template, values, policy)
    bound: dict[str, Any] | list[Any] = (
        values if dialect == "postgres" else {f"p{i}": value for i, value in enumerate(values)}
    )
    return GuardedSql(sql=template.sql, params=bound, tables=template.tables)


@dataclass(frozen=True)
class _Template:
    """A checked query: its SQL, its placeholders' names in driver order, the tables it reads, and its
    patterns' size (characters of their literals, and the placeholders in them, once per use)."""

    sql: str
    names: tuple[str, ...]
    tables: frozenset[str]
    pattern_chars: int
    pattern_params: tuple[str, ...]


@lru_cache(maxsize=512)
def _template(sql: str, dialect: str, limit: int | None, policy: SqlPolicy) -> _Template:
    tree = _parse_one(sql, dialect)
    _check_statement(tree)
    for node in tree.walk():
        _check_node(cast(exp.Expression, node), policy)
    _check_inlined_size(tree, policy)
    pattern_chars, pattern_params = _pattern_size(tree, policy)
    if pattern_chars > policy.max_pattern_chars:
        raise _pattern_budget_refusal(pattern_chars, policy)
    tables = _scope_tables(tree, policy)
    if dialect == "postgres":
        _bound_texts(tree, policy)
    names = _renumber_placeholders(tree, dialect)
    if limit is not None:
        tree = _with_row_limit(tree, limit)
    return _Template(
        sql=tree.sql(dialect=dialect, comments=False),
        names=names,
        tables=tables,
        pattern_chars=pattern_chars,
        pattern_params=pattern_params,
    )


def _with_row_limit(tree: exp.Expression, limit: int) -> exp.Expression:
    """The query returning at most `limit` rows: its own literal LIMIT if smaller, else `limit`."""
    current = tree.args.get("limit")
    if current is None:
        return tree.limit(limit, copy=False)  # type: ignore[attr-defined]
    value = current.expression
    if isinstance(value, exp.Literal) and value.is_int and int(value.name) <= limit:
        return tree
    return exp.select("*").from_(cast(exp.Query, tree).subquery("capped_rows")).limit(limit)


def _parse_one(sql: str, dialect: str) -> exp.Expression:
    if not sql or not sql.strip():
        raise SqlRefused("The query is empty. Send one SELECT statement.", reason="parse")
    try:
        parsed = sqlglot.parse(sql, read=dialect)
    except SqlglotError as exc:
        first = str(exc).splitlines()[0][:300]
        raise SqlRefused(
            f"The SQL could not be parsed ({dialect} dialect): {first}. Send one plain SELECT statement.",
            reason="parse",
        ) from None
    statements = [s for s in parsed if s is not None and not isinstance(s, exp.Semicolon)]
    if not statements:
        raise SqlRefused("The query is empty (comments only). Send one SELECT statement.", reason="parse")
    if len(statements) != 1:
        raise SqlRefused(
            f"Exactly one statement is allowed and this text holds {len(statements)} "
            "(statements are separated by ';', comments included). Send a single SELECT.",
            reason="statements",
        )
    return cast(exp.Expression, statements[0])


def _statement_kind(node: exp.Expression) -> str | None:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    for kind, label in _STATEMENT_KINDS:
        if isinstance(node, kind):
            return label
    return None


def _check_statement(tree: exp.Expression) -> None:
    if isinstance(tree, exp.Select | exp.SetOperation):
        return
    kind = _statement_kind(tree) or type(tree).__name__.upper()
    raise SqlRefused(
        f"Only read-only SELECT queries are allowed; this is a {kind} statement. "
        "The sales analyst can read data but never change it.",
        reason="statement",
    )


def _check_node(node: exp.Expression, policy: SqlPolicy) -> None:
    kind = _statement_kind(node)
    if kind is not None:
        raise SqlRefused(
            f"A {kind} statement is nested inside the query (e.g. in a CTE); data-modifying and "
            "administrative statements are not allowed anywhere. Use SELECT only.",
            reason="statement",
        )
    if isinstance(node, exp.Into):
        raise SqlRefused("SELECT ... INTO creates a table and is not allowed. Return the rows instead.", reason="into")
    if isinstance(node, exp.Lock):
        raise SqlRefused(
            "Row locks (FOR UPDATE / FOR SHARE) are not allowed in read-only queries; remove the clause.",
            reason="lock",
        )
    if isinstance(node, exp.Column):
        _check_column(node)
        return
    if type(node).__name__ in policy.refused_nodes:
        raise SqlRefused(
            f"{_snippet(node)} is not allowed: {policy.refused_nodes[type(node).__name__]}.", reason="construct"
        )
    if type(node).__name__ in policy.nodes or isinstance(node, policy.node_families):
        return
    if isinstance(node, exp.Func):
        _check_function(node, policy)
        return
    raise SqlRefused(
        f"The SQL construct {type(node).__name__} ({_snippet(node)}) is not supported by the sales "
        "analyst. Use plain SELECT syntax: joins, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, CTEs, "
        "window functions.",
        reason="construct",
    )


def _function_name(func: exp.Func) -> str:
    if isinstance(func, exp.Anonymous):
        return str(func.this).lower()
    return func.key


def _display_name(func: exp.Func) -> str:
    if isinstance(func, exp.Anonymous):
        return str(func.this)
    return func.sql_name()


def _check_function(func: exp.Func, policy: SqlPolicy) -> None:
    why = policy.function_refusal(_function_name(func))
    if why is not None:
        raise SqlRefused(
            f"The function {_display_name(func)}() is not allowed: {why}. Use aggregates (SUM, COUNT, "
            "AVG, MIN, MAX), date functions (strftime/date on SQLite, date_trunc/to_char/extract on "
            "PostgreSQL), string, CASE/COALESCE and window functions.",
            reason="function",
        )
    if isinstance(func, exp.Cast | exp.TryCast):
        _check_cast(func, policy)


def _check_cast(cast: exp.Cast, policy: SqlPolicy) -> None:
    target = cast.args.get("to")
    if not isinstance(target, exp.DataType):
        return
    name = target.this.name if isinstance(target.this, exp.DataType.Type) else str(target.this)
    if name.upper() not in policy.cast_types:
        raise SqlRefused(
            f"CAST to {target.sql()} is not allowed; cast only to numbers, text, dates, timestamps, "
            "intervals or booleans.",
            reason="cast",
        )


def _own_nodes(node: exp.Expression) -> Iterator[exp.Expression]:
    """The nodes of `node`, not entering the subqueries and CTEs inside it (their own scopes)."""
    nested = exp.Subquery | exp.Select | exp.SetOperation | exp.With

    def prune(inner: Any) -> bool:
        return inner is not node and isinstance(inner, nested)

    for inner in node.walk(prune=prune):
        if inner is node or not isinstance(inner, nested):
            yield cast(exp.Expression, inner)


def _inlined_size(node: exp.Expression, derived: Mapping[str, int], widest: int) -> int:
    """Nodes of `node` once inlined: a column of a derived source counts as that source's size (`derived`, by
    name; `widest`, the largest, for an unqualified column or a star)."""
    total = 0
    for inner in _own_nodes(node):
        if isinstance(inner, exp.Column):
            total += derived.get(inner.table, 1) if inner.table else widest
        elif isinstance(inner, exp.Star):
            total += widest
        else:
            total += 1
    return total


def _check_inlined_size(tree: exp.Expression, policy: SqlPolicy) -> None:
    """Refuse a query that grows past the query size limit once its CTEs and subqueries are inlined.

    Both databases, while preparing a query, copy a CTE's or derived table's expression into every reference
    to its column, and no time limit interrupts that: k references per level over L levels are k**L copies
    from a short text. A scope's size counts a reference to such a column as that column's own size.
    """
    weights: dict[int, int] = {}
    for scope in traverse_scope(tree):
        expression = cast(exp.Expression, scope.expression)
        if isinstance(expression, exp.SetOperation):
            branches = [weights.get(id(branch.expression), 1) for branch in scope.set_operation_scopes]
            weights[id(expression)] = max(branches, default=1)
            continue
        derived = {
            name: weights.get(id(source.expression), 1)
            for name, (_, source) in scope.selected_sources.items()
            if isinstance(source, Scope)
        }
        widest = max(derived.values(), default=1)
        whole = _inlined_size(expression, derived, widest)
        if whole > policy.max_query_chars:
            raise SqlRefused(
                f"Once its CTEs and subqueries are inlined, this query would be about {whole:,} terms long; at most "
                f"{policy.max_query_chars:,} are allowed (the database copies a computed column into every use of "
                "it, before any time limit applies). Use each computed column fewer times, or compute it once.",
                reason="size",
            )
        projections = expression.selects if isinstance(expression, exp.Select) else []
        weights[id(expression)] = max(
            (_inlined_size(cast(exp.Expression, p), derived, widest) for p in projections), default=1
        )


def _literal_size(node: exp.Expression) -> tuple[int, list[str]] | None:
    """(characters of literals, placeholder names) of a text built only from literals and placeholders
    (joined, lower/upper-cased, cast or listed for ANY/ALL), else None: its length is then unknown."""
    if isinstance(node, exp.Literal):
        return len(node.name), []
    if isinstance(node, exp.Placeholder):
        return 0, [str(node.this or "")]
    if isinstance(node, exp.Null):
        return 0, []
    if isinstance(node, exp.Paren | exp.Lower | exp.Upper | exp.Cast | exp.Any | exp.All):
        return _literal_size(node.this)
    if isinstance(node, exp.DPipe | exp.Concat | exp.ConcatWs | exp.Array | exp.Tuple):
        parts = [node.this, node.expression] if isinstance(node, exp.DPipe) else node.expressions
        sizes = [_literal_size(part) for part in parts]
        if any(size is None for size in sizes):
            return None
        known = [size for size in sizes if size is not None]
        return sum(chars for chars, _ in known), [name for _, names in known for name in names]
    return None


def _pattern_size(tree: exp.Expression, policy: SqlPolicy) -> tuple[int, tuple[str, ...]]:
    """Characters of every pattern argument's literals and the placeholders they use; SqlRefused for a
    pattern the query computes."""
    chars, params = 0, []
    for walked in tree.walk():
        node = cast(exp.Expression, walked)
        for arg in policy.pattern_arguments.get(type(node).__name__, ()):
            value = node.args.get(arg)
            if not isinstance(value, exp.Expression):
                continue
            size = _literal_size(value)
            if size is None:
                raise SqlRefused(
                    f"In {_snippet(node)}, the pattern or searched-for text {_snippet(value)} is computed by the "
                    "query; it must be literal text or a :parameter. Matching a text against a computed pattern "
                    "can run for minutes in one step that no time limit interrupts. Compare with = or IN, or "
                    "write the pattern out.",
                    reason="pattern",
                )
            chars += size[0]
            params += size[1]
    return chars, tuple(params)


def _pattern_budget_refusal(chars: int, policy: SqlPolicy) -> SqlRefused:
    return SqlRefused(
        f"The query's patterns and searched-for texts (LIKE, GLOB, instr/strpos, replace, split_part, trim) "
        f"add up to {chars:,} characters; at most {policy.max_pattern_chars:,} are allowed, because each such "
        "call costs the searched text's length times the pattern's and runs without interruption. Use shorter "
        "or fewer patterns.",
        reason="pattern",
    )


def _check_pattern_budget(template: _Template, values: list[Any], policy: SqlPolicy) -> None:
    if not template.pattern_params:
        return
    bound = dict(zip(template.names, values, strict=True))
    chars = template.pattern_chars + sum(len(str(bound.get(name) or "")) for name in template.pattern_params)
    if chars > policy.max_pattern_chars:
        raise _pattern_budget_refusal(chars, policy)


def _bound(node: exp.Expression) -> None:
    """Put `CAST(node AS BOUNDED_TEXT)` where `node` was."""
    wrapper = exp.Cast(to=exp.DataType.build(BOUNDED_TEXT, udt=True))
    node.replace(wrapper)
    wrapper.set("this", node)


def _bound_texts(tree: exp.Expression, policy: SqlPolicy) -> None:
    """Cast every searched text and every grown text to BOUNDED_TEXT (PostgreSQL, after all checks).

    Nodes are visited inner ones first, so that each is wrapped once, where it stands."""
    for node in reversed([cast(exp.Expression, node) for node in tree.walk()]):
        name = type(node).__name__
        if name in policy.pattern_arguments and isinstance(node.this, exp.Expression):
            _bound(node.this)
        if name in policy.growing_text:
            _bound(node)


def _check_column(column: exp.Column) -> None:
    if column.args.get("db") or column.args.get("catalog"):
        raise SqlRefused(
            f"The schema-qualified column {column.sql()} is not allowed; write table.column or a bare column name.",
            reason="schema",
        )


def _snippet(node: exp.Expression) -> str:
    text = node.sql()
    return text if len(text) <= 60 else text[:57] + "..."


def _cte_names(with_: exp.With) -> list[str]:
    return [cte.alias_or_name.lower() for cte in with_.expressions]


def _visible_ctes(node: exp.Expression) -> set[str]:
    """Names of the CTEs `node` can refer to, with the databases' scoping rules.

    A query's body sees all of its CTEs; a CTE's body sees the CTEs defined before it, and itself
    only under WITH RECURSIVE (otherwise its own name means the real table).
    """
    names: set[str] = set()
    child: Any = node
    parent: Any = node.parent
    while parent is not None:
        if isinstance(parent, exp.With):
            for cte in parent.expressions:
                if cte is child:
                    if parent.args.get("recursive"):
                        names.add(cte.alias_or_name.lower())
                    break
                names.add(cte.alias_or_name.lower())
        elif isinstance(parent, exp.Query):
            with_ = parent.args.get("with_")
            if isinstance(with_, exp.With) and child is not with_:
                names.update(_cte_names(with_))
        child, parent = parent, parent.parent
    return names


def _check_ctes(tree: exp.Expression, policy: SqlPolicy) -> None:
    for cte in tree.find_all(exp.CTE):
        name = cte.alias_or_name.lower()
        if not policy.may_name_cte(name):
            raise SqlRefused(
                f"The CTE name '{cte.alias_or_name}' shadows a table of the database; give the CTE "
                "another name (e.g. prefix it with q_).",
                reason="cte",
            )


def _scope_tables(tree: exp.Expression, policy: SqlPolicy) -> frozenset[str]:
    """Replace every real table reference by a merchant-filtered subquery; return the tables read."""
    _check_ctes(tree, policy)
    read: set[str] = set()
    for table in list(tree.find_all(exp.Table)):
        name = _checked_table_name(table, policy)
        if name is None:
            continue
        read.add(name)
        table.replace(_scoped_subquery(table, name, policy.tables[name]))
    return frozenset(read)


def _checked_table_name(table: exp.Table, policy: SqlPolicy) -> str | None:
    """The allowed table `table` reads, None for a CTE reference; SqlRefused otherwise."""
    if not isinstance(table.this, exp.Identifier):
        raise SqlRefused(
            f"Table-valued functions ({_snippet(table)}) are not allowed in FROM; read the sales "
            f"tables: {', '.join(sorted(policy.tables))}.",
            reason="table",
        )
    if table.args.get("db") or table.args.get("catalog"):
        raise SqlRefused(
            f"The schema-qualified name {table.sql()} is not allowed: only the store's sales tables "
            f"can be read, by their bare names ({', '.join(sorted(policy.tables))}).",
            reason="schema",
        )
    extras = sorted(k for k, v in table.args.items() if v and k not in ("this", "alias"))
    if extras:
        raise SqlRefused(
            f"Table options ({', '.join(extras)}) on {table.name} are not supported; refer to the "
            "table by its plain name with an optional alias.",
            reason="table",
        )
    name = table.name.lower()
    if name in _visible_ctes(table):
        return None
    if name not in policy.tables:
        raise SqlRefused(
            f"The table '{table.name}' is not available to the sales analyst. Tables you can query: "
            f"{', '.join(sorted(policy.tables))}.",
            reason="table",
        )
    return name


def _scoped_subquery(table: exp.Table, name: str, merchant_column: str) -> exp.Subquery:
    """`(SELECT * FROM name WHERE name.merchant_column = :merchant) AS alias`, keeping the alias."""
    condition = exp.EQ(this=exp.column(merchant_column, table=name), expression=exp.Placeholder(this=MERCHANT_PARAM))
    inner = exp.Select(
        expressions=[exp.Star()],
        from_=exp.From(this=exp.Table(this=exp.to_identifier(name))),
        where=exp.Where(this=condition),
    )
    alias = table.args.get("alias")
    alias = alias.pop() if alias is not None else exp.TableAlias(this=exp.to_identifier(name))
    return exp.Subquery(this=inner, alias=alias)


def _driver_value(value: Any, dialect: str) -> Any:
    if not isinstance(value, ScalarParam):
        raise SqlRefused(
            f"Parameter values must be text, numbers, booleans, dates or null, not {type(value).__name__}.",
            reason="params",
        )
    if dialect == "sqlite" and isinstance(value, dt.date):
        return sqlite_text(value)
    return value


def _renumber_placeholders(tree: exp.Expression, dialect: str) -> tuple[str, ...]:
    """Replace `:name` placeholders by the driver's numbered ones; the names in number order.

    `:merchant` (the scoping subqueries' placeholder, and the query's own if it uses one) comes
    first whenever present. Only used names are numbered: PostgreSQL cannot type an unused one.
    """
    placeholders = list(tree.find_all(exp.Placeholder))
    order: dict[str, int] = {}
    if any(node.this == MERCHANT_PARAM for node in placeholders):
        order[MERCHANT_PARAM] = 0
    for node in placeholders:
        name = str(node.this or "")
        if not name:
            raise SqlRefused(
                "Positional placeholders (?) are not supported; use named ones like :start.",
                reason="params",
            )
        order.setdefault(name, len(order))
        node.replace(_driver_placeholder(order[name], dialect))
    return tuple(order)


def _param_values(names: tuple[str, ...], merchant_id: str, params: Mapping[str, Any], dialect: str) -> list[Any]:
    """Values for the numbered placeholders. `:merchant` is always the runtime's merchant; a
    different value for it in `params` is refused rather than silently ignored."""
    if MERCHANT_PARAM in params and params[MERCHANT_PARAM] != merchant_id:
        raise SqlRefused(
            f"The parameter :{MERCHANT_PARAM} is bound by the runtime to the current merchant and "
            "cannot be set to another value.",
            reason="params",
        )
    values: list[Any] = []
    for name in names:
        if name == MERCHANT_PARAM:
            values.append(merchant_id)
        elif name in params:
            values.append(_driver_value(params[name], dialect))
        else:
            raise SqlRefused(f"The parameter :{name} has no value.", reason="params")
    return values


def _driver_placeholder(index: int, dialect: str) -> exp.Expression:
    if dialect == "postgres":
        return exp.Parameter(this=exp.Literal.number(index + 1))
    return exp.Placeholder(this=f"p{index}")
