"""Colours of creatives: hex codes, WCAG contrast, mixing, and a text colour that reads on its background."""

from __future__ import annotations

RGB = tuple[int, int, int]


def hex_code(rgb: RGB) -> str:
    return "{:02X}{:02X}{:02X}".format(*rgb)


def _luminance(rgb: RGB) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a: RGB, b: RGB, share_of_b: float) -> RGB:
    return tuple(round(x + (y - x) * share_of_b) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def readable(background: RGB, preferred: RGB) -> RGB:
    """``preferred`` when it reads on ``background`` (contrast >= 4.5), else near-black or white."""
    if contrast(background, preferred) >= 4.5:
        return preferred
    dark, light = (26, 26, 26), (255, 255, 255)
    return dark if contrast(background, dark) >= contrast(background, light) else light
