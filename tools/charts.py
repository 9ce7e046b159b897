"""PNG charts of query results (matplotlib, Agg, no pyplot state), with CJK text in Noto Sans CJK.

The font ships in the ``manimgx-fonts-cjk`` package; it is registered with matplotlib's font manager once
per process. Charts are written to ``<charts_dir>/<merchant_id>/<uuid>.png``.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import manimgx_fonts_cjk
import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

FONT_FILE = Path(manimgx_fonts_cjk.__file__).with_name("NotoSansCJK-VF.otf.ttc")
FONT_FAMILY = "Noto Sans CJK SC"
MAX_BARS = 20
_RENDER_LOCK = threading.Lock()


@cache
def cjk_font_family() -> str:
    """Register the bundled Noto Sans CJK collection and return the family name charts use.

    The variable font declares its lightest instance's weight; its entries are registered as regular
    weight so matplotlib matches them for normal and bold text without falling back to DejaVu Sans.
    """
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


def new_chart_path(charts_dir: Path, merchant_id: str) -> Path:
    """A fresh PNG path in the merchant's own chart folder (created)."""
    folder = charts_dir / merchant_id
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{uuid.uuid4().hex}.png"


def _rc() -> dict[str, object]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_font_family(), "DejaVu Sans"],
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _thin_ticks(labels: Sequence[str], limit: int = 12) -> list[int]:
    step = max(1, -(-len(labels) // limit))
    return list(range(0, len(labels), step))


def line_chart(
    path: Path,
    *,
    title: str,
    x_labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    y_label: str = "",
) -> Path:
    """A line chart of one or more series over ``x_labels`` (None values leave gaps); returns ``path``."""
    if not x_labels:
        raise ValueError("a line chart needs at least one point")
    with _RENDER_LOCK, matplotlib.rc_context(_rc()):
        figure = Figure(figsize=(8, 4), dpi=110, layout="constrained")
        axes = figure.subplots()
        positions = list(range(len(x_labels)))
        for name, values in series.items():
            points = [float("nan") if value is None else float(value) for value in values]
            axes.plot(positions, points, marker="o" if len(positions) <= 31 else None, markersize=3, label=name)
        ticks = _thin_ticks(x_labels)
        axes.set_xticks(ticks, [x_labels[index] for index in ticks], rotation=30, ha="right")
        axes.set_title(title)
        axes.set_ylabel(y_label)
        axes.grid(axis="y", alpha=0.3)
        if len(series) > 1:
            axes.legend()
        figure.savefig(path, format="png")
    return path


def bar_chart(
    path: Path,
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    x_label: str = "",
) -> Path:
    """A horizontal bar chart, first label on top (at most MAX_BARS bars); returns ``path``."""
    if not labels:
        raise ValueError("a bar chart needs at least one bar")
    shown = list(zip(labels, values, strict=True))[:MAX_BARS]
    with _RENDER_LOCK, matplotlib.rc_context(_rc()):
        height = 1.2 + 0.38 * len(shown)
        figure = Figure(figsize=(8, max(2.5, height)), dpi=110, layout="constrained")
        axes = figure.subplots()
        names = [_shorten(label) for label, _ in shown]
        numbers = [0.0 if value is None else float(value) for _, value in shown]
        bars = axes.barh(range(len(shown)), numbers, color="#3b7dd8")
        axes.set_yticks(range(len(shown)), names)
        axes.invert_yaxis()
        axes.bar_label(bars, labels=[_compact(number) for number in numbers], padding=3, fontsize=8)
        axes.set_title(title)
        axes.set_xlabel(x_label)
        axes.grid(axis="x", alpha=0.3)
        figure.savefig(path, format="png")
    return path


def _shorten(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _compact(number: float) -> str:
    if abs(number) >= 100:
        return f"{number:,.0f}"
    return f"{number:,.2f}".rstrip("0").rstrip(".") if number else "0"
