"""Charts: valid PNGs, Chinese text set in Noto Sans CJK, never a missing glyph."""

from __future__ import annotations

import subprocess
import sys
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from matplotlib import font_manager
from PIL import Image

from copilot.analytics.charts import (
    FONT_FILE,
    bar_figure,
    chart_file,
    cjk_font_family,
    line_figure,
    save_png,
    value_text,
)


def _no_missing_glyphs(caught: list[warnings.WarningMessage]) -> None:
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing


def test_cjk_font_is_registered_and_chosen_for_sans_serif() -> None:
    family = cjk_font_family()
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": [family]}):
        found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    assert Path(found) == FONT_FILE


def test_line_chart_with_chinese_labels(tmp_path: Path) -> None:
    path = tmp_path / "line.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = line_figure(
            title="上个月成交额GMV · 按天",
            x_labels=[f"2026-10-{day:02d}" for day in range(1, 32)],
            series={"成交额": [float(day * 10) for day in range(31)], "上一周期": [None] * 3 + [5.0] * 28},
            y_label="元",
        )
        save_png(figure, path)
    _no_missing_glyphs(caught)
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (880, 440)


def test_bar_chart_with_long_chinese_and_english_labels(tmp_path: Path) -> None:
    path = tmp_path / "bar.png"
    labels = [f"轻量碳纤维登山杖 Carbon Trekking Pole 第{index}款" for index in range(25)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = bar_figure(title="商品销售额排行", labels=labels, values=[1000.0 - index for index in range(25)])
        save_png(figure, path)
    _no_missing_glyphs(caught)
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size[1] > image.size[0] // 2


def test_a_chart_needs_data(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one"):
        bar_figure(title="空", labels=[], values=[])
    with pytest.raises(ValueError, match="at least one"):
        line_figure(title="空", x_labels=[], series={})


def test_chart_files_are_named_by_content_per_merchant(tmp_path: Path) -> None:
    spec = {"title": "成交额 · 日", "labels": ["2026-10-01", "2026-10-02"], "series": {"成交额": [1.0, 2.0]}}
    first = chart_file(tmp_path, "m_a", "line", **spec)  # type: ignore[arg-type]
    drawn_at = first.stat().st_mtime_ns
    again = chart_file(tmp_path, "m_a", "line", **spec)  # type: ignore[arg-type]
    assert again == first and again.stat().st_mtime_ns == drawn_at
    other_data = chart_file(tmp_path, "m_a", "line", **{**spec, "series": {"成交额": [1.0, 3.0]}})  # type: ignore[arg-type]
    as_bars = chart_file(tmp_path, "m_a", "bar", **spec)  # type: ignore[arg-type]
    other_merchant = chart_file(tmp_path, "m_b", "line", **spec)  # type: ignore[arg-type]
    assert len({first, other_data, as_bars}) == 3
    assert first.parent == tmp_path / "m_a" and other_merchant.parent == tmp_path / "m_b"
    assert sorted(p.name for p in (tmp_path / "m_a").iterdir()) == sorted(p.name for p in (first, other_data, as_bars))
    with Image.open(as_bars) as image:
        assert image.format == "PNG"


def test_a_failed_drawing_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one"):
        chart_file(tmp_path, "m_a", "line", title="空", labels=[], series={"x": []})
    with pytest.raises(ValueError, match="exactly one series"):
        chart_file(tmp_path, "m_a", "bar", title="两组", labels=["a"], series={"x": [1.0], "y": [2.0]})
    assert not (tmp_path / "m_a").exists() or not any((tmp_path / "m_a").iterdir())


def _tick_texts(axis: Any) -> list[str]:
    formatter = axis.get_major_formatter()
    return [formatter(tick, index) for index, tick in enumerate(axis.get_majorticklocs())]


def test_money_axes_carry_the_currency_and_thousands_separators() -> None:
    days = [f"10-{day:02d}" for day in range(1, 8)]
    dollars = line_figure(
        title="GMV · by day",
        x_labels=days,
        series={"GMV": [3000.0 * d for d in range(7)]},
        values=value_text("USD", "en"),
    )
    ticks = _tick_texts(dollars.axes[0].yaxis)
    assert "$5,000" in ticks and "$10K" in ticks
    yuan = bar_figure(
        title="成交额", labels=["冲锋衣", "帐篷"], values=[123456.0, 8000.0], value_text=value_text("CNY", "zh")
    )
    bars = [text.get_text() for text in yuan.axes[0].texts]
    assert bars == ["¥12.3万", "¥8,000"]
    assert all(text.startswith("¥") for text in _tick_texts(yuan.axes[0].xaxis))


def test_counts_are_written_with_thousands_separators() -> None:
    figure = line_figure(title="订单数", x_labels=["a", "b"], series={"n": [0.0, 25000.0]})
    ticks = _tick_texts(figure.axes[0].yaxis)
    assert "25,000" in ticks and not any("¥" in tick or "$" in tick for tick in ticks)


def test_matplotlib_is_imported_by_the_first_chart_not_by_the_tools() -> None:
    """Startup waste: a process that builds the copilot and answers without a chart never loads matplotlib."""
    probe = "import sys, copilot.service, copilot.graph, tools.sales; print('matplotlib' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "False"


def test_charts_from_many_threads_are_drawn_on_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """matplotlib keeps font objects per thread (megabytes each for the CJK font): one drawing thread keeps one."""
    import copilot.analytics.charts as charts_module

    drawn_on: set[int] = set()
    original = charts_module.line_figure

    def spy(**kwargs: Any) -> Any:
        drawn_on.add(threading.get_ident())
        return original(**kwargs)

    monkeypatch.setattr(charts_module, "line_figure", spy)

    def draw(n: int) -> Path:
        return chart_file(tmp_path, "m_a", "line", title=f"GMV {n}", labels=["a", "b"], series={"GMV": [n, n + 1]})

    with ThreadPoolExecutor(4) as pool:
        paths = list(pool.map(draw, range(4)))
    assert len(set(paths)) == 4 and all(Image.open(p).format == "PNG" for p in paths)
    assert len(drawn_on) == 1
