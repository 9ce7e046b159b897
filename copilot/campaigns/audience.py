"""Audiences of a plan estimated from the store's events (aggregates only): scene words, segment ids or the
recent visitors of the products."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from copilot.campaigns.config import load_config
from copilot.campaigns.history import History, product_filter
from copilot.campaigns.products import ProductRow
from copilot.i18n import segmenter
from copilot.i18n.language import has_cjk
from copilot.segments.config import load_config as segments_config
from copilot.segments.matching import match_needs
from copilot.store.models import Event
from copilot.store.timestamps import midnight_bound
from tools.result import ToolRefusal


@dataclass(frozen=True)
class SegmentEstimate:
    """An audience as a campaign plan estimates it from the store's events (aggregates only)."""

    key: str
    name: str
    size: int
    views: int
    purchases: int
    conversion: float
    basis: str


def _tokens(term: str) -> list[str]:
    stop = {w.lower() for w in load_config().segment_stopwords}
    words = [w.strip().lower() for w in segmenter.lcut_for_search(term)]
    keep = []
    for word in words:
        if word and word not in stop and len(word) >= (2 if has_cjk(word) else 3) and word not in keep:
            keep.append(word)
    return keep


def _word_sets(term: str) -> Iterator[list[str]]:
    """The whole term first; its words only when the whole term finds nobody (lazy: jieba loads on demand); then the
    life scenes it names in either language ("hikers", "徒步的人": 登山徒步, its names and what it needs)."""
    yield [term.strip().lower()]
    yield _tokens(term)
    config = segments_config()
    for key in match_needs(term, config):
        need = config.needs[key]
        yield list(dict.fromkeys(w.lower() for w in (need.zh, need.en, *need.names, *need.expand)))


def _text_of(p: ProductRow) -> str:
    return " ".join([p.title, p.title_en or "", p.category, p.tags]).lower()


def _audience_filter(catalog: list[ProductRow], words: list[str]) -> tuple[ColumnElement[bool], list[str]]:
    """Events that show the words: on products whose text holds one, or searches that hold one."""
    matched = [p.id for p in catalog if any(w in _text_of(p) for w in words)]
    searched = or_(*(func.lower(Event.query).contains(w, autoescape=True) for w in words))
    clause = or_(Event.product_id.in_(matched), and_(Event.kind == "search", searched))
    return clause, matched


def _members(session: Session, merchant_id: str, clause: ColumnElement[bool], history: History) -> set[str]:
    """Customers with an event matching `clause` in the history window."""
    rows = session.scalars(
        select(Event.customer_id)
        .where(Event.merchant_id == merchant_id)
        .where(
            Event.created_at >= midnight_bound(session, history.since),
            Event.created_at < midnight_bound(session, history.until, 1),
        )
        .where(Event.customer_id.is_not(None), clause)
        .distinct()
    )
    return {customer for customer in rows if customer is not None}


CustomerFunnel = dict[str, tuple[int, int]]


def _customer_funnel(session: Session, merchant_id: str, history: History) -> CustomerFunnel:
    """(views, purchases) of the scope's products per customer in the history window."""
    rows = session.execute(
        select(Event.customer_id, Event.kind, func.count())
        .where(Event.merchant_id == merchant_id)
        .where(
            Event.created_at >= midnight_bound(session, history.since),
            Event.created_at < midnight_bound(session, history.until, 1),
        )
        .where(Event.kind.in_(("view", "purchase")), product_filter(Event.product_id, history.product_ids))
        .where(Event.customer_id.is_not(None))
        .group_by(Event.customer_id, Event.kind)
    ).all()
    funnel: dict[str, list[int]] = {}
    for customer, kind, count in rows:
        funnel.setdefault(str(customer), [0, 0])[0 if kind == "view" else 1] += int(count)
    return {c: (v, p) for c, (v, p) in funnel.items()}


def _estimate(
    key: str, name: str, basis: str, members: set[str], funnel: CustomerFunnel, history: History
) -> SegmentEstimate:
    """Size and conversion of `members` on the scope's products, smoothed toward the scope's own rate."""
    views = sum(funnel[c][0] for c in members if c in funnel)
    purchases = sum(funnel[c][1] for c in members if c in funnel)
    prior = load_config().history.min_views
    conversion = (purchases + prior * history.view_conversion) / (views + prior)
    return SegmentEstimate(key, name, len(members), views, purchases, conversion, basis)


def _segment(
    session: Session,
    merchant_id: str,
    term: str,
    catalog: list[ProductRow],
    history: History,
    funnel: CustomerFunnel,
) -> SegmentEstimate:
    if term.startswith("seg_"):
        basis = (
            "segment id from find_target_segments; its members are not re-derived here: reach and conversion "
            "estimated as the campaign products' recent visitors"
        )
        return _estimate(term, term, basis, set(funnel), funnel, history)
    for words in _word_sets(term):
        if not words:
            continue
        clause, matched = _audience_filter(catalog, words)
        members = _members(session, merchant_id, clause, history)
        if members:
            basis = (
                f"customers who searched for or browsed products matching {', '.join(words)} "
                f"({len(matched)} products) in the last {load_config().history.days} days"
            )
            return _estimate(term, term, basis, members, funnel, history)
    return SegmentEstimate(term, term, 0, 0, 0, 0.0, f"no customer of this store searched or browsed {term!r}")


def estimate_segments(
    session: Session,
    merchant_id: str,
    terms: tuple[str, ...] | None,
    catalog: list[ProductRow],
    history: History,
    lang: str,
) -> tuple[list[SegmentEstimate], list[str]]:
    """Estimated segments with an audience, and notes on those without one; ToolRefusal when none is left."""
    funnel = _customer_funnel(session, merchant_id, history)
    if not terms:
        name = load_config().names["default_segment"][lang]
        basis = f"customers with events on the {history.scope} in the last {load_config().history.days} days"
        visitors = _members(session, merchant_id, product_filter(Event.product_id, history.product_ids), history)
        return [_estimate("campaign_visitors", name, basis, visitors, funnel, history)], []
    found = [_segment(session, merchant_id, term, catalog, history, funnel) for term in terms]
    kept = [s for s in found if s.size > 0]
    notes = [f"segment {s.key!r} dropped: {s.basis}" for s in found if s.size == 0]
    if not kept:
        raise ToolRefusal(f"no audience found in this store for segments {', '.join(terms)}: {'; '.join(notes)}")
    return kept, notes
