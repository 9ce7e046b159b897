"""An image service over HTTP as the renderer."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import httpx
from PIL import Image

from copilot.creatives.colour import hex_code
from copilot.creatives.rendering import ImageBackendError, ImageSpec


class HttpImageRenderer:
    """Images from an image-generation service: POST JSON {prompt, width, height, placement, copy (with the
    occasion and price), colours, photo_png_base64 (the product's photo, or null)} to ``url``; the answer must
    be a PNG of the requested size, saved as is. Failures raise ImageBackendError naming the service and the
    cause."""

    def __init__(self, client: httpx.Client, url: str, *, timeout_s: float = 60.0) -> None:
        self.client = client
        self.url = url
        self.timeout = httpx.Timeout(timeout_s, connect=min(10.0, timeout_s))

    def render(self, spec: ImageSpec, path: Path) -> Path:
        body = {
            "prompt": spec.prompt,
            "width": spec.width,
            "height": spec.height,
            "placement": spec.placement,
            "copy": spec.copy.as_dict(),
            "colours": {"primary": f"#{hex_code(spec.primary)}", "accent": f"#{hex_code(spec.accent)}"},
            "photo_png_base64": base64.b64encode(spec.photo.read_bytes()).decode() if spec.photo else None,
        }
        try:
            response = self.client.post(self.url, json=body, timeout=self.timeout)
            response.raise_for_status()
        except httpx.TimeoutException as exc:
            raise ImageBackendError(f"image service {self.url} timed out ({type(exc).__name__})") from exc
        except httpx.HTTPStatusError as exc:
            raise ImageBackendError(
                f"image service {self.url} answered HTTP {exc.response.status_code}: {exc.response.text[:200]}"
            ) from exc
        except httpx.HTTPError as exc:
            raise ImageBackendError(f"image service {self.url} unreachable: {exc}") from exc
        content = response.content
        try:
            with Image.open(io.BytesIO(content)) as image:
                image_format, size = image.format, image.size
        except OSError as exc:
            raise ImageBackendError(f"image service {self.url} did not return an image") from exc
        if image_format != "PNG" or size != (spec.width, spec.height):
            raise ImageBackendError(
                f"image service {self.url} returned a {image_format} of {size[0]}x{size[1]}, "
                f"expected a PNG of {spec.width}x{spec.height}"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path
