"""Parsing an order file in a child process while the parent writes, so an import uses two cores.

`parsed_in_child(parse, table)` forks a process that opens `table.path` again, runs `parse` over it and sends
the records back through a pipe in chunks of CHUNK_RECORDS. The parent yields them in the order `parse`
produced them, and with each chunk sets the child's progress on `table` (`done`, `rows_read`), so reports,
line numbers and progress callbacks are the same as when parsing in-process. A thread of the parent reads
the pipe into a queue of BUFFERED_CHUNKS chunks, so the child keeps parsing while the parent writes a
batch, and a slow writer still holds the parser back (memory stays bounded). An exception raised in the child
is raised in the parent (the child's traceback added as a note); when the parent stops early (an error
while writing, an interrupt) the child is terminated.

Records cross the pipe as tuples of plain values encoded with `marshal` (money as decimal text, times as
ISO-8601, both of which round-trip exactly), a fraction of the cost of pickling dataclasses, Decimals and
datetimes; records other than orders are rare and are pickled.

`available()` says whether this process can do it: `fork` must exist (the child inherits the parse
context, pseudonymizer and item index included, instead of having it pickled), the process must be
single-threaded (a fork copies no other thread, nor releases the locks they hold), not a daemon, and have
a second CPU. The child only reads the export file; it never touches the parent's database connection.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import os
import pickle
import queue
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import datetime
from decimal import Decimal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from copilot.importers.records import OrderLine, OrderRecord, Record
from copilot.importers.tables import Table, open_table

try:
    import fcntl
except ImportError:  # Windows: no fork either, so no parser process
    fcntl = None  # type: ignore[assignment]

CHUNK_RECORDS = 2000
BUFFERED_CHUNKS = 16
PIPE_BYTES = 2**20
_ORDER, _OTHER = 0, 1
_CHUNK, _END, _FAILED = 0, 1, 2

Parse = Callable[[Table], Iterator[Record]]


class ParserProcessError(RuntimeError):
    """The parser process ended without finishing the file (killed, out of memory)."""


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def available() -> bool:
    """Whether this process can parse in a forked child (see the module's docstring)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
        and _cpus() > 1
    )


def idle_cpu() -> bool:
    """Whether the machine has a CPU to spare for a parser: the 1-minute load average is at most this
    process's CPUs less one. On busy CPUs the two processes only share the same time, and encoding and
    decoding the records costs more than parsing in-process."""
    return hasattr(os, "getloadavg") and os.getloadavg()[0] <= _cpus() - 1


def parsed_in_child(parse: Parse, table: Table) -> Iterator[Record]:
    """The records of `parse` over the file of `table`, parsed in a child process (see the module)."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    _widen(receiving)
    child = context.Process(target=_parse_and_send, args=(parse, table.path, sending), daemon=True)
    child.start()
    sending.close()
    inbox: queue.Queue[bytes | None] = queue.Queue(maxsize=BUFFERED_CHUNKS)
    stop = threading.Event()
    receiver = threading.Thread(target=_receive, args=(receiving, inbox, stop), name="import-parser-pipe")
    receiver.start()
    try:
        while True:
            data = inbox.get()
            if data is None:
                child.join()
                raise ParserProcessError(f"{table.path.name}: the parser process ended with exit code "
                                         f"{child.exitcode} before the end of the file")  # fmt: skip
            message = marshal.loads(data)
            if message[0] == _END:
                return
            if message[0] == _FAILED:
                raise _failure(message[1], message[2])
            _, items, done, rows_read = message
            for item in items:
                yield _decode(item)
            table.follow(done, rows_read)
    finally:
        stop.set()
        if child.is_alive():
            child.terminate()
        while receiver.is_alive():
            with suppress(queue.Empty):
                inbox.get(timeout=0.05)
        receiving.close()
        child.join()


def _receive(receiving: Connection, inbox: queue.Queue[bytes | None], stop: threading.Event) -> None:
    """The parent's reader of the pipe: queues the child's messages (None once the pipe is closed), so the
    child parses ahead while the parent writes a batch."""
    try:
        while not stop.is_set():
            inbox.put(receiving.recv_bytes())
    except (EOFError, OSError):
        pass
    finally:
        inbox.put(None)


def _widen(pipe: Connection) -> None:
    """Give the pipe a buffer of PIPE_BYTES where the system allows it (Linux), so that a chunk passes in one
    write and one read: on busy CPUs every wait for the other side to be scheduled costs milliseconds."""
    if fcntl is not None and hasattr(fcntl, "F_SETPIPE_SZ"):
        with suppress(OSError):
            fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _parse_and_send(parse: Parse, path: Path, sending: Connection) -> None:
    """The child: parse the file and send the chunks, then an end mark (or the failure). The objects
    inherited from the parent are frozen out of the collector's passes, which would otherwise touch, and so
    copy, every page of them."""
    gc.freeze()
    try:
        table = open_table(path)
        chunk: list[tuple[Any, ...]] = []
        for record in parse(table):
            chunk.append(_encode(record))
            if len(chunk) == CHUNK_RECORDS:
                sending.send_bytes(marshal.dumps((_CHUNK, chunk, table.done, table.rows_read)))
                chunk = []
        sending.send_bytes(marshal.dumps((_CHUNK, chunk, table.done, table.rows_read)))
        sending.send_bytes(marshal.dumps((_END,)))
    except (BrokenPipeError, ConnectionResetError):
        pass
    except BaseException as exc:
        sending.send_bytes(marshal.dumps((_FAILED, _pickled(exc), traceback.format_exc())))
    finally:
        sending.close()


def _encode(record: Record) -> tuple[Any, ...]:
    if type(record) is not OrderRecord:
        return (_OTHER, pickle.dumps(record, pickle.HIGHEST_PROTOCOL))
    r = record
    lines = tuple((x.sku, x.title, x.quantity, str(x.unit_price), str(x.amount)) for x in r.lines)
    return (_ORDER, r.source, r.line, r.rows, r.external_id, r.created_at.isoformat(), r.status, r.channel,
            r.unmapped_channel, str(r.total_amount), r.currency, r.customer_id, r.region, lines)  # fmt: skip


def _decode(item: tuple[Any, ...]) -> Record:
    if item[0] == _OTHER:
        record: Record = pickle.loads(item[1])
        return record
    (_, source, line, rows, external_id, created, status, channel, unmapped, total, currency, customer, region,
     lines) = item  # fmt: skip
    return OrderRecord(
        source, line, rows, external_id, datetime.fromisoformat(created), status, channel, unmapped,
        Decimal(total), currency, customer, region,
        tuple([OrderLine(sku, title, quantity, Decimal(unit), Decimal(amount))
               for sku, title, quantity, unit, amount in lines]),
    )  # fmt: skip


def _pickled(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(exc)
    except Exception:
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))


def _failure(pickled: bytes, child_traceback: str) -> BaseException:
    try:
        exc: BaseException = pickle.loads(pickled)
    except Exception:
        exc = RuntimeError("the parser process failed")
    exc.add_note(f"in the parser process:\n{child_traceback}")
    return exc


__all__ = ["BUFFERED_CHUNKS", "CHUNK_RECORDS", "ParserProcessError", "available", "idle_cpu", "parsed_in_child"]
