"""Streaming reads of export files: CSV in UTF-8 (with or without BOM) or GBK/GB18030, and XLSX.

A `Table` yields `(line, cells)` one record at a time, where `line` is the 1-based line (CSV: the physical
line a record starts on, so quoted fields with newlines count; XLSX: the sheet row), and reports how far
through the file it is, so the whole file is never held in memory. Cells are storable text: NUL characters
(which PostgreSQL refuses) are dropped as the file is read.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from copilot.store.text import storable

SNIFF_BYTES = 256 * 1024
_PADDED = frozenset(' ="\t\r\n\u3000\xa0')
XLSX_SUFFIXES = (".xlsx", ".xlsm")

csv.field_size_limit(16 * 1024 * 1024)


class UnreadableFileError(ValueError):
    """The file is empty, has no header, or is not a CSV/XLSX file this importer can read."""


def unwrap(value: str) -> str:
    """A cell without surrounding blanks and without Excel's `="123"` wrapping of long ids."""
    value = value.strip()
    if value.startswith('="') and value.endswith('"') and len(value) >= 3:
        return value[2:-1].strip()
    return value


def detect_encoding(head: bytes) -> str:
    """`utf-8-sig` for a BOM, `utf-8` when the head decodes as UTF-8, else `gb18030` (a superset of GBK)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


class _CountingReader(io.RawIOBase):
    """A raw reader that counts the bytes handed out (the progress of a streamed text file)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        read = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        self.count += read or 0
        return read or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


class Columns:
    """Header positions by name; `get` returns the unwrapped cell, or "" when the column is absent.

    `picker(names)` gives the same cells for several columns at once, for the hot loop of a large export.
    """

    def __init__(self, header: list[str]) -> None:
        self._index = {name.strip(): i for i, name in enumerate(header)}
        self._width = len(header)

    def picker(self, names: Sequence[str]) -> Callable[[list[str]], list[str]]:
        """A function from a row to the cells of `names`, each as `get` returns it."""
        blank = self._width
        positions = [self._index.get(name, blank) for name in names]
        absent = blank in positions
        needed = max(positions, default=-1) + 1
        padded = _PADDED
        cells = itemgetter(*positions) if len(positions) > 1 else lambda row: [row[p] for p in positions]

        def pick(row: list[str]) -> list[str]:
            if absent:
                row = [*row[:blank], *[""] * (blank + 1 - min(len(row), blank))]
            elif len(row) < needed:
                row = row + [""] * (needed - len(row))
            return [
                unwrap(value) if value and (value[0] in padded or value[-1] in padded) else value
                for value in cells(row)
            ]

        return pick

    def __contains__(self, name: str) -> bool:
        return name in self._index

    def get(self, row: list[str], name: str) -> str:
        i = self._index.get(name)
        if i is None or i >= len(row):
            return ""
        value = row[i]
        return unwrap(value) if value and (value[0] in _PADDED or value[-1] in _PADDED) else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return unwrap(storable(str(value)))


@dataclass
class Table:
    """One export file opened for streaming: its header, its records, and the bytes (or rows) done."""

    path: Path
    header: list[str]
    encoding: str
    size: int
    _records: Iterator[tuple[int, list[str]]]
    _progress: Any = field(repr=False)
    rows_read: int = 0

    @property
    def done(self) -> int:
        """Progress in the unit of `size` (bytes for CSV, rows for XLSX)."""
        return int(self._progress())

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for record in self._records:
            self.rows_read += 1
            yield record


def open_table(path: Path) -> Table:
    """Open a CSV or XLSX export for streaming. Raises UnreadableFileError when it has no header row."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _open_xlsx(path)
    return _open_csv(path)


def _open_csv(path: Path) -> Table:
    with path.open("rb") as probe:
        encoding = detect_encoding(probe.read(SNIFF_BYTES))
    counter = _CountingReader(path.open("rb"))
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding=encoding, newline="")
    reader = csv.reader(map(storable, text))
    try:
        header = [unwrap(name).lstrip("\ufeff") for name in next(reader)]
    except StopIteration as exc:
        text.close()
        raise UnreadableFileError(f"{path.name}: the file is empty") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        text.close()
        raise UnreadableFileError(f"{path.name}: not a readable CSV file ({exc})") from exc

    def records() -> Iterator[tuple[int, list[str]]]:
        try:
            previous = reader.line_num
            for row in reader:
                start, previous = previous + 1, reader.line_num
                if any(row):
                    yield start, row
        finally:
            text.close()

    return Table(path, header, encoding, path.stat().st_size, records(), lambda: counter.count)


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException for foreign files
        raise UnreadableFileError(f"{path.name}: not a readable XLSX file ({exc})") from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        book.close()
        raise UnreadableFileError(f"{path.name}: the sheet is empty")
    header = [_cell(v) for v in first]
    position = [1]

    def records() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(rows, start=2):
                position[0] = number
                cells = [_cell(v) for v in values]
                if any(cells):
                    yield number, cells
        finally:
            book.close()

    return Table(path, header, "xlsx", sheet.max_row or 1, records(), lambda: position[0])


__all__ = ["Columns", "Table", "UnreadableFileError", "detect_encoding", "open_table", "unwrap"]
