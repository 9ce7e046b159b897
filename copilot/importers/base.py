"""The import pipeline: export files in, the merchant's rows of the data contract out, with a report.

`import_files` detects each file's format from its header (or takes `fmt`), streams its records through the
format's parser (shopify.py, taobao.py, generic.py, sheet.py), and writes them in batches of whole orders, one
transaction per batch (writer.py). Catalog files go first, then Taobao item reports (indexed by order id),
then order files, then product sheets (cost and stock of products already stored). Bad rows are written to a
CSV report (file, line, reason) and the good ones still import. Re-running the same files changes nothing; a
newer export updates the orders that changed.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any, TextIO

from copilot.clock import Clock, SystemClock
from copilot.i18n import format_money
from copilot.importers import ads, generic, sheet, shopify, taobao
from copilot.importers.ad_writer import AdOutcome, AdRows, write_ad_rows
from copilot.importers.collection import fewer_collections
from copilot.importers.pii import Pseudonymizer
from copilot.importers.records import OrderRecord, ProductRecord, ProductUpdate, Record, Rejection, Skip, formats
from copilot.importers.tables import Table, UnreadableFileError, open_table
from copilot.importers.types import ParseContext
from copilot.importers.writer import BatchCounts, Counts, CurrencyError, StoreWriter
from copilot.store import Store

FORMATS = ("auto", "shopify", "taobao", "alimama", "csv", "ads")
KIND_ORDER = {
    "shopify_products": 0,
    "taobao_items": 1,
    "shopify_orders": 2,
    "taobao_orders": 2,
    "generic": 2,
    "product_sheet": 3,
}
ENTITIES = ("orders", "order_items", "products", "customers")
PROGRESS_EVERY = 2000
BULK_MIN_BYTES = 32 * 2**20
ORDER_KINDS = frozenset({"shopify_orders", "taobao_orders", "generic"})
AD_KINDS = frozenset({"alimama_ads", "ads"})  # ad reports: read after every other kind
AD_ORDER = 9
Parsed = Record | ads.AdRecord

Progress = Callable[[str, int, int], None]


class ImportFailed(ValueError):
    """The import cannot start or go on: unknown format, unreadable file, bad mapping, currency conflict."""


@dataclass
class DataQuality:
    """What the merchant should know about the imported data."""

    rows_read: int = 0
    rows_rejected: int = 0
    days: set[date] = field(default_factory=set)
    unmapped_channels: Counter[str] = field(default_factory=Counter)
    orders_without_lines: int = 0
    products_without_cost: int = 0
    products_without_stock: int = 0

    @property
    def rejected_share(self) -> float:
        return self.rows_rejected / self.rows_read if self.rows_read else 0.0

    @property
    def first_day(self) -> date | None:
        return min(self.days) if self.days else None

    @property
    def last_day(self) -> date | None:
        return max(self.days) if self.days else None

    def gaps(self) -> list[tuple[date, date]]:
        """Runs of days without any order between the first and the last day, longest first."""
        runs: list[tuple[date, date]] = []
        ordered = sorted(self.days)
        for before, after in pairwise(ordered):
            if (after - before).days > 1:
                runs.append((before + timedelta(days=1), after - timedelta(days=1)))
        return sorted(runs, key=lambda run: (run[0] - run[1], run[0]))

    def to_dict(self) -> dict[str, Any]:
        gaps = self.gaps()
        return {
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "days_without_orders": sum((b - a).days + 1 for a, b in gaps),
            "longest_gaps": [[a.isoformat(), b.isoformat()] for a, b in gaps[:3]],
            "rows_read": self.rows_read,
            "rows_rejected": self.rows_rejected,
            "rejected_share": round(self.rejected_share, 4),
            "orders_with_unmapped_channel": dict(self.unmapped_channels),
            "orders_without_lines": self.orders_without_lines,
            "products_without_cost": self.products_without_cost,
            "products_without_stock": self.products_without_stock,
        }


@dataclass
class FileSummary:
    path: str
    kind: str
    encoding: str
    rows: int = 0


@dataclass
class ImportReport:
    """Counts per entity (imported / updated / skipped / rejected), the data quality and the report file."""

    merchant_id: str
    currency: str | None = None
    merchant_created: bool = False
    files: list[FileSummary] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=lambda: {e: Counts() for e in ENTITIES})
    quality: DataQuality = field(default_factory=DataQuality)
    rejected_path: Path | None = None
    skipped_reasons: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    ads: AdOutcome | None = None

    def add(self, batch: BatchCounts) -> None:
        for entity in ENTITIES:
            self.counts[entity].add(getattr(batch, entity))

    def to_dict(self) -> dict[str, Any]:
        return {
            "merchant_id": self.merchant_id,
            "currency": self.currency,
            "merchant_created": self.merchant_created,
            "files": [vars(f) for f in self.files],
            "counts": {e: vars(c) for e, c in self.counts.items()},
            "quality": self.quality.to_dict(),
            "rejected_report": str(self.rejected_path) if self.rejected_path else None,
            "seconds": round(self.seconds, 3),
            "ad_daily": self.ads.to_dict() if self.ads else None,
        }

    def summary(self) -> str:
        """A short text for the merchant: counts per entity, then the data-quality lines."""
        new = " (new merchant)" if self.merchant_created else ""
        lines = [f"Imported into {self.merchant_id}{new}, currency {self.currency}"]
        only_ads = bool(self.files) and all(f.kind in AD_KINDS for f in self.files)
        for entity in () if only_ads else ENTITIES:
            c = self.counts[entity]
            label = entity.replace("_", " ")
            lines.append(
                f"  {label:<12} {c.imported:>9,} imported {c.updated:>7,} updated {c.skipped:>9,} skipped "
                f"{c.rejected:>6,} rejected"
            )
        if self.ads is not None:
            lines.extend(_ad_lines(self.ads, self.currency))
        q = self.quality
        if q.first_day:
            gaps = q.gaps()
            missing = sum((b - a).days + 1 for a, b in gaps)
            span = (q.last_day - q.first_day).days + 1 if q.last_day else 0
            gap_text = f"; longest gap {gaps[0][0]} to {gaps[0][1]}" if gaps else ""
            lines.append(f"Orders {q.first_day} to {q.last_day}: {missing} of {span} days without orders{gap_text}")
        lines.append(f"Rows rejected: {q.rows_rejected:,} of {q.rows_read:,} ({q.rejected_share:.1%})")
        if self.rejected_path:
            lines.append(f"Rejected rows (file, line, reason): {self.rejected_path}")
        for reason, n in self.skipped_reasons.most_common(3):
            lines.append(f"Skipped {n:,} orders: {reason}")
        if q.unmapped_channels:
            shown = ", ".join(f"{k or '(empty)'} × {v:,}" for k, v in q.unmapped_channels.most_common(5))
            lines.append(f"Channel not in the mapping table, stored as direct: {shown}")
        if q.orders_without_lines:
            lines.append(f"Orders without item lines (totals only): {q.orders_without_lines:,}")
        if q.products_without_cost:
            lines.append(
                f"Products without a cost: {q.products_without_cost:,} (stored as 0; gross margin leaves them out "
                "and says their cost is unknown)"
            )
        if q.products_without_stock:
            lines.append(f"Products without a stock count: {q.products_without_stock:,} (stored as 0)")
        if q.products_without_cost or q.products_without_stock:
            lines.append(
                "To give them, import a product sheet (CSV or XLSX with columns sku or title, cost, stock): "
                f"copilot import SHEET.csv --merchant {self.merchant_id}"
            )
        return "\n".join(lines)


class _RejectionLog:
    """The CSV of rejected rows, created on the first rejection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: TextIO | None = None
        self._writer: Any = None

    def write(self, rejection: Rejection) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(["file", "line", "reason"])
        self._writer.writerow([rejection.source, rejection.line, rejection.reason])

    @property
    def written(self) -> bool:
        return self._handle is not None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def _ad_lines(outcome: AdOutcome, currency: str | None) -> list[str]:
    """The ad report part of the summary: rows per channel (days, rows, spend) and what the merchant should check."""
    c = outcome.counts
    lines = [
        f"  {'ad report':<12} {c.imported:>9,} imported {c.updated:>7,} updated {c.skipped:>9,} unchanged "
        f"{c.rejected:>6,} rejected"
    ]
    for channel, totals in outcome.channels.items():
        lines.append(
            f"  {channel:<12} days: {len(totals.days):,}  rows: {totals.rows:,}  "
            f"spend: {format_money(totals.spend, currency, 'zh')}"
        )
    if outcome.zeroed:
        shown = ", ".join(f"{column} × {n:,}" for column, n in outcome.zeroed.most_common())
        lines.append(f"Empty cells read as 0: {shown}")
    if outcome.unmatched_plans:
        plans = sorted(outcome.unmatched_plans)
        more = f" and {len(plans) - 10} more" if len(plans) > 10 else ""
        lines.append(f"Plans matching no campaign by name (stored without one): {', '.join(plans[:10])}{more}")
    if outcome.totals_rows:
        lines.append(f"Totals rows skipped: {outcome.totals_rows:,}")
    if outcome.replaced_in_import:
        lines.append(
            f"Day/channel/plan figures given again by a later file of this import (the later file's kept, not "
            f"added): {outcome.replaced_in_import:,}"
        )
    return lines


def detect_kind(header: list[str], fmt: str) -> str:
    """The kind of export a header belongs to (shopify_orders, shopify_products, taobao_orders, taobao_items,
    generic). Raises ImportFailed when `fmt` is auto and nothing matches, or the header contradicts `fmt`."""
    names = {h.strip() for h in header}
    specs = formats()
    for kind in ("shopify_orders", "shopify_products", "taobao_orders", "taobao_items"):
        if set(specs[kind]["detect"]) <= names and fmt in ("auto", kind.split("_")[0]):
            return kind
    if fmt == "auto" and sheet.is_sheet(header):
        return "product_sheet"
    if fmt == "csv":
        return "generic"
    if fmt in ("auto", "alimama") and ads.is_alimama(header):
        return "alimama_ads"
    if fmt == "ads":
        return "ads"
    raise ImportFailed(
        f"not a recognised {'export' if fmt == 'auto' else fmt + ' export'} (header starts {header[:6]}); "
        "use --format csv (orders) or --format ads (ad reports) with --mapping for other files"
    )


def import_files(
    store: Store,
    paths: list[Path],
    *,
    merchant_id: str,
    secret: str,
    fmt: str = "auto",
    currency: str | None = None,
    timezone: str | None = None,
    mapping: Path | None = None,
    channel: str | None = None,
    report_dir: Path,
    merchant_name: str | None = None,
    batch_size: int = 10_000,
    bulk_min_bytes: int = BULK_MIN_BYTES,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import export files into `merchant_id`'s rows of `store` and return the report.

    A new merchant is created with `currency`, else the file's currency (or the format's, CNY for Taobao).
    Ad reports (Alimama's, or `ads` with a mapping) go into ad_daily (ads.py, ad_writer.py) after the other
    files; `channel` (search | recommend | live) is the channel of their rows that name none.
    Each batch of `batch_size` whole orders is one transaction. Raises ImportFailed when the import cannot
    start (unknown format, unreadable file or mapping, currency conflict); batches committed before an
    unexpected error stay, the failing batch is rolled back whole.

    A bulk load (CSV order files of `bulk_min_bytes` or more, into a SQLite store with no other merchant's
    orders) defers the secondary indexes of the order tables and builds them once at the end
    (StoreWriter.defer_indexes); batches and their transactions are the same.
    """
    if fmt not in FORMATS:
        raise ImportFailed(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    began = time.perf_counter()
    clock = clock or SystemClock()
    report = ImportReport(merchant_id)
    if channel is not None and channel not in ads.AD_CHANNELS:
        raise ImportFailed(f"unknown channel {channel!r}; one of {', '.join(ads.AD_CHANNELS)}")
    ctx = ParseContext(Pseudonymizer(secret, merchant_id), timezone=timezone, ad_channel=channel)
    if mapping is not None:
        try:
            ctx.mapping = ads.load_ad_mapping(mapping) if fmt == "ads" else generic.load_mapping(mapping)
        except (generic.MappingError, ads.AdMappingError) as exc:
            raise ImportFailed(str(exc)) from exc
    tables = _open_all(paths, fmt, ctx, report)
    stamp_text = clock.now().strftime("%Y%m%dT%H%M%S")
    log = _RejectionLog(report_dir / f"import-{merchant_id}-{stamp_text}-rejected.csv")
    writer = StoreWriter(store, merchant_id, clock)
    try:
        run = _Run(writer, report, log, currency, merchant_name, batch_size)
        run.file_currency = _file_currency(tables, ctx)
        if _order_bytes(tables) >= bulk_min_bytes:
            writer.defer_indexes()
        with fewer_collections():
            for kind, table in tables:
                summary = next(f for f in report.files if f.path == str(table.path))
                run.consume(_records(kind, table, ctx), table, summary, progress or _silent)
            run.flush_all()
            run.flush_ads(store, any(kind in AD_KINDS for kind, _ in tables))
        if writer.deferred:
            writer.restore_indexes()
        if report.counts["orders"].imported + report.counts["orders"].updated:
            writer.analyze()
        report.seconds = time.perf_counter() - began
        report.currency = writer.currency
        if writer.currency is not None:
            writer.audit(report.to_dict())
    except BaseException:
        writer.rollback()
        raise
    finally:
        writer.close()
        log.close()
    report.rejected_path = log.path if log.written else None
    return report


def _file_currency(tables: list[tuple[str, Table]], ctx: ParseContext) -> str | None:
    """The currency of the first order of the order files (read again from the start), if any says one, else
    that of the first ad report that says one (Alimama's: CNY; a mapping's `currency`)."""
    for kind, table in sorted(tables, key=lambda pair: pair[0] in AD_KINDS):
        if kind in AD_KINDS:
            layout = _ad_layout(kind, table, ctx)
            if layout.currency:
                return layout.currency
        if kind in ("shopify_orders", "taobao_orders", "generic"):
            probe = ParseContext(ctx.pseudonymizer, ctx.timezone, {}, ctx.mapping)
            for record in _records(kind, open_table(table.path), probe):
                if isinstance(record, OrderRecord) and record.currency:
                    return record.currency
    return None


def _order_bytes(tables: list[tuple[str, Table]]) -> int:
    """The size of the CSV order files (an XLSX table counts rows, not bytes, and is never a bulk load)."""
    return sum(table.size for kind, table in tables if kind in ORDER_KINDS and table.encoding != "xlsx")


def _silent(name: str, done: int, total: int) -> None:
    return None


def _open_all(paths: list[Path], fmt: str, ctx: ParseContext, report: ImportReport) -> list[tuple[str, Table]]:
    opened: list[tuple[str, Table]] = []
    for path in paths:
        try:
            table = open_table(path)
        except UnreadableFileError as exc:  # its message starts with the file's name
            raise ImportFailed(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise ImportFailed(f"{path.name}: {exc}") from exc
        kind = detect_kind(table.header, fmt)
        if kind == "generic" and ctx.mapping is None:
            raise ImportFailed(f"{path.name}: --format csv needs --mapping (see --suggest-mapping)")
        if kind == "generic":
            try:
                generic.check_header(ctx.mapping, table.header, path.name)
            except generic.MappingError as exc:
                raise ImportFailed(str(exc)) from exc
        if kind == "ads" and not isinstance(ctx.mapping, ads.AdMapping):
            raise ImportFailed(f"{path.name}: --format ads needs --mapping (see --suggest-mapping --format ads)")
        if kind in AD_KINDS:
            try:
                ads.check_layout(_ad_layout(kind, table, ctx), table.header, path.name, ctx.ad_channel)
            except ads.AdMappingError as exc:
                raise ImportFailed(str(exc)) from exc
        opened.append((kind, table))
        report.files.append(FileSummary(str(path), kind, table.encoding))
    return sorted(opened, key=lambda pair: AD_ORDER if pair[0] in AD_KINDS else KIND_ORDER[pair[0]])


def _ad_layout(kind: str, table: Table, ctx: ParseContext) -> ads.AdLayout:
    return ads.alimama_layout(table.header) if kind == "alimama_ads" else ads.mapped_layout(ctx.mapping)


def _records(kind: str, table: Table, ctx: ParseContext) -> Iterator[Parsed]:
    if kind in AD_KINDS:
        return ads.parse_ad_rows(table, _ad_layout(kind, table, ctx), ctx.ad_channel)
    if kind == "shopify_orders":
        return shopify.parse_orders(table, ctx)
    if kind == "shopify_products":
        return shopify.parse_products(table, ctx)
    if kind == "taobao_items":
        return taobao.load_items(table, ctx)
    if kind == "taobao_orders":
        return taobao.parse_orders(table, ctx)
    if kind == "product_sheet":
        return sheet.parse_updates(table, ctx)
    return generic.parse_orders(table, ctx)


class _Run:
    """The state of one import: pending batches, the merchant, counts."""

    def __init__(self, writer: StoreWriter, report: ImportReport, log: _RejectionLog, currency: str | None,
                 name: str | None, batch_size: int) -> None:  # fmt: skip
        self.writer = writer
        self.report = report
        self.log = log
        self.currency = currency.upper() if currency else None
        self.name = name
        self.batch_size = batch_size
        self.file_currency: str | None = None
        self.ad_rows = AdRows(writer.merchant_id)
        self.ads = AdOutcome()
        self.orders: dict[str, OrderRecord] = {}
        self.products: dict[str, ProductRecord] = {}
        self.updates: list[ProductUpdate] = []
        self.ready = False

    def _merchant(self) -> None:
        if self.ready:
            return
        try:
            self.report.merchant_created = self.writer.ensure_merchant(
                self.currency or self.file_currency, self.name, strict=self.currency is not None
            )
        except CurrencyError as exc:
            raise ImportFailed(str(exc)) from exc
        self.ready = True

    def consume(self, records: Iterator[Parsed], table: Table, summary: FileSummary, progress: Progress) -> None:
        quality = self.report.quality
        name = table.path.name
        progress(name, 0, table.size)
        self.ad_rows.next_file()
        for count, record in enumerate(records, 1):
            if isinstance(record, ads.AdRecord):
                self.ad_rows.add(record)
            elif isinstance(record, OrderRecord):
                self._order(record)
            elif isinstance(record, ProductRecord):
                self._product(record)
            elif isinstance(record, ProductUpdate):
                self._update(record)
            elif isinstance(record, Rejection):
                self.log.write(record)
                quality.rows_rejected += record.rows
                self._counts(record.entity).rejected += 1
            elif isinstance(record, Skip) and record.entity == "ad_daily":
                self.ads.totals_rows += 1
            elif isinstance(record, Skip):
                self.report.counts[record.entity].skipped += 1
                self.report.skipped_reasons[record.reason.split(": ", 1)[-1]] += 1
            if count % PROGRESS_EVERY == 0:
                progress(name, table.done, table.size)
        self.flush_products()
        self.flush_updates()
        rows = table.rows_read
        summary.rows = rows
        quality.rows_read += rows
        progress(name, table.size, table.size)

    def _counts(self, entity: str) -> Counts:
        return self.ads.counts if entity == "ad_daily" else self.report.counts[entity]

    def flush_ads(self, store: Store, any_ad_file: bool) -> None:
        """Write the ad report rows read, in one transaction; an ad report in another currency than the
        merchant's books is refused."""
        if not any_ad_file:
            return
        self._merchant()
        self.report.ads = self.ads
        report_currency = self.currency or self.file_currency
        if report_currency and report_currency != self.writer.currency:
            raise ImportFailed(
                f"the ad report is in {report_currency} but merchant {self.writer.merchant_id} keeps its books "
                f"in {self.writer.currency}"
            )
        if self.ad_rows:
            write_ad_rows(store, self.ad_rows, self.ads)

    def _order(self, record: OrderRecord) -> None:
        self._merchant()
        if record.currency and record.currency != self.writer.currency:
            merchant = self.writer.currency
            reason = f"order {record.external_id}: currency {record.currency} is not the merchant's {merchant}"
            self.log.write(Rejection(record.source, record.line, reason, rows=record.rows))
            self.report.quality.rows_rejected += record.rows
            self.report.counts["orders"].rejected += 1
            return
        if record.external_id in self.orders:
            self.flush_orders()
        self.orders[record.external_id] = record
        quality = self.report.quality
        quality.days.add(record.created_at.date())
        if record.unmapped_channel is not None:
            quality.unmapped_channels[record.unmapped_channel] += 1
        if not record.lines:
            quality.orders_without_lines += 1
        if len(self.orders) >= self.batch_size:
            self.flush_orders()

    def _product(self, record: ProductRecord) -> None:
        self._merchant()
        pid = self.writer.product_id(record)
        if pid in self.products:
            self.flush_products()
        self.products[pid] = record
        if record.cost is None:
            self.report.quality.products_without_cost += 1
        if record.stock is None:
            self.report.quality.products_without_stock += 1
        if len(self.products) >= self.batch_size:
            self.flush_products()

    def _update(self, record: ProductUpdate) -> None:
        self._merchant()
        self.updates.append(record)
        if len(self.updates) >= self.batch_size:
            self.flush_updates()

    def flush_orders(self) -> None:
        if self.orders:
            batch = list(self.orders.values())
            self.orders.clear()
            try:
                counts = self.writer.write_orders(batch)
                self.writer.commit()
            except BaseException:
                self.writer.rollback()
                raise
            self.report.add(counts)
            self.report.quality.products_without_cost += counts.products.imported
            self.report.quality.products_without_stock += counts.products.imported

    def flush_products(self) -> None:
        if self.products:
            batch = list(self.products.values())
            self.products.clear()
            try:
                counts = self.writer.write_products(batch)
                self.writer.commit()
            except BaseException:
                self.writer.rollback()
                raise
            self.report.counts["products"].add(counts)

    def flush_updates(self) -> None:
        """Write the pending product-sheet rows; a row naming no product of the store is rejected."""
        if self.updates:
            batch, self.updates = self.updates, []
            try:
                counts, unknown = self.writer.update_products(batch)
                self.writer.commit()
            except BaseException:
                self.writer.rollback()
                raise
            for record in unknown:
                name = f"SKU {record.sku!r}" if record.sku else f"title {record.title!r}"
                reason = f"no product with {name} in this store"
                self.log.write(Rejection(record.source, record.line, reason, entity="products"))
                self.report.quality.rows_rejected += 1
                counts.rejected += 1
            self.report.counts["products"].add(counts)

    def flush_all(self) -> None:
        self.flush_products()
        self.flush_orders()
        self.flush_updates()


__all__ = ["FORMATS", "DataQuality", "ImportFailed", "ImportReport", "detect_kind", "import_files"]
