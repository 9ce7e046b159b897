"""Text on creatives: the CJK font (Noto Sans CJK SC from manimgx-fonts-cjk, variable weight), line breaking
that keeps CJK punctuation rules, fitting text into a box (shrunk, wrapped, cut with "…" only at the
smallest size) and drawing it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import manimgx_fonts_cjk
from fontTools.ttLib import TTCollection
from PIL import ImageDraw, ImageFont

FONT_FILE = Path(manimgx_fonts_cjk.__file__).with_name("NotoSansCJK-VF.otf.ttc")
FONT_FAMILY = "Noto Sans CJK SC"
ELLIPSIS = "…"
_LINE_START_FORBIDDEN = set("，。、；：！？）」』》】…,.;:!?)%·｜")
_LINE_END_FORBIDDEN = set("（「『《【(")
FONT_CACHE_SIZE = 8


@cache
def _font_index() -> int:
    for index in range(16):
        if ImageFont.truetype(str(FONT_FILE), 12, index=index).getname()[0] == FONT_FAMILY:
            return index
    raise RuntimeError(f"{FONT_FILE} has no {FONT_FAMILY} face")


@lru_cache(maxsize=FONT_CACHE_SIZE)
def cjk_font(size: int, weight: int = 400) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK SC at ``size`` pixels and ``weight`` (100-900, the variable font's axis). Each face holds
    about 3.5 MB once it has measured or drawn (FreeType's data of the variable CJK font), so only FONT_CACHE_SIZE
    stay open: one creatives turn tries about 24 sizes while fitting text and draws with 4 per image. Opening a
    face again costs ~0.5 ms and draws the same pixels: 36 images with 8 open instead of 32 took +9% CPU and
    50 MB less RSS."""
    if not FONT_FILE.is_file():
        raise FileNotFoundError(f"the CJK font is missing: {FONT_FILE} (install manimgx-fonts-cjk)")
    font = ImageFont.truetype(str(FONT_FILE), size, index=_font_index())
    font.set_variation_by_axes([max(100, min(900, weight))])
    return font


@cache
def _cmap() -> frozenset[int]:
    collection = TTCollection(str(FONT_FILE), lazy=True)
    return frozenset(collection.fonts[_font_index()].getBestCmap())


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` the CJK font has no glyph for (they would render as tofu)."""
    cmap = _cmap()
    return [ch for ch in dict.fromkeys(text) if not ch.isspace() and ord(ch) not in cmap]


def _drawable(text: str) -> str:
    """``text`` without the characters the font cannot draw (emoji and the like): never tofu."""
    missing = set(missing_glyphs(text))
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if ch not in missing)


def _tokens(text: str) -> list[str]:
    """Break units: a Latin word or number with its trailing space, else one character; closing punctuation
    sticks to the unit before it and opening punctuation to the unit after it."""
    raw = re.findall(r"[A-Za-z0-9][A-Za-z0-9.,%'’/+#&-]*\s*|\s+|.", text)
    tokens: list[str] = []
    carry = ""
    for token in raw:
        if tokens and token[0] in _LINE_START_FORBIDDEN:
            tokens[-1] += token
        elif token and token[-1] in _LINE_END_FORBIDDEN:
            carry += token
        else:
            tokens.append(carry + token)
            carry = ""
    if carry:
        tokens.append(carry)
    return tokens


def wrap_text(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` pixels (a unit wider than a line is split by character)."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if font.getlength(candidate.rstrip()) <= width:
            current = candidate
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = token.lstrip()
        while font.getlength(current.rstrip()) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and font.getlength(current[:cut]) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current.strip():
        lines.append(current.rstrip())
    return lines


@dataclass(frozen=True)
class TextBlock:
    """Laid-out text: font size and weight, lines, line height, and the box it was fitted to."""

    size: int
    weight: int
    lines: tuple[str, ...]
    line_height: int
    box: tuple[int, int, int, int]
    truncated: bool

    @property
    def font(self) -> ImageFont.FreeTypeFont:
        return cjk_font(self.size, self.weight)


def fit_text(
    paragraphs: Sequence[str],
    box: tuple[int, int, int, int],
    *,
    max_size: int,
    min_size: int,
    weight: int,
    max_lines: int,
    line_spacing: float = 1.3,
) -> TextBlock:
    """The largest size in [min_size, max_size] at which ``paragraphs`` (each starting a line) fit ``box``
    within ``max_lines``; at min_size what does not fit is cut and the last line ends with "…"."""
    width, height = box[2] - box[0], box[3] - box[1]
    paragraphs = [_drawable(p) for p in paragraphs if p.strip()]
    size = max_size
    while True:
        font = cjk_font(size, weight)
        line_height = max(1, round(size * line_spacing))
        lines = [line for paragraph in paragraphs for line in wrap_text(paragraph, font, width)]
        room = min(max_lines, max(1, height // line_height))
        if len(lines) <= room or size <= min_size:
            break
        size = max(min_size, size - 2)
    truncated = len(lines) > room
    if truncated:
        lines = lines[:room]
        last = lines[-1]
        while last and font.getlength(last + ELLIPSIS) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + ELLIPSIS
    return TextBlock(size, weight, tuple(lines), line_height, box, truncated)


def draw_block(draw: ImageDraw.ImageDraw, block: TextBlock, colour: tuple[int, int, int]) -> None:
    """Draw ``block``'s lines from the top left of its box, each centred in its line height."""
    ascent, descent = block.font.getmetrics()
    offset = max(0, (block.line_height - (ascent + descent)) // 2)
    y = block.box[1]
    for line in block.lines:
        draw.text((block.box[0], y + offset), line, font=block.font, fill=colour)
        y += block.line_height
