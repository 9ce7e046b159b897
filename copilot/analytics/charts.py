"""PNG charts of query results (matplotlib, Agg, no pyplot state), with CJK text in Noto Sans CJK.

The font ships in the ``manimgx-fonts-cjk`` package; it is registered with matplotlib's font manager once
per process. `chart_file` names a chart by its content, ``<charts_dir>/<merchant_id>/<sha256>.png``, and
draws it only when that file does not exist yet: the same question on the same data costs one rendering.
Margins are computed from the label lengths instead of matplotlib's constrained layout, which measured
about a third of the drawing time, and the title sits at a fixed height (matplotlib's automatic title placement
measures every tick label again). matplotlib is imported on the first chart, not with the tools. Every chart is
drawn on one thread of the process: matplotlib keeps its font objects per thread (each one of the CJK font holds
megabytes), so charts drawn from the server's many request threads held one set per thread. Values are
written with thousands separators; money values (a chart given the store's `currency`) in that currency, compact
for the reader's language (copilot.i18n: "¥12.3万", "$12.3K").
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import threading
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import manimgx_fonts_cjk

from copilot.i18n import format_money_compact

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

FONT_FILE = Path(manimgx_fonts_cjk.__file__).with_name("NotoSansCJK-VF.otf.ttc")
FONT_FAMILY = "Noto Sans CJK SC"
MAX_BARS = 20
RENDERING = 3  # bump when the drawing changes, so cached files of the old drawing are not reused
TICK_POINTS = 10.0
PNG_COMPRESSION = 1  # zlib level; Pillow's default 6 took a fifth of a chart's time for files 12% smaller
_RENDER_LOCK = threading.RLock()
_DRAWER_LOCK = threading.Lock()
_DRAWER: tuple[int, ThreadPoolExecutor] | None = None


@cache
def cjk_font_family() -> str:
    """Register the bundled Noto Sans CJK collection and return the family name charts use.

    The variable font declares its lightest instance's weight; its entries are registered as regular
    weight so matplotlib matches them for normal and bold text without falling back to DejaVu Sans.
    """
    from matplotlib import font_manager

    if not FONT_FILE.is_file():
        raise FileNotFoundError(f"the CJK font is missing: {FONT_FILE} (install manimgx-fonts-cjk)")
    manager = font_manager.fontManager
    manager.addfont(str(FONT_FILE))
    manager.ttflist = [
        dataclasses.replace(entry, weight=400) if entry.fname == str(FONT_FILE) else entry for entry in manager.ttflist
    ]
    if FONT_FAMILY not in {entry.name for entry in manager.ttflist}:
        raise RuntimeError(f"{FONT_FILE} does not provide {FONT_FAMILY}")
    return FONT_FAMILY


def chart_file(
    charts_dir: Path,
    merchant_id: str,
    kind: Literal["line", "bar"],
    *,
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    axis_label: str = "",
    currency: str | None = None,
    lang: str = "zh",
) -> Path:
    """The merchant's chart of this content, drawn now unless an identical one is already in its folder.

    A line chart draws every series over `labels`; a bar chart draws the single series against `labels`.
    `currency` says the values are money in that currency; `lang` is the reader's language of the numbers.
    The file is written under a temporary name and renamed into place, so a reader never sees half a PNG.
    """
    if kind == "bar" and len(series) != 1:
        raise ValueError("a bar chart draws exactly one series")
    spec = {
        "rendering": RENDERING,
        "kind": kind,
        "title": title,
        "labels": [str(label) for label in labels],
        "series": {name: [None if v is None else float(v) for v in values] for name, values in series.items()},
        "axis": axis_label,
        "currency": currency,
        "lang": lang,
    }
    digest = hashlib.sha256(json.dumps(spec, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    folder = charts_dir / merchant_id
    path = folder / f"{digest[:40]}.png"
    if path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{digest[:40]}-{uuid.uuid4().hex[:8]}.partial"
    try:
        values = value_text(currency, lang)
        _drawer().submit(_draw, kind, title, labels, series, axis_label, values, partial).result()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _draw(
    kind: Literal["line", "bar"],
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    axis_label: str,
    values: Callable[[float], str],
    path: Path,
) -> None:
    if kind == "line":
        figure = line_figure(title=title, x_labels=labels, series=series, y_label=axis_label, values=values)
    else:
        (points,) = series.values()
        figure = bar_figure(title=title, labels=labels, values=points, x_label=axis_label, value_text=values)
    save_png(figure, path)


def _drawer() -> ThreadPoolExecutor:
    """This process's chart thread (a forked child starts its own: threads do not survive a fork)."""
    global _DRAWER
    with _DRAWER_LOCK:
        if _DRAWER is None or _DRAWER[0] != os.getpid():
            _DRAWER = (os.getpid(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts"))
        return _DRAWER[1]


def _text_inches(text: str, points: float = TICK_POINTS) -> float:
    """The printed width of `text` estimated from its characters: wide (CJK) ones 1 em, others 0.6 em."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
    return ems * points / 72


def _rc() -> dict[RcKeyType, Any]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_font_family(), "DejaVu Sans"],
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titley": 1.0,
    }


def _thin_ticks(labels: Sequence[str], limit: int = 12) -> list[int]:
    step = max(1, -(-len(labels) // limit))
    return list(range(0, len(labels), step))


def value_text(currency: str | None, lang: str) -> Callable[[float], str]:
    """How a chart writes its values: money compact in `currency` for `lang`, other numbers with separators."""
    if currency is None:
        return _compact
    return lambda number: format_money_compact(number, currency, lang)


def save_png(figure: Figure, path: Path) -> Path:
    """Write a figure of `line_figure` or `bar_figure` as a PNG at `path`; returns `path`."""
    import matplotlib

    with _RENDER_LOCK, matplotlib.rc_context(_rc()):
        figure.savefig(path, format="png", pil_kwargs={"compress_level": PNG_COMPRESSION})
    return path


def line_figure(
    *,
    title: str,
    x_labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    y_label: str = "",
    values: Callable[[float], str] | None = None,
) -> Figure:
    """A line chart of one or more series over ``x_labels`` (None values leave gaps); `values` writes the
    y ticks (default: thousands separators)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    if not x_labels:
        raise ValueError("a line chart needs at least one point")
    tick_value = values or _compact
    with _RENDER_LOCK, matplotlib.rc_context(_rc()):
        figure = Figure(figsize=(8, 4), dpi=110)
        ticks = _thin_ticks(x_labels)
        tick_texts = [str(x_labels[index]) for index in ticks]
        numbers = [abs(float(v)) for points in series.values() for v in points if v is not None and v == v]
        widest = tick_value(max(numbers, default=0.0) * 1.1) + "000"
        left = 0.35 + _text_inches(widest) + (0.25 if y_label else 0)
        bottom = 0.3 + 0.5 * max(_text_inches(text) for text in tick_texts) + 0.15
        figure.subplots_adjust(left=min(0.4, left / 8), right=0.98, top=0.9, bottom=min(0.45, bottom / 4))
        axes = figure.subplots()
        positions = list(range(len(x_labels)))
        for name, points in series.items():
            shown = [float("nan") if value is None else float(value) for value in points]
            axes.plot(positions, shown, marker="o" if len(positions) <= 31 else None, markersize=3, label=name)
        axes.set_xticks(ticks, tick_texts, rotation=30, ha="right")
        axes.yaxis.set_major_formatter(FuncFormatter(lambda number, _: tick_value(number)))
        axes.set_title(title)
        axes.set_ylabel(y_label)
        axes.grid(axis="y", alpha=0.3)
        if len(series) > 1:
            axes.legend()
    return figure


def bar_figure(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    x_label: str = "",
    value_text: Callable[[float], str] | None = None,
) -> Figure:
    """A horizontal bar chart, first label on top (at most MAX_BARS bars); `value_text` writes the bar labels
    and x ticks (default: thousands separators)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    if not labels:
        raise ValueError("a bar chart needs at least one bar")
    written = value_text or _compact
    shown = list(zip(labels, values, strict=True))[:MAX_BARS]
    with _RENDER_LOCK, matplotlib.rc_context(_rc()):
        height = max(2.5, 1.2 + 0.38 * len(shown))
        figure = Figure(figsize=(8, height), dpi=110)
        names = [_shorten(str(label)) for label, _ in shown]
        left = 0.2 + max(_text_inches(name) for name in names)
        bottom = 0.45 + (0.25 if x_label else 0)
        figure.subplots_adjust(left=min(0.5, left / 8), right=0.97, top=1 - 0.5 / height, bottom=bottom / height)
        axes = figure.subplots()
        numbers = [0.0 if value is None else float(value) for _, value in shown]
        bars = axes.barh(range(len(shown)), numbers, color="#3b7dd8")
        axes.set_yticks(range(len(shown)), names)
        axes.invert_yaxis()
        axes.bar_label(bars, labels=[written(number) for number in numbers], padding=3, fontsize=8)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda number, _: written(number)))
        axes.margins(x=0.12)
        axes.set_title(title)
        axes.set_xlabel(x_label)
        axes.grid(axis="x", alpha=0.3)
    return figure


def _shorten(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _compact(number: float) -> str:
    if abs(number) >= 100:
        return f"{number:,.0f}"
    return f"{number:,.2f}".rstrip("0").rstrip(".") if number else "0"
