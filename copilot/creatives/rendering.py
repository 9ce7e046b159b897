"""What an image renderer draws (``ImageSpec``) and the renderer's interface."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from copilot.creatives.colour import hex_code
from copilot.creatives.config import RGB
from copilot.creatives.copywriting import AdCopy


@dataclass(frozen=True)
class ImageSpec:
    """What an image shows: placement and pixel size, the copy, brand name and colours, emblem, prompt."""

    placement: str
    width: int
    height: int
    copy: AdCopy
    brand_name: str
    primary: RGB
    accent: RGB
    emblem: str
    category: str
    photo: Path | None = None  # the product's own photo: drawn on it, else a text card

    @property
    def prompt(self) -> str:
        """A text prompt for an image-generation service."""
        return (
            f"{self.placement} e-commerce ad image, {self.width}x{self.height} px, product category "
            f"{self.category}, scene {self.copy.scene}. Headline: {self.copy.title}. Selling points: "
            f"{'; '.join(self.copy.points)}. Call to action: {self.copy.cta}. Brand {self.brand_name}, main "
            f"colour #{hex_code(self.primary)}, accent #{hex_code(self.accent)}. Render the Chinese text exactly."
            + "".join(f" {k}: {v}." for k, v in (("Occasion", self.copy.occasion), ("Price", self.copy.price)) if v)
        )


class ImageRenderer(Protocol):
    """Draws one image for ``spec`` into ``path`` (a PNG of spec.width x spec.height) and returns ``path``."""

    def render(self, spec: ImageSpec, path: Path) -> Path: ...


class ImageBackendError(RuntimeError):
    """The image service failed (unreachable, timed out, an error status, or not a PNG of the right size)."""
